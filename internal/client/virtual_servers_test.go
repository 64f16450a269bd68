package client

import (
	"context"
	"testing"
)

func TestVirtualServerDecodesBuildValues(t *testing.T) {
	cases := []struct {
		name string
		body string
	}{
		{"natural types", `{"virtual_machine": {"id": 7, "primary_disk_size": 20, "swap_disk_size": 0,
			"hypervisor_group_id": 2, "time_zone": "Europe/Berlin"}}`},
		{"as strings", `{"virtual_machine": {"id": "7", "primary_disk_size": "20", "swap_disk_size": "0",
			"hypervisor_group_id": "2", "time_zone": "Europe/Berlin"}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var vs VirtualServer
			if err := decodeWrapped([]byte(c.body), &vs, "virtual_machine"); err != nil {
				t.Fatal(err)
			}
			if vs.PrimaryDiskSize == nil || *vs.PrimaryDiskSize != 20 {
				t.Errorf("primary_disk_size = %v, want 20", vs.PrimaryDiskSize)
			}
			// A reported 0 must stay distinguishable from "not reported".
			if vs.SwapDiskSize == nil || *vs.SwapDiskSize != 0 {
				t.Errorf("swap_disk_size = %v, want a reported 0", vs.SwapDiskSize)
			}
			if vs.HypervisorGroupID == nil || *vs.HypervisorGroupID != 2 {
				t.Errorf("hypervisor_group_id = %v, want 2", vs.HypervisorGroupID)
			}
			if vs.TimeZone == nil || *vs.TimeZone != "Europe/Berlin" {
				t.Errorf("time_zone = %v, want Europe/Berlin", vs.TimeZone)
			}
		})
	}
}

func TestVirtualServerBuildValuesNilWhenNotReported(t *testing.T) {
	body := `{"virtual_machine": {"id": 7, "primary_disk_size": null, "time_zone": null}}`
	var vs VirtualServer
	if err := decodeWrapped([]byte(body), &vs, "virtual_machine"); err != nil {
		t.Fatal(err)
	}
	if vs.PrimaryDiskSize != nil || vs.SwapDiskSize != nil || vs.HypervisorGroupID != nil || vs.TimeZone != nil {
		t.Errorf("absent or null values decoded as reported: primary %v swap %v group %v zone %v",
			vs.PrimaryDiskSize, vs.SwapDiskSize, vs.HypervisorGroupID, vs.TimeZone)
	}
}

func TestUpdateVirtualServerSendsTimeZone(t *testing.T) {
	srv, seen := recordingServer(t, 204, "")
	w := newTestWebcore(t, srv.URL, fastConfig(nil))
	if err := w.UpdateVirtualServer(context.Background(), 12, VirtualServerUpdateRequest{TimeZone: ptr("Asia/Tokyo")}); err != nil {
		t.Fatal(err)
	}
	got := seen()
	if len(got) != 1 || got[0].Method != "PUT" || got[0].Path != "/virtual_machines/12.json" {
		t.Fatalf("requests = %+v", got)
	}
	if body := got[0].Body["virtual_machine"].(map[string]any); len(body) != 1 || body["time_zone"] != "Asia/Tokyo" {
		t.Errorf("update body = %v, want only time_zone", body)
	}
}
