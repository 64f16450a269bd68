package virtualserver

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// setPower boots or shuts down vs when the configured power_state differs
// from what the API reports, waits for the power transaction and returns the
// server as it then stands. An unset power_state leaves the server alone.
// "stopped" uses the graceful shutdown, not the hard stop: Terraform should
// not pull the plug on a guest that can close its files.
func setPower(ctx context.Context, api *client.Webcore, vs *client.VirtualServer, want types.String) (*client.VirtualServer, error) {
	if want.IsNull() || want.IsUnknown() || want.ValueString() == powerStateOf(vs) {
		return vs, nil
	}
	action := client.PowerShutdown
	if want.ValueString() == powerRunning {
		action = client.PowerStartup
	}
	id := vs.ID.Int64()
	after, err := api.LatestTransactionID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := api.PowerAction(ctx, id, action); err != nil {
		return nil, err
	}
	if err := api.WaitForTransactions(ctx, id, after); err != nil {
		return nil, err
	}
	return api.GetVirtualServer(ctx, strconv.FormatInt(id, 10))
}

// runningNeedsBuild rejects power_state = "running" with build = false: a
// server that is never built cannot boot.
type runningNeedsBuild struct{}

func (runningNeedsBuild) Description(context.Context) string {
	return `power_state "running" requires build = true`
}

func (v runningNeedsBuild) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (runningNeedsBuild) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var build types.Bool
	var power types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("build"), &build)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("power_state"), &power)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !build.IsNull() && !build.IsUnknown() && !build.ValueBool() && power.ValueString() == powerRunning {
		resp.Diagnostics.AddAttributeError(path.Root("power_state"), "Invalid power_state",
			`power_state = "running" needs build = true: a server that is not built cannot boot.`)
	}
}
