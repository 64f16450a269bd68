#!/usr/bin/env bash
# Renders docs/ (the Terraform Registry's pages) from the provider's schema,
# templates/ and examples/ with tfplugindocs, then runs `tfplugindocs validate`.
#   scripts/generate-docs.sh          rewrite docs/ and format examples/
#   scripts/generate-docs.sh --check  change nothing; fail if docs/ or examples/ are stale
#
# Why more than one tfplugindocs run: tfplugindocs renders only objects named
# <provider>_*, and this provider (type name webcore) also serves webscale_*
# objects. So the schema is exported once, split by tools/docschema, and
# rendered twice: webcore_* as provider "webcore", webscale_* as if a provider
# named "webscale" served them (their pages land as access_key.md and are
# renamed to webscale_access_key.md). docs/ is entirely generated: never edit it.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="write"
case ${1:-} in
"") ;;
--check) mode=check ;;
*)
	echo "usage: $0 [--check]" >&2
	exit 2
	;;
esac

# The newest CLI (1.11+) exports the schema: older ones leave out ephemeral
# resources and do not mark write-only attributes.
terraform=$(scripts/tools.sh terraform-newest)
# tfplugindocs looks for terraform on PATH before it tries to download one, and
# downloads are not possible everywhere this runs.
PATH="$(dirname "$terraform"):$PATH"
export PATH

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$PWD
# tfplugindocs runs quietly; its log is shown when it fails.
tfplugindocs() {
	if ! (cd "$repo" && go tool tfplugindocs "$@") >"$work/tfplugindocs.log" 2>&1; then
		cat "$work/tfplugindocs.log" >&2
		echo "tfplugindocs $1 failed" >&2
		return 1
	fi
}

echo "==> exporting the provider schema"
# A fresh build installed in a plugin directory: `terraform init` finds it there
# without any registry, and a CLI configuration of this machine cannot interfere.
# (Its version must not be 0.0.0: `terraform init` never selects that one.)
schema_dir=$work/schema
plugin_dir=$schema_dir/plugins/registry.terraform.io/webcore/webcore/0.0.1/$(go env GOOS)_$(go env GOARCH)
go build -o "$plugin_dir/terraform-provider-webcore_v0.0.1" .
cat >"$schema_dir/main.tf" <<'EOF'
terraform {
  required_providers {
    webcore = { source = "webcore/webcore" }
  }
}
EOF
: >"$work/cli.tfrc"
export TF_CLI_CONFIG_FILE=$work/cli.tfrc
terraform -chdir="$schema_dir" init -backend=false -input=false -plugin-dir="$schema_dir/plugins" >/dev/null
terraform -chdir="$schema_dir" providers schema -json >"$work/schema.json"
mkdir "$work/schemas"
go run ./tools/docschema -in "$work/schema.json" -address registry.terraform.io/webcore/webcore \
	-name webcore -guest webscale -out "$work/schemas"

# stage PASS: a provider directory for one tfplugindocs run, sharing examples/.
stage() {
	mkdir -p "$work/$1/templates"
	ln -s "$repo/examples" "$work/$1/examples"
}

echo "==> rendering webcore_* objects and the index page"
stage webcore
# Per-object templates are named after the page: resources/user.md.tmpl for
# webcore_user, resources/webscale_access_key.md.tmpl for webscale_access_key.
cp -R templates/. "$work/webcore/templates/"
find "$work/webcore/templates" -name 'webscale_*' -delete
tfplugindocs generate --provider-dir "$work/webcore" --provider-name webcore --rendered-provider-name webcore \
	--providers-schema "$work/schemas/webcore.json"

echo "==> rendering webscale_* objects"
stage webscale
cp templates/resources.md.tmpl templates/data-sources.md.tmpl templates/ephemeral-resources.md.tmpl "$work/webscale/templates/"
for kind in resources data-sources ephemeral-resources; do
	mkdir -p "$work/webscale/templates/$kind"
	for tmpl in templates/"$kind"/webscale_*.md.tmpl; do
		[[ -e $tmpl ]] || continue
		name=$(basename "$tmpl")
		cp "$tmpl" "$work/webscale/templates/$kind/${name#webscale_}"
	done
done
tfplugindocs generate --provider-dir "$work/webscale" --provider-name webscale --rendered-provider-name webcore \
	--providers-schema "$work/schemas/webscale.json"

echo "==> assembling and validating"
# The validation directory holds only docs/, checked against the whole schema.
out=$work/validate/docs
mkdir -p "$work/validate"
cp -R "$work/webcore/docs" "$out"
for kind in resources data-sources ephemeral-resources; do
	for page in "$work/webscale/docs/$kind"/*.md; do
		[[ -e $page ]] || continue
		mkdir -p "$out/$kind"
		cp "$page" "$out/$kind/webscale_$(basename "$page")"
	done
done
tfplugindocs validate --provider-dir "$work/validate" --provider-name webcore \
	--providers-schema "$work/schemas/all.json"

if [[ $mode == write ]]; then
	rm -rf docs
	cp -R "$out" docs
	terraform fmt -recursive examples/ >/dev/null
	echo "==> docs/ regenerated"
	exit 0
fi

# Compared with the working tree rather than with git, so the check also holds
# before a commit and never modifies files.
stale=0
if ! diff -r -u docs "$out" >"$work/docs.diff" 2>&1; then
	echo "docs/ is stale: run 'make generate' and commit the result. Differences:" >&2
	head -n 60 "$work/docs.diff" >&2
	stale=1
fi
if ! terraform fmt -check -recursive -diff examples/ >&2; then
	echo "examples/ is not formatted: run 'make generate' (terraform fmt)." >&2
	stale=1
fi
# What the templates cannot include, the README copies: the CLI versions note
# (on every page through the templates) and the dev_overrides block must be the
# same everywhere.
note=$(grep -m 1 '^\*\*CLI versions:\*\*' templates/index.md.tmpl)
for page in README.md $(find "$out" -name '*.md' ! -path '*/guides/*'); do
	if ! grep -qF -- "$note" "$page"; then
		echo "${page#"$work/validate/"} lacks the CLI versions note of templates/index.md.tmpl, word for word" >&2
		stale=1
	fi
done
if [[ $(<README.md) != *"$(<examples/provider/dev-overrides.tfrc)"* ]]; then
	echo "README.md lacks examples/provider/dev-overrides.tfrc, word for word" >&2
	stale=1
fi
if ((stale)); then
	exit 1
fi
echo "==> docs/ is up to date and valid"
