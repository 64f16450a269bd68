package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestDashboardNeverShowsASecret renders the page with every kind of secret
// and hash the emulator knows and checks that none of them appears.
func TestDashboardNeverShowsASecret(t *testing.T) {
	h := startTest(t, Config{SeedFile: exampleSeed, AdminPassword: "admin-password-123",
		AdminAPIKey: strings.Repeat("c0", 20), WebscaleToken: "bootstrap-token-4567890"})
	secrets := map[string]string{
		"admin password": "admin-password-123", "admin API key": strings.Repeat("c0", 20),
		"bootstrap token": "bootstrap-token-4567890", "seeded password": seededPassword, "seeded API key": seededAPIKey,
		"seeded token": seededToken, "seeded expired token": expiredToken, "created key": h.createKey(),
	}
	if status, body := h.admin(http.MethodPost, "/users.json", `{"login":"jdoe","email":"jdoe@example.com","password":"jdoe-password-1"}`); status != 201 {
		t.Fatalf("create user: %d %s", status, body)
	}
	secrets["created user's password"] = "jdoe-password-1"
	if status, body := h.admin(http.MethodPost, "/virtual_machines.json",
		`{"label":"web-01","hostname":"web-01","template_id":1,"memory":512,"cpus":1,"cpu_shares":10,"primary_disk_size":10,"initial_root_password":"root-pw-secret-1"}`); status != 201 {
		t.Fatalf("create server: %d %s", status, body)
	}
	secrets["root password"] = "root-pw-secret-1"
	_, body := h.webscale(http.MethodGet, "/app/example-app/logs?start_time=2026-01-01T00:00:00", "")
	var link struct {
		DownloadURL string `json:"download_url"`
	}
	_ = json.Unmarshal([]byte(body), &link)
	_, token, _ := strings.Cut(link.DownloadURL, "/download/")
	secrets["download token"] = token
	if status, _ := h.send(http.MethodGet, link.DownloadURL, "", ""); status != 200 {
		t.Fatalf("download: %d", status)
	}
	if err := h.srv.Control().SetFaults(3, []FaultRule{{Method: "POST", Path: "/users.json", Kind: FaultStatus, Status: 503, Count: 2}}); err != nil {
		t.Fatal(err)
	}
	if status, _ := h.admin(http.MethodPost, "/users.json", `{}`); status != 503 {
		t.Fatalf("faulted request: %d", status)
	}
	// The hashes the state keeps are secrets' stand-ins: none may show either.
	state, err := h.srv.Control().State()
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range state.Webcore.Users {
		secrets[u.Login+"'s password hash"] = u.PasswordHash
		if u.APIKeyHash != "" {
			secrets[u.Login+"'s API key hash"] = u.APIKeyHash
		}
	}
	for _, vm := range state.Webcore.VirtualServers {
		secrets["root password hash"] = vm.RootPasswordSHA256
	}
	for _, k := range state.Webscale.AccessKeys {
		secrets["key "+k.ID+" digest"] = k.SecretSHA256
	}
	for _, d := range state.Webscale.Downloads {
		secrets["download token digest"] = d.TokenSHA256
	}

	status, page := h.send(http.MethodGet, h.info.ControlURL+"/ui", "", "")
	if status != 200 {
		t.Fatalf("dashboard: %d %s", status, page)
	}
	for name, secret := range secrets {
		if secret == "" {
			t.Fatalf("%s is empty: the test proves nothing", name)
		}
		if strings.Contains(page, secret) {
			t.Errorf("the dashboard shows the %s", name)
		}
	}
	for _, want := range []string{
		"ci-bot@example.com", "jdoe", `data-server="web-01"`, "build_disk", "my-app", "www.my-app.example",
		"2020-01-01T00:00:00Z", "expired", "<code>/users.json</code>", "/download/***", ">status<", "503",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
}

func TestDashboardRefreshesOnlyWhileBuilding(t *testing.T) {
	h := startTest(t, Config{})
	if _, page := h.send(http.MethodGet, h.info.ControlURL+"/ui", "", ""); strings.Contains(page, `http-equiv="refresh"`) {
		t.Fatal("an idle page must not refresh itself")
	}
	if err := h.srv.Control().SetWebcoreTransactions(WebcoreTransactions{DefaultDuration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if status, body := h.admin(http.MethodPost, "/virtual_machines.json",
		`{"label":"slow","hostname":"slow","template_id":1,"memory":512,"cpus":1,"cpu_shares":10,"primary_disk_size":10}`); status != 201 {
		t.Fatalf("create server: %d %s", status, body)
	}
	resp, err := h.request(http.MethodGet, h.info.ControlURL+"/ui", "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("headers = %v", resp.Header)
	}
	_, page := h.send(http.MethodGet, h.info.ControlURL+"/ui", "", "")
	for _, want := range []string{`http-equiv="refresh"`, `data-progress="building"`, "build_disk: running", "provisioning: pending"} {
		if !strings.Contains(page, want) {
			t.Errorf("a building page lacks %q", want)
		}
	}
}

func TestDashboardIsLoopbackOnly(t *testing.T) {
	h := startTest(t, Config{})
	req := httptest.NewRequest(http.MethodGet, "/_emulator/ui", nil)
	req.RemoteAddr = "192.0.2.7:5555"
	rec := httptest.NewRecorder()
	h.srv.http.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden || strings.Contains(rec.Body.String(), "<html") {
		t.Fatalf("remote dashboard request: %d %s", rec.Code, rec.Body)
	}
}
