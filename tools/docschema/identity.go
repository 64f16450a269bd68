package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/webcore/terraform-provider-webcore/internal/provider"
)

// identitySchemasKey is where `providers schema -json` keeps resource
// identity schemas: from Terraform 1.12 on. The docs are exported with an
// older CLI (1.11), which leaves them out.
const identitySchemasKey = "resource_identity_schemas"

// addIdentitySchemas gives the provider's schema the resource identity
// schemas it lacks, asked of the provider itself, served in process, in the
// form Terraform 1.12 prints them, so that tfplugindocs renders each
// resource's identity import example and identity schema.
func addIdentitySchemas(ctx context.Context, providerSchema map[string]json.RawMessage) error {
	if _, ok := providerSchema[identitySchemasKey]; ok {
		return nil
	}
	server := providerserver.NewProtocol6(provider.New("docs")())()
	resp, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return err
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return fmt.Errorf("identity schemas: %s: %s", d.Summary, d.Detail)
		}
	}
	type attribute struct {
		Type              json.RawMessage `json:"type"`
		Description       string          `json:"description,omitempty"`
		RequiredForImport bool            `json:"required_for_import,omitempty"`
		OptionalForImport bool            `json:"optional_for_import,omitempty"`
	}
	type identitySchema struct {
		Version    int64                `json:"version"`
		Attributes map[string]attribute `json:"attributes"`
	}
	schemas := map[string]identitySchema{}
	for typeName, s := range resp.IdentitySchemas {
		attributes := map[string]attribute{}
		for _, a := range s.IdentityAttributes {
			typ, err := a.Type.MarshalJSON() //nolint:staticcheck // the type encoding of Terraform's own schema JSON; tftypes has no other public encoder
			if err != nil {
				return fmt.Errorf("%s.%s: %w", typeName, a.Name, err)
			}
			attributes[a.Name] = attribute{
				Type: typ, Description: a.Description,
				RequiredForImport: a.RequiredForImport, OptionalForImport: a.OptionalForImport,
			}
		}
		schemas[typeName] = identitySchema{Version: s.Version, Attributes: attributes}
	}
	encoded, err := json.Marshal(schemas)
	if err != nil {
		return err
	}
	providerSchema[identitySchemasKey] = encoded
	return nil
}
