package accesskey

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// clock is the provider's notion of now for expiry decisions; tests move it
// (see export_test.go) instead of waiting for a key to expire.
var clock atomic.Pointer[func() time.Time]

func now() time.Time {
	if f := clock.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// ModifyPlan implements resource.ResourceWithModifyPlan. It checks at plan
// time that a key about to be created expires in the future, and warns about
// a key that has expired.
//
// An expired key stays in state (the API still lists it) and is not planned
// for replacement or re-creation: the configured expires_at is then in the
// past, so no new key could pass the check above, and every plan, including
// the normal plan Terraform runs before a destroy, would fail. Instead the
// warning asks for a new expires_at, whose change replaces the key and
// deletes the dead one.
func (r *accessKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if !req.State.Raw.IsNull() {
		var stateExpiry timetypes.RFC3339
		var id types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("expires_at"), &stateExpiry)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
		if t, ok := knownTime(stateExpiry); ok && !t.After(now()) {
			resp.Diagnostics.AddAttributeWarning(path.Root("expires_at"), "Access key expired",
				fmt.Sprintf("Access key %s expired at %s and no longer authenticates. Set a new expires_at in the future "+
					"(or remove it) to replace it; the expired key is then deleted.", id.ValueString(), t.UTC().Format(time.RFC3339)))
		}
		return
	}
	var planned timetypes.RFC3339
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("expires_at"), &planned)...)
	if t, ok := knownTime(planned); ok && !t.After(now()) {
		resp.Diagnostics.AddAttributeError(path.Root("expires_at"), "Access key expiry must be in the future",
			fmt.Sprintf("expires_at is %s, which is not in the future (now is %s). Set a later expires_at, "+
				"or none for a key that never expires.", t.UTC().Format(time.RFC3339), now().UTC().Format(time.RFC3339)))
	}
}

// knownTime returns the timestamp of a known, valid value.
func knownTime(v timetypes.RFC3339) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, diags := v.ValueRFC3339Time()
	return t, !diags.HasError()
}

// replaceOnOtherInstant replaces the key when expires_at changes to another
// instant, but not when it is only spelt differently (another offset).
func replaceOnOtherInstant() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = req.PlanValue.IsUnknown() ||
				!sameInstant(req.StateValue.ValueString(), req.StateValue.IsNull(), req.PlanValue.ValueString(), req.PlanValue.IsNull())
		},
		"Changing expires_at to another instant replaces the key; keys cannot be edited.",
		"Changing `expires_at` to another instant replaces the key; keys cannot be edited.",
	)
}

// sameInstant compares two optional RFC 3339 values by the second they name.
// An unparsable value counts as different.
func sameInstant(a string, aNull bool, b string, bNull bool) bool {
	if aNull || bNull {
		return aNull && bNull
	}
	ta, errA := time.Parse(time.RFC3339Nano, a)
	tb, errB := time.Parse(time.RFC3339Nano, b)
	return errA == nil && errB == nil && ta.Truncate(time.Second).Equal(tb.Truncate(time.Second))
}

// keepOnUpdate plans the prior value, null included, for a computed value
// on an in-place update. Unlike UseStateForUnknown it also keeps a null:
// Update only re-spells expires_at and never calls the API, so last_used
// (null until the key is first used) cannot change, and showing it as
// "known after apply" would be noise. A replacement is planned as a create
// (no prior state), where the value stays unknown.
type keepOnUpdate struct{}

func (keepOnUpdate) Description(context.Context) string {
	return "Unchanged by an in-place update."
}

func (m keepOnUpdate) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (keepOnUpdate) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	resp.PlanValue = req.StateValue
}
