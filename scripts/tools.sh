#!/usr/bin/env bash
# Ensures a pinned tool is built and prints its absolute path.
#   scripts/tools.sh terraform|tofu|tofu-newest|golangci-lint|goreleaser|gremlins
#   scripts/tools.sh terraform-newest   # Terraform 1.11+ for write-only attributes and ephemeral
#                                       # resources: $WEBCORE_TERRAFORM_NEWEST, else `terraform` on PATH
#   scripts/tools.sh all                # every tool `make test` needs, two builds at a time
# Tools are built from source (the only way this project gets them: release
# downloads are not reachable) into a cache directory shared by every clone, so
# the 2–10 minute builds happen once per machine. A build holds a lock on its
# tool, so two callers at once (`make test` building in the background while a
# target asks for the same tool) build it once: the second waits and finds it.
set -euo pipefail

TERRAFORM_VERSION=1.8.5
TOFU_VERSION=1.6.3
# The newest OpenTofu: the first with write-only arguments and ephemeral
# resources (1.11) and resource identity (1.12). Its go.mod has a replace
# directive, so `go install` refuses it; it is built inside its module instead.
TOFU_NEWEST_VERSION=1.12.6
GOLANGCI_LINT_VERSION=v2.15.0
# v2.16.0: v2.17+ need go.digitalxero.dev/go-msix (MSIX packaging), which the module
# proxy reachable here refuses (403); v2.16.0 builds with Go 1.26 and without it.
GORELEASER_VERSION=v2.16.0
# The mutation tester of `make mutate` (scripts/mutate.sh).
GREMLINS_VERSION=v0.6.0

tools_dir=${WEBCORE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/webcore-tools}
# Tools are run, never debugged: without symbol tables and DWARF (-s -w) the
# linker has less to write for their large binaries.
tool_ldflags="-s -w"
# Built as their releases are (static, -trimpath), and as scripts/test.sh
# builds the project, so that the packages they share (the standard library
# first) compile once.
export CGO_ENABLED=0

# locked NAME COMMAND...: runs COMMAND holding the lock of tool NAME (flock,
# where the system has it; without it two builds at once both build).
locked() {
	local name=$1
	shift
	mkdir -p "$tools_dir"
	if ! command -v flock >/dev/null; then
		"$@"
		return
	fi
	(
		if ! flock -n 9; then
			echo "waiting for the build of $name already under way..." >&2
			flock 9
		fi
		"$@"
	) 9>"$tools_dir/.$name.lock"
}

# ensure NAME BINARY BUILDER ARGS...: unless $tools_dir/NAME/BINARY exists,
# builds it with `BUILDER DIR OUT ARGS...` under the tool's lock. The builder
# writes OUT, which is moved into place only once complete, so an interrupted
# build never leaves a binary that looks done.
ensure() {
	local name=$1 binary=$2 builder=$3
	shift 3
	local dir="$tools_dir/$name"
	if [[ ! -x $dir/$binary ]]; then
		locked "$name" build_once "$dir" "$binary" "$builder" "$@"
	fi
	echo "$dir/$binary"
}

build_once() {
	local dir=$1 binary=$2 builder=$3
	shift 3
	# Another caller may have built it while this one waited for the lock.
	[[ -x $dir/$binary ]] && return
	echo "building $* into $dir (first run on this machine only)..." >&2
	local start=$SECONDS
	mkdir -p "$dir"
	rm -rf "$dir/.build"
	mkdir "$dir/.build"
	"$builder" "$dir/.build" "$dir/.build/$binary" "$@" >&2
	mv "$dir/.build/$binary" "$dir/$binary"
	rm -rf "$dir/.build"
	echo "built $dir/$binary in $((SECONDS - start))s" >&2
}

# go_install WORK OUT PACKAGE@VERSION: the usual way, for modules without replace directives.
go_install() {
	local work=$1 out=$2 pkg=$3
	# Built outside the repo so the project's go.mod does not constrain the tool's.
	(cd "$work" && GOFLAGS=-mod=mod GOBIN="$work/bin" go install -trimpath -ldflags="$tool_ldflags" "$pkg")
	mv "$work/bin/$(basename "$out")" "$out"
}

# go_build_in_module WORK OUT MODULE VERSION PACKAGE: for a module whose go.mod has
# a replace directive (`go install` refuses those): download it, copy it (the module
# cache is read-only) and build PACKAGE inside it, with its own go.mod and go.sum.
go_build_in_module() {
	local work=$1 out=$2 module=$3 version=$4 pkg=$5 src
	src=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$module@$version" |
		sed -n 's/^[[:space:]]*"Dir": *"\(.*\)",*$/\1/p')
	if [[ -z $src || ! -f $src/go.mod ]]; then
		echo "go mod download gave no directory for $module@$version" >&2
		return 1
	fi
	cp -R "$src" "$work/src"
	chmod -R u+w "$work/src"
	(cd "$work/src" && go build -trimpath -ldflags="$tool_ldflags" -o "$out" "$pkg")
}

# all: the tools `make test` needs, two builds at a time (xargs -P 2), then their
# paths. Each Go build already uses every core while it compiles, but downloads,
# linking and a build's last large packages do not, and the other build fills
# that time. They start in the order scripts/test.sh needs them.
all() {
	local tools=(golangci-lint terraform tofu tofu-newest goreleaser) tool
	printf '%s\n' "${tools[@]}" | xargs -n 1 -P 2 "$0" >/dev/null
	for tool in "${tools[@]}"; do "$0" "$tool"; done
}

case ${1:-} in
terraform) ensure "terraform-$TERRAFORM_VERSION" terraform go_install "github.com/hashicorp/terraform@v$TERRAFORM_VERSION" ;;
tofu) ensure "tofu-$TOFU_VERSION" tofu go_install "github.com/opentofu/opentofu/cmd/tofu@v$TOFU_VERSION" ;;
tofu-newest) ensure "tofu-$TOFU_NEWEST_VERSION" tofu go_build_in_module github.com/opentofu/opentofu "v$TOFU_NEWEST_VERSION" ./cmd/tofu ;;
golangci-lint) ensure "golangci-lint-$GOLANGCI_LINT_VERSION" golangci-lint go_install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION" ;;
goreleaser) ensure "goreleaser-$GORELEASER_VERSION" goreleaser go_install "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION" ;;
gremlins) ensure "gremlins-$GREMLINS_VERSION" gremlins go_install "github.com/go-gremlins/gremlins/cmd/gremlins@$GREMLINS_VERSION" ;;
terraform-newest)
	# Not built here: Terraform 1.10 and later cannot be built with go install
	# (their go.mod has replace directives), so it is found, not pinned.
	cli=${WEBCORE_TERRAFORM_NEWEST:-$(command -v terraform || true)}
	if [[ -z $cli || ! -x $cli ]]; then
		echo "no Terraform CLI found: set WEBCORE_TERRAFORM_NEWEST or put terraform (1.11 or later) on PATH" >&2
		exit 1
	fi
	version=$("$cli" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9]*\)\.\([0-9]*\)\..*/\1 \2/p')
	read -r major minor <<<"${version:-0 0}"
	if ((major < 1 || (major == 1 && minor < 11))); then
		echo "$cli is Terraform ${major}.${minor}; write-only attributes need 1.11 or later" >&2
		exit 1
	fi
	echo "$cli"
	;;
all) all ;;
*)
	echo "usage: $0 terraform|terraform-newest|tofu|tofu-newest|golangci-lint|goreleaser|gremlins|all" >&2
	exit 2
	;;
esac
