package virtualserver

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

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
