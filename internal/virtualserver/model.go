package virtualserver

import (
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// resourceModel is the Terraform view of a virtual server. This file is the
// only place where it is converted from and to client structs.
type resourceModel struct {
	ID                  types.String   `tfsdk:"id"`
	Identifier          types.String   `tfsdk:"identifier"`
	Label               types.String   `tfsdk:"label"`
	Hostname            types.String   `tfsdk:"hostname"`
	TemplateID          types.Int64    `tfsdk:"template_id"`
	Memory              types.Int64    `tfsdk:"memory"`
	CPUs                types.Int64    `tfsdk:"cpus"`
	CPUShares           types.Int64    `tfsdk:"cpu_shares"`
	PrimaryDiskSize     types.Int64    `tfsdk:"primary_disk_size"`
	SwapDiskSize        types.Int64    `tfsdk:"swap_disk_size"`
	InitialRootPassword types.String   `tfsdk:"initial_root_password"`
	HypervisorID        types.Int64    `tfsdk:"hypervisor_id"`
	HypervisorGroupID   types.Int64    `tfsdk:"hypervisor_group_id"`
	RateLimit           types.Int64    `tfsdk:"rate_limit"`
	Domain              types.String   `tfsdk:"domain"`
	TimeZone            types.String   `tfsdk:"time_zone"`
	Note                types.String   `tfsdk:"note"`
	Build               types.Bool     `tfsdk:"build"`
	Start               types.Bool     `tfsdk:"start"`
	PowerState          types.String   `tfsdk:"power_state"`
	Built               types.Bool     `tfsdk:"built"`
	Booted              types.Bool     `tfsdk:"booted"`
	Locked              types.Bool     `tfsdk:"locked"`
	State               types.String   `tfsdk:"state"`
	OperatingSystem     types.String   `tfsdk:"operating_system"`
	TotalDiskSize       types.Int64    `tfsdk:"total_disk_size"`
	IPAddress           types.String   `tfsdk:"ip_address"`
	IPAddresses         types.List     `tfsdk:"ip_addresses"`
	CreatedAt           types.String   `tfsdk:"created_at"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

// ipAddressType is the element type of ip_addresses.
var ipAddressType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"address": types.StringType,
	"netmask": types.StringType,
	"gateway": types.StringType,
}}

// apiFields attaches 422 field errors to the attributes they concern.
var apiFields = apidiag.FieldPaths{
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
}

// serverID parses the numeric id kept in state.
func (m resourceModel) serverID() (int64, error) {
	return strconv.ParseInt(m.ID.ValueString(), 10, 64)
}

// wantRunning says whether the server should run once built: power_state
// when configured, otherwise start.
func (m resourceModel) wantRunning() bool {
	if !m.PowerState.IsNull() && !m.PowerState.IsUnknown() {
		return m.PowerState.ValueString() == powerRunning
	}
	return m.Start.ValueBool()
}

// createRequest builds the POST body from the plan.
func (m resourceModel) createRequest() client.VirtualServerCreateRequest {
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
		SwapDiskSize:                  m.SwapDiskSize.ValueInt64Pointer(),
		RequiredVirtualMachineBuild:   &build,
		RequiredVirtualMachineStartup: &startup,
		InitialRootPassword:           m.InitialRootPassword.ValueStringPointer(),
		HypervisorID:                  knownInt64(m.HypervisorID),
		HypervisorGroupID:             knownInt64(m.HypervisorGroupID),
		RateLimit:                     knownInt64(m.RateLimit),
		Domain:                        knownString(m.Domain),
		TimeZone:                      knownString(m.TimeZone),
		Note:                          knownString(m.Note),
	}
}

// updateRequest holds the in-place changes from state to plan; changed is
// false when the API has nothing to do.
func updateRequest(state, plan resourceModel) (req client.VirtualServerUpdateRequest, changed bool) {
	setString := func(dst **string, from, to types.String) {
		if !to.Equal(from) {
			s := to.ValueString() // null (removed) clears the value
			*dst, changed = &s, true
		}
	}
	setInt := func(dst **int64, from, to types.Int64) {
		if !to.IsUnknown() && !to.IsNull() && !to.Equal(from) {
			v := to.ValueInt64()
			*dst, changed = &v, true
		}
	}
	setString(&req.Label, state.Label, plan.Label)
	setString(&req.Hostname, state.Hostname, plan.Hostname)
	setString(&req.Note, state.Note, plan.Note)
	// Removing domain or time_zone from the configuration keeps the
	// server's value: the API has no "none" for either.
	if !plan.Domain.IsUnknown() && !plan.Domain.IsNull() {
		setString(&req.Domain, state.Domain, plan.Domain)
	}
	if !plan.TimeZone.IsUnknown() && !plan.TimeZone.IsNull() {
		setString(&req.TimeZone, state.TimeZone, plan.TimeZone)
	}
	setInt(&req.RateLimit, state.RateLimit, plan.RateLimit)
	setInt(&req.Memory, state.Memory, plan.Memory)
	setInt(&req.CPUs, state.CPUs, plan.CPUs)
	setInt(&req.CPUShares, state.CPUShares, plan.CPUShares)
	return req, changed
}

// applyServer copies what the API reports into m. The root password, which
// the API never returns, keeps its planned or prior value, and so does a
// build value (disk sizes, hypervisor group, time zone) the API leaves out.
func (m *resourceModel) applyServer(vs *client.VirtualServer) {
	m.ID = types.StringValue(strconv.FormatInt(vs.ID.Int64(), 10))
	m.Identifier = types.StringValue(vs.Identifier.String())
	m.Label = types.StringValue(vs.Label.String())
	m.Hostname = types.StringValue(vs.Hostname.String())
	m.TemplateID = types.Int64Value(vs.TemplateID.Int64())
	m.Memory = types.Int64Value(vs.Memory.Int64())
	m.CPUs = types.Int64Value(vs.CPUs.Int64())
	m.CPUShares = types.Int64Value(vs.CPUShares.Int64())
	m.HypervisorID = optionalID(vs.HypervisorID.Int64())
	m.RateLimit = types.Int64Value(vs.RateLimit.Int64())
	m.Domain = emptyAsNull(vs.Domain.String())
	m.Note = emptyAsNull(vs.Note.String())
	m.Built = types.BoolValue(vs.Built.Bool())
	m.Booted = types.BoolValue(vs.Booted.Bool())
	m.Locked = types.BoolValue(vs.Locked.Bool())
	m.State = types.StringValue(vs.State.String())
	m.OperatingSystem = types.StringValue(vs.OperatingSystem.String())
	m.TotalDiskSize = types.Int64Value(vs.TotalDiskSize.Int64())
	m.PowerState = types.StringValue(powerStateOf(vs))
	m.CreatedAt = types.StringValue(formatTime(vs.CreatedAt.Time))

	addresses := make([]attr.Value, 0, len(vs.IPAddresses))
	for _, ip := range vs.IPAddresses {
		addresses = append(addresses, types.ObjectValueMust(ipAddressType.AttrTypes, map[string]attr.Value{
			"address": types.StringValue(ip.Address.String()),
			"netmask": types.StringValue(ip.Netmask.String()),
			"gateway": types.StringValue(ip.Gateway.String()),
		}))
	}
	m.IPAddresses = types.ListValueMust(ipAddressType, addresses)
	m.IPAddress = types.StringValue("")
	if len(vs.IPAddresses) > 0 {
		m.IPAddress = types.StringValue(vs.IPAddresses[0].Address.String())
	}

	// After an import these are unknown to the provider; the schema
	// defaults are the only honest guess for the two switches.
	if m.Build.IsNull() || m.Build.IsUnknown() {
		m.Build = types.BoolValue(true)
	}
	if m.Start.IsNull() || m.Start.IsUnknown() {
		m.Start = types.BoolValue(true)
	}
	m.applyBuildValues(vs)
}

// applyBuildValues reads back the build-time values the API reports, so an
// import reproduces them and changes made outside Terraform show as drift.
// The contract does not promise them: one left out keeps the planned or
// prior value (writeOnce then adopts the configured value after an import),
// and is null rather than unknown.
func (m *resourceModel) applyBuildValues(vs *client.VirtualServer) {
	// Every server has a primary disk: 0 is no answer, and reading it would
	// plan a replacement.
	if vs.PrimaryDiskSize != nil && vs.PrimaryDiskSize.Int64() > 0 {
		m.PrimaryDiskSize = types.Int64Value(vs.PrimaryDiskSize.Int64())
	}
	if vs.SwapDiskSize != nil {
		m.SwapDiskSize = types.Int64Value(vs.SwapDiskSize.Int64())
	}
	if vs.HypervisorGroupID != nil {
		m.HypervisorGroupID = optionalID(vs.HypervisorGroupID.Int64())
	}
	if vs.TimeZone != nil {
		m.TimeZone = emptyAsNull(vs.TimeZone.String())
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
	if vs.Booted.Bool() {
		return powerRunning
	}
	return powerStopped
}

func knownInt64(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueInt64Pointer()
}

func knownString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueStringPointer()
}

// optionalID maps the API's 0 (none) to null.
func optionalID(id int64) types.Int64 {
	if id == 0 {
		return types.Int64Null()
	}
	return types.Int64Value(id)
}

// emptyAsNull maps the API's empty string (none) to null, so an omitted
// optional argument reads back as omitted.
func emptyAsNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
