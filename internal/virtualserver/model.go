package virtualserver

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// resourceModel is the Terraform state and plan of a webcore_virtual_server. This file is the
// only place where it is converted from and to client structs.
type resourceModel struct {
	ID                  types.String `tfsdk:"id"`
	Identifier          types.String `tfsdk:"identifier"`
	Label               types.String `tfsdk:"label"`
	Hostname            types.String `tfsdk:"hostname"`
	TemplateID          types.Int64  `tfsdk:"template_id"`
	Memory              types.Int64  `tfsdk:"memory"`
	CPUs                types.Int64  `tfsdk:"cpus"`
	CPUShares           types.Int64  `tfsdk:"cpu_shares"`
	PrimaryDiskSize     types.Int64  `tfsdk:"primary_disk_size"`
	SwapDiskSize        types.Int64  `tfsdk:"swap_disk_size"`
	InitialRootPassword types.String `tfsdk:"initial_root_password"`
	// InitialRootPasswordWO is write-only: null in plan and state, known only
	// from the configuration, which Create copies it from.
	InitialRootPasswordWO  types.String   `tfsdk:"initial_root_password_wo"`
	HypervisorID           types.Int64    `tfsdk:"hypervisor_id"`
	HypervisorGroupID      types.Int64    `tfsdk:"hypervisor_group_id"`
	UserID                 types.Int64    `tfsdk:"user_id"`
	DeleteBackupsOnDestroy types.Bool     `tfsdk:"delete_backups_on_destroy"`
	RateLimit              types.Int64    `tfsdk:"rate_limit"`
	Domain                 types.String   `tfsdk:"domain"`
	TimeZone               types.String   `tfsdk:"time_zone"`
	Note                   types.String   `tfsdk:"note"`
	Build                  types.Bool     `tfsdk:"build"`
	Start                  types.Bool     `tfsdk:"start"`
	PowerState             types.String   `tfsdk:"power_state"`
	Built                  types.Bool     `tfsdk:"built"`
	Booted                 types.Bool     `tfsdk:"booted"`
	Locked                 types.Bool     `tfsdk:"locked"`
	State                  types.String   `tfsdk:"state"`
	OperatingSystem        types.String   `tfsdk:"operating_system"`
	TotalDiskSize          types.Int64    `tfsdk:"total_disk_size"`
	IPAddress              types.String   `tfsdk:"ip_address"`
	IPAddresses            types.List     `tfsdk:"ip_addresses"`
	CreatedAt              types.String   `tfsdk:"created_at"`
	Timeouts               timeouts.Value `tfsdk:"timeouts"`
}

var _ tfmodel.Resource[resourceModel, client.VirtualServer, client.VirtualServerCreateRequest, client.VirtualServerUpdateRequest] = (*resourceModel)(nil)

// ipAddressType is the element type of ip_addresses.
var ipAddressType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"address": types.StringType,
	"netmask": types.StringType,
	"gateway": types.StringType,
}}

// fieldPaths maps the API's 422 field names to this resource's attributes.
var fieldPaths = apidiag.FieldPaths{
	"label":                 path.Root("label"),
	"hostname":              path.Root("hostname"),
	"template_id":           path.Root("template_id"),
	"memory":                path.Root("memory"),
	"cpus":                  path.Root("cpus"),
	"cpu_shares":            path.Root("cpu_shares"),
	"primary_disk_size":     path.Root("primary_disk_size"),
	"swap_disk_size":        path.Root("swap_disk_size"),
	"initial_root_password": path.Root("initial_root_password"),
	"hypervisor_id":         path.Root("hypervisor_id"),
	"hypervisor_group_id":   path.Root("hypervisor_group_id"),
	"rate_limit":            path.Root("rate_limit"),
	"domain":                path.Root("domain"),
	"time_zone":             path.Root("time_zone"),
	"note":                  path.Root("note"),
	"user_id":               path.Root("user_id"),
	"destination":           path.Root("hypervisor_id"),
}

// wantRunning says whether the server should run once built: power_state
// when configured, otherwise start.
func (m resourceModel) wantRunning() bool {
	if !m.PowerState.IsNull() && !m.PowerState.IsUnknown() {
		return m.PowerState.ValueString() == powerRunning
	}
	return m.Start.ValueBool()
}

// ToCreateRequest builds the POST body from the plan. Unknown values (the
// API's choice) are not sent.
func (m resourceModel) ToCreateRequest(context.Context) (client.VirtualServerCreateRequest, diag.Diagnostics) {
	build := m.Build.ValueBool()
	startup := build && m.wantRunning()
	return client.VirtualServerCreateRequest{
		Label:                         m.Label.ValueString(),
		Hostname:                      m.Hostname.ValueString(),
		TemplateID:                    m.TemplateID.ValueInt64(),
		Memory:                        m.Memory.ValueInt64(),
		CPUs:                          m.CPUs.ValueInt64(),
		CPUShares:                     m.CPUShares.ValueInt64(),
		PrimaryDiskSize:               m.PrimaryDiskSize.ValueInt64(),
		SwapDiskSize:                  tfmodel.KnownInt64(m.SwapDiskSize),
		RequiredVirtualMachineBuild:   &build,
		RequiredVirtualMachineStartup: &startup,
		InitialRootPassword:           m.rootPassword(),
		HypervisorID:                  tfmodel.KnownInt64(m.HypervisorID),
		HypervisorGroupID:             tfmodel.KnownInt64(m.HypervisorGroupID),
		RateLimit:                     tfmodel.KnownInt64(m.RateLimit),
		Domain:                        tfmodel.KnownString(m.Domain),
		TimeZone:                      tfmodel.KnownString(m.TimeZone),
		Note:                          tfmodel.KnownString(m.Note),
	}, nil
}

// rootPassword is the root password to build the server with, if any: the
// write-only one, or the one kept in state.
func (m resourceModel) rootPassword() *string {
	if !m.InitialRootPasswordWO.IsNull() {
		return m.InitialRootPasswordWO.ValueStringPointer()
	}
	return m.InitialRootPassword.ValueStringPointer()
}

// ToUpdateRequest builds the PUT body from the in-place changes between the
// prior state and the plan; changed is false when the API has nothing to do.
func (m resourceModel) ToUpdateRequest(_ context.Context, prior resourceModel) (client.VirtualServerUpdateRequest, bool, diag.Diagnostics) {
	req := client.VirtualServerUpdateRequest{
		Label:    tfmodel.ChangedString(m.Label, prior.Label),
		Hostname: tfmodel.ChangedString(m.Hostname, prior.Hostname),
		// Removing domain or time_zone from the configuration keeps the
		// server's value: the API has no "none" for either.
		Domain:    tfmodel.ChangedString(m.Domain, prior.Domain),
		TimeZone:  tfmodel.ChangedString(m.TimeZone, prior.TimeZone),
		RateLimit: tfmodel.ChangedInt64(m.RateLimit, prior.RateLimit),
		Memory:    tfmodel.ChangedInt64(m.Memory, prior.Memory),
		CPUs:      tfmodel.ChangedInt64(m.CPUs, prior.CPUs),
		CPUShares: tfmodel.ChangedInt64(m.CPUShares, prior.CPUShares),
	}
	// A note removed from the configuration is cleared: the API's "none" is "".
	if !m.Note.Equal(prior.Note) {
		note := m.Note.ValueString()
		req.Note = &note
	}
	return req, req != client.VirtualServerUpdateRequest{}, nil
}

// FromAPI copies what the API reports into m. The root password, which the
// API never returns, keeps its planned or prior value, and so does a build
// value (disk sizes, hypervisor group, time zone) the API leaves out.
func (m *resourceModel) FromAPI(_ context.Context, vs *client.VirtualServer) diag.Diagnostics {
	m.ID = types.StringValue(tfmodel.FormatID(vs.ID))
	m.Identifier = types.StringValue(vs.Identifier)
	m.Label = types.StringValue(vs.Label)
	m.Hostname = types.StringValue(vs.Hostname)
	m.TemplateID = types.Int64Value(vs.TemplateID)
	m.Memory = types.Int64Value(vs.Memory)
	m.CPUs = types.Int64Value(vs.CPUs)
	m.CPUShares = types.Int64Value(vs.CPUShares)
	m.HypervisorID = tfmodel.OptionalID(vs.HypervisorID)
	m.UserID = tfmodel.OptionalID(vs.UserID)
	m.RateLimit = types.Int64Value(vs.RateLimit)
	m.Domain = tfmodel.EmptyAsNull(vs.Domain)
	m.Note = tfmodel.EmptyAsNull(vs.Note)
	m.Built = types.BoolValue(vs.Built)
	m.Booted = types.BoolValue(vs.Booted)
	m.Locked = types.BoolValue(vs.Locked)
	m.State = types.StringValue(vs.State)
	m.OperatingSystem = types.StringValue(vs.OperatingSystem)
	m.TotalDiskSize = types.Int64Value(vs.TotalDiskSize)
	m.PowerState = types.StringValue(powerStateOf(vs))
	m.CreatedAt = tfmodel.Timestamp(vs.CreatedAt)

	addresses := make([]attr.Value, 0, len(vs.IPAddresses))
	for _, ip := range vs.IPAddresses {
		addresses = append(addresses, types.ObjectValueMust(ipAddressType.AttrTypes, map[string]attr.Value{
			"address": types.StringValue(ip.Address),
			"netmask": types.StringValue(ip.Netmask),
			"gateway": types.StringValue(ip.Gateway),
		}))
	}
	m.IPAddresses = types.ListValueMust(ipAddressType, addresses)
	m.IPAddress = types.StringValue("")
	if len(vs.IPAddresses) > 0 {
		m.IPAddress = types.StringValue(vs.IPAddresses[0].Address)
	}

	// After an import the two create-time switches are read from what the
	// server is: built (or being built: its work holds the lock) and booted.
	// A configuration that matches the server then plans nothing.
	if m.Build.IsNull() || m.Build.IsUnknown() {
		m.Build = types.BoolValue(vs.Built || vs.Locked)
	}
	if m.Start.IsNull() || m.Start.IsUnknown() {
		m.Start = types.BoolValue(vs.Booted)
	}
	// Not the API's: after an import, the default (keep the backups).
	if m.DeleteBackupsOnDestroy.IsNull() || m.DeleteBackupsOnDestroy.IsUnknown() {
		m.DeleteBackupsOnDestroy = types.BoolValue(false)
	}
	m.applyBuildValues(vs)
	return nil
}

// applyBuildValues reads back the build-time values the API reports, so an
// import reproduces them and changes made outside Terraform show as drift.
// The contract does not promise them: one left out keeps the planned or
// prior value (writeOnce then adopts the configured value after an import),
// and is null rather than unknown.
func (m *resourceModel) applyBuildValues(vs *client.VirtualServer) {
	// Every server has a primary disk: 0 is no answer, and reading it would
	// plan a replacement.
	if vs.PrimaryDiskSize != nil && *vs.PrimaryDiskSize > 0 {
		m.PrimaryDiskSize = types.Int64PointerValue(vs.PrimaryDiskSize)
	}
	if vs.SwapDiskSize != nil {
		m.SwapDiskSize = types.Int64PointerValue(vs.SwapDiskSize)
	}
	if vs.HypervisorGroupID != nil {
		m.HypervisorGroupID = tfmodel.OptionalID(*vs.HypervisorGroupID)
	}
	if vs.TimeZone != nil {
		m.TimeZone = tfmodel.EmptyAsNull(*vs.TimeZone)
	}
	if m.SwapDiskSize.IsUnknown() {
		m.SwapDiskSize = types.Int64Null()
	}
	if m.HypervisorGroupID.IsUnknown() {
		m.HypervisorGroupID = types.Int64Null()
	}
	if m.TimeZone.IsUnknown() {
		m.TimeZone = types.StringNull()
	}
}

// powerStateOf maps the API's booted flag to power_state.
func powerStateOf(vs *client.VirtualServer) string {
	if vs.Booted {
		return powerRunning
	}
	return powerStopped
}

// backups is what destroying the server does with its backups.
func (m resourceModel) backups() client.Backups {
	if m.DeleteBackupsOnDestroy.ValueBool() {
		return client.DeleteBackups
	}
	return client.KeepBackups
}

// diskGrowth is a disk the plan grows in place.
type diskGrowth struct {
	attribute string // primary_disk_size or swap_disk_size
	swap      bool
	size      int64 // GB
}

// diskGrowths are the disks the plan makes larger than the prior state
// says they are. A smaller size is planned as a replacement, never here.
func (m resourceModel) diskGrowths(prior resourceModel) []diskGrowth {
	var out []diskGrowth
	for _, d := range []struct {
		attribute      string
		swap           bool
		planned, prior types.Int64
	}{{"primary_disk_size", false, m.PrimaryDiskSize, prior.PrimaryDiskSize}, {"swap_disk_size", true, m.SwapDiskSize, prior.SwapDiskSize}} {
		if grown := tfmodel.ChangedInt64(d.planned, d.prior); grown != nil {
			out = append(out, diskGrowth{attribute: d.attribute, swap: d.swap, size: *grown})
		}
	}
	return out
}

// wantedOwner is the configured owner when it differs from owner (the
// server's current one); nil when nothing is to be handed over.
func (m resourceModel) wantedOwner(owner int64) *int64 {
	if m.UserID.IsNull() || m.UserID.IsUnknown() || m.UserID.ValueInt64() == owner {
		return nil
	}
	want := m.UserID.ValueInt64()
	return &want
}
