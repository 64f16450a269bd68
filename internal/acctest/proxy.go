package acctest

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// WebscaleProxy is a TLS proxy in front of the shared emulator's Webscale
// API that records the bearer tokens it sees, so a test can learn a secret
// the provider never shows (an ephemeral key's) and then look for it.
type WebscaleProxy struct {
	// URL is the proxy's Webscale base URL, for webscale.url.
	URL string
	// CACertFile trusts the proxy, for ca_cert_file.
	CACertFile string

	mu     sync.Mutex
	tokens []string
}

// NewWebscaleProxy starts a WebscaleProxy, stopped when the test ends.
func NewWebscaleProxy(t *testing.T) *WebscaleProxy {
	t.Helper()
	target, forward := emulatorProxy(t, Emulator(t).Info().WebscaleURL)
	p := &WebscaleProxy{}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			p.mu.Lock()
			p.tokens = append(p.tokens, token)
			p.mu.Unlock()
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL + target.EscapedPath()
	p.CACertFile = filepath.Join(t.TempDir(), "proxy-ca.pem")
	if err := os.WriteFile(p.CACertFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// emulatorProxy forwards requests to the shared emulator's API at rawURL
// over TLS, trusting the emulator's CA; it returns the parsed URL too.
func emulatorProxy(t *testing.T, rawURL string) (*url.URL, *httputil.ReverseProxy) {
	t.Helper()
	target, err := url.Parse(rawURL)
	if err != nil {
		t.Fatalf("emulator URL: %v", err)
	}
	caPEM, err := os.ReadFile(Emulator(t).Info().CACertFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	return target, &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(&url.URL{Scheme: target.Scheme, Host: target.Host})
			r.Out.Host = target.Host
		},
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}},
	}
}

// PlainHTTPWebcore is a plain-HTTP front of the shared emulator's Webcore
// API, standing in for a control panel that serves no HTTPS (the emulator
// itself serves only TLS). It counts the requests that reached it with
// Basic credentials, in clear text.
type PlainHTTPWebcore struct {
	URL             string // http://127.0.0.1:port, for webcore.url
	basicInTheClear atomic.Int64
}

// NewPlainHTTPWebcore starts a PlainHTTPWebcore, stopped when the test ends.
func NewPlainHTTPWebcore(t *testing.T) *PlainHTTPWebcore {
	t.Helper()
	_, forward := emulatorProxy(t, Emulator(t).Info().WebcoreURL)
	p := &PlainHTTPWebcore{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, _, ok := r.BasicAuth(); ok {
			p.basicInTheClear.Add(1)
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// BasicInTheClear is how many requests carried Basic credentials over plain HTTP.
func (p *PlainHTTPWebcore) BasicInTheClear() int64 { return p.basicInTheClear.Load() }

// Tokens returns the distinct bearer tokens seen so far.
func (p *WebscaleProxy) Tokens() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for _, token := range p.tokens {
		if !seen[token] {
			seen[token] = true
			out = append(out, token)
		}
	}
	return out
}
