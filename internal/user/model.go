package user

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// userModel is the Terraform state and plan of a webcore_user.
type userModel struct {
	ID            types.String   `tfsdk:"id"`
	Identifier    types.String   `tfsdk:"identifier"`
	Login         types.String   `tfsdk:"login"`
	Email         types.String   `tfsdk:"email"`
	Password      types.String   `tfsdk:"password"`
	FirstName     types.String   `tfsdk:"first_name"`
	LastName      types.String   `tfsdk:"last_name"`
	RoleIDs       types.Set      `tfsdk:"role_ids"`
	UserGroupID   types.Int64    `tfsdk:"user_group_id"`
	BillingPlanID types.Int64    `tfsdk:"billing_plan_id"`
	TimeZone      types.String   `tfsdk:"time_zone"`
	Locale        types.String   `tfsdk:"locale"`
	Status        types.String   `tfsdk:"status"`
	CreatedAt     types.String   `tfsdk:"created_at"`
	ActivatedAt   types.String   `tfsdk:"activated_at"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

// fieldPaths maps the API's 422 field names to this resource's attributes.
var fieldPaths = apidiag.FieldPaths{
	"login":           path.Root("login"),
	"email":           path.Root("email"),
	"password":        path.Root("password"),
	"first_name":      path.Root("first_name"),
	"last_name":       path.Root("last_name"),
	"role_ids":        path.Root("role_ids"),
	"user_group_id":   path.Root("user_group_id"),
	"billing_plan_id": path.Root("billing_plan_id"),
	"time_zone":       path.Root("time_zone"),
	"locale":          path.Root("locale"),
	"status":          path.Root("status"),
}

// parseID reads the numeric user id kept in state or given to import.
func parseID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("a webcore_user id is the user's numeric id (a positive whole number such as 12), got %q", id)
	}
	return n, nil
}

// createRequest builds the POST body from a plan. Unknown values (the API's
// choice) are not sent.
func (m userModel) createRequest(ctx context.Context) (client.UserCreateRequest, diag.Diagnostics) {
	req := client.UserCreateRequest{
		Login:         m.Login.ValueString(),
		Email:         m.Email.ValueString(),
		Password:      m.Password.ValueString(),
		FirstName:     knownString(m.FirstName),
		LastName:      knownString(m.LastName),
		UserGroupID:   knownInt64(m.UserGroupID),
		BillingPlanID: knownInt64(m.BillingPlanID),
		TimeZone:      knownString(m.TimeZone),
		Locale:        knownString(m.Locale),
		Status:        knownString(m.Status),
	}
	roles, diags := roleIDs(ctx, m.RoleIDs)
	if roles != nil {
		req.RoleIDs = *roles
	}
	return req, diags
}

// updateRequest builds the PUT body from what differs between plan and
// state; changed is false when nothing the API stores differs (e.g. only
// timeouts changed), so no PUT is needed. Login is never sent: changing it
// replaces the user.
func (m userModel) updateRequest(ctx context.Context, state userModel) (req client.UserUpdateRequest, changed bool, diags diag.Diagnostics) {
	str := func(plan, prior types.String) *string {
		if plan.IsUnknown() || plan.IsNull() || plan.Equal(prior) {
			return nil
		}
		changed = true
		return plan.ValueStringPointer()
	}
	num := func(plan, prior types.Int64) *int64 {
		if plan.IsUnknown() || plan.IsNull() || plan.Equal(prior) {
			return nil
		}
		changed = true
		return plan.ValueInt64Pointer()
	}
	req.Email = str(m.Email, state.Email)
	// The password is write-only in the API: after import the state has none,
	// and then the configured one is sent.
	req.Password = str(m.Password, state.Password)
	req.FirstName = str(m.FirstName, state.FirstName)
	req.LastName = str(m.LastName, state.LastName)
	req.TimeZone = str(m.TimeZone, state.TimeZone)
	req.Locale = str(m.Locale, state.Locale)
	req.Status = str(m.Status, state.Status)
	req.UserGroupID = num(m.UserGroupID, state.UserGroupID)
	req.BillingPlanID = num(m.BillingPlanID, state.BillingPlanID)
	if !m.RoleIDs.Equal(state.RoleIDs) {
		roles, d := roleIDs(ctx, m.RoleIDs)
		diags.Append(d...)
		if roles != nil {
			req.RoleIDs = roles
			changed = true
		}
	}
	return req, changed, diags
}

// applyAPI copies what the API says about u into m. Password and timeouts
// are not in the API's answer and keep their value.
func (m *userModel) applyAPI(ctx context.Context, u *client.User) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(formatID(u.ID.Int64()))
	m.Identifier = types.StringValue(u.Identifier.String())
	m.Login = types.StringValue(u.Login.String())
	m.Email = types.StringValue(u.Email.String())
	m.FirstName = types.StringValue(u.FirstName.String())
	m.LastName = types.StringValue(u.LastName.String())
	m.UserGroupID = optionalID(u.UserGroupID)
	m.BillingPlanID = optionalID(u.BillingPlanID)
	m.TimeZone = types.StringValue(u.TimeZone.String())
	m.Locale = types.StringValue(u.Locale.String())
	m.Status = types.StringValue(u.Status.String())
	m.CreatedAt = timestamp(u.CreatedAt)
	m.ActivatedAt = timestamp(u.ActivatedAt)

	roles := make([]int64, 0, len(u.RoleIDs))
	for _, r := range u.RoleIDs {
		roles = append(roles, r.Int64())
	}
	slices.Sort(roles)
	roleSet, d := types.SetValueFrom(ctx, types.Int64Type, roles)
	diags.Append(d...)
	m.RoleIDs = roleSet
	return diags
}

// roleIDs returns the ids in a known set, or nil when the set is null or
// unknown (the API's choice).
func roleIDs(ctx context.Context, set types.Set) (*[]int64, diag.Diagnostics) {
	if set.IsNull() || set.IsUnknown() {
		return nil, nil
	}
	ids := make([]int64, 0, len(set.Elements()))
	diags := set.ElementsAs(ctx, &ids, false)
	slices.Sort(ids) // stable request bodies
	return &ids, diags
}

// knownString is nil for a null or unknown value: the field is not sent.
func knownString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueStringPointer()
}

// knownInt64 is nil for a null or unknown value: the field is not sent.
func knownInt64(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueInt64Pointer()
}

// optionalID is null for the API's 0/null ("none").
func optionalID(id client.FlexInt) types.Int64 {
	if id == 0 {
		return types.Int64Null()
	}
	return types.Int64Value(id.Int64())
}

// timestamp renders an API time as RFC 3339 UTC, null when the API has none.
func timestamp(t client.FlexTime) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// formatID is the state form of a user id.
func formatID(id int64) string { return strconv.FormatInt(id, 10) }

// rolesToConverge returns the configured roles when the created user's roles
// differ from them, which happens only when the API applied defaults to an
// explicit empty list (omitted from the create body).
func rolesToConverge(ctx context.Context, plan userModel, created *client.User, diags *diag.Diagnostics) (*[]int64, bool) {
	want, d := roleIDs(ctx, plan.RoleIDs)
	diags.Append(d...)
	if want == nil {
		return nil, false
	}
	got := make([]int64, 0, len(created.RoleIDs))
	for _, r := range created.RoleIDs {
		got = append(got, r.Int64())
	}
	slices.Sort(got)
	if slices.Equal(*want, got) {
		return nil, false
	}
	return want, true
}
