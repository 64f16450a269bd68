package accesskey

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

var _ resource.ResourceWithIdentity = (*accessKeyResource)(nil)

// IdentitySchema implements resource.ResourceWithIdentity: the identity is
// { id = "<id>" }, set on create, read and import (see tfmodel.Identity).
func (r *accessKeyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = tfmodel.IdentitySchema("The key's id, the same as `id`.")
}
