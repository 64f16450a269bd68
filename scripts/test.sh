#!/usr/bin/env bash
# Runs every test of the project, as CI does: static checks, unit tests with the
# race detector, the docs and release checks, the acceptance suite four times —
# on the newest Terraform found (1.11+), the pinned Terraform 1.8.5, OpenTofu
# 1.6.3 and OpenTofu 1.12.6 — against the emulator, then the chaos and outage
# runs, the bench at a small N and the module tests. Exits non-zero when any
# part fails.
#
# The pinned tools build from source once per machine (minutes each). Those not
# cached yet build in the background from the start, two at a time, while the
# checks run; a step that needs a tool still building waits for it (each tool
# builds under a lock: see scripts/tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
elapsed() { printf '%dm%02ds' $(((SECONDS - $1) / 60)) $(((SECONDS - $1) % 60)); }
step() { printf '\n==> [%s] %s\n' "$(elapsed "$start")" "$*"; }

# What each CLI ran and skipped, printed again at the end.
summary=()

# acceptance LABEL CLI [VAR=value...]: runs the acceptance tests on CLI and
# says which ran and which were skipped (a test skips itself on a CLI too old
# for what it tests); on a failure it shows the whole output.
acceptance() {
	local label=$1 cli=$2 log t0=$SECONDS
	shift 2
	step "acceptance tests on $label ($("$cli" version | head -1))"
	log=$(mktemp)
	if ! env TF_ACC=1 TF_ACC_TERRAFORM_PATH="$cli" "$@" go test -count=1 -v -run '^TestAcc[A-Z]' -timeout 20m ./... >"$log" 2>&1; then
		grep -v '^=== \(RUN\|PAUSE\|CONT\)' "$log"
		rm -f "$log"
		return 1
	fi
	grep -E '^(ok|FAIL)\s' "$log" | grep -v 'no tests to run' || true
	local passed skipped line
	passed=$(grep -c -- '^--- PASS: TestAcc' "$log" || true)
	skipped=$(grep -- '^--- SKIP: TestAcc' "$log" | sed 's/^--- SKIP: \([^ ]*\).*/\1/' | sort | tr '\n' ' ' || true)
	line=$(printf '%s: %d acceptance tests passed in %s; skipped: %s' "$label" "$passed" "$(elapsed "$t0")" "${skipped:-none}")
	echo "$line"
	summary+=("$line")
	rm -f "$log"
}

step "tools: those not cached yet build in the background (two at a time), while the checks run"
tools_log=$(mktemp)
# Its own process group (set -m), so that a failed run stops the builds too.
set -m
scripts/tools.sh all >"$tools_log" 2>&1 &
tools_pid=$!
set +m
cli_config=$(mktemp)
cleanup() {
	if kill -0 "$tools_pid" 2>/dev/null; then
		kill -- "-$tools_pid" 2>/dev/null || true
		echo "stopped the tool builds; their log: $tools_log" >&2
	else
		rm -f "$tools_log"
	fi
	rm -f "$cli_config"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# tool NAME: the tool's path, once built (waiting for the background build, or
# building it here if that has not started it yet); its build log on failure.
tool() {
	scripts/tools.sh "$1" || {
		echo "building $1 failed; the background builds' log:" >&2
		cat "$tools_log" >&2
		return 1
	}
}

if ! newest=$(scripts/tools.sh terraform-newest); then
	newest=""
	printf '\n!!! NO TERRAFORM 1.11 OR LATER FOUND: the tests of write-only attributes and ephemeral resources\n'
	printf '!!! will be SKIPPED on Terraform. Put terraform 1.11+ on PATH or set WEBCORE_TERRAFORM_NEWEST (see the README).\n\n'
fi

step "chromium for the emulator dashboard's browser test, jq for the testing guide's line (installed with apt when missing)"
missing=()
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing+=(chromium)
command -v jq >/dev/null || missing+=(jq)
if ((${#missing[@]})); then
	sudo=""
	if ((EUID != 0)); then sudo=sudo; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
chromium=$(command -v chromium || command -v chromium-browser)
"$chromium" --version
# The browser test skips only when it finds no Chromium; here it must not.
export WEBCORE_CHROMIUM=$chromium WEBCORE_REQUIRE_BROWSER=1

step "Apache Libcloud, a third-party OnApp client the emulator's test drives (installed with apt when missing)"
if ! /usr/bin/python3 -c 'import libcloud.compute.drivers.onapp' 2>/dev/null; then
	sudo=""
	if ((EUID != 0)); then sudo=sudo; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-libcloud >/dev/null
fi
/usr/bin/python3 -c 'import libcloud; print("libcloud", libcloud.__version__)'
# The third-party client test skips only when it finds no libcloud; here it must not.
export WEBCORE_LIBCLOUD_PYTHON=/usr/bin/python3 WEBCORE_REQUIRE_LIBCLOUD=1

# A CLI configuration of the machine's (dev overrides, mirrors) must not change
# what the tests see.
export TF_CLI_CONFIG_FILE=$cli_config
unset TF_ACC_PROVIDER_HOST TF_ACC_PROVIDER_NAMESPACE WEBCORE_URL WEBCORE_USERNAME WEBCORE_PASSWORD WEBCORE_API_KEY \
	WEBSCALE_URL WEBSCALE_ACCESS_TOKEN WEBSCALE_TOKEN_IN_QUERY WEBCORE_CA_CERT_FILE WEBCORE_INSECURE

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go') $(git ls-files --others --exclude-standard '*.go'))
if [[ -n $unformatted ]]; then
	echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

step "go vet"
go vet ./...

step "unit tests (race detector)"
go test -race -count=1 -skip '^TestAcc[A-Z]' ./...

step "golangci-lint"
golangci_lint=$(tool golangci-lint)
"$golangci_lint" run ./...

step "docs: docs/ and examples/ match the schema and templates; tfplugindocs validate"
scripts/generate-docs.sh --check

# The newest Terraform first: it is found, not built, so it runs while the
# pinned CLIs may still be building.
if [[ -n $newest ]]; then
	acceptance "the newest Terraform" "$newest"
else
	step "acceptance tests on the newest Terraform: SKIPPED, none of 1.11 or later found (see above)"
	summary+=("the newest Terraform: NOT RUN, none of 1.11 or later found")
fi
terraform=$(tool terraform)
acceptance "Terraform 1.8.5" "$terraform"

step "release: goreleaser check and a snapshot build for this platform (into dist/)"
goreleaser=$(tool goreleaser)
"$goreleaser" check
"$goreleaser" build --snapshot --clean --single-target

tofu=$(tool tofu)
acceptance "OpenTofu 1.6.3" "$tofu" TF_ACC_PROVIDER_HOST=registry.opentofu.org
tofu_newest=$(tool tofu-newest)
acceptance "OpenTofu 1.12.6" "$tofu_newest" TF_ACC_PROVIDER_HOST=registry.opentofu.org

step "chaos: 2 seeds of the fault mix must each converge in one apply, with no duplicate"
go run ./tools/chaos -seeds "1 2" -require-converged -terraform "$terraform"

step "chaos at a rate limit: the fault mix and 20 req/s per credential (burst 5), one apply, no duplicate"
go run ./tools/chaos -seeds 1 -rate-limit 20 -rate-burst 5 -require-converged -terraform "$terraform"

step "outage: the emulator killed mid-apply and back after 15s; the apply must ride it out"
go run ./tools/chaos -outage 15s -require-converged -terraform "$terraform"

step "bench at a small N (figures are not checked: only that the bench still runs)"
go run ./tools/bench -n 20 -runs 1 -builds 250ms -wrk-duration 1s -limit-create 10 -limit-refresh 20 -linear 20 -terraform "$terraform"

step "module tests: terraform test and tofu test on examples/testing against a fresh, seeded emulator"
if [[ -n $newest ]]; then
	scripts/terraform-test.sh terraform-newest tofu-newest
else
	scripts/terraform-test.sh tofu-newest
fi

# Done by now (every tool was used); its log says how long each build took.
wait "$tools_pid" || true
step "all tests passed in $(elapsed "$start")"
grep '^built ' "$tools_log" || true
printf '%s\n' "${summary[@]}"
