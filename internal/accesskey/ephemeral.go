package accesskey

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

var (
	_ ephemeral.EphemeralResource              = (*accessKeyEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*accessKeyEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithClose     = (*accessKeyEphemeral)(nil)
)

// accessKeyEphemeral is the ephemeral webscale_access_key: a key that
// exists while Terraform runs. Opening it creates a key that expires after
// ttl; closing it deletes the key; its secret never reaches state or plan.
type accessKeyEphemeral struct {
	clients *providerdata.Clients
}

// NewEphemeralResource returns the ephemeral webscale_access_key.
func NewEphemeralResource() ephemeral.EphemeralResource { return &accessKeyEphemeral{} }

// privateKeyID is where Open leaves the key's id for Close.
const privateKeyID = "key_id"

// Metadata implements ephemeral.EphemeralResource.
func (e *accessKeyEphemeral) Metadata(_ context.Context, _ ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = TypeName
}

// Schema implements ephemeral.EphemeralResource.
func (e *accessKeyEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = ephemeralSchema()
}

// Configure implements ephemeral.EphemeralResourceWithConfigure.
func (e *accessKeyEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Open implements ephemeral.EphemeralResource: it creates a key expiring
// after ttl, the same way the managed resource does (a lost answer leaves
// no key behind), and hands back its secret.
func (e *accessKeyEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m ephemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws, diags := e.clients.Webscale()
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(m.setExpiry(e.clients.Now())...)
	cfg, diags := m.ToCreateRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	created := createKey(ctx, ws, e.clients.AccessKeys(), cfg, &resp.Diagnostics)
	if created == nil {
		return
	}
	resp.Diagnostics.Append(m.FromAPI(ctx, created)...)
	id, _ := json.Marshal(created.ID())
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateKeyID, id)...)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
	tflog.Debug(ctx, "opened an ephemeral access key", map[string]any{"id": created.ID(), "expires_at": m.ExpiresAt.ValueString()})
}

// Close implements ephemeral.EphemeralResourceWithClose: it deletes the key.
func (e *accessKeyEphemeral) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	raw, diags := req.Private.GetKey(ctx, privateKeyID)
	resp.Diagnostics.Append(diags...)
	var id string
	if err := json.Unmarshal(raw, &id); err != nil || id == "" {
		resp.Diagnostics.AddError("Error closing access key", "The id of the key to delete was lost. This is a bug in the provider; please report it.")
		return
	}
	ws, diags := e.clients.Webscale()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, closeTimeout)
	defer cancel()
	resp.Diagnostics.Append(deleteKey(ctx, ws, e.clients.AccessKeys(), id)...)
}

// closeTimeout bounds deleting an ephemeral key, which has no timeouts of
// its own: Terraform waits for Close before it ends the run.
const closeTimeout = 5 * time.Minute
