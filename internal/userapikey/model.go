package userapikey

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// resourceModel is the Terraform state and plan of a webcore_user_api_key.
// This file is the only place where it is converted from and to client
// values.
type resourceModel struct {
	ID       types.String   `tfsdk:"id"`
	UserID   types.Int64    `tfsdk:"user_id"`
	Keepers  types.Map      `tfsdk:"keepers"`
	APIKey   types.String   `tfsdk:"api_key"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// A key cannot be edited, only generated again: there is no update request.
// The create request is the id of the user whose key is generated.
var _ tfmodel.ReplacedResource[client.User, int64] = (*resourceModel)(nil)

// ToCreateRequest is the id of the user whose key is generated.
func (m resourceModel) ToCreateRequest(context.Context) (int64, diag.Diagnostics) {
	return m.UserID.ValueInt64(), nil
}

// FromAPI copies what the API reports about the key's user. The key itself
// is never in the API's answers after it is generated, so it is left as is.
func (m *resourceModel) FromAPI(_ context.Context, u *client.User) diag.Diagnostics {
	m.ID = types.StringValue(tfmodel.FormatID(u.ID))
	m.UserID = types.Int64Value(u.ID)
	return nil
}
