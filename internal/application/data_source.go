// Package application implements the webscale_application data source: one
// Webscale application, found by its id or by a host name it serves.
package application

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

// TypeName is the data source's type name. It is set explicitly because the
// provider's own type name is webcore.
const TypeName = "webscale_application"

var (
	_ datasource.DataSource                     = (*applicationDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*applicationDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*applicationDataSource)(nil)
)

// applicationDataSource reads one webscale_application.
type applicationDataSource struct {
	clients *providerdata.Clients
}

// NewDataSource returns the webscale_application data source.
func NewDataSource() datasource.DataSource { return &applicationDataSource{} }

// Metadata implements datasource.DataSource.
func (d *applicationDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = TypeName
}

// Schema implements datasource.DataSource.
func (d *applicationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dataSourceSchema()
}

// ConfigValidators implements datasource.DataSourceWithConfigValidators.
func (d *applicationDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return configValidators()
}

// Configure implements datasource.DataSourceWithConfigure.
func (d *applicationDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Read implements datasource.DataSource: it lists the applications (one
// list shared by the data sources of a plan) and keeps the one asked for;
// none or several is an error that lists the candidates.
func (d *applicationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m dataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws, diags := d.clients.Webscale()
	resp.Diagnostics.Append(diags...)
	filter, diags := m.ToReadRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	all, err := d.clients.Applications().List(ctx, ws.ListApplications)
	if err != nil {
		apidiag.Append(&resp.Diagnostics, "listing applications", err, nil)
		return
	}
	attr := path.Root("id")
	if filter.ID == nil {
		attr = path.Root("alias")
	}
	app, ok := applications.One(&resp.Diagnostics, attr, filter.asked(), filter.matching(all), all)
	if !ok {
		return
	}
	resp.Diagnostics.Append(m.FromAPI(ctx, &app)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
