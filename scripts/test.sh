#!/usr/bin/env bash
# Runs every test of the project, as CI does: static checks, unit tests with the
# race detector, the docs and release checks, the acceptance suite twice — on
# Terraform and on OpenTofu — against the emulator, then the chaos and outage
# runs. Exits non-zero when any part fails.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "tools (built once per machine, then cached)"
terraform=$(scripts/tools.sh terraform)
tofu=$(scripts/tools.sh tofu)
golangci_lint=$(scripts/tools.sh golangci-lint)
goreleaser=$(scripts/tools.sh goreleaser)

# A CLI configuration of the machine's (dev overrides, mirrors) must not change
# what the tests see.
cli_config=$(mktemp)
trap 'rm -f "$cli_config"' EXIT
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

step "golangci-lint"
"$golangci_lint" run ./...

step "unit tests (race detector)"
go test -race -count=1 -skip '^TestAcc[A-Z]' ./...

step "docs: docs/ and examples/ match the schema and templates; tfplugindocs validate"
scripts/generate-docs.sh --check

step "release: goreleaser check and a snapshot build for this platform (into dist/)"
"$goreleaser" check
"$goreleaser" build --snapshot --clean --single-target

step "acceptance tests on Terraform ($("$terraform" version | head -1))"
TF_ACC=1 TF_ACC_TERRAFORM_PATH=$terraform go test -count=1 -run '^TestAcc[A-Z]' -timeout 20m ./...

step "acceptance tests on OpenTofu ($("$tofu" version | head -1))"
TF_ACC=1 TF_ACC_TERRAFORM_PATH=$tofu TF_ACC_PROVIDER_HOST=registry.opentofu.org \
	go test -count=1 -run '^TestAcc[A-Z]' -timeout 20m ./...

step "chaos: 2 seeds of the fault mix must each converge in one apply, with no duplicate"
go run ./tools/chaos -seeds "1 2" -require-converged -terraform "$terraform"

step "outage: the emulator killed mid-apply and back after 15s; the apply must ride it out"
go run ./tools/chaos -outage 15s -require-converged -terraform "$terraform"

step "all tests passed"
