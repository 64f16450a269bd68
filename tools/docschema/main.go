// Command docschema prepares `terraform providers schema -json` output for
// tfplugindocs, which renders only objects named after the provider
// (<provider>_*). The webcore provider also serves webscale_* objects, so the
// schema is split in two, each keyed the way tfplugindocs looks providers up:
//
//	all.json       every object, under the provider's short name (for `tfplugindocs validate`)
//	<name>.json    the provider's own objects (and its configuration schema)
//	<guest>.json   the guest-prefixed objects, presented as if a provider named <guest> served them
//
// It also adds the resource identity schemas an older CLI leaves out (see
// identity.go).
//
// Usage: go run ./tools/docschema -in schema.json -address registry.terraform.io/webcore/webcore \
//
//	-name webcore -guest webscale -out DIR
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	in := flag.String("in", "", "path of the `terraform providers schema -json` output")
	address := flag.String("address", "", "the provider's source address as it appears in the schema, e.g. registry.terraform.io/webcore/webcore")
	name := flag.String("name", "", "the provider's type name, e.g. webcore")
	guest := flag.String("guest", "", "type-name prefix of the objects to split off, e.g. webscale")
	out := flag.String("out", "", "directory to write all.json, <name>.json and <guest>.json into")
	flag.Parse()
	if *in == "" || *address == "" || *name == "" || *guest == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*in, *address, *name, *guest, *out); err != nil {
		fmt.Fprintln(os.Stderr, "docschema:", err)
		os.Exit(1)
	}
}

func run(in, address, name, guest, out string) error {
	data, err := os.ReadFile(in) //nolint:gosec // the schema JSON named by -in (scripts/generate-docs.sh)
	if err != nil {
		return err
	}
	files, err := split(data, address, name, guest)
	if err != nil {
		return err
	}
	for file, content := range files {
		if err := os.WriteFile(filepath.Join(out, file), content, 0o644); err != nil { //nolint:gosec // the provider's public schema for tfplugindocs, in make generate's work directory: no secret
			return err
		}
	}
	return nil
}

// schemaFile is the top level of `terraform providers schema -json`. Provider
// schemas stay raw JSON so that fields this program does not know survive.
type schemaFile struct {
	FormatVersion   string                                `json:"format_version"`
	ProviderSchemas map[string]map[string]json.RawMessage `json:"provider_schemas"`
}

// split returns the three files described in the package comment, by name.
func split(data []byte, address, name, guest string) (map[string][]byte, error) {
	var schemas schemaFile
	if err := json.Unmarshal(data, &schemas); err != nil {
		return nil, fmt.Errorf("decode schema: %w", err)
	}
	provider, ok := schemas.ProviderSchemas[address]
	if !ok {
		return nil, fmt.Errorf("no provider %q in the schema", address)
	}
	if err := addIdentitySchemas(context.Background(), provider); err != nil {
		return nil, err
	}

	own := map[string]json.RawMessage{}
	guests := map[string]json.RawMessage{}
	for key, value := range provider {
		switch {
		case key == "provider":
			// Both renderings need a provider configuration schema.
			own[key], guests[key] = value, value
		case strings.HasSuffix(key, "_schemas"):
			// resource_schemas, data_source_schemas, ephemeral_resource_schemas, ...:
			// maps keyed by full type name.
			mine, theirs, err := partition(value, guest+"_")
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			own[key], guests[key] = mine, theirs
		default:
			// Functions and anything newer are not type-prefixed: they belong to the provider.
			own[key] = value
		}
	}

	// Each file keys its schema by the short name tfplugindocs is given as --provider-name.
	views := map[string]struct {
		short  string
		schema map[string]json.RawMessage
	}{
		"all.json":      {name, provider},
		name + ".json":  {name, own},
		guest + ".json": {guest, guests},
	}
	files := map[string][]byte{}
	for file, view := range views {
		encoded, err := json.MarshalIndent(map[string]any{
			"format_version":   schemas.FormatVersion,
			"provider_schemas": map[string]any{view.short: view.schema},
		}, "", "  ")
		if err != nil {
			return nil, err
		}
		files[file] = encoded
	}
	return files, nil
}

// partition splits a map of schemas keyed by type name into those without and
// those with the prefix.
func partition(raw json.RawMessage, prefix string) (without, with json.RawMessage, err error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, nil, err
	}
	a, b := map[string]json.RawMessage{}, map[string]json.RawMessage{}
	for typeName, schema := range all {
		if strings.HasPrefix(typeName, prefix) {
			b[typeName] = schema
		} else {
			a[typeName] = schema
		}
	}
	if without, err = json.Marshal(a); err != nil {
		return nil, nil, err
	}
	with, err = json.Marshal(b)
	return without, with, err
}
