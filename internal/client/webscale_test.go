package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// webscaleFake is a TLS Webscale stand-in that checks the token placement.
type webscaleFake struct {
	srv      *httptest.Server
	mu       sync.Mutex
	seen     []*http.Request
	bodies   []string
	response func(w http.ResponseWriter, r *http.Request)
}

func newWebscaleFake(t *testing.T, response func(w http.ResponseWriter, r *http.Request)) *webscaleFake {
	t.Helper()
	f := &webscaleFake{response: response}
	f.srv = newQuietTLSServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.seen = append(f.seen, r.Clone(context.Background()))
		f.bodies = append(f.bodies, string(body))
		f.mu.Unlock()
		header := r.Header.Get("Authorization")
		query := r.URL.Query().Get("authorization")
		switch {
		case header != "" && query != "":
			writeJSON(w, 400, `{"status": 400, "error": {"type": "bad_request", "message": "token sent twice"}}`)
		case header != "Bearer "+testToken && query != testToken:
			writeJSON(w, 401, `{"status": 401, "error": {"type": "unauthorized", "message": "bad token"}}`)
		default:
			f.response(w, r)
		}
	})
	return f
}

func (f *webscaleFake) requests() []*http.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*http.Request(nil), f.seen...)
}

func (f *webscaleFake) client(t *testing.T, inQuery bool, logger Logger) *Webscale {
	t.Helper()
	cfg := fastConfig(logger)
	cfg.CACertPEM = pemOf(f.srv)
	s, err := NewWebscale(newTestTransport(t, cfg), WebscaleConfig{URL: f.srv.URL + "/v2", AccessToken: testToken, TokenInQuery: inQuery})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewWebscaleRequiresHTTPS(t *testing.T) {
	tr := newTestTransport(t, TransportConfig{})
	if _, err := NewWebscale(tr, WebscaleConfig{URL: "http://api.webscale.com/v2", AccessToken: testToken}); err == nil || !strings.Contains(err.Error(), "https") {
		t.Fatalf("plain http accepted: %v", err)
	}
	if _, err := NewWebscale(tr, WebscaleConfig{URL: "https://api.webscale.com/v2"}); err == nil {
		t.Fatal("missing token accepted")
	}
	s, err := NewWebscale(tr, WebscaleConfig{AccessToken: testToken})
	if err != nil || s.base.String() != DefaultWebscaleURL {
		t.Fatalf("default URL: %v, %v", s, err)
	}
}

func TestWebscaleTokenPlacement(t *testing.T) {
	for _, inQuery := range []bool{false, true} {
		f := newWebscaleFake(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, `[]`) })
		logger := &captureLogger{}
		if _, err := f.client(t, inQuery, logger).ListAccessKeys(context.Background(), ""); err != nil {
			t.Fatalf("inQuery=%t: %v", inQuery, err)
		}
		r := f.requests()[0]
		hasHeader, hasQuery := r.Header.Get("Authorization") != "", r.URL.Query().Has("authorization")
		if hasHeader == inQuery || hasQuery != inQuery {
			t.Fatalf("inQuery=%t: header %t, query %t", inQuery, hasHeader, hasQuery)
		}
		if r.URL.Path != "/v2/users/self/access-keys" {
			t.Fatalf("path = %s", r.URL.Path)
		}
		if strings.Contains(logger.text(), testToken) {
			t.Fatalf("token logged:\n%s", logger.text())
		}
		if inQuery && !strings.Contains(logger.text(), "authorization=***") {
			t.Fatalf("masked query token missing from log:\n%s", logger.text())
		}
	}
}

func TestWebscaleErrorEnvelope(t *testing.T) {
	f := newWebscaleFake(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 404, `{"status": 404, "error": {"type": "not_found", "message": "no such access key"}}`)
	})
	_, err := f.client(t, true, nil).DeleteAccessKey(context.Background(), "self", "k1")
	apiErr, ok := AsAPIError(err)
	if !ok || apiErr.Kind != KindNotFound || apiErr.Type != "not_found" || apiErr.Message != "no such access key" {
		t.Fatalf("err = %#v", err)
	}
	want := "webscale: DELETE /v2/users/self/access-keys/k1?authorization=***: 404 Not Found: no such access key"
	if err.Error() != want {
		t.Fatalf("err = %q\nwant  %q", err.Error(), want)
	}

	bad := newWebscaleFake(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 400, `{"status": 400, "error": {"type": "bad_request", "message": "expiry must be in the future"}}`)
	})
	_, err = bad.client(t, false, nil).CreateAccessKey(context.Background(), "", AccessKeyConfiguration{})
	if !IsValidation(err) || !strings.Contains(err.Error(), "expiry must be in the future") {
		t.Fatalf("400: %v", err)
	}
}

func TestWebscaleTokenNeverInErrors(t *testing.T) {
	cfg := fastConfig(nil)
	s, err := NewWebscale(newTestTransport(t, cfg), WebscaleConfig{URL: "https://" + closedAddress(t) + "/v2", AccessToken: testToken, TokenInQuery: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ListApplications(context.Background())
	if err == nil || strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "authorization=***") {
		t.Fatalf("err = %v", err)
	}
}

func TestAccessKeyLifecycle(t *testing.T) {
	expiry := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	f := newWebscaleFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPost:
			writeJSON(w, 201, `{"type": "bearer", "expiry": "2030-01-02T03:04:05Z", "account": "/v2/accounts/7", "href": "/v2/users/self/access-keys/ak1", "durability": "persistent", "last_used": null, "secret_key": "sk-very-secret"}`)
		case http.MethodGet:
			writeJSON(w, 200, `[{"type": "bearer", "expiry": null, "href": "/v2/users/self/access-keys/ak0", "durability": "session", "last_used": "2026-11-01T00:00:00Z"}]`)
		case http.MethodDelete:
			writeJSON(w, 200, `{"type": "bearer", "href": "/v2/users/u%2F1/access-keys/ak1"}`)
		}
	})
	logger := &captureLogger{}
	s := f.client(t, false, logger)
	ctx := context.Background()

	key, err := s.CreateAccessKey(ctx, "", AccessKeyConfiguration{Expiry: &expiry, Account: "/v2/accounts/7"})
	if err != nil || key.SecretKey != "sk-very-secret" || key.ID() != "ak1" || key.Expiry == nil || !key.Expiry.Equal(expiry) || key.LastUsed != nil || key.Durability != "persistent" {
		t.Fatalf("CreateAccessKey = %+v, %v", key, err)
	}
	f.mu.Lock()
	var sent map[string]any
	_ = json.Unmarshal([]byte(f.bodies[0]), &sent)
	f.mu.Unlock()
	if sent["type"] != "bearer" || sent["expiry"] != "2030-01-02T03:04:05Z" || sent["account"] != "/v2/accounts/7" {
		t.Fatalf("create body = %v", sent)
	}
	if strings.Contains(logger.text(), "sk-very-secret") {
		t.Fatal("secret key logged")
	}

	keys, err := s.ListAccessKeys(ctx, "self")
	if err != nil || len(keys) != 1 || keys[0].Expiry != nil || keys[0].LastUsed == nil || keys[0].ID() != "ak0" {
		t.Fatalf("ListAccessKeys = %+v, %v", keys, err)
	}
	deleted, err := s.DeleteAccessKey(ctx, "u/1", "ak1")
	if err != nil || deleted.ID() != "ak1" {
		t.Fatalf("DeleteAccessKey = %+v, %v", deleted, err)
	}
	if r := f.requests()[2]; r.URL.EscapedPath() != "/v2/users/u%2F1/access-keys/ak1" {
		t.Fatalf("delete path = %s", r.URL.EscapedPath())
	}
}

func TestAccessKeyConfigurationDefaults(t *testing.T) {
	out, err := json.Marshal(AccessKeyConfiguration{})
	if err != nil || string(out) != `{"type":"bearer"}` {
		t.Fatalf("marshal = %s, %v", out, err)
	}
}

func TestAppLogs(t *testing.T) {
	var f *webscaleFake
	f = newWebscaleFake(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"download_url": "`+f.srv.URL+`/download/xON7989HUOY800slnay2a90"}`)
	})
	logger := &captureLogger{}
	s := f.client(t, false, logger)
	start := time.Date(2015, 7, 31, 2, 0, 0, 0, time.FixedZone("CEST", 2*3600))
	end := start.Add(time.Hour)
	u, err := s.AppLogs(context.Background(), "example-app", start, &end)
	if err != nil || !strings.HasSuffix(u, "/download/xON7989HUOY800slnay2a90") {
		t.Fatalf("AppLogs = %q, %v", u, err)
	}
	q := f.requests()[0].URL.Query()
	if f.requests()[0].URL.Path != "/v2/app/example-app/logs" || q.Get("start_time") != "2015-07-31T00:00:00Z" || q.Get("end_time") != "2015-07-31T01:00:00Z" {
		t.Fatalf("request = %s", f.requests()[0].URL)
	}
	if strings.Contains(logger.text(), "xON7989HUOY800slnay2a90") {
		t.Fatalf("download token logged:\n%s", logger.text())
	}
}

func TestDownloadSendsNoCredentialsAndHidesToken(t *testing.T) {
	var mu sync.Mutex
	var auth []string
	srv := newQuietTLSServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth = append(auth, r.Header.Get("Authorization")+r.URL.Query().Get("authorization"))
		mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/expired-token-123") {
			writeJSON(w, 410, `{"status": 410, "error": {"type": "gone", "message": "link expired"}}`)
			return
		}
		_, _ = w.Write([]byte("{\"request_path\": \"/\"}\n"))
	})
	cfg := fastConfig(nil)
	cfg.CACertPEM = pemOf(srv)
	logger := &captureLogger{}
	cfg.Logger = logger
	s, err := NewWebscale(newTestTransport(t, cfg), WebscaleConfig{URL: srv.URL + "/v2", AccessToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	data, err := s.Download(context.Background(), srv.URL+"/download/good-token-456")
	if err != nil || !strings.Contains(string(data), "request_path") {
		t.Fatalf("Download = %q, %v", data, err)
	}
	_, err = s.Download(context.Background(), srv.URL+"/download/expired-token-123")
	if !IsNotFound(err) || strings.Contains(err.Error(), "expired-token-123") || !strings.Contains(err.Error(), "/download/***") {
		t.Fatalf("expired download err = %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, a := range auth {
		if a != "" {
			t.Fatalf("download sent credentials %q", a)
		}
	}
	if text := logger.text(); strings.Contains(text, "good-token-456") || strings.Contains(text, "expired-token-123") {
		t.Fatalf("download token logged:\n%s", text)
	}
	if _, err := s.Download(context.Background(), "/relative"); err == nil {
		t.Fatal("relative download URL accepted")
	}
}

func TestApplications(t *testing.T) {
	f := newWebscaleFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/applications" {
			writeJSON(w, 200, `[{"href": "/v2/applications/app1", "name": "shop", "aliases": ["www.shop.example"], "account": "/v2/accounts/7"}]`)
			return
		}
		writeJSON(w, 200, `{"href": "/v2/applications/app1", "name": "shop"}`)
	})
	s := f.client(t, false, nil)
	apps, err := s.ListApplications(context.Background())
	if err != nil || len(apps) != 1 || apps[0].ID() != "app1" || apps[0].Aliases[0] != "www.shop.example" {
		t.Fatalf("ListApplications = %+v, %v", apps, err)
	}
	app, err := s.GetApplication(context.Background(), "app1")
	if err != nil || app.Name != "shop" || f.requests()[1].URL.Path != "/v2/applications/app1" {
		t.Fatalf("GetApplication = %+v, %v", app, err)
	}
}

// An id is the last path segment of an href, whatever follows the path.
func TestLastSegment(t *testing.T) {
	for href, want := range map[string]string{
		"/v2/users/self/access-keys/abc":               "abc",
		"https://api.webscale.com/v2/applications/ap1": "ap1",
		"/v2/users/self/access-keys/abc?expand=1":      "abc",
		"/v2/applications/ap1#top":                     "ap1",
		"/":                                            "",
		"":                                             "",
	} {
		if got := lastSegment(href); got != want {
			t.Errorf("lastSegment(%q) = %q, want %q", href, got, want)
		}
	}
}
