// Package hypervisor implements the webcore_hypervisor data source: one
// hypervisor of the control panel, found by its label or chosen in a zone,
// so configurations need no hypervisor ids written by hand.
package hypervisor

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

// TypeName is the data source's type name.
const TypeName = "webcore_hypervisor"

var (
	_ datasource.DataSource                     = (*hypervisorDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*hypervisorDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*hypervisorDataSource)(nil)
)

// hypervisorDataSource reads one webcore_hypervisor.
type hypervisorDataSource struct {
	clients *providerdata.Clients
}

// NewDataSource returns the webcore_hypervisor data source.
func NewDataSource() datasource.DataSource { return &hypervisorDataSource{} }

// Metadata implements datasource.DataSource.
func (d *hypervisorDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = TypeName
}

// Schema implements datasource.DataSource.
func (d *hypervisorDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dataSourceSchema()
}

// ConfigValidators implements datasource.DataSourceWithConfigValidators.
func (d *hypervisorDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return configValidators()
}

// Configure implements datasource.DataSourceWithConfigure.
func (d *hypervisorDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Read implements datasource.DataSource: it lists the hypervisors (one list
// shared by the data sources of a plan) and keeps the one the filter
// chooses; none, or several with one label, is an error that lists the
// candidates.
func (d *hypervisorDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
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
	all, err := d.clients.Hypervisors().List(ctx, webcore.ListHypervisors)
	if err != nil {
		apidiag.Append(&resp.Diagnostics, "listing hypervisors", err, nil)
		return
	}
	attr := path.Root("hypervisor_group_id")
	if filter.Label != nil {
		attr = path.Root("label")
	}
	hv, ok := hypervisors.One(&resp.Diagnostics, attr, filter.asked(), filter.choose(filter.matching(all)), all)
	if !ok {
		return
	}
	resp.Diagnostics.Append(m.FromAPI(ctx, &hv)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
