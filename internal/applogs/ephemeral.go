package applogs

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"

	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

var (
	_ ephemeral.EphemeralResource                     = (*appLogsEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithConfigure        = (*appLogsEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithConfigValidators = (*appLogsEphemeral)(nil)
)

// appLogsEphemeral is the ephemeral webscale_app_logs: the data source's
// link, asked for on every run and never stored.
type appLogsEphemeral struct {
	clients *providerdata.Clients
}

// NewEphemeralResource returns the ephemeral webscale_app_logs.
func NewEphemeralResource() ephemeral.EphemeralResource { return &appLogsEphemeral{} }

// Metadata implements ephemeral.EphemeralResource.
func (e *appLogsEphemeral) Metadata(_ context.Context, _ ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = TypeName
}

// Schema implements ephemeral.EphemeralResource.
func (e *appLogsEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = ephemeralSchema()
}

// ConfigValidators implements ephemeral.EphemeralResourceWithConfigValidators.
func (e *appLogsEphemeral) ConfigValidators(context.Context) []ephemeral.ConfigValidator {
	return []ephemeral.ConfigValidator{endAfterStart{}}
}

// Configure implements ephemeral.EphemeralResourceWithConfigure.
func (e *appLogsEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Open implements ephemeral.EphemeralResource: it asks for the link, as the
// data source's Read does.
func (e *appLogsEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m ephemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws, diags := e.clients.Webscale()
	resp.Diagnostics.Append(diags...)
	r, diags := m.ToReadRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	link, diags := requestLink(ctx, ws, r)
	resp.Diagnostics.Append(diags...)
	if link == nil {
		return
	}
	resp.Diagnostics.Append(m.FromAPI(ctx, link)...)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
