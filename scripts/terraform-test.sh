#!/usr/bin/env bash
# `make test-modules`: runs the module tests of examples/testing/
# (tests/*.tftest.hcl) with `terraform test` on the pinned Terraform and with
# `tofu test` on the pinned OpenTofu, each against a fresh emulator seeded with
# examples/testing/emulator-seed.json, with the provider from this tree (a
# dev_overrides CLI configuration). It does what the guide "Testing your
# modules with the emulator" tells users to do in CI. Exits non-zero when a
# test fails; leaves no process behind.
#   scripts/terraform-test.sh            both CLIs
#   scripts/terraform-test.sh terraform  one of them (terraform or tofu)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

clis=("${@:-terraform tofu}")
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
# the user's control panel; its settings exported as the guide shows.
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
	local exports
	exports=$("$work/bin/webcore-emulator" --print-env "$work/ready.json")
	eval "$exports"
}

for cli in "${clis[@]}"; do
	case $cli in
	terraform | tofu) ;;
	*)
		echo "usage: $0 [terraform] [tofu]" >&2
		exit 2
		;;
	esac
	bin=$(scripts/tools.sh "$cli")
	step "$cli test on examples/testing ($("$bin" version | head -1)) against a fresh emulator"
	start_emulator
	module=$work/module-$cli
	mkdir -p "$module"
	cp -R examples/testing/. "$module/"
	(cd "$module" && "$bin" test -no-color)
	stop_emulator
done
echo
echo "module tests passed on: ${clis[*]}"
