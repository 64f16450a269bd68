package virtualserver

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

var _ resource.ResourceWithIdentity = (*virtualServerResource)(nil)

// IdentitySchema implements resource.ResourceWithIdentity: the identity is
// { id = "<id>" }, set on create, read and import (see tfmodel.Identity).
func (r *virtualServerResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = tfmodel.IdentitySchema("The server's numeric id, the same as `id`. (Import by `identifier` with an import block's `id` instead.)")
}
