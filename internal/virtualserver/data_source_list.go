package virtualserver

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

// ListDataSourceTypeName is the type name of the data source of many servers.
const ListDataSourceTypeName = "webcore_virtual_servers"

// listDataSourceModel is the configuration and state of webcore_virtual_servers.
type listDataSourceModel struct {
	UserID         types.Int64       `tfsdk:"user_id"`
	LabelPrefix    types.String      `tfsdk:"label_prefix"`
	IDs            []types.String    `tfsdk:"ids"`
	VirtualServers []dataSourceModel `tfsdk:"virtual_servers"`
}

var _ tfmodel.DataSource[[]client.VirtualServer, serversFilter] = (*listDataSourceModel)(nil)

// serversFilter is what a webcore_virtual_servers configuration asks for;
// nil matches every server.
type serversFilter struct {
	UserID      *int64
	LabelPrefix *string
}

// ToReadRequest reads the filter from the configuration.
func (m listDataSourceModel) ToReadRequest(context.Context) (serversFilter, diag.Diagnostics) {
	return serversFilter{UserID: tfmodel.KnownInt64(m.UserID), LabelPrefix: tfmodel.KnownString(m.LabelPrefix)}, nil
}

// FromAPI sets the servers found, in ascending id order.
func (m *listDataSourceModel) FromAPI(ctx context.Context, found *[]client.VirtualServer) diag.Diagnostics {
	var diags diag.Diagnostics
	sorted := slices.SortedFunc(slices.Values(*found), func(a, b client.VirtualServer) int { return cmp.Compare(a.ID, b.ID) })
	m.IDs, m.VirtualServers = make([]types.String, 0, len(sorted)), make([]dataSourceModel, len(sorted))
	for i := range sorted {
		diags.Append(m.VirtualServers[i].FromAPI(ctx, &sorted[i])...)
		m.IDs = append(m.IDs, m.VirtualServers[i].ID)
	}
	return diags
}

// matching returns the servers the filter selects.
func (f serversFilter) matching(all []client.VirtualServer) []client.VirtualServer {
	var out []client.VirtualServer
	for _, vs := range all {
		if f.UserID != nil && vs.UserID != *f.UserID ||
			f.LabelPrefix != nil && !strings.HasPrefix(vs.Label, *f.LabelPrefix) {
			continue
		}
		out = append(out, vs)
	}
	return out
}

// NewListDataSource returns the webcore_virtual_servers data source: the
// shared list of servers, filtered. No match is an empty list, not an error.
func NewListDataSource() datasource.DataSource {
	return lookup.NewDataSource(lookup.Spec[client.VirtualServer, []client.VirtualServer, serversFilter, listDataSourceModel]{
		TypeName: ListDataSourceTypeName,
		Schema:   listDataSourceSchema(),
		List:     listServers,
		Choose: func(_ *diag.Diagnostics, f serversFilter, all []client.VirtualServer) ([]client.VirtualServer, bool) {
			return f.matching(all), true
		},
	})
}
