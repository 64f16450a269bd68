package user

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/lookup"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// ListDataSourceTypeName is the type name of the data source of many users.
const ListDataSourceTypeName = "webcore_users"

// listDataSourceModel is the configuration and state of webcore_users.
type listDataSourceModel struct {
	Status      types.String      `tfsdk:"status"`
	LoginPrefix types.String      `tfsdk:"login_prefix"`
	IDs         []types.String    `tfsdk:"ids"`
	Users       []dataSourceModel `tfsdk:"users"`
}

var _ tfmodel.DataSource[[]client.User, usersFilter] = (*listDataSourceModel)(nil)

// usersFilter is what a webcore_users configuration asks for; nil matches
// every user.
type usersFilter struct {
	Status, LoginPrefix *string
}

// ToReadRequest reads the filter from the configuration.
func (m listDataSourceModel) ToReadRequest(context.Context) (usersFilter, diag.Diagnostics) {
	return usersFilter{Status: tfmodel.KnownString(m.Status), LoginPrefix: tfmodel.KnownString(m.LoginPrefix)}, nil
}

// FromAPI sets the users found, in ascending id order.
func (m *listDataSourceModel) FromAPI(ctx context.Context, found *[]client.User) diag.Diagnostics {
	var diags diag.Diagnostics
	sorted := slices.SortedFunc(slices.Values(*found), func(a, b client.User) int { return cmp.Compare(a.ID, b.ID) })
	m.IDs, m.Users = make([]types.String, 0, len(sorted)), make([]dataSourceModel, len(sorted))
	for i := range sorted {
		diags.Append(m.Users[i].FromAPI(ctx, &sorted[i])...)
		m.IDs = append(m.IDs, m.Users[i].ID)
	}
	return diags
}

// matching returns the users the filter selects.
func (f usersFilter) matching(all []client.User) []client.User {
	var out []client.User
	for _, u := range all {
		if f.Status != nil && u.Status != *f.Status ||
			f.LoginPrefix != nil && !strings.HasPrefix(strings.ToLower(u.Login), strings.ToLower(*f.LoginPrefix)) {
			continue
		}
		out = append(out, u)
	}
	return out
}

// NewListDataSource returns the webcore_users data source: the shared list
// of users, filtered. No match is an empty list, not an error.
func NewListDataSource() datasource.DataSource {
	return lookup.NewDataSource(lookup.Spec[client.User, []client.User, usersFilter, listDataSourceModel]{
		TypeName: ListDataSourceTypeName,
		Schema:   listDataSourceSchema(),
		List:     listUsers,
		Choose: func(_ *diag.Diagnostics, f usersFilter, all []client.User) ([]client.User, bool) {
			return f.matching(all), true
		},
	})
}
