package main

import (
	"encoding/json"
	"slices"
	"testing"
)

const sample = `{
  "format_version": "1.0",
  "provider_schemas": {
    "registry.terraform.io/webcore/webcore": {
      "provider": {"version": 0, "block": {"description": "config"}},
      "resource_schemas": {
        "webcore_user": {"version": 0, "block": {}},
        "webscale_access_key": {"version": 0, "block": {}}
      },
      "data_source_schemas": {"webscale_app_logs": {"version": 0, "block": {}}},
      "resource_identity_schemas": {"webcore_user": {"version": 0}}
    }
  }
}`

// typeNames decodes one output file and lists the type names under kind.
func typeNames(t *testing.T, file []byte, short, kind string) []string {
	t.Helper()
	var got struct {
		ProviderSchemas map[string]map[string]json.RawMessage `json:"provider_schemas"`
	}
	if err := json.Unmarshal(file, &got); err != nil {
		t.Fatal(err)
	}
	provider, ok := got.ProviderSchemas[short]
	if !ok {
		t.Fatalf("provider not keyed as %q: %s", short, file)
	}
	if _, ok := provider["provider"]; !ok {
		t.Errorf("%s: provider configuration schema missing", short)
	}
	var objects map[string]json.RawMessage
	if raw, ok := provider[kind]; ok {
		if err := json.Unmarshal(raw, &objects); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	for name := range objects {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

func TestSplitPartitionsByPrefix(t *testing.T) {
	files, err := split([]byte(sample), "registry.terraform.io/webcore/webcore", "webcore", "webscale")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file, short, kind string
		want              []string
	}{
		{"all.json", "webcore", "resource_schemas", []string{"webcore_user", "webscale_access_key"}},
		{"all.json", "webcore", "data_source_schemas", []string{"webscale_app_logs"}},
		{"webcore.json", "webcore", "resource_schemas", []string{"webcore_user"}},
		{"webcore.json", "webcore", "data_source_schemas", nil},
		{"webcore.json", "webcore", "resource_identity_schemas", []string{"webcore_user"}},
		{"webscale.json", "webscale", "resource_schemas", []string{"webscale_access_key"}},
		{"webscale.json", "webscale", "data_source_schemas", []string{"webscale_app_logs"}},
		{"webscale.json", "webscale", "resource_identity_schemas", nil},
	} {
		got := typeNames(t, files[tc.file], tc.short, tc.kind)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s %s = %v, want %v", tc.file, tc.kind, got, tc.want)
		}
	}
}

func TestSplitUnknownProvider(t *testing.T) {
	if _, err := split([]byte(sample), "registry.terraform.io/hashicorp/webcore", "webcore", "webscale"); err == nil {
		t.Fatal("want an error for a provider address missing from the schema")
	}
}
