package emulator

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webcore"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webscale"
)

// The dashboard (GET /_emulator/ui) is one server-rendered page of what the
// emulator holds. It is built from copies of the fields it shows, never from
// the records themselves, so no password, key, token or hash can reach it.

//go:embed dashboard.html.tmpl
var dashboardSource string

var dashboardTemplate = template.Must(template.New("dashboard").Parse(dashboardSource))

// dashboardRequests is how many of the newest requests the dashboard lists.
const dashboardRequests = 50

// dashboardPage is everything the page shows.
type dashboardPage struct {
	Now          string
	Building     bool // a transaction is pending or running: the page refreshes itself
	Users        []dashboardUser
	Servers      []dashboardServer
	AccessKeys   []dashboardKey
	Applications []webscale.Application
	Faults       []FaultRule
	RateLimit    RateLimit       // Rate 0: no limit
	Requests     []RequestRecord // newest first
	RequestsSeen int             // how many the log holds
}

type dashboardUser struct {
	ID                           int
	Login, Email, Name, Status   string
	Servers                      int
	Created                      string
	Admin, Destroying, HasAPIKey bool
}

type dashboardServer struct {
	ID                               int
	Label, Hostname, Template, Owner string
	State, Progress, IP              string // Progress: building, built, failed or new
	Memory, CPUs, Disk               int
	Built, Booted, Locked            bool
	Chains                           [][]dashboardStep // newest chain first, steps in order
}

type dashboardStep struct {
	ID                  int
	Action, Status, Log string
	Started             string
}

type dashboardKey struct {
	ID, User, Type, Expiry, Durability, LastUsed, Created string
	Expired                                               bool
}

// handleDashboard answers GET /_emulator/ui with the page.
func (s *Server) handleDashboard(w http.ResponseWriter, _ *http.Request) {
	var body bytes.Buffer
	if err := dashboardTemplate.Execute(&body, s.dashboard(time.Now())); err != nil {
		httpjson.WriteErrors(w, http.StatusInternalServerError, "rendering the dashboard failed: "+err.Error())
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	// No script runs on the page: it refreshes with a meta tag.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	httpjson.WriteBytes(w, http.StatusOK, "text/html; charset=utf-8", body.Bytes())
}

// dashboard gathers the page from the domains, the fault rules and the request log.
func (s *Server) dashboard(now time.Time) dashboardPage {
	state := s.domains.state()
	page := dashboardPage{
		Now:          now.UTC().Format(time.RFC3339),
		Applications: state.Webscale.Applications,
		Faults:       s.faults.snapshot(),
		RateLimit:    s.limits.snapshot(),
	}
	page.Users, page.Servers, page.Building = webcoreRows(state.Webcore)
	page.AccessKeys = accessKeyRows(state.Webscale.AccessKeys, now)
	records := s.recorder.records()
	page.RequestsSeen = len(records)
	for i := len(records) - 1; i >= 0 && len(page.Requests) < dashboardRequests; i-- {
		page.Requests = append(page.Requests, records[i])
	}
	return page
}

func webcoreRows(st webcore.State) (users []dashboardUser, servers []dashboardServer, building bool) {
	logins := map[int]string{}
	owned := map[int]int{}
	for _, vm := range st.VirtualServers {
		owned[vm.UserID]++
	}
	for _, u := range st.Users {
		logins[u.ID] = u.Login
		users = append(users, dashboardUser{
			ID: u.ID, Login: u.Login, Email: u.Email, Name: u.FirstName + " " + u.LastName, Status: u.Status,
			Servers: owned[u.ID], Created: stamp(u.CreatedAt), Admin: u.ID == 1, Destroying: u.Destroying,
			HasAPIKey: u.APIKeyHash != "",
		})
	}
	templates := map[int]string{}
	for _, t := range st.Templates {
		templates[t.ID] = t.Label
	}
	chains := map[int]map[int][]dashboardStep{} // server id → chain id → steps
	for _, tx := range st.Transactions {
		if tx.Status == "pending" || tx.Status == "running" {
			building = true
		}
		if tx.ParentType != "VirtualMachine" {
			continue
		}
		if chains[tx.ParentID] == nil {
			chains[tx.ParentID] = map[int][]dashboardStep{}
		}
		step := dashboardStep{ID: tx.ID, Action: tx.Action, Status: tx.Status}
		if tx.Status == "failed" {
			step.Log = tx.LogOutput // why it failed; a finished step's log only says it ran
		}
		if tx.StartedAt != nil {
			step.Started = stamp(*tx.StartedAt)
		}
		chains[tx.ParentID][tx.ChainID] = append(chains[tx.ParentID][tx.ChainID], step)
	}
	for _, vm := range st.VirtualServers {
		row := dashboardServer{
			ID: vm.ID, Label: vm.Label, Hostname: vm.Hostname, Template: templates[vm.TemplateID], Owner: logins[vm.UserID],
			State: vm.State, Memory: vm.Memory, CPUs: vm.CPUs, Disk: vm.PrimaryDiskSize + vm.SwapDiskSize,
			Built: vm.Built, Booted: vm.Booted,
		}
		if row.Template == "" {
			row.Template = "template " + strconv.Itoa(vm.TemplateID)
		}
		if len(vm.IPAddresses) > 0 {
			row.IP = vm.IPAddresses[0].Address
		}
		row.Chains, row.Locked = serverChains(chains[vm.ID])
		row.Progress = progress(row)
		servers = append(servers, row)
	}
	return users, servers, building
}

// serverChains orders a server's chains newest first; locked while a step is pending or running.
func serverChains(byChain map[int][]dashboardStep) (chains [][]dashboardStep, locked bool) {
	ids := make([]int, 0, len(byChain))
	for id, steps := range byChain {
		ids = append(ids, id)
		for _, st := range steps {
			locked = locked || st.Status == "pending" || st.Status == "running"
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ids)))
	for _, id := range ids {
		chains = append(chains, byChain[id])
	}
	return chains, locked
}

// progress sums a server up in one word, also as the row's data-progress for tests.
func progress(vm dashboardServer) string {
	switch {
	case vm.Locked:
		return "building"
	case vm.Built:
		return "built"
	case len(vm.Chains) > 0:
		return "failed"
	default:
		return "new"
	}
}

func accessKeyRows(keys []webscale.AccessKeyRecord, now time.Time) []dashboardKey {
	var rows []dashboardKey
	for _, k := range keys {
		row := dashboardKey{ID: k.ID, User: k.UserID, Type: k.Type, Durability: k.Durability, Expiry: "never",
			LastUsed: "never", Created: k.CreatedAt.UTC().Format(time.RFC3339)}
		if k.Expiry != nil {
			row.Expiry, row.Expired = k.Expiry.UTC().Format(time.RFC3339), !now.Before(*k.Expiry)
		}
		if k.LastUsed != nil {
			row.LastUsed = k.LastUsed.UTC().Format(time.RFC3339)
		}
		rows = append(rows, row)
	}
	return rows
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }
