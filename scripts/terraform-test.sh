#!/usr/bin/env bash
# `make test-modules`: runs the module tests of examples/testing/
# (tests/*.tftest.hcl) with `terraform test` on the newest Terraform (1.11+,
# found on PATH or through WEBCORE_TERRAFORM_NEWEST) and with `tofu test` on
# OpenTofu 1.12.6 (built once per machine), each against a fresh emulator
# seeded with examples/testing/emulator-seed.json, with the provider from this
# tree (a dev_overrides CLI configuration). The module uses write-only
# arguments fed from ephemeral variables, so it needs a CLI that has them. It
# does what the guide "Testing your modules with the emulator" tells users to
# do in CI; the OpenTofu run exports the emulator's settings with the guide's
# `jq` line instead of `--print-env`, so that both ways are tested (where jq is
# installed: `make test` installs it). Exits
# non-zero when a test fails; leaves no process behind.
#   scripts/terraform-test.sh                   both CLIs
#   scripts/terraform-test.sh terraform-newest  one of them (a name scripts/tools.sh knows)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

clis=("${@:-terraform-newest tofu-newest}")
read -r -a clis <<<"${clis[*]}"

step() { printf '\n==> %s\n' "$*"; }

work=$(mktemp -d)
emulator_pid=
stop_emulator() {
	if [[ -n $emulator_pid ]] && kill -0 "$emulator_pid" 2>/dev/null; then
		kill "$emulator_pid" 2>/dev/null || true
		wait "$emulator_pid" 2>/dev/null || true
	fi
	emulator_pid=
}
cleanup() {
	local rc=$?
	stop_emulator
	if ((rc != 0)) && [[ -s $work/emulator.log ]]; then
		echo "--- last lines of the emulator's request log ---" >&2
		tail -n 15 "$work/emulator.log" >&2
	fi
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "building the provider and the emulator"
go build -o "$work/bin/terraform-provider-webcore" .
go build -o "$work/bin/webcore-emulator" ./cmd/webcore-emulator

# dev_overrides makes both CLIs use this build instead of a registry, so no
# `init` is needed (or possible offline) for this provider.
cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/webcore/webcore" = "$work/bin"
    "registry.opentofu.org/webcore/webcore" = "$work/bin"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE=$work/cli.tfrc TF_INPUT=0
# Only the emulator's settings may reach the provider.
unset WEBCORE_API_KEY WEBCORE_INSECURE WEBSCALE_TOKEN_IN_QUERY

# start_emulator: a fresh, memory-only emulator on a free port, seeded like
# the user's control panel (the guide's command).
start_emulator() {
	rm -f "$work/ready.json"
	"$work/bin/webcore-emulator" --listen 127.0.0.1:0 --ready-file "$work/ready.json" \
		--seed-file examples/testing/emulator-seed.json --tx-duration 100ms \
		--log-file "$work/emulator.log" >"$work/emulator.out" 2>&1 &
	emulator_pid=$!
	for _ in $(seq 100); do
		[[ -s $work/ready.json ]] && break
		if ! kill -0 "$emulator_pid" 2>/dev/null; then
			echo "the emulator exited:" >&2
			cat "$work/emulator.out" >&2
			exit 1
		fi
		sleep 0.2
	done
	[[ -s $work/ready.json ]] || {
		echo "the emulator did not become ready within 20s" >&2
		exit 1
	}
}

# settings_after SCRIPT: the emulator's variables ($names) as SCRIPT leaves
# them, evaluated in a subshell where none is set, one NAME=value a line.
settings_after() {
	(
		unset $names
		eval "$1"
		for n in $names; do printf '%s=%s\n' "$n" "${!n-(unset)}"; done
	)
}

# export_emulator_env HOW: exports the emulator's settings as
# `webcore-emulator --print-env` prints them (HOW=print-env), or with the
# guide's `jq` line, taken from the guide itself (HOW=jq), after checking that
# it sets the same variables to the same values.
export_emulator_env() {
	local exports
	exports=$("$work/bin/webcore-emulator" --print-env "$work/ready.json")
	names=$(sed -n 's/^export \([A-Z_]*\)=.*/\1/p' <<<"$exports")
	if [[ $1 == jq ]]; then
		local want got n
		exports=$(grep -m 1 '^eval "$(jq ' templates/guides/testing-with-the-emulator.md.tmpl) || {
			echo "the guide has no jq line any more: update $0" >&2
			exit 1
		}
		exports=${exports//ready.json/$work/ready.json}
		want=$(settings_after "$("$work/bin/webcore-emulator" --print-env "$work/ready.json")")
		got=$(settings_after "$exports")
		if [[ $got != "$want" ]]; then
			echo "the guide's jq line does not set what webcore-emulator --print-env sets; it differs on:" >&2
			for n in $names; do
				[[ $(grep "^$n=" <<<"$got") == "$(grep "^$n=" <<<"$want")" ]] || echo "  $n" >&2
			done
			exit 1
		fi
		echo "the emulator's settings exported with the guide's jq line (the same as --print-env)"
	fi
	eval "$exports"
}

for cli in "${clis[@]}"; do
	bin=$(scripts/tools.sh "$cli")
	how=print-env
	# OpenTofu's run takes the guide's jq fallback, where jq is installed.
	if [[ $cli == tofu* ]] && command -v jq >/dev/null; then how=jq; fi
	step "$(basename "$bin") test on examples/testing ($("$bin" version | head -1)) against a fresh emulator"
	start_emulator
	export_emulator_env "$how"
	module=$work/module-$cli
	mkdir -p "$module"
	cp -R examples/testing/. "$module/"
	(cd "$module" && "$bin" test -no-color)
	stop_emulator
done
echo
echo "module tests passed on: ${clis[*]}"
