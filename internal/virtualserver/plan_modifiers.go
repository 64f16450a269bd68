package virtualserver

import (
	"context"
	"fmt"

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
// after an import for initial_root_password, which the API never returns.
// It also ignores a removal from the configuration, which cannot change a
// built server.
type writeOnce struct{}

func writeOnceString() planmodifier.String { return writeOnce{} }
func writeOnceBool() planmodifier.Bool     { return writeOnce{} }

func (writeOnce) Description(context.Context) string {
	return "Changing this value replaces the virtual server; a value adopted after import or removed from the configuration does not."
}

func (m writeOnce) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

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

// growInPlace plans a disk size change: a larger size is resized in place
// (Update), a smaller one replaces the server — a disk cannot shrink — and
// so does swap for a server built without any (the API has no call that
// adds a disk). Either replacement carries a warning on the attribute,
// because it destroys the server and its data. A size the provider does not
// know yet (unknown, or left out by an API) is planned in place; Update
// refuses a shrink it then meets.
type growInPlace bool

// swap says whether the modifier is swap_disk_size's.
func (m growInPlace) swap() bool { return bool(m) }

func (m growInPlace) Description(context.Context) string {
	return "A larger disk is resized in place; a smaller one replaces the server."
}

func (m growInPlace) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m growInPlace) PlanModifyInt64(_ context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.StateValue.IsNull() || req.StateValue.IsUnknown() ||
		req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	prior, planned := req.StateValue.ValueInt64(), req.PlanValue.ValueInt64()
	var why string
	switch {
	case planned == prior:
		return
	case m.swap() && prior == 0:
		why = fmt.Sprintf("The server was built without swap and the API cannot add a disk to it, so swap_disk_size = %d "+
			"replaces the server.", planned)
	case planned < prior:
		why = fmt.Sprintf("A disk cannot shrink, so %s %d GB → %d GB replaces the server.", req.Path, prior, planned)
	default:
		return // a grow: resized in place
	}
	resp.RequiresReplace = true
	resp.Diagnostics.AddAttributeWarning(req.Path, "The server and its data will be destroyed",
		why+" The replacement destroys the virtual server and every file on its disks, then builds a new one. "+
			"To keep the server, keep the size (disks can only grow in place).")
}

// followsPlacement plans an unconfigured hypervisor_id or
// hypervisor_group_id: the server's current value, so that a migration made
// outside Terraform plans nothing; unless the other placement attribute is
// configured to change, when the migration it asks for may move this one
// too (unknown until it is done). A configured value is migrated to in
// place by Update, never replaced.
type followsPlacement struct {
	other string // the other placement attribute
}

func (followsPlacement) Description(context.Context) string {
	return "Unless configured, keeps the server's placement; a configured change migrates the server in place."
}

func (m followsPlacement) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m followsPlacement) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.ConfigValue.IsNull() {
		return
	}
	var otherConfig, otherPrior types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(m.other), &otherConfig)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(m.other), &otherPrior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !otherConfig.IsNull() && !otherConfig.Equal(otherPrior) {
		return // unknown: the migration decides
	}
	resp.PlanValue = req.StateValue
}

// totalFollowsDisks plans total_disk_size as it is unless a disk size
// changes, when it is known only after the resize.
type totalFollowsDisks struct{}

func (totalFollowsDisks) Description(context.Context) string {
	return "Unchanged unless primary_disk_size or swap_disk_size changes."
}

func (m totalFollowsDisks) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (totalFollowsDisks) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	for _, name := range []string{"primary_disk_size", "swap_disk_size"} {
		var planned, prior types.Int64
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(name), &planned)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(name), &prior)...)
		// An unconfigured swap_disk_size is still unknown here: its own
		// modifier keeps the prior value, so only a known change counts.
		if resp.Diagnostics.HasError() || !planned.IsUnknown() && !planned.Equal(prior) {
			return
		}
	}
	resp.PlanValue = req.StateValue
}
