#!/usr/bin/env bash
# The README's first command (`make demo`): builds the provider and the
# emulator, starts the emulator on a free port, applies examples/quickstart/
# (a user, a virtual server, an access key and the app-logs data source) with
# the Terraform (1.5+) or OpenTofu (1.6+) on PATH — the pinned Terraform 1.8.5,
# built once per machine, only when there is none — shows the outputs, proves a
# second plan is empty, destroys everything and stops the emulator. Needs only
# Go, git, make and coreutils. Exits non-zero when any step fails; leaves no
# process behind.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "building the provider and the emulator into bin/"
# One go build for both, so that their two links run at the same time.
go build -o bin/ . ./cmd/webcore-emulator

# at_least CLI MINOR: whether CLI reports version 1.MINOR or later (OpenTofu's
# `version -json` has the same "terraform_version" key as Terraform's).
at_least() {
	local version major minor
	version=$("$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9]*\)\.\([0-9]*\)\..*/\1 \2/p')
	read -r major minor <<<"${version:-0 0}"
	((major > 1 || (major == 1 && minor >= $2)))
}

step "choosing the CLI: Terraform (1.5+) or OpenTofu (1.6+) from PATH, else the pinned Terraform"
if found=$(command -v terraform) && at_least "$found" 5; then
	cli=$found
elif found=$(command -v tofu) && at_least "$found" 6; then
	cli=$found
else
	echo "no Terraform 1.5+ or OpenTofu 1.6+ on PATH: building the pinned Terraform (once per machine, a few minutes)"
	cli=$(scripts/tools.sh terraform)
fi
cli_name=$(basename "$cli")
echo "using $cli: $("$cli" version | head -n 1)"

work=$(mktemp -d)
emulator_pid=
cleanup() {
	local rc=$?
	if [[ -n $emulator_pid ]] && kill -0 "$emulator_pid" 2>/dev/null; then
		kill "$emulator_pid" 2>/dev/null || true
		wait "$emulator_pid" 2>/dev/null || true
	fi
	if ((rc != 0)) && [[ -s $work/emulator.log ]]; then
		echo "--- last lines of the emulator's request log ---" >&2
		tail -n 15 "$work/emulator.log" >&2
	fi
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "starting the emulator"
# One transaction step takes 400ms; build_disk takes 11s so that Terraform, which
# reports progress every 10s, shows a "Still creating..." line for the server.
bin/webcore-emulator --listen 127.0.0.1:0 --ready-file "$work/ready.json" \
	--tx-duration 400ms --tx-action-duration build_disk=11s \
	--log-file "$work/emulator.log" 2>"$work/emulator.stderr" &
emulator_pid=$!
for _ in $(seq 100); do
	[[ -s $work/ready.json ]] && break
	if ! kill -0 "$emulator_pid" 2>/dev/null; then
		echo "the emulator exited:" >&2
		cat "$work/emulator.stderr" >&2
		exit 1
	fi
	sleep 0.2
done
if [[ ! -s $work/ready.json ]]; then
	echo "the emulator did not become ready within 20s" >&2
	exit 1
fi

# Only the emulator's settings may reach the provider: a variable left in this
# shell (say WEBCORE_API_KEY next to the exported password) would change its behaviour.
unset WEBCORE_API_KEY WEBCORE_INSECURE WEBSCALE_TOKEN_IN_QUERY
# Assigned first: a failure inside $(...) passed straight to eval would go unnoticed.
exports=$(bin/webcore-emulator --print-env "$work/ready.json")
eval "$exports"
echo "Webcore API:  $WEBCORE_URL"
echo "Webscale API: $WEBSCALE_URL"
echo "Control API:  $WEBCORE_EMULATOR_CONTROL_URL"

# dev_overrides makes the CLI use bin/ instead of a registry, so no `init` is
# needed (or possible offline) for this provider.
cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/webcore/webcore" = "$repo/bin"
    "registry.opentofu.org/webcore/webcore" = "$repo/bin"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE=$work/cli.tfrc
export TF_INPUT=0
mkdir "$work/quickstart"
cp -R examples/quickstart/. "$work/quickstart/"
tf() { "$cli" -chdir="$work/quickstart" "$@"; }

# The user's password: random, and never printed.
TF_VAR_user_password=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
export TF_VAR_user_password

step "$cli_name apply (examples/quickstart): creates the objects, prints the outputs (secrets hidden)"
tf apply -auto-approve -compact-warnings

step "$cli_name plan: a second plan must show no changes"
set +e
tf plan -detailed-exitcode -compact-warnings
plan_rc=$?
set -e
case $plan_rc in
0) echo "No changes: the state matches the emulator." ;;
2)
	echo "the plan after apply is not empty: the provider does not converge" >&2
	exit 1
	;;
*) exit "$plan_rc" ;;
esac

step "$cli_name destroy"
tf destroy -auto-approve -compact-warnings

step "stopping the emulator"
kill "$emulator_pid"
wait "$emulator_pid" 2>/dev/null || true
emulator_pid=
echo "Demo complete: everything was created, checked and destroyed."
