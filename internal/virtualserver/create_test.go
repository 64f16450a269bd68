package virtualserver

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/converge"
)

func server(id int64, label, hostname string, template int64, created time.Time) client.VirtualServer {
	return client.VirtualServer{ID: id, Label: label, Hostname: hostname,
		TemplateID: template, CreatedAt: created}
}

func ids(servers []client.VirtualServer) []int64 {
	out := []int64{}
	for _, vs := range servers {
		out = append(out, vs.ID)
	}
	return out
}

func TestFindCreatedServers(t *testing.T) {
	sent := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	attempt := converge.Attempt{SentAt: sent}
	req := client.VirtualServerCreateRequest{Label: "web", Hostname: "web1", TemplateID: 1}
	soon := sent.Add(200 * time.Millisecond)
	for _, tc := range []struct {
		name    string
		servers []client.VirtualServer
		want    []int64
	}{
		{"the one created by the call", []client.VirtualServer{
			server(1, "web", "web1", 1, sent.Add(-time.Hour)), // an older twin
			server(2, "db", "db1", 1, soon),
			server(3, "web", "WEB1", 1, soon),
		}, []int64{3}},
		{"server clock a little behind", []client.VirtualServer{server(4, "web", "web1", 1, sent.Add(-5*time.Second))}, []int64{4}},
		{"other label, hostname or template", []client.VirtualServer{
			server(5, "Web", "web1", 1, soon),
			server(6, "web", "web2", 1, soon),
			server(7, "web", "web1", 3, soon),
		}, []int64{}},
		{"only older twins", []client.VirtualServer{server(8, "web", "web1", 1, sent.Add(-2*converge.ClockSkew))}, []int64{}},
		{"two twins since the call", []client.VirtualServer{
			server(9, "web", "web1", 1, soon),
			server(10, "web", "web1", 1, soon.Add(time.Millisecond)),
		}, []int64{9, 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(findCreatedServers(tc.servers, req, attempt)); !slices.Equal(got, tc.want) {
				t.Errorf("candidates %v, want %v", got, tc.want)
			}
		})
	}
}

// fakeServers is a server API whose create fails with err (after
// committing, with commit) for the first fails sends (every send when fails
// is 0), and then succeeds; twins are servers that appear during the
// create, as if made by others.
type fakeServers struct {
	servers []client.VirtualServer
	err     error
	fails   int
	commit  bool
	twins   int
	lists   int
	sends   int
}

func (f *fakeServers) CreateVirtualServer(_ context.Context, req client.VirtualServerCreateRequest) (*client.VirtualServer, error) {
	add := func() client.VirtualServer {
		vs := server(int64(len(f.servers)+1), req.Label, req.Hostname, req.TemplateID, time.Now())
		f.servers = append(f.servers, vs)
		return vs
	}
	for range f.twins {
		add()
	}
	f.sends++
	if f.err != nil && (f.fails == 0 || f.sends <= f.fails) {
		if f.commit {
			add()
		}
		return nil, f.err
	}
	vs := add()
	return &vs, nil
}

func (f *fakeServers) ListVirtualServers(ctx context.Context) ([]client.VirtualServer, error) {
	f.lists++
	return f.servers, ctx.Err()
}

func TestCreateServerAfterLostResponse(t *testing.T) {
	lost := &client.RequestError{Service: "webcore", Method: "POST", Path: "/virtual_machines.json", Err: errors.New("EOF"), MaybeProcessed: true}
	req := client.VirtualServerCreateRequest{Label: "web", Hostname: "web1", TemplateID: 1, InitialRootPassword: new("root-secret-1")}
	older := server(1, "web", "web1", 1, time.Now().Add(-time.Hour))
	for _, tc := range []struct {
		name      string
		api       *fakeServers
		wantID    int64
		wantLists int
		wantDiag  string
	}{
		{"adopted", &fakeServers{servers: []client.VirtualServer{older}, err: lost, commit: true}, 2, 1,
			"Warning: Virtual server created, response lost: The API's answer to creating virtual server \"web\" was lost"},
		{"none created: sent again", &fakeServers{servers: []client.VirtualServer{older}, err: lost, fails: 1}, 2, 1, ""},
		{"ambiguous", &fakeServers{servers: []client.VirtualServer{older}, err: lost, commit: true, twins: 1}, 0, 1,
			"may have created one of the servers 2, 3,"},
		{"422 is not looked up", &fakeServers{err: &client.APIError{StatusCode: 422, Kind: client.KindValidation, Message: "label can't be blank"}}, 0, 0,
			"label can't be blank"},
		{"success is not looked up", &fakeServers{}, 1, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.Diagnostics
			got := createServer(context.Background(), tc.api, req, &diags)
			var gotID int64
			if got != nil {
				gotID = got.ID
			}
			if gotID != tc.wantID {
				t.Errorf("created server %d, want %d", gotID, tc.wantID)
			}
			if tc.api.lists != tc.wantLists {
				t.Errorf("%d list calls, want %d", tc.api.lists, tc.wantLists)
			}
			var text strings.Builder
			for _, d := range diags {
				text.WriteString(d.Severity().String() + ": " + d.Summary() + ": " + d.Detail() + "\n")
			}
			if !strings.Contains(text.String(), tc.wantDiag) || (tc.wantDiag == "") != (len(diags) == 0) {
				t.Errorf("diagnostics %q, want one containing %q", text.String(), tc.wantDiag)
			}
			if (tc.wantID == 0) != diags.HasError() {
				t.Errorf("HasError = %t with server %d", diags.HasError(), gotID)
			}
			if strings.Contains(text.String(), *req.InitialRootPassword) {
				t.Errorf("the root password appears in the diagnostics: %q", text.String())
			}
		})
	}
}
