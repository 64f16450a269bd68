package virtualserver

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// writeOnce replaces the server when a build-time argument is changed to
// another value. Unlike RequiresReplace it adopts the configured value
// without replacing when the prior value is unknown to the provider: null
// after an import for initial_root_password, which the API never returns,
// and for a disk size or hypervisor group an API leaves out of its answer
// (where the API reports them, the prior value is the server's and this
// acts as RequiresReplace). It also ignores a removal from the
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

// bootedFollowsPowerState plans booted on an update instead of "known after
// apply": from the configured power_state, which Update enforces, or, when
// power_state is not configured, as it is (Update leaves the power alone),
// unless queued work on a locked server may still change it.
type bootedFollowsPowerState struct{}

func (bootedFollowsPowerState) Description(context.Context) string {
	return "On update, booted is true exactly when power_state is running."
}

func (m bootedFollowsPowerState) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (bootedFollowsPowerState) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	// The configuration, not the plan: power_state's own modifier may not
	// have run yet.
	var power types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("power_state"), &power)...)
	switch {
	case resp.Diagnostics.HasError() || power.IsUnknown():
	case power.IsNull():
		if unlocked(ctx, req.State, &resp.Diagnostics) {
			resp.PlanValue = req.StateValue
		}
	default:
		resp.PlanValue = types.BoolValue(power.ValueString() == powerRunning)
	}
}

// observedPowerState plans an unconfigured power_state on an update as it
// is, because Update acts on power only when power_state is configured;
// unless the server is locked, when queued work (say a startup begun outside
// Terraform, which Update waits for) may still change it.
type observedPowerState struct{}

func (observedPowerState) Description(context.Context) string {
	return "Unless configured, power_state keeps the server's state on update."
}

func (m observedPowerState) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (observedPowerState) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() || !req.ConfigValue.IsNull() {
		return
	}
	if unlocked(ctx, req.State, &resp.Diagnostics) {
		resp.PlanValue = req.StateValue
	}
}

// unlocked reports whether the prior state says no transaction was queued
// on the server when it was last read.
func unlocked(ctx context.Context, state tfsdk.State, diags *diag.Diagnostics) bool {
	var locked types.Bool
	diags.Append(state.GetAttribute(ctx, path.Root("locked"), &locked)...)
	return !diags.HasError() && !locked.IsUnknown() && !locked.ValueBool()
}

// unlockedAfterUpdate plans locked = false on an update, because Update
// returns only once no transaction is pending or running on the server.
type unlockedAfterUpdate struct{}

func (unlockedAfterUpdate) Description(context.Context) string {
	return "On update, locked is false: the provider waits for the server's transactions."
}

func (m unlockedAfterUpdate) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (unlockedAfterUpdate) PlanModifyBool(_ context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	resp.PlanValue = types.BoolValue(false)
}

// priorUnlessConfigured plans the prior value of a create-time switch
// (build, start) on an update when the configuration leaves it unset,
// instead of the schema default: after an import the state holds what the
// server is, and a default that differs would plan a change for nothing.
type priorUnlessConfigured struct{}

func (priorUnlessConfigured) Description(context.Context) string {
	return "Unless configured, keeps the value the server has."
}

func (m priorUnlessConfigured) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (priorUnlessConfigured) PlanModifyBool(_ context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.ConfigValue.IsNull() || req.StateValue.IsNull() {
		return
	}
	resp.PlanValue = req.StateValue
}
