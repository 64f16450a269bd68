package client

import (
	"context"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// captureLogger records every log line as text for assertions.
type captureLogger struct {
	mu    sync.Mutex
	lines []string
}

func (c *captureLogger) Log(_ context.Context, msg string, fields map[string]any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lines = append(c.lines, fmt.Sprintf("%s %v", msg, fields))
}

func (c *captureLogger) text() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.lines, "\n")
}

// attempts counts "HTTP request" lines, one per attempt.
func (c *captureLogger) attempts() int {
	return strings.Count(c.text(), "HTTP request")
}

// fastConfig keeps retry waits tiny so tests run quickly.
func fastConfig(logger Logger) TransportConfig {
	return TransportConfig{
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 5 * time.Millisecond,
		Timeout:      10 * time.Second,
		Logger:       logger,
		UserAgent:    "webcore-client-test",
	}
}

func newTestTransport(t *testing.T, cfg TransportConfig) *Transport {
	t.Helper()
	tr, err := NewTransport(cfg)
	if err != nil {
		t.Fatalf("NewTransport: %v", err)
	}
	return tr
}

// countingServer serves handler and counts hits.
type countingServer struct {
	*httptest.Server
	hits atomic.Int64
}

func newCountingServer(t *testing.T, handler http.HandlerFunc) *countingServer {
	t.Helper()
	cs := &countingServer{}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cs.hits.Add(1)
		handler(w, r)
	}))
	t.Cleanup(cs.Close)
	return cs
}

const (
	testLogin    = "admin"
	testPassword = "pa55-w0rd-secret"
	testEmail    = "admin@example.com"
	testAPIKey   = "0123456789abcdef0123456789abcdef01234567"
	testToken    = "mF9B5f41JqMz8zdfQ-token"
)

func newTestWebcore(t *testing.T, serverURL string, cfg TransportConfig) *Webcore {
	t.Helper()
	w, err := NewWebcore(newTestTransport(t, cfg), WebcoreConfig{URL: serverURL, Username: testLogin, Password: testPassword, AllowPlainHTTP: true})
	if err != nil {
		t.Fatalf("NewWebcore: %v", err)
	}
	return w
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// pemOf returns the test TLS server's certificate as PEM.
func pemOf(srv *httptest.Server) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
}

// newQuietTLSServer starts a TLS test server whose handshake errors (from
// tests that distrust it on purpose) stay out of the test output.
func newQuietTLSServer(t *testing.T, handler http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(handler)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}
