// Package applogs implements the webscale_app_logs data source: a download
// link for an application's request logs over a time window.
package applogs

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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
func (d *appLogsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	timeFormat := []validator.String{logTimeFormat{}}
	resp.Schema = schema.Schema{
		Description: "A download link for a Webscale application's request logs (newline-delimited JSON, one request per line) " +
			"over a time window. Every read asks for a new link, so values derived from `download_url` change on every plan. The block needs `provider = webcore`, because Terraform would " +
			"otherwise look for a provider named after the `webscale` prefix.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The window the logs cover: `<app_id>/<start>/<end>` with times in RFC 3339 UTC (end empty when open).",
				Computed:    true,
			},
			"app_id": schema.StringAttribute{
				Description: "Id of the application, e.g. `example-app`. An unknown app, or one of another account, is reported as not found.",
				Required:    true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.NoneOf(".", ".."),
					stringvalidator.RegexMatches(noSlash, "must not contain a slash"),
				},
			},
			"start_time": schema.StringAttribute{
				Description: "Start of the window (inclusive): an RFC 3339 timestamp such as `2015-07-31T00:00:00Z`, or the vendor's form " +
					"without an offset such as `2015-07-31T00:00:00`, which means UTC. Sent to the API in whole seconds, rounded down.",
				Required:   true,
				Validators: timeFormat,
			},
			"end_time": schema.StringAttribute{
				Description: "End of the window (exclusive), in the same forms as `start_time`; must be after it. Sent in whole seconds, " +
					"rounded up, so the window still covers what was asked. Defaults to now.",
				Optional:   true,
				Validators: timeFormat,
			},
			"download_url": schema.StringAttribute{
				Description: "Where to download the logs; it works without credentials for 15 minutes, so anyone holding it can " +
					"read the logs. Sensitive.",
				Computed:  true,
				Sensitive: true,
			},
		},
	}
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
	ws, diags := d.clients.Webscale()
	resp.Diagnostics.Append(diags...)
	var m logsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r, diags := m.request()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	url, err := ws.AppLogs(ctx, r.AppID, r.Start, r.End)
	switch {
	case client.IsNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root("app_id"), "App not found",
			fmt.Sprintf("The Webscale API has no application %q visible to this access token: it does not exist, or belongs to another account.", r.AppID))
		return
	case err != nil:
		apidiag.Append(&resp.Diagnostics, fmt.Sprintf("requesting the logs of app %q", r.AppID), err, nil)
		return
	}
	// The URL is a credential: only the window is logged.
	tflog.Debug(ctx, "received a logs download link", map[string]any{"window": r.id()})
	m.setResult(r, url)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
