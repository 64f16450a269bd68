package virtualserver

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

func TestCreateRequestStartup(t *testing.T) {
	cases := []struct {
		name         string
		build, start bool
		power        types.String
		wantStartup  bool
	}{
		{"defaults", true, true, types.StringUnknown(), true},
		{"start false", true, false, types.StringUnknown(), false},
		{"power_state wins over start", true, false, types.StringValue(powerRunning), true},
		{"stopped wins over start", true, true, types.StringValue(powerStopped), false},
		{"no build, no boot", false, true, types.StringNull(), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := resourceModel{Build: types.BoolValue(c.build), Start: types.BoolValue(c.start), PowerState: c.power}
			req, _ := m.ToCreateRequest(context.Background())
			if *req.RequiredVirtualMachineBuild != c.build || *req.RequiredVirtualMachineStartup != c.wantStartup {
				t.Errorf("build %t startup %t, want %t %t", *req.RequiredVirtualMachineBuild, *req.RequiredVirtualMachineStartup, c.build, c.wantStartup)
			}
		})
	}
}

func TestCreateRequestLeavesUnsetArgumentsOut(t *testing.T) {
	m := resourceModel{
		Label: types.StringValue("a"), Hostname: types.StringValue("h"), TemplateID: types.Int64Value(1),
		Memory: types.Int64Value(128), CPUs: types.Int64Value(1), CPUShares: types.Int64Value(1),
		PrimaryDiskSize: types.Int64Value(5), SwapDiskSize: types.Int64Value(0),
		HypervisorID: types.Int64Unknown(), RateLimit: types.Int64Unknown(), Domain: types.StringUnknown(),
		Note: types.StringNull(), TimeZone: types.StringNull(), InitialRootPassword: types.StringNull(),
		HypervisorGroupID: types.Int64Null(), Build: types.BoolValue(true), Start: types.BoolValue(true),
	}
	req, _ := m.ToCreateRequest(context.Background())
	if req.HypervisorID != nil || req.RateLimit != nil || req.Domain != nil || req.Note != nil || req.TimeZone != nil ||
		req.InitialRootPassword != nil || req.HypervisorGroupID != nil {
		t.Errorf("unset or computed arguments were sent: %+v", req)
	}
	if req.SwapDiskSize == nil || *req.SwapDiskSize != 0 {
		t.Errorf("swap_disk_size = %v, want an explicit 0", req.SwapDiskSize)
	}
}

func TestUpdateRequestSendsOnlyChanges(t *testing.T) {
	state := resourceModel{
		Label: types.StringValue("old"), Hostname: types.StringValue("h"), Note: types.StringValue("n"),
		Domain: types.StringValue("d.test"), RateLimit: types.Int64Value(0),
		Memory: types.Int64Value(256), CPUs: types.Int64Value(1), CPUShares: types.Int64Value(10),
	}
	plan := state
	if _, changed, _ := plan.ToUpdateRequest(context.Background(), state); changed {
		t.Fatal("identical plan reported as a change")
	}
	plan.Label = types.StringValue("new")
	plan.Note = types.StringNull()
	plan.Memory = types.Int64Value(512)
	plan.Domain = types.StringUnknown()
	req, changed, _ := plan.ToUpdateRequest(context.Background(), state)
	if !changed {
		t.Fatal("changes not reported")
	}
	if req.Label == nil || *req.Label != "new" || req.Memory == nil || *req.Memory != 512 {
		t.Errorf("label/memory not sent: %+v", req)
	}
	if req.Note == nil || *req.Note != "" {
		t.Errorf("removed note should be cleared with \"\", got %v", req.Note)
	}
	if req.Hostname != nil || req.CPUs != nil || req.CPUShares != nil || req.Domain != nil || req.RateLimit != nil {
		t.Errorf("unchanged fields were sent: %+v", req)
	}
}

func TestUpdateRequestTimeZoneInPlace(t *testing.T) {
	state := resourceModel{TimeZone: types.StringValue("UTC")}
	for _, keep := range []types.String{types.StringValue("UTC"), types.StringNull(), types.StringUnknown()} {
		plan := state
		plan.TimeZone = keep
		if req, changed, _ := plan.ToUpdateRequest(context.Background(), state); changed || req.TimeZone != nil {
			t.Errorf("planned time_zone %s: sent %v", keep, req.TimeZone)
		}
	}
	plan := state
	plan.TimeZone = types.StringValue("Asia/Tokyo")
	req, changed, _ := plan.ToUpdateRequest(context.Background(), state)
	if !changed || req.TimeZone == nil || *req.TimeZone != "Asia/Tokyo" {
		t.Errorf("changed time_zone: changed %t, sent %v", changed, req.TimeZone)
	}
}

func TestFromAPIReadsBuildValues(t *testing.T) {
	zone, noGroup := "Asia/Tokyo", int64(0)
	primary, swap := int64(20), int64(0)
	m := resourceModel{
		PrimaryDiskSize: types.Int64Value(6), SwapDiskSize: types.Int64Value(1),
		HypervisorGroupID: types.Int64Value(2), TimeZone: types.StringValue("UTC"),
	}
	m.FromAPI(context.Background(), &client.VirtualServer{
		ID: 7, PrimaryDiskSize: &primary, SwapDiskSize: &swap, HypervisorGroupID: &noGroup, TimeZone: &zone,
	})
	if m.PrimaryDiskSize.ValueInt64() != 20 || m.SwapDiskSize.ValueInt64() != 0 || m.SwapDiskSize.IsNull() {
		t.Errorf("disk sizes not read back: primary %s swap %s", m.PrimaryDiskSize, m.SwapDiskSize)
	}
	if !m.HypervisorGroupID.IsNull() || m.TimeZone.ValueString() != "Asia/Tokyo" {
		t.Errorf("group %s (0 should read as null), time zone %s", m.HypervisorGroupID, m.TimeZone)
	}

	// A primary disk of 0 is no answer: reading it would plan a replacement.
	zero := int64(0)
	m.FromAPI(context.Background(), &client.VirtualServer{ID: 7, PrimaryDiskSize: &zero})
	if m.PrimaryDiskSize.ValueInt64() != 20 {
		t.Errorf("primary_disk_size = %s after a reported 0, want the prior 20", m.PrimaryDiskSize)
	}
}

func TestFromAPI(t *testing.T) {
	m := resourceModel{
		PrimaryDiskSize: types.Int64Value(6), InitialRootPassword: types.StringValue("secret1"),
		Build: types.BoolNull(), Start: types.BoolNull(), SwapDiskSize: types.Int64Unknown(),
		HypervisorGroupID: types.Int64Unknown(), TimeZone: types.StringUnknown(),
	}
	m.FromAPI(context.Background(), &client.VirtualServer{
		ID: 7, Identifier: "abc", Label: "l", Booted: true, Built: true, Note: "", Domain: "",
		IPAddresses: client.IPAddresses{{Address: "10.0.0.2", Netmask: "255.0.0.0", Gateway: "10.0.0.1"}, {Address: "10.0.0.3"}},
	})
	if m.ID.ValueString() != "7" || m.PowerState.ValueString() != powerRunning || m.IPAddress.ValueString() != "10.0.0.2" {
		t.Errorf("id %s power %s ip %s", m.ID, m.PowerState, m.IPAddress)
	}
	if len(m.IPAddresses.Elements()) != 2 {
		t.Errorf("ip_addresses has %d elements, want 2", len(m.IPAddresses.Elements()))
	}
	if !m.Note.IsNull() || !m.Domain.IsNull() || !m.HypervisorID.IsNull() {
		t.Errorf("empty API values should read as null: note %s domain %s hypervisor %s", m.Note, m.Domain, m.HypervisorID)
	}
	if m.PrimaryDiskSize.ValueInt64() != 6 || m.InitialRootPassword.ValueString() != "secret1" {
		t.Error("build-time arguments the API did not return were overwritten")
	}
	if !m.Build.ValueBool() || !m.Start.ValueBool() {
		t.Errorf("after import: build %s start %s", m.Build, m.Start)
	}
	if !m.SwapDiskSize.IsNull() || !m.HypervisorGroupID.IsNull() || !m.TimeZone.IsNull() {
		t.Errorf("unreported values should end null, not unknown: swap %s group %s zone %s", m.SwapDiskSize, m.HypervisorGroupID, m.TimeZone)
	}
}

func TestReplaceNeeded(t *testing.T) {
	present := tfsdk.State{Raw: tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{})}
	absent := tfsdk.State{Raw: tftypes.NewValue(tftypes.Object{}, nil)}
	cases := []struct {
		name           string
		state          tfsdk.State
		prior, planned types.Int64
		want           bool
	}{
		{"create", absent, types.Int64Null(), types.Int64Value(5), false},
		{"unchanged", present, types.Int64Value(5), types.Int64Value(5), false},
		{"changed", present, types.Int64Value(5), types.Int64Value(6), true},
		{"unknown plan", present, types.Int64Value(5), types.Int64Unknown(), true},
		{"adopted after import", present, types.Int64Null(), types.Int64Value(5), false},
		{"removed from configuration", present, types.Int64Value(5), types.Int64Null(), false},
	}
	for _, c := range cases {
		if got := replaceNeeded(c.state, c.prior, c.planned); got != c.want {
			t.Errorf("%s: replaceNeeded = %t, want %t", c.name, got, c.want)
		}
	}
}

func TestDiskGrowthsAndWantedOwner(t *testing.T) {
	prior := resourceModel{PrimaryDiskSize: types.Int64Value(5), SwapDiskSize: types.Int64Value(1)}
	for name, tc := range map[string]struct {
		primary, swap types.Int64
		want          []diskGrowth
	}{
		"unchanged":       {types.Int64Value(5), types.Int64Value(1), nil},
		"primary grows":   {types.Int64Value(8), types.Int64Value(1), []diskGrowth{{"primary_disk_size", false, 8}}},
		"both grow":       {types.Int64Value(6), types.Int64Value(2), []diskGrowth{{"primary_disk_size", false, 6}, {"swap_disk_size", true, 2}}},
		"swap left out":   {types.Int64Value(5), types.Int64Unknown(), nil},
		"swap null (old)": {types.Int64Value(5), types.Int64Null(), nil},
	} {
		plan := resourceModel{PrimaryDiskSize: tc.primary, SwapDiskSize: tc.swap}
		if got := plan.diskGrowths(prior); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: diskGrowths = %+v, want %+v", name, got, tc.want)
		}
	}
	owned := resourceModel{UserID: types.Int64Value(7)}
	if to := owned.wantedOwner(1); to == nil || *to != 7 {
		t.Errorf("wantedOwner(1) = %v, want 7", to)
	}
	if to := owned.wantedOwner(7); to != nil {
		t.Errorf("wantedOwner(7) = %v, want nil: the server is the user's already", *to)
	}
	if to := (resourceModel{UserID: types.Int64Unknown()}).wantedOwner(1); to != nil {
		t.Errorf("an unconfigured owner hands over to %d", *to)
	}
	if (resourceModel{}).backups() != client.KeepBackups || (resourceModel{DeleteBackupsOnDestroy: types.BoolValue(true)}).backups() != client.DeleteBackups {
		t.Error("backups() does not follow delete_backups_on_destroy (default: keep)")
	}
}

func TestGrowInPlace(t *testing.T) {
	present := tfsdk.State{Raw: tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{})}
	plan := tfsdk.Plan{Raw: tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{})}
	cases := []struct {
		name           string
		swap           bool
		prior, planned types.Int64
		replace        bool
	}{
		{"grow", false, types.Int64Value(5), types.Int64Value(8), false},
		{"same", false, types.Int64Value(5), types.Int64Value(5), false},
		{"shrink", false, types.Int64Value(8), types.Int64Value(5), true},
		{"unknown size", false, types.Int64Value(8), types.Int64Unknown(), false},
		{"swap grows", true, types.Int64Value(1), types.Int64Value(2), false},
		{"swap added", true, types.Int64Value(0), types.Int64Value(1), true},
		{"swap removed", true, types.Int64Value(1), types.Int64Value(0), true},
		{"not reported by the API", true, types.Int64Null(), types.Int64Value(1), false},
	}
	for _, c := range cases {
		req := planmodifier.Int64Request{Path: path.Root("swap_disk_size"), State: present, Plan: plan, StateValue: c.prior, PlanValue: c.planned}
		resp := &planmodifier.Int64Response{PlanValue: c.planned}
		growInPlace(c.swap).PlanModifyInt64(context.Background(), req, resp)
		warned := resp.Diagnostics.WarningsCount() == 1 &&
			resp.Diagnostics.Warnings()[0].Summary() == "The server and its data will be destroyed"
		if resp.RequiresReplace != c.replace || warned != c.replace {
			t.Errorf("%s: replace %t, warned %t (%v); want both %t", c.name, resp.RequiresReplace, warned, resp.Diagnostics, c.replace)
		}
	}
}
