// Package role implements the webcore_role data source: one role of the
// control panel, found by its label, so that a user's role_ids need no ids
// written by hand.
package role

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/lookup"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

// TypeName is the data source's type name.
const TypeName = "webcore_role"

// NewDataSource returns the webcore_role data source: it lists the roles
// (GET /roles.json, one list shared by the data sources of a plan) and keeps
// the one with the label; none or several is an error that lists the
// candidates.
func NewDataSource() datasource.DataSource {
	return lookup.NewDataSource(lookup.Spec[client.Role, client.Role, roleFilter, dataSourceModel]{
		TypeName: TypeName,
		Schema:   dataSourceSchema(),
		List:     lookup.FromWebcore((*providerdata.Clients).Roles, (*client.Webcore).ListRoles, "roles"),
		Choose: func(diags *diag.Diagnostics, f roleFilter, all []client.Role) (client.Role, bool) {
			return roles.One(diags, path.Root("label"), lookup.Condition("label", &f.Label), f.matching(all), all)
		},
	})
}
