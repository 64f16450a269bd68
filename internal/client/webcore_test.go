package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestNewWebcoreValidation(t *testing.T) {
	tr := newTestTransport(t, TransportConfig{})
	for name, cfg := range map[string]WebcoreConfig{
		"no url":       {Username: "a", Password: "secret"},
		"ftp url":      {URL: "ftp://cp.example.com", Username: "a", Password: "secret"},
		"relative url": {URL: "cp.example.com", Username: "a", Password: "secret"},
		"userinfo":     {URL: "https://a:secret@cp.example.com", Username: "a", Password: "secret"},
		"no username":  {URL: "https://cp.example.com", Password: "secret"},
		"no secret":    {URL: "https://cp.example.com", Username: "a"},
		"both secrets": {URL: "https://cp.example.com", Username: "a", Password: "secret", APIKey: "key"},
	} {
		_, err := NewWebcore(tr, cfg)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: error echoes the secret: %v", name, err)
		}
	}
	if _, err := NewWebcore(nil, WebcoreConfig{URL: "https://cp.example.com", Username: "a", Password: "secret"}); err == nil {
		t.Error("nil transport accepted")
	}
	// Plain HTTP carries the Basic credentials in clear text: only with the opt-in.
	if _, err := NewWebcore(tr, WebcoreConfig{URL: "http://cp.example.com/", Username: "a", APIKey: "k"}); err == nil || !strings.Contains(err.Error(), "https") {
		t.Errorf("plain http without the opt-in: %v", err)
	}
	if _, err := NewWebcore(tr, WebcoreConfig{URL: "http://cp.example.com/", Username: "a", APIKey: "k", AllowPlainHTTP: true}); err != nil {
		t.Errorf("plain http with the opt-in rejected: %v", err)
	}
}

func TestWebcoreBasicAuthForms(t *testing.T) {
	for name, cfg := range map[string]WebcoreConfig{
		"login:password": {Username: testLogin, Password: testPassword},
		"email:api_key":  {Username: testEmail, APIKey: testAPIKey},
	} {
		t.Run(name, func(t *testing.T) {
			wantUser, wantSecret := cfg.Username, cfg.Password+cfg.APIKey
			srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
				user, secret, ok := r.BasicAuth()
				if !ok || user != wantUser || secret != wantSecret {
					writeJSON(w, 401, `{"errors": ["Access denied"]}`)
					return
				}
				writeJSON(w, 200, `{"user": {"id": 1}}`)
			})
			cfg.URL, cfg.AllowPlainHTTP = srv.URL, true
			w, err := NewWebcore(newTestTransport(t, fastConfig(nil)), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.GetUser(context.Background(), 1); err != nil {
				t.Fatalf("GetUser: %v", err)
			}
		})
	}
}

// recordedRequest is what a fake server saw.
type recordedRequest struct {
	Method, Path, Query string
	Body                map[string]any
}

// recordingServer answers every request with status/body and records it.
func recordingServer(t *testing.T, status int, body string) (*countingServer, func() []recordedRequest) {
	t.Helper()
	var mu sync.Mutex
	var seen []recordedRequest
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec := recordedRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery}
		if data, _ := io.ReadAll(r.Body); len(data) > 0 {
			if err := json.Unmarshal(data, &rec.Body); err != nil {
				t.Errorf("request body not JSON: %s", data)
			}
			if r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type = %q", r.Header.Get("Content-Type"))
			}
		}
		mu.Lock()
		seen = append(seen, rec)
		mu.Unlock()
		writeJSON(w, status, body)
	})
	return srv, func() []recordedRequest {
		mu.Lock()
		defer mu.Unlock()
		return append([]recordedRequest(nil), seen...)
	}
}

func ptr[T any](v T) *T { return &v }

func TestUserCalls(t *testing.T) {
	ctx := context.Background()
	srv, seen := recordingServer(t, 201, `{"user": {"id": 9, "login": "bob", "role_ids": ["1", 2], "used_memory": "512", "deleted_at": null}}`)
	w := newTestWebcore(t, srv.URL, fastConfig(nil))

	u, err := w.CreateUser(ctx, UserCreateRequest{Login: "bob", Email: "b@example.com", Password: "secret1", FirstName: ptr("Bob"), RoleIDs: []int64{1, 2}})
	if err != nil || u.ID != 9 || len(u.RoleIDs) != 2 || u.RoleIDs[0] != 1 || u.UsedMemory != 512 || !u.DeletedAt.IsZero() {
		t.Fatalf("CreateUser = %+v, %v", u, err)
	}
	if err := w.UpdateUser(ctx, 9, UserUpdateRequest{LastName: ptr("Smith"), RoleIDs: ptr([]int64{})}); err != nil {
		t.Fatal(err)
	}
	if err := w.DeleteUser(ctx, 9, false); err != nil {
		t.Fatal(err)
	}
	if err := w.DeleteUser(ctx, 9, true); err != nil {
		t.Fatal(err)
	}

	got := seen()
	create := got[0]
	user := create.Body["user"].(map[string]any)
	if create.Method != "POST" || create.Path != "/users.json" || user["login"] != "bob" || user["first_name"] != "Bob" || user["password"] != "secret1" {
		t.Errorf("create = %+v", create)
	}
	if _, sent := user["last_name"]; sent {
		t.Error("unset last_name was sent")
	}
	update := got[1].Body["user"].(map[string]any)
	if got[1].Method != "PUT" || got[1].Path != "/users/9.json" || update["last_name"] != "Smith" || len(update) != 2 {
		t.Errorf("update = %+v", got[1])
	}
	if roles, ok := update["role_ids"].([]any); !ok || len(roles) != 0 {
		t.Errorf("empty role list not sent: %v", update["role_ids"])
	}
	if got[2].Method != "DELETE" || got[2].Body != nil {
		t.Errorf("plain delete = %+v", got[2])
	}
	if got[3].Method != "DELETE" || got[3].Body["force"] != float64(1) {
		t.Errorf("force delete = %+v", got[3])
	}
}

func TestPlainUserDeleteNotResent(t *testing.T) {
	// A resent plain DELETE would escalate to destruction.
	srv := newCountingServer(t, dropAfterBody(t))
	err := newTestWebcore(t, srv.URL, fastConfig(nil)).DeleteUser(context.Background(), 3, false)
	if err == nil || srv.hits.Load() != 1 {
		t.Fatalf("err = %v, hits = %d; want 1 attempt", err, srv.hits.Load())
	}
}

func TestGenerateUserAPIKey(t *testing.T) {
	for _, body := range []string{`{"api_key": "abc123"}`, `{"user_api_key": {"api_key": "abc123"}}`} {
		srv, seen := recordingServer(t, 201, body)
		logger := &captureLogger{}
		key, err := newTestWebcore(t, srv.URL, fastConfig(logger)).GenerateUserAPIKey(context.Background(), 4)
		if err != nil || key != "abc123" {
			t.Fatalf("%s: key = %q, %v", body, key, err)
		}
		if p := seen()[0]; p.Method != "POST" || p.Path != "/users/4/user_api_keys/generate.json" {
			t.Fatalf("request = %+v", p)
		}
		if strings.Contains(logger.text(), "abc123") {
			t.Fatal("generated key logged")
		}
	}
}

func TestListUsersFollowsPages(t *testing.T) {
	var mu sync.Mutex
	var pages []string
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		perPage, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
		mu.Lock()
		pages = append(pages, r.URL.RawQuery)
		mu.Unlock()
		var items []string
		for id := (page-1)*perPage + 1; id <= min(page*perPage, 5); id++ {
			items = append(items, fmt.Sprintf(`{"user": {"id": %d}}`, id))
		}
		writeJSON(w, 200, "["+strings.Join(items, ",")+"]")
	})
	w := newTestWebcore(t, srv.URL, fastConfig(nil))
	w.pageSize = 2
	users, err := w.ListUsers(context.Background())
	if err != nil || len(users) != 5 || users[4].ID != 5 {
		t.Fatalf("ListUsers = %+v, %v", users, err)
	}
	// Page 1 alone, then pages 2 and 3 at once: page 3 is short, so the list
	// ends there, and nothing more is asked for.
	mu.Lock()
	defer mu.Unlock()
	slices.Sort(pages)
	want := []string{"page=1&per_page=2", "page=2&per_page=2", "page=3&per_page=2"}
	if !slices.Equal(pages, want) {
		t.Fatalf("pages = %v, want %v", pages, want)
	}
}

// A long list costs a few round trips, not one per page, and few pages past
// its end: with 40 users in pages of 2 (the empty page 21 ends it), page 1,
// then pages 2-3, 4-7, 8-15 and 16-23, each wave at once.
func TestListUsersReadsPagesInWaves(t *testing.T) {
	var mu sync.Mutex
	inFlight, most := 0, 0
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond) // let a wave's requests overlap
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		var items []string
		for id := (page-1)*2 + 1; id <= min(page*2, 40); id++ {
			items = append(items, fmt.Sprintf(`{"user": {"id": %d}}`, id))
		}
		mu.Lock()
		inFlight--
		mu.Unlock()
		writeJSON(w, 200, "["+strings.Join(items, ",")+"]")
	})
	w := newTestWebcore(t, srv.URL, fastConfig(nil))
	w.pageSize = 2
	users, err := w.ListUsers(context.Background())
	if err != nil || len(users) != 40 {
		t.Fatalf("ListUsers = %d users, %v", len(users), err)
	}
	for i, u := range users {
		if u.ID != int64(i+1) {
			t.Fatalf("users[%d].ID = %d: pages out of order", i, u.ID)
		}
	}
	if hits := srv.hits.Load(); hits != 23 || most < 4 || most > pageWaveMax {
		t.Fatalf("%d requests, at most %d at once; want 23 (1 + 2 + 4 + 8 + 8), in waves of up to %d", hits, most, pageWaveMax)
	}
}

func TestListUsersStopsWhenServerIgnoresPaging(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `[{"user": {"id": 1}}, {"user": {"id": 2}}]`)
	})
	w := newTestWebcore(t, srv.URL, fastConfig(nil))
	w.pageSize = 2
	users, err := w.ListUsers(context.Background())
	// Page 1, then the wave of pages 2-3, whose first page adds no one.
	if err != nil || len(users) != 2 || srv.hits.Load() != 3 {
		t.Fatalf("ListUsers = %d users, %v, hits %d", len(users), err, srv.hits.Load())
	}
}

func TestVirtualServerCalls(t *testing.T) {
	ctx := context.Background()
	srv, seen := recordingServer(t, 201, `{"virtual_machine": {"id": 12, "identifier": "abc", "locked": true, "built": false}}`)
	w := newTestWebcore(t, srv.URL+"/panel/", fastConfig(nil))

	vs, err := w.CreateVirtualServer(ctx, VirtualServerCreateRequest{
		Label: "web", Hostname: "web", TemplateID: 3, Memory: 1024, CPUs: 1, CPUShares: 100, PrimaryDiskSize: 10,
		RequiredVirtualMachineStartup: ptr(false), InitialRootPassword: ptr("rootpw1"),
	})
	if err != nil || vs.ID != 12 || !vs.Locked {
		t.Fatalf("CreateVirtualServer = %+v, %v", vs, err)
	}
	if _, err := w.GetVirtualServer(ctx, "abc"); err != nil {
		t.Fatal(err)
	}
	if err := w.UpdateVirtualServer(ctx, 12, VirtualServerUpdateRequest{Memory: ptr(int64(2048))}); err != nil {
		t.Fatal(err)
	}
	if err := w.PowerAction(ctx, 12, PowerReboot); err != nil {
		t.Fatal(err)
	}
	if err := w.DeleteVirtualServer(ctx, 12, KeepBackups); err != nil {
		t.Fatal(err)
	}

	got := seen()
	body := got[0].Body["virtual_machine"].(map[string]any)
	if got[0].Path != "/panel/virtual_machines.json" || body["required_virtual_machine_startup"] != float64(0) || body["memory"] != float64(1024) {
		t.Errorf("create = %+v", got[0])
	}
	if _, sent := body["required_virtual_machine_build"]; sent {
		t.Error("unset build flag was sent")
	}
	for i, want := range []string{"GET /panel/virtual_machines/abc.json", "PUT /panel/virtual_machines/12.json", "POST /panel/virtual_machines/12/reboot.json", "DELETE /panel/virtual_machines/12.json"} {
		if g := got[i+1].Method + " " + got[i+1].Path; g != want {
			t.Errorf("request %d = %s, want %s", i+1, g, want)
		}
	}
	if got[4].Query != "convert_last_backup=0&destroy_all_backups=0" {
		t.Errorf("delete query = %q", got[4].Query)
	}
	if upd := got[2].Body["virtual_machine"].(map[string]any); len(upd) != 1 || upd["memory"] != float64(2048) {
		t.Errorf("update body = %v", upd)
	}
}

func TestReadOnlyLists(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/templates.json":
			writeJSON(w, 200, `[{"image_template": {"id": 1, "label": "Debian", "min_disk_size": "5", "allowed_swap": "1", "allow_resize_without_reboot": true}}]`)
		case "/hypervisors.json":
			writeJSON(w, 200, `[{"hypervisor": {"id": "2", "label": "hv1", "online": "true"}}]`)
		case "/virtual_machines/12/status.json":
			writeJSON(w, 200, `{"virtual_machine": {"id": 12, "built": 1, "booted": "0", "state": "delivered"}}`)
		default:
			writeJSON(w, 404, `{"errors": ["Resource not found"]}`)
		}
	})
	w := newTestWebcore(t, srv.URL, fastConfig(nil))
	templates, err := w.ListTemplates(context.Background())
	if err != nil || len(templates) != 1 || templates[0].MinDiskSize != 5 || !templates[0].AllowedSwap || !templates[0].AllowResizeWithoutReboot {
		t.Fatalf("templates = %+v, %v", templates, err)
	}
	hvs, err := w.ListHypervisors(context.Background())
	if err != nil || len(hvs) != 1 || hvs[0].ID != 2 || !hvs[0].Online {
		t.Fatalf("hypervisors = %+v, %v", hvs, err)
	}
	st, err := w.GetVirtualServerStatus(context.Background(), 12)
	if err != nil || !st.Built || st.Booted || st.State != "delivered" {
		t.Fatalf("status = %+v, %v", st, err)
	}
}

func TestAPIKeyAccount(t *testing.T) {
	tr := newTestTransport(t, TransportConfig{})
	byKey, err := NewWebcore(tr, WebcoreConfig{URL: "https://cp.example.com", Username: "kim@example.com", APIKey: "k3y"})
	if err != nil {
		t.Fatal(err)
	}
	if email, ok := byKey.APIKeyAccount(); !ok || email != "kim@example.com" {
		t.Errorf("with an API key: APIKeyAccount() = %q, %t; want the email and true", email, ok)
	}
	byPassword, err := NewWebcore(tr, WebcoreConfig{URL: "https://cp.example.com", Username: "kim", Password: "pw-123456"})
	if err != nil {
		t.Fatal(err)
	}
	if email, ok := byPassword.APIKeyAccount(); ok || email != "" {
		t.Errorf("with a password: APIKeyAccount() = %q, %t; want \"\" and false", email, ok)
	}
}
