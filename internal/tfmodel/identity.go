package tfmodel

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Identity is the resource identity of every resource of this provider:
// the id the API knows the object by, the same as its `id` attribute.
// Terraform 1.12 and OpenTofu 1.12 keep it in state beside the attributes
// and import by it (`import { identity = { id = "12" } }`); older CLIs
// ignore it.
type Identity struct {
	ID types.String `tfsdk:"id"`
}

// IdentitySchema is the schema of Identity; description says what the id
// is for the resource.
func IdentitySchema(description string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       description,
				RequiredForImport: true,
			},
		},
	}
}

// SetIdentity records id as the identity: on create, as soon as the object
// exists, and on every read and import. The id never changes in place, so
// this never changes an identity already stored.
func SetIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string) diag.Diagnostics {
	if identity == nil { // only in unit tests that call the methods without the framework
		return nil
	}
	return identity.Set(ctx, Identity{ID: types.StringValue(id)})
}

// FillIdentity is SetIdentity for an update, which keeps the identity it
// was planned with: it only fills one the CLI did not send. CLIs before
// Terraform 1.12 and OpenTofu 1.12 never send one, yet the framework fails
// an update that returns none (so does a state written before this provider
// had identities, applied with -refresh=false).
func FillIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string) diag.Diagnostics {
	if identity == nil || !identity.Raw.IsFullyNull() {
		return nil
	}
	return SetIdentity(ctx, identity, id)
}

// ImportID is the id an import names: the import block's `id` (or the
// argument of `terraform import`), or else its `identity`'s id.
func ImportID(ctx context.Context, req resource.ImportStateRequest) (string, diag.Diagnostics) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, nil
	}
	var id types.String
	diags := req.Identity.GetAttribute(ctx, path.Root("id"), &id)
	return id.ValueString(), diags
}
