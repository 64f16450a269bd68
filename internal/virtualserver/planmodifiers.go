package virtualserver

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// writeOnce replaces the server when a build-time argument is changed to
// another value. Unlike RequiresReplace it adopts the configured value
// without replacing when the prior value is unknown to the provider: null
// after an import for initial_root_password, which the API never returns,
// and for a disk size or hypervisor group an API leaves out of its answer
// (the emulator reports them, so there the prior value is the server's and
// this acts as RequiresReplace). It also ignores a removal from the
// configuration, which cannot change a built server.
type writeOnce struct{}

func writeOnceInt64() planmodifier.Int64   { return writeOnce{} }
func writeOnceString() planmodifier.String { return writeOnce{} }
func writeOnceBool() planmodifier.Bool     { return writeOnce{} }

func (writeOnce) Description(context.Context) string {
	return "Changing this value replaces the virtual server; a value adopted after import or removed from the configuration does not."
}

func (m writeOnce) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (writeOnce) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	resp.RequiresReplace = replaceNeeded(req.State, req.StateValue, req.PlanValue)
}

func (writeOnce) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	resp.RequiresReplace = replaceNeeded(req.State, req.StateValue, req.PlanValue)
}

func (writeOnce) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	resp.RequiresReplace = replaceNeeded(req.State, req.StateValue, req.PlanValue)
}

// replaceNeeded is true when both the prior and the planned value are set and
// differ; an unknown planned value counts as a change, as with
// RequiresReplace.
func replaceNeeded(state tfsdk.State, prior, planned attr.Value) bool {
	if state.Raw.IsNull() || prior.IsNull() || planned.IsNull() {
		return false
	}
	return planned.IsUnknown() || !planned.Equal(prior)
}
