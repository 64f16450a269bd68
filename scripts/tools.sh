#!/usr/bin/env bash
# Ensures a pinned tool is built and prints its absolute path.
#   scripts/tools.sh terraform|tofu|golangci-lint|goreleaser|gremlins|all
#   scripts/tools.sh terraform-newest   # Terraform 1.11+ for write-only attributes and ephemeral
#                                       # resources: $WEBCORE_TERRAFORM_NEWEST, else `terraform` on PATH
# Tools are built from source with `go install` (the only way this project gets
# them: release downloads are not reachable) into a cache directory shared by
# every clone, so the 2–4 minute builds happen once per machine.
set -euo pipefail

TERRAFORM_VERSION=1.8.5
TOFU_VERSION=1.6.3
GOLANGCI_LINT_VERSION=v2.15.0
# v2.16.0: v2.17+ need go.digitalxero.dev/go-msix (MSIX packaging), which the module
# proxy reachable here refuses (403); v2.16.0 builds with Go 1.26 and without it.
GORELEASER_VERSION=v2.16.0
# The mutation tester of `make mutate` (scripts/mutate.sh).
GREMLINS_VERSION=v0.6.0

tools_dir=${WEBCORE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/webcore-tools}

# ensure NAME BINARY PACKAGE@VERSION: build into $tools_dir/NAME unless present.
ensure() {
	local dir="$tools_dir/$1" bin="$tools_dir/$1/$2" pkg=$3
	if [[ ! -x $bin ]]; then
		echo "building $pkg into $dir (first run on this machine only)..." >&2
		mkdir -p "$dir"
		# Build outside the repo so the project's go.mod does not constrain the tool's.
		(cd "$dir" && GOFLAGS=-mod=mod GOBIN="$dir" go install "$pkg") >&2
	fi
	echo "$bin"
}

case ${1:-} in
terraform) ensure "terraform-$TERRAFORM_VERSION" terraform "github.com/hashicorp/terraform@v$TERRAFORM_VERSION" ;;
tofu) ensure "tofu-$TOFU_VERSION" tofu "github.com/opentofu/opentofu/cmd/tofu@v$TOFU_VERSION" ;;
golangci-lint) ensure "golangci-lint-$GOLANGCI_LINT_VERSION" golangci-lint "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION" ;;
goreleaser) ensure "goreleaser-$GORELEASER_VERSION" goreleaser "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION" ;;
gremlins) ensure "gremlins-$GREMLINS_VERSION" gremlins "github.com/go-gremlins/gremlins/cmd/gremlins@$GREMLINS_VERSION" ;;
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
all) for t in terraform tofu golangci-lint goreleaser; do "$0" "$t"; done ;;
*)
	echo "usage: $0 terraform|terraform-newest|tofu|golangci-lint|goreleaser|gremlins|all" >&2
	exit 2
	;;
esac
