package user

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/lookup"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// DataSourceTypeName is the type name of the data source of one user.
const DataSourceTypeName = "webcore_user"

// dataSourceModel is a user as the data sources show it: the resource's
// attributes that the API reports, converted by resourceModel.FromAPI, so
// that a field is converted in one place. It is the configuration and state
// of webcore_user and an element of webcore_users.
type dataSourceModel struct {
	ID            types.String `tfsdk:"id"`
	Identifier    types.String `tfsdk:"identifier"`
	Login         types.String `tfsdk:"login"`
	Email         types.String `tfsdk:"email"`
	FirstName     types.String `tfsdk:"first_name"`
	LastName      types.String `tfsdk:"last_name"`
	RoleIDs       types.Set    `tfsdk:"role_ids"`
	UserGroupID   types.Int64  `tfsdk:"user_group_id"`
	BillingPlanID types.Int64  `tfsdk:"billing_plan_id"`
	TimeZone      types.String `tfsdk:"time_zone"`
	Locale        types.String `tfsdk:"locale"`
	Status        types.String `tfsdk:"status"`
	CreatedAt     types.String `tfsdk:"created_at"`
	ActivatedAt   types.String `tfsdk:"activated_at"`
}

var _ tfmodel.DataSource[client.User, userFilter] = (*dataSourceModel)(nil)

// userFilter is what a webcore_user configuration asks for: one of them.
type userFilter struct {
	ID           *int64
	Login, Email *string
}

// ToReadRequest reads the filter from the configuration.
func (m dataSourceModel) ToReadRequest(context.Context) (userFilter, diag.Diagnostics) {
	id, diags := lookup.ConfiguredID(DataSourceTypeName, m.ID)
	return userFilter{ID: id, Login: tfmodel.KnownString(m.Login), Email: tfmodel.KnownString(m.Email)}, diags
}

// FromAPI copies what the API says of u into m.
func (m *dataSourceModel) FromAPI(ctx context.Context, u *client.User) diag.Diagnostics {
	var r resourceModel
	diags := r.FromAPI(ctx, u)
	*m = dataSourceModel{
		ID: r.ID, Identifier: r.Identifier, Login: r.Login, Email: r.Email, FirstName: r.FirstName, LastName: r.LastName,
		RoleIDs: r.RoleIDs, UserGroupID: r.UserGroupID, BillingPlanID: r.BillingPlanID, TimeZone: r.TimeZone,
		Locale: r.Locale, Status: r.Status, CreatedAt: r.CreatedAt, ActivatedAt: r.ActivatedAt,
	}
	return diags
}

// matching returns the users the filter selects; login and email ignore
// case, as the API's uniqueness does.
func (f userFilter) matching(users []client.User) []client.User {
	var out []client.User
	for _, u := range users {
		if f.ID != nil && u.ID != *f.ID ||
			f.Login != nil && !strings.EqualFold(u.Login, *f.Login) ||
			f.Email != nil && !strings.EqualFold(u.Email, *f.Email) {
			continue
		}
		out = append(out, u)
	}
	return out
}

// attribute is the argument the filter came from, for the error, and what
// it asked for.
func (f userFilter) attribute() (path.Path, string) {
	switch {
	case f.ID != nil:
		return path.Root("id"), fmt.Sprintf("id = %d", *f.ID)
	case f.Login != nil:
		return path.Root("login"), lookup.Condition("login", f.Login)
	default:
		return path.Root("email"), lookup.Condition("email", f.Email)
	}
}

// users is how the errors of the user data sources show a user.
var users = lookup.Kind[client.User]{Singular: "user", Plural: "users", Describe: func(u client.User) string {
	return fmt.Sprintf("id %d: %q (email %q, status %q)", u.ID, u.Login, u.Email, u.Status)
}}

// NewDataSource returns the webcore_user data source: the user found in the
// list of users the provider's reads share; none is an error that lists
// the users.
func NewDataSource() datasource.DataSource {
	return lookup.NewDataSource(lookup.Spec[client.User, client.User, userFilter, dataSourceModel]{
		TypeName:   DataSourceTypeName,
		Schema:     dataSourceSchema(),
		Validators: dataSourceConfigValidators(),
		List:       listUsers,
		Choose: func(diags *diag.Diagnostics, f userFilter, all []client.User) (client.User, bool) {
			attr, asked := f.attribute()
			return users.One(diags, attr, asked, f.matching(all), all)
		},
	})
}

// listUsers lists the users through the list the provider's user reads
// share, so the data sources and reads of a plan cost one list request.
var listUsers = lookup.FromWebcore((*providerdata.Clients).Users, (*client.Webcore).ListUsers, "users")
