package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// A schema from a CLI before Terraform 1.12 has no identity schemas: the
// provider's own are added, and split like the others.
func TestSplitAddsIdentitySchemas(t *testing.T) {
	withoutIdentities := strings.Replace(sample, `,
      "resource_identity_schemas": {"webcore_user": {"version": 0}}`, "", 1)
	files, err := split([]byte(withoutIdentities), "registry.terraform.io/webcore/webcore", "webcore", "webscale")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := typeNames(t, files["webcore.json"], "webcore", identitySchemasKey), []string{"webcore_user", "webcore_virtual_server"}; !slices.Equal(got, want) {
		t.Errorf("webcore.json identities %v, want %v", got, want)
	}
	if got, want := typeNames(t, files["webscale.json"], "webscale", identitySchemasKey), []string{"webscale_access_key"}; !slices.Equal(got, want) {
		t.Errorf("webscale.json identities %v, want %v", got, want)
	}
	var all struct {
		ProviderSchemas map[string]map[string]json.RawMessage `json:"provider_schemas"`
	}
	if err := json.Unmarshal(files["all.json"], &all); err != nil {
		t.Fatal(err)
	}
	var identities map[string]struct {
		Attributes map[string]struct {
			Type              string `json:"type"`
			RequiredForImport bool   `json:"required_for_import"`
		} `json:"attributes"`
	}
	if err := json.Unmarshal(all.ProviderSchemas["webcore"][identitySchemasKey], &identities); err != nil {
		t.Fatal(err)
	}
	id := identities["webcore_user"].Attributes["id"]
	if id.Type != "string" || !id.RequiredForImport {
		t.Errorf("webcore_user identity id = %+v, want a string required for import", id)
	}
}
