package virtualserver

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/lookup"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// DataSourceTypeName is the type name of the data source of one server.
const DataSourceTypeName = "webcore_virtual_server"

// numericID is the form of a server id in a configuration.
var numericID = regexp.MustCompile(`^[1-9][0-9]*$`)

// dataSourceModel is a server as the data sources show it: the resource's
// attributes that the API reports, converted by resourceModel.FromAPI, so
// that a field is converted in one place, plus the owner. It is the
// configuration and state of webcore_virtual_server and an element of
// webcore_virtual_servers.
type dataSourceModel struct {
	ID                types.String `tfsdk:"id"`
	Identifier        types.String `tfsdk:"identifier"`
	Label             types.String `tfsdk:"label"`
	Hostname          types.String `tfsdk:"hostname"`
	TemplateID        types.Int64  `tfsdk:"template_id"`
	Memory            types.Int64  `tfsdk:"memory"`
	CPUs              types.Int64  `tfsdk:"cpus"`
	CPUShares         types.Int64  `tfsdk:"cpu_shares"`
	PrimaryDiskSize   types.Int64  `tfsdk:"primary_disk_size"`
	SwapDiskSize      types.Int64  `tfsdk:"swap_disk_size"`
	HypervisorID      types.Int64  `tfsdk:"hypervisor_id"`
	HypervisorGroupID types.Int64  `tfsdk:"hypervisor_group_id"`
	UserID            types.Int64  `tfsdk:"user_id"`
	RateLimit         types.Int64  `tfsdk:"rate_limit"`
	Domain            types.String `tfsdk:"domain"`
	TimeZone          types.String `tfsdk:"time_zone"`
	Note              types.String `tfsdk:"note"`
	PowerState        types.String `tfsdk:"power_state"`
	Built             types.Bool   `tfsdk:"built"`
	Booted            types.Bool   `tfsdk:"booted"`
	Locked            types.Bool   `tfsdk:"locked"`
	State             types.String `tfsdk:"state"`
	OperatingSystem   types.String `tfsdk:"operating_system"`
	TotalDiskSize     types.Int64  `tfsdk:"total_disk_size"`
	IPAddress         types.String `tfsdk:"ip_address"`
	IPAddresses       types.List   `tfsdk:"ip_addresses"`
	CreatedAt         types.String `tfsdk:"created_at"`
}

var _ tfmodel.DataSource[client.VirtualServer, serverFilter] = (*dataSourceModel)(nil)

// serverFilter is what a webcore_virtual_server configuration asks for: one
// of them.
type serverFilter struct {
	ID                *int64
	Identifier, Label *string
}

// ToReadRequest reads the filter from the configuration.
func (m dataSourceModel) ToReadRequest(context.Context) (serverFilter, diag.Diagnostics) {
	id, diags := lookup.ConfiguredID(DataSourceTypeName, m.ID)
	return serverFilter{ID: id, Identifier: tfmodel.KnownString(m.Identifier), Label: tfmodel.KnownString(m.Label)}, diags
}

// FromAPI copies what the API says of vs into m.
func (m *dataSourceModel) FromAPI(ctx context.Context, vs *client.VirtualServer) diag.Diagnostics {
	var r resourceModel
	diags := r.FromAPI(ctx, vs)
	*m = dataSourceModel{
		ID: r.ID, Identifier: r.Identifier, Label: r.Label, Hostname: r.Hostname, TemplateID: r.TemplateID,
		Memory: r.Memory, CPUs: r.CPUs, CPUShares: r.CPUShares, PrimaryDiskSize: r.PrimaryDiskSize,
		SwapDiskSize: r.SwapDiskSize, HypervisorID: r.HypervisorID, HypervisorGroupID: r.HypervisorGroupID,
		// The resource has no owner yet: the data source converts it itself.
		UserID:    tfmodel.OptionalID(vs.UserID),
		RateLimit: r.RateLimit, Domain: r.Domain, TimeZone: r.TimeZone, Note: r.Note, PowerState: r.PowerState,
		Built: r.Built, Booted: r.Booted, Locked: r.Locked, State: r.State, OperatingSystem: r.OperatingSystem,
		TotalDiskSize: r.TotalDiskSize, IPAddress: r.IPAddress, IPAddresses: r.IPAddresses, CreatedAt: r.CreatedAt,
	}
	return diags
}

// matching returns the servers the filter selects; labels and identifiers
// compare exactly.
func (f serverFilter) matching(all []client.VirtualServer) []client.VirtualServer {
	var out []client.VirtualServer
	for _, vs := range all {
		if f.ID != nil && vs.ID != *f.ID ||
			f.Identifier != nil && vs.Identifier != *f.Identifier ||
			f.Label != nil && vs.Label != *f.Label {
			continue
		}
		out = append(out, vs)
	}
	return out
}

// attribute is the argument the filter came from, for the error, and what
// it asked for.
func (f serverFilter) attribute() (path.Path, string) {
	switch {
	case f.ID != nil:
		return path.Root("id"), fmt.Sprintf("id = %d", *f.ID)
	case f.Identifier != nil:
		return path.Root("identifier"), lookup.Condition("identifier", f.Identifier)
	default:
		return path.Root("label"), lookup.Condition("label", f.Label)
	}
}

// servers is how the errors of the server data sources show a server.
var servers = lookup.Kind[client.VirtualServer]{Singular: "virtual server", Plural: "virtual servers",
	Describe: func(vs client.VirtualServer) string {
		return fmt.Sprintf("id %d: %q (identifier %q, hostname %q, user_id %d)", vs.ID, vs.Label, vs.Identifier, vs.Hostname, vs.UserID)
	}}

// NewDataSource returns the webcore_virtual_server data source: the server
// found in the list of servers the provider's reads share; none or several
// is an error that lists the candidates.
func NewDataSource() datasource.DataSource {
	return lookup.NewDataSource(lookup.Spec[client.VirtualServer, client.VirtualServer, serverFilter, dataSourceModel]{
		TypeName:   DataSourceTypeName,
		Schema:     dataSourceSchema(),
		Validators: dataSourceConfigValidators(),
		List:       listServers,
		Choose: func(diags *diag.Diagnostics, f serverFilter, all []client.VirtualServer) (client.VirtualServer, bool) {
			attr, asked := f.attribute()
			return servers.One(diags, attr, asked, f.matching(all), all)
		},
	})
}

// listServers lists the servers through the list the provider's server
// reads share, so the data sources and reads of a plan cost one list request.
var listServers = lookup.FromWebcore((*providerdata.Clients).Servers, (*client.Webcore).ListVirtualServers, "virtual servers")
