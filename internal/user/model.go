package user

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// resourceModel is the Terraform state and plan of a webcore_user. This file
// is the only place where it is converted from and to client structs.
type resourceModel struct {
	ID         types.String `tfsdk:"id"`
	Identifier types.String `tfsdk:"identifier"`
	Login      types.String `tfsdk:"login"`
	Email      types.String `tfsdk:"email"`
	Password   types.String `tfsdk:"password"`
	// PasswordWO is write-only: null in plan and state, known only from the
	// configuration, which Create and Update copy it from.
	PasswordWO        types.String   `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64    `tfsdk:"password_wo_version"`
	FirstName         types.String   `tfsdk:"first_name"`
	LastName          types.String   `tfsdk:"last_name"`
	RoleIDs           types.Set      `tfsdk:"role_ids"`
	UserGroupID       types.Int64    `tfsdk:"user_group_id"`
	BillingPlanID     types.Int64    `tfsdk:"billing_plan_id"`
	TimeZone          types.String   `tfsdk:"time_zone"`
	Locale            types.String   `tfsdk:"locale"`
	Status            types.String   `tfsdk:"status"`
	CreatedAt         types.String   `tfsdk:"created_at"`
	ActivatedAt       types.String   `tfsdk:"activated_at"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

var _ tfmodel.Resource[resourceModel, client.User, client.UserCreateRequest, client.UserUpdateRequest] = (*resourceModel)(nil)

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

// ToCreateRequest builds the POST body from a plan. Unknown values (the API's
// choice) are not sent.
func (m resourceModel) ToCreateRequest(ctx context.Context) (client.UserCreateRequest, diag.Diagnostics) {
	req := client.UserCreateRequest{
		Login:         m.Login.ValueString(),
		Email:         m.Email.ValueString(),
		Password:      m.password(),
		FirstName:     tfmodel.KnownString(m.FirstName),
		LastName:      tfmodel.KnownString(m.LastName),
		UserGroupID:   tfmodel.KnownInt64(m.UserGroupID),
		BillingPlanID: tfmodel.KnownInt64(m.BillingPlanID),
		TimeZone:      tfmodel.KnownString(m.TimeZone),
		Locale:        tfmodel.KnownString(m.Locale),
		Status:        tfmodel.KnownString(m.Status),
	}
	roles, diags := roleIDs(ctx, m.RoleIDs)
	if roles != nil {
		req.RoleIDs = *roles
	}
	return req, diags
}

// password is the password to create the user with: the write-only one, or
// the one kept in state.
func (m resourceModel) password() string {
	if !m.PasswordWO.IsNull() {
		return m.PasswordWO.ValueString()
	}
	return m.Password.ValueString()
}

// ToUpdateRequest builds the PUT body from what differs between plan and
// prior state; changed is false when nothing the API stores differs (e.g.
// only timeouts changed), so no PUT is needed. Login is never sent:
// changing it replaces the user.
func (m resourceModel) ToUpdateRequest(ctx context.Context, state resourceModel) (client.UserUpdateRequest, bool, diag.Diagnostics) {
	var req client.UserUpdateRequest
	var diags diag.Diagnostics
	req.Email = tfmodel.ChangedString(m.Email, state.Email)
	// The password is write-only in the API: after import the state has none,
	// and then the configured one is sent. A write-only one is sent when its
	// version changes, as Terraform cannot compare it.
	req.Password = tfmodel.ChangedString(m.Password, state.Password)
	if !m.PasswordWOVersion.Equal(state.PasswordWOVersion) && !m.PasswordWO.IsNull() {
		req.Password = tfmodel.KnownString(m.PasswordWO)
	}
	req.FirstName = tfmodel.ChangedString(m.FirstName, state.FirstName)
	req.LastName = tfmodel.ChangedString(m.LastName, state.LastName)
	req.TimeZone = tfmodel.ChangedString(m.TimeZone, state.TimeZone)
	req.Locale = tfmodel.ChangedString(m.Locale, state.Locale)
	req.Status = tfmodel.ChangedString(m.Status, state.Status)
	req.UserGroupID = tfmodel.ChangedInt64(m.UserGroupID, state.UserGroupID)
	req.BillingPlanID = tfmodel.ChangedInt64(m.BillingPlanID, state.BillingPlanID)
	if !m.RoleIDs.Equal(state.RoleIDs) {
		roles, d := roleIDs(ctx, m.RoleIDs)
		diags.Append(d...)
		req.RoleIDs = roles
	}
	return req, req != client.UserUpdateRequest{}, diags
}

// FromAPI copies what the API says about u into m. Password and timeouts
// are not in the API's answer and keep their value.
func (m *resourceModel) FromAPI(ctx context.Context, u *client.User) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(tfmodel.FormatID(u.ID))
	m.Identifier = types.StringValue(u.Identifier)
	m.Login = types.StringValue(u.Login)
	m.Email = types.StringValue(u.Email)
	m.FirstName = types.StringValue(u.FirstName)
	m.LastName = types.StringValue(u.LastName)
	m.UserGroupID = tfmodel.OptionalID(u.UserGroupID)
	m.BillingPlanID = tfmodel.OptionalID(u.BillingPlanID)
	m.TimeZone = types.StringValue(u.TimeZone)
	m.Locale = types.StringValue(u.Locale)
	m.Status = types.StringValue(u.Status)
	m.CreatedAt = tfmodel.Timestamp(u.CreatedAt)
	m.ActivatedAt = tfmodel.Timestamp(u.ActivatedAt)

	// Not nil: no roles is an empty set, not null.
	roles := append([]int64{}, u.RoleIDs...)
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

// rolesToConverge returns the configured roles when the created user's roles
// differ from them, which happens only when the API applied defaults to an
// explicit empty list (omitted from the create body).
func rolesToConverge(ctx context.Context, plan resourceModel, created *client.User, diags *diag.Diagnostics) (*[]int64, bool) {
	want, d := roleIDs(ctx, plan.RoleIDs)
	diags.Append(d...)
	if want == nil {
		return nil, false
	}
	if slices.Equal(*want, slices.Sorted(slices.Values(created.RoleIDs))) {
		return nil, false
	}
	return want, true
}
