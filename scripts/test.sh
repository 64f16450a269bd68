#!/usr/bin/env bash
# Runs every test of the project, as CI does: static checks, unit tests with the
# race detector, the docs and release checks, the acceptance suite four times —
# on the newest Terraform found (1.11+), the pinned Terraform 1.8.5, OpenTofu
# 1.6.3 and OpenTofu 1.12.6 — against the emulator, the chaos and outage runs,
# the bench at a small N and the module tests. Exits non-zero when any part
# fails.
#
# It is laid out for a 2-core machine, where the acceptance suites are bound by
# CPU (each test step starts the CLI several times) and the rest is not:
# - The pinned tools build from source once per machine (minutes each). Those
#   not cached yet build in the background from the start, two at a time, while
#   the checks run; a step that needs a tool still building waits for it (each
#   tool builds under a lock: see scripts/tools.sh).
# - Packages missing from the machine install with apt in the background while
#   vet, the linter and the docs check run.
# - Everything but the race-detector run builds with one set of flags (static,
#   -trimpath, as the release does), so packages compile once for vet, the
#   tests, the release snapshot and the tools' provider builds.
# - The acceptance tests compile once (go test -c) and the same binaries run on
#   every CLI, two packages at a time, the slowest first.
# - The chaos and outage runs mostly wait (injected latency, backoff, a 15 s
#   outage): they run in the background beside the acceptance suites.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
elapsed() { printf '%dm%02ds' $(((SECONDS - $1) / 60)) $(((SECONDS - $1) % 60)); }
step() { printf '\n==> [%s] %s\n' "$(elapsed "$start")" "$*"; }

work=$(mktemp -d)
# What each CLI ran and skipped, and how each background run ended, printed
# again at the end.
summary=()

step "tools: those not cached yet build in the background (two at a time), while the checks run"
tools_log=$work/tools.log
# Its own process group (set -m), so that a failed run stops the builds too.
set -m
scripts/tools.sh all >"$tools_log" 2>&1 &
tools_pid=$!
set +m
background_pids=() # process groups of the chaos and outage runs
cleanup() {
	local pid
	if kill -0 "$tools_pid" 2>/dev/null; then
		kill -- "-$tools_pid" 2>/dev/null || true
		echo "stopped the tool builds" >&2
	fi
	for pid in "${background_pids[@]}"; do
		kill -- "-$pid" 2>/dev/null || true
	done
	rm -rf "$work"
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

# Chromium for the emulator dashboard's browser test, Apache Libcloud (a
# third-party OnApp client) for the emulator's client test, jq for the testing
# guide's line.
missing=()
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing+=(chromium)
command -v jq >/dev/null || missing+=(jq)
/usr/bin/python3 -c 'import libcloud.compute.drivers.onapp' 2>/dev/null || missing+=(python3-libcloud)
apt_pid=""
if ((${#missing[@]})); then
	step "apt: installing ${missing[*]} in the background"
	sudo=""
	if ((EUID != 0)); then sudo=sudo; fi
	($sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}") \
		>"$work/apt.log" 2>&1 &
	apt_pid=$!
fi

# A CLI configuration of the machine's (dev overrides, mirrors) must not change
# what the tests see.
export TF_CLI_CONFIG_FILE=$work/empty.tfrc
touch "$TF_CLI_CONFIG_FILE"
unset TF_ACC_PROVIDER_HOST TF_ACC_PROVIDER_NAMESPACE WEBCORE_URL WEBCORE_USERNAME WEBCORE_PASSWORD WEBCORE_API_KEY \
	WEBSCALE_URL WEBSCALE_ACCESS_TOKEN WEBSCALE_TOKEN_IN_QUERY WEBCORE_CA_CERT_FILE WEBCORE_INSECURE
# The release's build flags (.goreleaser.yml) for every build below but the
# race detector's, so that they all share one compilation of each package.
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:+$GOFLAGS }-trimpath"

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go') $(git ls-files --others --exclude-standard '*.go'))
if [[ -n $unformatted ]]; then
	echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

step "go vet"
go vet ./...

# The packages with acceptance tests, those with the most tests first (they
# take longest), and their test binaries, built once for every CLI.
mapfile -t acc_pkgs < <(git grep -l -E '^func TestAcc[A-Z]' -- '*_test.go' | xargs -n1 dirname | sort | uniq -c |
	sort -k1,1nr -k2 | awk '{print $2}')
step "acceptance test binaries: one build of ${#acc_pkgs[@]} packages, run on every CLI"
acc_bin=$work/acc-bin
mkdir -p "$acc_bin"
go test -c -o "$acc_bin/" "${acc_pkgs[@]/#/./}"

step "golangci-lint"
golangci_lint=$(tool golangci-lint)
"$golangci_lint" run ./...

step "docs: docs/ and examples/ match the schema and templates; tfplugindocs validate"
scripts/generate-docs.sh --check

if [[ -n $apt_pid ]]; then
	step "apt: waiting for ${missing[*]}"
	wait "$apt_pid" || { cat "$work/apt.log"; exit 1; }
fi
chromium=$(command -v chromium || command -v chromium-browser)
"$chromium" --version
/usr/bin/python3 -c 'import libcloud; print("libcloud", libcloud.__version__)'
# The browser and third-party client tests skip only when they find no
# Chromium or Libcloud; here they must not.
export WEBCORE_CHROMIUM=$chromium WEBCORE_REQUIRE_BROWSER=1 WEBCORE_LIBCLOUD_PYTHON=/usr/bin/python3 WEBCORE_REQUIRE_LIBCLOUD=1

step "unit tests (race detector)"
CGO_ENABLED=1 go test -race -count=1 -skip '^TestAcc[A-Z]' ./...

# background LABEL COMMAND...: starts a run that mostly waits in its own
# process group; finish_background reports it.
background_labels=()
background() {
	local label=$1
	shift
	set -m
	"$@" >"$work/background-${#background_pids[@]}.log" 2>&1 &
	background_pids+=($!)
	set +m
	background_labels+=("$label")
}
finish_background() {
	local i failed=0
	for i in "${!background_pids[@]}"; do
		step "${background_labels[i]} (ran in the background)"
		if wait "${background_pids[i]}"; then
			grep '^|' "$work/background-$i.log" || cat "$work/background-$i.log"
			summary+=("${background_labels[i]}: passed")
		else
			cat "$work/background-$i.log"
			summary+=("${background_labels[i]}: FAILED")
			failed=1
		fi
	done
	background_pids=()
	return "$failed"
}

# The chaos and outage runs on the newest Terraform when there is one (it is
# found, not built, so they start now), else on the pinned one.
chaos_cli=${newest:-$(tool terraform)}
go build -o "$work/chaos" ./tools/chaos
step "chaos and outage runs start in the background on $("$chaos_cli" version | head -1)"
background "chaos: seed 1 of the fault mix converges in one apply, with no duplicate" \
	"$work/chaos" -seeds 1 -require-converged -terraform "$chaos_cli"
background "chaos: seed 2 of the fault mix converges in one apply, with no duplicate" \
	"$work/chaos" -seeds 2 -require-converged -terraform "$chaos_cli"
background "chaos at a rate limit: the fault mix and 20 req/s per credential (burst 5), one apply, no duplicate" \
	"$work/chaos" -seeds 1 -rate-limit 20 -rate-burst 5 -require-converged -terraform "$chaos_cli"
background "outage: the emulator killed mid-apply and back after 15s; the apply rides it out" \
	"$work/chaos" -outage 15s -require-converged -terraform "$chaos_cli"

# run_acceptance_package LOGDIR PKG: runs PKG's acceptance test binary in the
# package's directory (as go test does) with the CLI already in the
# environment; the exit code and seconds go to LOGDIR/PKG.rc.
run_acceptance_package() {
	local log=$1/${2//\//_} t0=$SECONDS rc=0
	(cd "$2" && "$acc_bin/$(basename "$2").test" -test.v -test.count=1 -test.run '^TestAcc[A-Z]' -test.timeout 20m) \
		>"$log.log" 2>&1 || rc=$?
	echo "$rc $((SECONDS - t0))" >"$log.rc"
}
export -f run_acceptance_package
export acc_bin

# acceptance LABEL CLI [VAR=value...]: runs the acceptance tests on CLI, two
# packages at a time, and says which ran and which were skipped (a test skips
# itself on a CLI too old for what it tests); on a failure it shows the output
# of the package that failed.
acceptance() {
	local label=$1 cli=$2 t0=$SECONDS logs pkg rc secs failed=0
	shift 2
	step "acceptance tests on $label ($("$cli" version | head -1))"
	logs=$(mktemp -d -p "$work")
	printf '%s\n' "${acc_pkgs[@]}" |
		env TF_ACC=1 TF_ACC_TERRAFORM_PATH="$cli" "$@" xargs -P 2 -I{} bash -c 'run_acceptance_package "$1" "$2"' _ "$logs" {}
	for pkg in "${acc_pkgs[@]}"; do
		read -r rc secs <"$logs/${pkg//\//_}.rc"
		if ((rc == 0)); then
			printf 'ok   %-28s %ds\n' "$pkg" "$secs"
		else
			printf 'FAIL %-28s %ds\n' "$pkg" "$secs"
			grep -v '^=== \(RUN\|PAUSE\|CONT\)' "$logs/${pkg//\//_}.log"
			failed=1
		fi
	done
	((failed == 0)) || return 1
	local passed skipped line
	passed=$(cat "$logs"/*.log | grep -c -- '^--- PASS: TestAcc' || true)
	skipped=$(cat "$logs"/*.log | grep -- '^--- SKIP: TestAcc' | sed 's/^--- SKIP: \([^ ]*\).*/\1/' | sort | tr '\n' ' ' || true)
	line=$(printf '%s: %d acceptance tests passed in %s; skipped: %s' "$label" "$passed" "$(elapsed "$t0")" "${skipped:-none}")
	echo "$line"
	summary+=("$line")
}

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
tofu=$(tool tofu)
acceptance "OpenTofu 1.6.3" "$tofu" TF_ACC_PROVIDER_HOST=registry.opentofu.org
tofu_newest=$(tool tofu-newest)
acceptance "OpenTofu 1.12.6" "$tofu_newest" TF_ACC_PROVIDER_HOST=registry.opentofu.org

step "release: goreleaser check and a snapshot build for this platform (into dist/)"
goreleaser=$(tool goreleaser)
"$goreleaser" check
"$goreleaser" build --snapshot --clean --single-target

finish_background

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
