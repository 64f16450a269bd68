// Package role implements the webcore_role data source: one role of the
// control panel, found by its label, so that a user's role_ids need no ids
// written by hand.
package role

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/lookup"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

// TypeName is the data source's type name.
const TypeName = "webcore_role"

var (
	_ datasource.DataSource              = (*roleDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*roleDataSource)(nil)
)

// roleDataSource reads one webcore_role.
type roleDataSource struct {
	clients *providerdata.Clients
}

// NewDataSource returns the webcore_role data source.
func NewDataSource() datasource.DataSource { return &roleDataSource{} }

// Metadata implements datasource.DataSource.
func (d *roleDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = TypeName
}

// Schema implements datasource.DataSource.
func (d *roleDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dataSourceSchema()
}

// Configure implements datasource.DataSourceWithConfigure.
func (d *roleDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Read implements datasource.DataSource: it lists the roles (GET
// /roles.json, one list shared by the data sources of a plan) and keeps the
// one with the label; none or several is an error that lists the candidates.
func (d *roleDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m dataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	webcore, diags := d.clients.Webcore()
	resp.Diagnostics.Append(diags...)
	filter, diags := m.ToReadRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	all, err := d.clients.Roles().List(ctx, webcore.ListRoles)
	if err != nil {
		apidiag.Append(&resp.Diagnostics, "listing roles", err, nil)
		return
	}
	r, ok := roles.One(&resp.Diagnostics, path.Root("label"), lookup.Condition("label", &filter.Label), filter.matching(all), all)
	if !ok {
		return
	}
	resp.Diagnostics.Append(m.FromAPI(ctx, &r)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
