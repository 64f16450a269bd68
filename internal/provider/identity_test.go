package provider_test

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webcore/terraform-provider-webcore/internal/provider"
)

// identityType is the type of every resource identity of the provider.
var identityType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}

// The three resources have the identity { id }, required to import; no
// other object has one. (The CLIs that use identities are tested in each
// object's acceptance tests.)
func TestIdentitySchemas(t *testing.T) {
	server := providerserver.NewProtocol6(provider.New("test")())()
	resp, err := server.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("GetResourceIdentitySchemas: %v %v", err, resp.Diagnostics)
	}
	var names []string
	for name, schema := range resp.IdentitySchemas {
		names = append(names, name)
		if len(schema.IdentityAttributes) != 1 {
			t.Errorf("%s: identity attributes %v, want id alone", name, schema.IdentityAttributes)
			continue
		}
		if a := schema.IdentityAttributes[0]; a.Name != "id" || !a.Type.Equal(tftypes.String) || !a.RequiredForImport {
			t.Errorf("%s: identity attribute %+v, want a string id required for import", name, a)
		}
	}
	slices.Sort(names)
	if want := []string{"webcore_user", "webcore_virtual_server", "webscale_access_key"}; !slices.Equal(names, want) {
		t.Errorf("resources with an identity: %v, want %v", names, want)
	}
}

// An import by identity, or by id, leaves the id in both the state and the
// identity; an identity that is no id of the resource fails the import.
func TestImportSetsIdentity(t *testing.T) {
	ctx := context.Background()
	server := providerserver.NewProtocol6(provider.New("test")())()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	identity := func(id string) *tfprotov6.ResourceIdentityData {
		value, err := tfprotov6.NewDynamicValue(identityType, tftypes.NewValue(identityType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, id)}))
		if err != nil {
			t.Fatal(err)
		}
		return &tfprotov6.ResourceIdentityData{IdentityData: &value}
	}
	for _, tc := range []struct {
		typeName, id string
		identity     *tfprotov6.ResourceIdentityData
		want         string // "" when the import must fail
	}{
		{typeName: "webcore_user", identity: identity("12"), want: "12"},
		{typeName: "webcore_user", id: "12", want: "12"},
		{typeName: "webcore_user", identity: identity("jdoe"), want: ""},
		{typeName: "webscale_access_key", identity: identity("7"), want: "7"},
		{typeName: "webscale_access_key", id: "7", want: "7"},
	} {
		resp, err := server.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: tc.typeName, ID: tc.id, Identity: tc.identity})
		if err != nil {
			t.Fatal(err)
		}
		if tc.want == "" {
			if len(resp.Diagnostics) == 0 {
				t.Errorf("%s: importing a non-numeric identity succeeded", tc.typeName)
			}
			continue
		}
		if len(resp.Diagnostics) > 0 || len(resp.ImportedResources) != 1 {
			t.Fatalf("%s: import %q: %v (%d resources)", tc.typeName, tc.want, resp.Diagnostics, len(resp.ImportedResources))
		}
		imported := resp.ImportedResources[0]
		state, err := imported.State.Unmarshal(schemas.ResourceSchemas[tc.typeName].ValueType())
		if err != nil {
			t.Fatal(err)
		}
		if got := attributeString(t, state, "id"); got != tc.want {
			t.Errorf("%s: state id %q, want %q", tc.typeName, got, tc.want)
		}
		if imported.Identity == nil || imported.Identity.IdentityData == nil {
			t.Errorf("%s: import of %q returned no identity", tc.typeName, tc.want)
			continue
		}
		ident, err := imported.Identity.IdentityData.Unmarshal(identityType)
		if err != nil {
			t.Fatal(err)
		}
		if got := attributeString(t, ident, "id"); got != tc.want {
			t.Errorf("%s: identity id %q, want %q", tc.typeName, got, tc.want)
		}
	}
}

// attributeString is the string attribute name of an object value, "" when null.
func attributeString(t *testing.T, object tftypes.Value, name string) string {
	t.Helper()
	var attributes map[string]tftypes.Value
	if err := object.As(&attributes); err != nil {
		t.Fatal(err)
	}
	var s *string
	if err := attributes[name].As(&s); err != nil {
		t.Fatal(err)
	}
	if s == nil {
		return ""
	}
	return *s
}
