#!/usr/bin/env bash
# `make mutate`: mutation testing with the pinned gremlins over the API
# clients (internal/client), the emulator (internal/emulator/...) and the
# provider's packages, with their unit tests only (acceptance tests need
# TF_ACC, which is unset here). Gremlins changes one operator at a time in
# a copy of the module and runs the package's tests: a mutant those tests
# do not notice "lived". Prints one Markdown table, a row per package
# (efficacy = killed / (killed + lived), coverage = share of mutants on
# lines the tests run), and where each living mutant sits. Takes tens of
# minutes; not part of `make test`. Nothing fails on a figure.
#   scripts/mutate.sh [DIR...]   # default: every directory below
# The reports (gremlins' JSON and output per directory) stay in
# $MUTATE_OUT, default a fresh temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."

dirs=("$@")
if ((${#dirs[@]} == 0)); then
	dirs=(
		internal/client
		internal/emulator
		internal/provider internal/user internal/virtualserver internal/accesskey internal/applogs internal/template
		internal/tfmodel internal/converge internal/apidiag internal/providerdata internal/listcache
	)
fi

gremlins=$(scripts/tools.sh gremlins)
out=${MUTATE_OUT:-$(mktemp -d)}
mkdir -p "$out"

# Unit tests only, whatever the caller's shell holds. No cached test
# results: gremlins times the unmutated run to set each mutant's timeout,
# and a cached run takes no time at all.
unset TF_ACC TF_LOG TF_LOG_PATH TF_LOG_PATH_MASK
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-count=1"

reports=()
for dir in "${dirs[@]}"; do
	name=${dir//\//_}
	printf '==> gremlins over %s (%s)\n' "$dir" "$(date -u +%H:%M:%S)" >&2
	"$gremlins" unleash --output "$out/$name.json" "./$dir" >"$out/$name.txt" 2>&1 || {
		echo "gremlins failed on $dir; its output:" >&2
		cat "$out/$name.txt" >&2
		exit 1
	}
	reports+=("$dir=$out/$name.json")
done

printf '\nmake mutate — %s, commit %s, gremlins %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" \
	"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$(sed -n 's/^GREMLINS_VERSION=//p' scripts/tools.sh)"
go run ./tools/mutationreport "${reports[@]}"
printf '\nreports: %s\n' "$out" >&2
