package accesskey

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

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
