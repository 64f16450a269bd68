package emulator

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// lockedBuffer is a log sink safe to read while the server writes to it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type harness struct {
	t      *testing.T
	srv    *Server
	info   ReadyInfo
	client *http.Client
	logs   *lockedBuffer
}

func startTest(t *testing.T, cfg Config) *harness {
	t.Helper()
	logs := &lockedBuffer{}
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:0"
	}
	if cfg.LogOutput == nil {
		cfg.LogOutput = logs
	}
	if cfg.TxDuration == 0 {
		cfg.TxDuration = 10 * time.Millisecond
	}
	cfg.PasswordCost = bcrypt.MinCost // bcrypt at its default cost takes ~1s under -race
	srv, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return &harness{t: t, srv: srv, info: srv.Info(), client: clientFor(t, srv.Info().CACertFile), logs: logs}
}

func clientFor(t *testing.T, caFile string) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("CA file holds no certificate")
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 10 * time.Second}
}

// webscale sends an authenticated Webscale request and returns status and body.
func (h *harness) webscale(method, path, body string) (int, string) {
	h.t.Helper()
	return h.send(method, h.info.WebscaleURL+path, "Bearer "+h.info.WebscaleToken, body)
}

func (h *harness) send(method, url, auth, body string) (int, string) {
	h.t.Helper()
	resp, err := h.request(method, url, auth, body)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, url, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.StatusCode, string(data)
}

func (h *harness) request(method, url, auth, body string) (*http.Response, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/json") // as every client sends; the control API requires it
	}
	return h.client.Do(req)
}

func (h *harness) createKey() string {
	h.t.Helper()
	status, body := h.webscale(http.MethodPost, "/users/self/access-keys", "{}")
	if status != 200 {
		h.t.Fatalf("create key: %d %s", status, body)
	}
	var created struct {
		SecretKey string `json:"secret_key"`
	}
	if err := json.Unmarshal([]byte(body), &created); err != nil || created.SecretKey == "" {
		h.t.Fatalf("create key body %s: %v", body, err)
	}
	return created.SecretKey
}

func TestReadyFileHasExactlyTheContractKeys(t *testing.T) {
	readyPath := filepath.Join(t.TempDir(), "sub", "ready.json")
	if err := os.MkdirAll(filepath.Dir(readyPath), 0o700); err != nil {
		t.Fatal(err)
	}
	h := startTest(t, Config{ReadyFile: readyPath})
	data, err := os.ReadFile(readyPath)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k, v := range m {
		keys = append(keys, k)
		if v == "" {
			t.Errorf("ready file key %s is empty", k)
		}
	}
	sort.Strings(keys)
	want := []string{"ca_cert_file", "control_url", "webcore_api_key", "webcore_email", "webcore_login",
		"webcore_password", "webscale_token", "webscale_url", "webcore_url"}
	sort.Strings(want)
	if !reflect.DeepEqual(keys, want) {
		t.Fatalf("ready file keys = %v, want %v", keys, want)
	}
	if !strings.HasPrefix(m["webcore_url"], "https://127.0.0.1:") || m["webscale_url"] != m["webcore_url"]+"/v2" ||
		m["control_url"] != m["webcore_url"]+"/_emulator" {
		t.Fatalf("URLs = %v", m)
	}
	if len(m["webcore_api_key"]) != 40 {
		t.Fatalf("api key %d chars, want 40 hex", len(m["webcore_api_key"]))
	}
	if st, err := os.Stat(readyPath); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("ready file must be 0600 (it holds secrets): %v %v", st.Mode(), err)
	}
	if h.srv.ReadyFile() != readyPath {
		t.Fatalf("ReadyFile() = %s", h.srv.ReadyFile())
	}
	if status, _ := h.webscale(http.MethodGet, "/applications", ""); status != 200 {
		t.Fatalf("bootstrap token from the ready file: %d", status)
	}
}

func TestConfiguredCredentialsAreUsed(t *testing.T) {
	h := startTest(t, Config{AdminLogin: "root", AdminPassword: "secret-pw", AdminEmail: "root@example.org",
		AdminAPIKey: strings.Repeat("ab", 20), WebscaleToken: "configured-token"})
	want := ReadyInfo{WebcoreLogin: "root", WebcorePassword: "secret-pw", WebcoreEmail: "root@example.org",
		WebcoreAPIKey: strings.Repeat("ab", 20), WebscaleToken: "configured-token"}
	got := h.info
	got.WebcoreURL, got.WebscaleURL, got.ControlURL, got.CACertFile = "", "", "", ""
	if got != want {
		t.Fatalf("info = %+v", got)
	}
	if status, _ := h.send(http.MethodGet, h.info.WebscaleURL+"/applications", "Bearer configured-token", ""); status != 200 {
		t.Fatalf("configured token: %d", status)
	}
}

func TestDoubleSlashAfterV2IsTolerated(t *testing.T) {
	h := startTest(t, Config{})
	status, body := h.send(http.MethodGet, h.info.WebcoreURL+"/v2//app/example-app/logs?start_time=2026-01-01T00:00:00&authorization="+h.info.WebscaleToken, "", "")
	if status != 200 || !strings.Contains(body, `"download_url":"https://127.0.0.1:`) {
		t.Fatalf("%d %s", status, body)
	}
}

// TestUncleanV2PathsAuthenticateFirst: ServeMux redirects unclean paths before any
// handler runs; on /v2 the token check must still come first, and a valid token is served.
func TestUncleanV2PathsAuthenticateFirst(t *testing.T) {
	h := startTest(t, Config{})
	noFollow := *h.client // a redirect is an answer too: look at it, do not follow it
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	get := func(p, auth string) (int, string) {
		req, err := http.NewRequest(http.MethodGet, h.info.WebcoreURL+p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	for _, p := range []string{"/v2/users//self", "/v2/./applications", "/v2/x/../applications", "/v2/../users/1.json", "/v2/applications//"} {
		if status, body := get(p, ""); status != http.StatusUnauthorized || !strings.Contains(body, `"type":"unauthorized"`) {
			t.Errorf("GET %s without a token: %d %s", p, status, body)
		}
	}
	for p, want := range map[string]int{"/v2/users//self": 200, "/v2/./applications": 200, "/v2/x/../applications/example-app": 200, "/v2/../users/1.json": 404} {
		if status, body := get(p, "Bearer "+h.info.WebscaleToken); status != want {
			t.Errorf("GET %s with a token: %d %s, want %d", p, status, body, want)
		}
	}
}

func TestPlainHTTPIsRefused(t *testing.T) {
	h := startTest(t, Config{})
	plain := strings.Replace(h.info.WebscaleURL, "https://", "http://", 1)
	resp, err := http.Get(plain + "/applications?authorization=" + h.info.WebscaleToken)
	if err != nil {
		return // refused outright: fine
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusBadRequest || strings.Contains(string(body), "example-app") {
		t.Fatalf("plain HTTP must not be served: %d %s", resp.StatusCode, body)
	}
}

func TestUnknownNonWebscalePathIsJSON404(t *testing.T) {
	h := startTest(t, Config{})
	status, body := h.send(http.MethodGet, h.info.WebcoreURL+"/no-such-thing.json", "", "")
	if status != 404 || !strings.Contains(body, `"errors"`) {
		t.Fatalf("%d %s", status, body)
	}
}

func TestRestartWithDataDirKeepsState(t *testing.T) {
	dir := t.TempDir()
	first := startTest(t, Config{DataDir: dir})
	secret := first.createKey()
	info := first.info
	if err := first.srv.Close(); err != nil {
		t.Fatal(err)
	}

	second := startTest(t, Config{DataDir: dir})
	if status, body := second.send(http.MethodGet, second.info.WebscaleURL+"/applications", "Bearer "+secret, ""); status != 200 {
		t.Fatalf("key created before restart: %d %s", status, body)
	}
	if second.info.WebscaleToken != info.WebscaleToken || second.info.WebcorePassword != info.WebcorePassword ||
		second.info.WebcoreAPIKey != info.WebcoreAPIKey || second.info.CACertFile != info.CACertFile {
		t.Fatal("generated credentials and CA must be kept in the data dir")
	}
	caBefore, err := os.ReadFile(info.CACertFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "webscale.db")); err != nil {
		t.Fatalf("webscale store file: %v", err)
	}
	// The old client, trusting the CA from the first run, still works.
	if status, _ := first.send(http.MethodGet, second.info.WebscaleURL+"/applications", "Bearer "+secret, ""); status != 200 {
		t.Fatal("CA changed across restart")
	}
	caAfter, _ := os.ReadFile(second.info.CACertFile)
	if !bytes.Equal(caBefore, caAfter) {
		t.Fatal("CA file rewritten across restart")
	}
}

func TestMemoryModeRemovesItsTempDirOnClose(t *testing.T) {
	h := startTest(t, Config{})
	dir := filepath.Dir(filepath.Dir(h.info.CACertFile))
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
	if err := h.srv.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("temp dir %s still there: %v", dir, err)
	}
	if err := h.srv.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestConfiguredTLSCertificate(t *testing.T) {
	dir := t.TempDir()
	if err := generateTLS(dir); err != nil {
		t.Fatal(err)
	}
	h := startTest(t, Config{TLSCert: filepath.Join(dir, serverCertName), TLSKey: filepath.Join(dir, serverKeyName)})
	if h.info.CACertFile != filepath.Join(dir, serverCertName) {
		t.Fatalf("ca_cert_file = %s", h.info.CACertFile)
	}
	if _, err := Start(Config{Listen: "127.0.0.1:0", TLSCert: filepath.Join(dir, serverCertName), LogOutput: io.Discard}); err == nil {
		t.Fatal("TLSCert without TLSKey accepted")
	}
}

func TestStartFailsOnBusyPort(t *testing.T) {
	h := startTest(t, Config{})
	addr := strings.TrimPrefix(h.info.WebcoreURL, "https://")
	if srv, err := Start(Config{Listen: addr, LogOutput: io.Discard}); err == nil {
		_ = srv.Close()
		t.Fatal("second server on the same port")
	}
}

// Port 0 in the listen address picks a free port (`--listen 127.0.0.1:0`),
// never the default one.
func TestListenPortZeroPicksAFreePort(t *testing.T) {
	h := startTest(t, Config{Listen: "127.0.0.1:0"})
	u, err := url.Parse(h.info.WebcoreURL)
	if err != nil {
		t.Fatal(err)
	}
	_, defaultPort, _ := net.SplitHostPort(DefaultListen)
	if u.Hostname() != "127.0.0.1" || u.Port() == "0" || u.Port() == defaultPort {
		t.Fatalf("listening at %s; want a free port on 127.0.0.1", h.info.WebcoreURL)
	}
}
