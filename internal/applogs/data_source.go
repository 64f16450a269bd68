// Package applogs implements the webscale_app_logs data source: a download
// link for an application's request logs over a time window.
package applogs

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

// TypeName is the data source's type name. It is set explicitly because the
// provider's own type name is webcore.
const TypeName = "webscale_app_logs"

var (
	_ datasource.DataSource                     = (*appLogsDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*appLogsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*appLogsDataSource)(nil)
)

// appLogsDataSource reads one webscale_app_logs.
type appLogsDataSource struct {
	clients *providerdata.Clients
}

// NewDataSource returns the webscale_app_logs data source.
func NewDataSource() datasource.DataSource { return &appLogsDataSource{} }

// Metadata implements datasource.DataSource.
func (d *appLogsDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = TypeName
}

// Schema implements datasource.DataSource.
func (d *appLogsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dataSourceSchema(ctx)
}

// ConfigValidators implements datasource.DataSourceWithConfigValidators.
func (d *appLogsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{endAfterStart{}}
}

// Configure implements datasource.DataSourceWithConfigure.
func (d *appLogsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Read implements datasource.DataSource.
func (d *appLogsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m dataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws, diags := d.clients.Webscale()
	resp.Diagnostics.Append(diags...)
	timeout, diags := m.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	r, diags := m.ToReadRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	link, diags := requestLink(ctx, ws, r)
	resp.Diagnostics.Append(diags...)
	if link == nil {
		return
	}
	resp.Diagnostics.Append(m.FromAPI(ctx, link)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// defaultReadTimeout bounds asking for a link: one request, retried while
// the API is unsteady.
const defaultReadTimeout = 5 * time.Minute

// requestLink asks the API for the window's download link, or says why it
// could not: an unknown app on app_id, any other failure as the API's.
func requestLink(ctx context.Context, ws *client.Webscale, r logsRequest) (*downloadLink, diag.Diagnostics) {
	var diags diag.Diagnostics
	url, err := ws.AppLogs(ctx, r.AppID, r.Start, r.End)
	switch {
	case client.IsNotFound(err):
		diags.AddAttributeError(path.Root("app_id"), "App not found",
			fmt.Sprintf("The Webscale API has no application %q visible to this access token: it does not exist, or belongs to another account.", r.AppID))
		return nil, diags
	case err != nil:
		apidiag.Append(&diags, fmt.Sprintf("requesting the logs of app %q", r.AppID), err, nil)
		return nil, diags
	}
	// The URL is a credential: only the window is logged.
	tflog.Debug(ctx, "received a logs download link", map[string]any{"window": r.id()})
	return &downloadLink{Window: r, URL: url}, diags
}
