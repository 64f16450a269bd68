package role

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/lookup"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// dataSourceModel is the configuration and state of a webcore_role. This
// file is the only place where it is converted from client structs.
type dataSourceModel struct {
	ID         types.Int64  `tfsdk:"id"`
	Label      types.String `tfsdk:"label"`
	Identifier types.String `tfsdk:"identifier"`
	System     types.Bool   `tfsdk:"system"`
}

var _ tfmodel.DataSource[client.Role, roleFilter] = (*dataSourceModel)(nil)

// roleFilter is the label the configuration asks for.
type roleFilter struct {
	Label string
}

// ToReadRequest reads the filter from the configuration.
func (m dataSourceModel) ToReadRequest(context.Context) (roleFilter, diag.Diagnostics) {
	return roleFilter{Label: m.Label.ValueString()}, nil
}

// FromAPI copies the role found into m.
func (m *dataSourceModel) FromAPI(_ context.Context, r *client.Role) diag.Diagnostics {
	m.ID = types.Int64Value(r.ID)
	m.Label = types.StringValue(r.Label)
	m.Identifier = types.StringValue(r.Identifier)
	m.System = types.BoolValue(r.System)
	return nil
}

// matching returns the roles with the label, exactly as the control panel
// shows it.
func (f roleFilter) matching(all []client.Role) []client.Role {
	var out []client.Role
	for _, r := range all {
		if r.Label == f.Label {
			out = append(out, r)
		}
	}
	return out
}

// roles is how the errors show a role.
var roles = lookup.Kind[client.Role]{Singular: "role", Plural: "roles", Describe: func(r client.Role) string {
	return fmt.Sprintf("id %d: %q (identifier %q)", r.ID, r.Label, r.Identifier)
}}
