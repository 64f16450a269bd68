package user

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// activatedAtUnlessStatusChanges keeps activated_at from state on updates,
// like UseStateForUnknown, except when status changes: activating a user the
// API has never activated sets the time, so it is then "known after apply".
type activatedAtUnlessStatusChanges struct{}

var _ planmodifier.String = activatedAtUnlessStatusChanges{}

// Description implements planmodifier.Describer.
func (activatedAtUnlessStatusChanges) Description(context.Context) string {
	return "The value stays the same unless status changes."
}

// MarkdownDescription implements planmodifier.Describer.
func (m activatedAtUnlessStatusChanges) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

// PlanModifyString implements planmodifier.String.
func (activatedAtUnlessStatusChanges) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	// Nothing to keep on create, and nothing to plan on destroy.
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	if !req.PlanValue.IsUnknown() {
		return
	}
	var configured, planned, prior types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("status"), &configured)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("status"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if configured.IsNull() && prior.ValueString() != statusDeleted {
		planned = prior // statusUnlessConfigured keeps it
	}
	if planned.IsUnknown() || !planned.Equal(prior) {
		return
	}
	resp.PlanValue = req.StateValue
}

// statusUnlessConfigured plans an unconfigured status as the user's own, so
// that a user suspended outside Terraform stays suspended; except a user
// marked deleted, which replaceDeletedUser then replaces (unknown until the
// new user exists).
type statusUnlessConfigured struct{}

// Description implements planmodifier.Describer.
func (statusUnlessConfigured) Description(context.Context) string {
	return "Unless configured, the status stays what the API says."
}

// MarkdownDescription implements planmodifier.Describer.
func (m statusUnlessConfigured) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

// PlanModifyString implements planmodifier.String.
func (statusUnlessConfigured) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.ConfigValue.IsNull() {
		return
	}
	if req.StateValue.ValueString() == statusDeleted {
		resp.PlanValue = types.StringUnknown() // the new user's, after the replacement
		return
	}
	resp.PlanValue = req.StateValue
}

// replaceDeletedUser replaces a user whose state says the API marked it
// deleted: the API cannot undelete it (a PUT answers 403), and the marked
// user keeps its login and email, so only destroying it and creating the
// user again converges.
func replaceDeletedUser() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = req.StateValue.ValueString() == statusDeleted
		},
		"A user marked deleted outside Terraform is replaced.",
		"A user marked `deleted` outside Terraform is replaced.",
	)
}
