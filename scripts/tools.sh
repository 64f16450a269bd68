#!/usr/bin/env bash
# Ensures a pinned tool is built and prints its absolute path.
#   scripts/tools.sh terraform|tofu|golangci-lint|goreleaser|all
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
all) for t in terraform tofu golangci-lint goreleaser; do "$0" "$t"; done ;;
*)
	echo "usage: $0 terraform|tofu|golangci-lint|goreleaser|all" >&2
	exit 2
	;;
esac
