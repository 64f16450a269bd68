package emulator

import (
	"reflect"
	"testing"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/webcore"
)

// The dashboard's rows say what the state holds: each user's server count,
// the admin (id 1), who has an API key; each server's template (or its id
// when the template is unknown), owner, disk (primary plus swap) and first
// address; a failed step's log, and no other's; the page refreshes while a
// step is pending or running, and only then.
func TestDashboardRows(t *testing.T) {
	started := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	st := webcore.State{
		Users: []webcore.User{
			{ID: 1, Login: "admin", FirstName: "Ada", LastName: "Admin", APIKeyHash: "h"},
			{ID: 2, Login: "bob"},
		},
		Templates: []webcore.Template{{ID: 1, Label: "Ubuntu 24.04 x64"}},
		VirtualServers: []webcore.VirtualServer{
			{ID: 10, UserID: 1, TemplateID: 1, PrimaryDiskSize: 10, SwapDiskSize: 2,
				IPAddresses: []webcore.IPAddress{{Address: "10.20.0.3"}, {Address: "10.20.0.4"}}},
			{ID: 11, UserID: 1, TemplateID: 9},
		},
		Transactions: []webcore.Transaction{
			{ID: 1, ParentType: "VirtualMachine", ParentID: 10, ChainID: 1, Action: "build_disk", Status: "complete", LogOutput: "ran", StartedAt: &started},
			{ID: 2, ParentType: "VirtualMachine", ParentID: 10, ChainID: 1, Action: "provisioning", Status: "failed", LogOutput: "disk full"},
			{ID: 3, ParentType: "User", ParentID: 2, ChainID: 2, Action: "destroy_user", Status: "complete"},
		},
	}
	users, servers, building := webcoreRows(st)
	if building {
		t.Error("the page refreshes with nothing pending or running")
	}
	want := []dashboardUser{
		{ID: 1, Login: "admin", Name: "Ada Admin", Servers: 2, Created: stamp(time.Time{}), Admin: true, HasAPIKey: true},
		{ID: 2, Login: "bob", Name: " ", Servers: 0, Created: stamp(time.Time{})},
	}
	if !reflect.DeepEqual(users, want) {
		t.Errorf("users\n%+v\nwant\n%+v", users, want)
	}
	if len(servers) != 2 {
		t.Fatalf("%d servers", len(servers))
	}
	a, b := servers[0], servers[1]
	if a.Template != "Ubuntu 24.04 x64" || a.Owner != "admin" || a.Disk != 12 || a.IP != "10.20.0.3" || a.Locked {
		t.Errorf("server 10: %+v", a)
	}
	wantSteps := []dashboardStep{
		{ID: 1, Action: "build_disk", Status: "complete", Started: stamp(started)},
		{ID: 2, Action: "provisioning", Status: "failed", Log: "disk full"},
	}
	if len(a.Chains) != 1 || !reflect.DeepEqual(a.Chains[0], wantSteps) {
		t.Errorf("server 10's chains: %+v", a.Chains)
	}
	if b.Template != "template 9" || b.IP != "" || len(b.Chains) != 0 {
		t.Errorf("server 11: %+v", b)
	}
	for _, status := range []string{"pending", "running"} {
		st.Transactions = append(st.Transactions[:3:3], webcore.Transaction{ID: 4, ParentType: "User", ParentID: 2, Status: status})
		if _, _, building := webcoreRows(st); !building {
			t.Errorf("a %s step does not make the page refresh", status)
		}
	}
}

// The page lists the newest requests first, at most dashboardRequests of
// them (all of them while there are fewer, the first included), and says how
// many the log holds.
func TestDashboardListsTheNewestRequests(t *testing.T) {
	h := startTest(t, Config{})
	for range 3 {
		h.send("GET", h.info.WebcoreURL+"/templates.json", "", "")
	}
	if page := h.srv.dashboard(time.Now()); len(page.Requests) != 3 || page.Requests[2].Seq != 1 {
		t.Fatalf("3 requests made, the page lists %+v", page.Requests)
	}
	for range dashboardRequests + 2 {
		h.send("GET", h.info.WebcoreURL+"/templates.json", "", "")
	}
	page := h.srv.dashboard(time.Now())
	if len(page.Requests) != dashboardRequests || page.RequestsSeen != dashboardRequests+5 {
		t.Fatalf("%d requests shown of %d seen", len(page.Requests), page.RequestsSeen)
	}
	for i := 1; i < len(page.Requests); i++ {
		if page.Requests[i].Seq >= page.Requests[i-1].Seq {
			t.Fatalf("request %d (seq %d) after %d (seq %d): not newest first", i, page.Requests[i].Seq, i-1, page.Requests[i-1].Seq)
		}
	}
	if page.Requests[0].Seq != int64(dashboardRequests+5) {
		t.Fatalf("the newest request has seq %d", page.Requests[0].Seq)
	}
}
