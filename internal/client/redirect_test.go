package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// credentialSink is a server a redirect points at: it records whether it
// was reached and whether credentials came along.
type credentialSink struct {
	*httptest.Server
	hits        atomic.Int64
	credentials atomic.Bool
}

func newCredentialSink(t *testing.T, tls bool) *credentialSink {
	t.Helper()
	sink := &credentialSink{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sink.hits.Add(1)
		if r.Header.Get("Authorization") != "" || r.URL.Query().Get("authorization") != "" {
			sink.credentials.Store(true)
		}
		writeJSON(w, http.StatusOK, `{"user": {"id": 1}}`)
	})
	if tls {
		sink.Server = httptest.NewTLSServer(handler)
	} else {
		sink.Server = httptest.NewServer(handler)
	}
	t.Cleanup(sink.Close)
	return sink
}

// redirectingAPI is a TLS API that answers every request with a redirect
// to target, keeping the path and query (a token in the query comes along).
func redirectingAPI(t *testing.T, target string) *httptest.Server {
	t.Helper()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+r.URL.RequestURI(), http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// callers are one read of each API, with each way of sending credentials.
func callers(t *testing.T, apiURL string, cfg TransportConfig) map[string]func() error {
	t.Helper()
	webcore, err := NewWebcore(newTestTransport(t, cfg), WebcoreConfig{URL: apiURL, Username: testLogin, Password: testPassword, AllowPlainHTTP: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]func() error{
		"webcore": func() error { _, err := webcore.GetUser(context.Background(), 1); return err },
	}
	for name, inQuery := range map[string]bool{"webscale header": false, "webscale query": true} {
		ws, err := NewWebscale(newTestTransport(t, cfg), WebscaleConfig{URL: apiURL + "/v2", AccessToken: testToken, TokenInQuery: inQuery})
		if err != nil {
			t.Fatal(err)
		}
		out[name] = func() error { _, err := ws.ListApplications(context.Background()); return err }
	}
	return out
}

func TestRedirectFromHTTPSToHTTPIsRefused(t *testing.T) {
	sink := newCredentialSink(t, false)
	api := redirectingAPI(t, sink.URL)
	cfg := fastConfig(nil)
	cfg.CACertPEM = pemOf(api)
	for name, call := range callers(t, api.URL, cfg) {
		err := call()
		var refused *RedirectError
		if !errors.As(err, &refused) || !strings.Contains(err.Error(), "from https to http") {
			t.Errorf("%s: err = %v, want a refused redirect that says why", name, err)
			continue
		}
		if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), testPassword) {
			t.Errorf("%s: the error shows a credential: %v", name, err)
		}
	}
	if sink.hits.Load() != 0 || sink.credentials.Load() {
		t.Fatalf("the plain-HTTP target was reached %d times (credentials: %t)", sink.hits.Load(), sink.credentials.Load())
	}
}

func TestRedirectToAnotherHostWithCredentialsIsRefused(t *testing.T) {
	sink := newCredentialSink(t, true) // another port of 127.0.0.1: another origin
	api := redirectingAPI(t, sink.URL)
	cfg := fastConfig(nil)
	cfg.CACertPEM = pemOf(api) // httptest's TLS servers share one certificate
	for name, call := range callers(t, api.URL, cfg) {
		if err := call(); !isRefusedRedirect(err) || !strings.Contains(err.Error(), "another host") {
			t.Errorf("%s: err = %v, want a refused redirect to another host", name, err)
		}
	}
	if sink.hits.Load() != 0 {
		t.Fatalf("the other host was reached %d times", sink.hits.Load())
	}
}

// A log download carries no credentials (its URL is the capability), so it
// may follow a redirect to a storage host's pre-signed URL, whose signature
// never shows in logs.
func TestDownloadFollowsAPreSignedRedirectAndMasksIt(t *testing.T) {
	storage := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Error("credentials sent to the storage host")
		}
		_, _ = w.Write([]byte("log line\n"))
	}))
	t.Cleanup(storage.Close)
	api := redirectingAPI(t, storage.URL+"/bucket/obj?X-Amz-Signature=sig-secret-1&X-Amz-Credential=cred-secret-2&n=")
	cfg := fastConfig(&captureLogger{})
	cfg.CACertPEM = pemOf(api)
	ws, err := NewWebscale(newTestTransport(t, cfg), WebscaleConfig{URL: api.URL + "/v2", AccessToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	body, err := ws.Download(context.Background(), api.URL+"/download/capability-token-3")
	if err != nil || string(body) != "log line\n" {
		t.Fatalf("Download = %q, %v", body, err)
	}
	text := cfg.Logger.(*captureLogger).text()
	for _, secret := range []string{"sig-secret-1", "cred-secret-2", "capability-token-3"} {
		if strings.Contains(text, secret) {
			t.Errorf("the log shows %q:\n%s", secret, text)
		}
	}
}
