package client_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// These tests talk to the real emulator over TLS: the wire behaviour (auth
// forms, token transports, faults) is the point, so no fake would do.

var emu struct {
	once sync.Once
	srv  *emulator.Server
	err  error
}

func startEmulator(t *testing.T) *emulator.Server {
	t.Helper()
	emu.once.Do(func() {
		emu.srv, emu.err = emulator.Start(emulator.Config{Listen: "127.0.0.1:0", TxDuration: 10 * time.Millisecond,
			LogOutput: &strings.Builder{}, PasswordCost: bcrypt.MinCost})
	})
	if emu.err != nil {
		t.Fatalf("starting the emulator: %v", emu.err)
	}
	return emu.srv
}

func transport(t *testing.T, info emulator.ReadyInfo) *client.Transport {
	t.Helper()
	tr, err := client.NewTransport(client.TransportConfig{CACertFile: info.CACertFile, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestEmulator_webcoreBothAuthForms(t *testing.T) {
	info := startEmulator(t).Info()
	tr := transport(t, info)
	for name, cfg := range map[string]client.WebcoreConfig{
		"login and password": {URL: info.WebcoreURL, Username: info.WebcoreLogin, Password: info.WebcorePassword},
		"email and api key":  {URL: info.WebcoreURL, Username: info.WebcoreEmail, APIKey: info.WebcoreAPIKey},
	} {
		t.Run(name, func(t *testing.T) {
			wc, err := client.NewWebcore(tr, cfg)
			if err != nil {
				t.Fatal(err)
			}
			u, err := wc.GetUser(context.Background(), 1)
			if err != nil {
				t.Fatalf("GetUser: %v", err)
			}
			if u.Login != info.WebcoreLogin {
				t.Errorf("login = %q, want %q", u.Login, info.WebcoreLogin)
			}
		})
	}

	wrong, err := client.NewWebcore(tr, client.WebcoreConfig{URL: info.WebcoreURL, Username: info.WebcoreLogin, Password: "not-the-password"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = wrong.GetUser(context.Background(), 1)
	if !client.IsUnauthorized(err) {
		t.Fatalf("wrong password: want unauthorized, got %v", err)
	}
	if strings.Contains(err.Error(), "not-the-password") {
		t.Errorf("error text leaks the password: %v", err)
	}
}

func TestEmulator_webscaleTransportsNeverSendBoth(t *testing.T) {
	srv := startEmulator(t)
	info := srv.Info()
	tr := transport(t, info)
	ctl := srv.Control()

	for _, inQuery := range []bool{false, true} {
		if err := ctl.ClearRequests(); err != nil {
			t.Fatal(err)
		}
		ws, err := client.NewWebscale(tr, client.WebscaleConfig{URL: info.WebscaleURL, AccessToken: info.WebscaleToken, TokenInQuery: inQuery})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ws.ListAccessKeys(context.Background(), ""); err != nil {
			t.Fatalf("inQuery=%v: ListAccessKeys: %v", inQuery, err)
		}
		if _, err := ws.AppLogs(context.Background(), "example-app", time.Date(2015, 7, 31, 0, 0, 0, 0, time.UTC), nil); err != nil {
			t.Fatalf("inQuery=%v: AppLogs: %v", inQuery, err)
		}
		records, err := ctl.Requests()
		if err != nil {
			t.Fatal(err)
		}
		if len(records) != 2 {
			t.Fatalf("inQuery=%v: want 2 logged requests, got %d", inQuery, len(records))
		}
		for _, r := range records {
			header := r.AuthHeader == "Bearer"
			if header == r.AuthQuery || header == inQuery {
				t.Errorf("inQuery=%v: %s %s sent header=%q query=%v; want exactly the configured one", inQuery, r.Method, r.Path, r.AuthHeader, r.AuthQuery)
			}
			if strings.Contains(r.Query, info.WebscaleToken) {
				t.Errorf("request log shows the token in %q", r.Query)
			}
		}
	}
}

func TestEmulator_webscaleBadTokenIsUnauthorized(t *testing.T) {
	info := startEmulator(t).Info()
	ws, err := client.NewWebscale(transport(t, info), client.WebscaleConfig{URL: info.WebscaleURL, AccessToken: "wrong-token-123", TokenInQuery: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ws.ListAccessKeys(context.Background(), "")
	if !client.IsUnauthorized(err) {
		t.Fatalf("want unauthorized, got %v", err)
	}
	if strings.Contains(err.Error(), "wrong-token-123") {
		t.Errorf("error text leaks the token: %v", err)
	}
}

// A POST whose response is lost after the write happened must not be resent:
// the object exists once, and the error says the request may have gone through.
func TestEmulator_lostPostResponseIsNotResent(t *testing.T) {
	srv := startEmulator(t)
	info := srv.Info()
	ctl := srv.Control()
	wc, err := client.NewWebcore(transport(t, info), client.WebcoreConfig{URL: info.WebcoreURL, Username: info.WebcoreLogin, Password: info.WebcorePassword})
	if err != nil {
		t.Fatal(err)
	}
	if err := ctl.SetFaults(1, []emulator.FaultRule{{Method: "POST", Path: "/users.json", Kind: emulator.FaultCommitThenDrop, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ctl.ClearFaults() })
	if err := ctl.ClearRequests(); err != nil {
		t.Fatal(err)
	}

	_, err = wc.CreateUser(context.Background(), client.UserCreateRequest{Login: "lostresponse", Email: "lost@example.com", Password: "secret123"})
	var reqErr *client.RequestError
	if !errors.As(err, &reqErr) || !reqErr.MaybeProcessed {
		t.Fatalf("want a RequestError marked MaybeProcessed, got %v", err)
	}
	// The emulator records a dropped request once its handler returns, which
	// may be just after the client saw the connection close.
	var counters map[string]int
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if counters, err = ctl.Counters(); err != nil {
			t.Fatal(err)
		}
		if counters["POST /users.json"] > 0 {
			break
		}
	}
	if n := counters["POST /users.json"]; n != 1 {
		t.Errorf("POST /users.json reached the emulator %d times, want exactly 1 (counters: %v)", n, counters)
	}
	users, err := wc.ListUsers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, u := range users {
		if u.Login == "lostresponse" {
			found++
		}
	}
	if found != 1 {
		t.Errorf("the user exists %d times, want 1", found)
	}
}

// A GET that meets 503 twice succeeds on the third attempt.
func TestEmulator_getRetriedThrough503(t *testing.T) {
	srv := startEmulator(t)
	info := srv.Info()
	ctl := srv.Control()
	wc, err := client.NewWebcore(transport(t, info), client.WebcoreConfig{URL: info.WebcoreURL, Username: info.WebcoreLogin, Password: info.WebcorePassword})
	if err != nil {
		t.Fatal(err)
	}
	if err := ctl.SetFaults(7, []emulator.FaultRule{{Method: "GET", Path: "/templates.json", Kind: emulator.FaultStatus, Status: 503, RetryAfter: 0, Count: 2}}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ctl.ClearFaults() })
	if err := ctl.ClearRequests(); err != nil {
		t.Fatal(err)
	}
	templates, err := wc.ListTemplates(context.Background())
	if err != nil {
		t.Fatalf("ListTemplates through two 503s: %v", err)
	}
	if len(templates) < 3 {
		t.Errorf("want the seeded templates, got %d", len(templates))
	}
	records, err := ctl.Requests()
	if err != nil {
		t.Fatal(err)
	}
	var statuses []int
	for _, r := range records {
		statuses = append(statuses, r.Status)
	}
	if len(statuses) != 3 || statuses[0] != 503 || statuses[1] != 503 || statuses[2] != 200 {
		t.Errorf("want 503, 503, 200 on the wire, got %v", statuses)
	}
}

// The lookups decode what the emulator serves: the caller's profile, roles,
// zones, and one template or hypervisor (404 for an unknown one).
func TestEmulator_lookups(t *testing.T) {
	info := startEmulator(t).Info()
	wc, err := client.NewWebcore(transport(t, info), client.WebcoreConfig{URL: info.WebcoreURL, Username: info.WebcoreEmail, APIKey: info.WebcoreAPIKey})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	me, err := wc.GetProfile(ctx)
	if err != nil || me.ID != 1 || me.Email != info.WebcoreEmail || len(me.RoleIDs) != 1 {
		t.Fatalf("profile %+v, %v", me, err)
	}
	roles, err := wc.ListRoles(ctx)
	if err != nil || len(roles) < 2 || roles[0].ID != me.RoleIDs[0] || roles[0].Label != "Administrator" || !roles[0].System || roles[0].CreatedAt.IsZero() {
		t.Fatalf("roles %+v, %v", roles, err)
	}
	zones, err := wc.ListHypervisorZones(ctx)
	if err != nil || len(zones) < 2 || zones[1].Label != "Frankfurt" || zones[1].LocationGroupID != 2 {
		t.Fatalf("zones %+v, %v", zones, err)
	}
	tmpl, err := wc.GetTemplate(ctx, 3)
	if err != nil || tmpl.Label != "Debian 12 x64" || tmpl.MinDiskSize != 5 {
		t.Fatalf("template 3 %+v, %v", tmpl, err)
	}
	hv, err := wc.GetHypervisor(ctx, 2)
	if err != nil || hv.Label != "hv-kvm-02" || hv.HypervisorGroupID != 2 || !hv.Online {
		t.Fatalf("hypervisor 2 %+v, %v", hv, err)
	}
	if _, err := wc.GetTemplate(ctx, 999); !client.IsNotFound(err) {
		t.Fatalf("unknown template: %v", err)
	}
	if _, err := wc.GetHypervisor(ctx, 999); !client.IsNotFound(err) {
		t.Fatalf("unknown hypervisor: %v", err)
	}
}
