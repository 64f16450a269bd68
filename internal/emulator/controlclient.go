package emulator

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// ControlClient is a Go client of the control API, for tests in other packages.
// Every method is one HTTP call; errors carry the status and the body's message.
type ControlClient struct {
	baseURL string // e.g. https://127.0.0.1:8443/_emulator
	http    *http.Client
}

// NewControlClient returns a client for controlURL (ReadyInfo.ControlURL) trusting the CA in caCertFile.
func NewControlClient(controlURL, caCertFile string) (*ControlClient, error) {
	pem, err := os.ReadFile(caCertFile) //nolint:gosec // the CA file of an emulator the caller started (its ready file's ca_cert_file)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s holds no PEM certificate", caCertFile)
	}
	return newControlClient(controlURL, pool), nil
}

func newControlClient(controlURL string, pool *x509.CertPool) *ControlClient {
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	return &ControlClient{
		baseURL: strings.TrimRight(controlURL, "/"),
		http:    &http.Client{Transport: transport, Timeout: 30 * time.Second}, // not killed by a test: a 30-second timeout is not worth a 30-second test
	}
}

// Control returns a ControlClient for this server.
func (s *Server) Control() *ControlClient { return newControlClient(s.info.ControlURL, s.tls.caPool) }

// Reset re-seeds every domain and clears faults, the request log and the counters.
func (c *ControlClient) Reset() error { return c.do(http.MethodPost, "/reset", nil, nil) }

// State returns everything both domains hold (GET /_emulator/state).
func (c *ControlClient) State() (State, error) {
	var s State
	err := c.do(http.MethodGet, "/state", nil, &s)
	return s, err
}

// SetFaults replaces every fault rule; seed makes probabilistic rules repeatable.
func (c *ControlClient) SetFaults(seed uint64, rules []FaultRule) error {
	return c.do(http.MethodPut, "/faults", FaultConfig{Seed: seed, Rules: rules}, nil)
}

// Faults returns the fault rules in force (GET /_emulator/faults).
func (c *ControlClient) Faults() ([]FaultRule, error) {
	var out []FaultRule
	err := c.do(http.MethodGet, "/faults", nil, &out)
	return out, err
}

// ClearFaults removes every fault rule.
func (c *ControlClient) ClearFaults() error { return c.do(http.MethodDelete, "/faults", nil, nil) }

// Requests returns the recorded vendor requests, oldest first (control calls are not recorded).
func (c *ControlClient) Requests() ([]RequestRecord, error) {
	var out []RequestRecord
	err := c.do(http.MethodGet, "/requests", nil, &out)
	return out, err
}

// ClearRequests empties the request log and the counters.
func (c *ControlClient) ClearRequests() error { return c.do(http.MethodDelete, "/requests", nil, nil) }

// Counters returns request counts keyed by "METHOD ROUTE-PATTERN", e.g. "GET /users/{id}".
func (c *ControlClient) Counters() (map[string]int, error) {
	out := map[string]int{}
	err := c.do(http.MethodGet, "/counters", nil, &out)
	return out, err
}

// WebcoreTransactions mirrors PUT /_emulator/webcore/transactions. A nil map or a
// zero DefaultDuration leaves that setting unchanged; an empty non-nil map clears it.
type WebcoreTransactions struct {
	DefaultDuration time.Duration            // one transaction step
	Durations       map[string]time.Duration // per action, e.g. "build_disk"
	FailActions     map[string]string        // action → log_output of its failure
}

// MarshalJSON writes durations as Go duration strings and omits unset settings.
func (t WebcoreTransactions) MarshalJSON() ([]byte, error) {
	body := map[string]any{}
	if t.DefaultDuration != 0 {
		body["default_duration"] = t.DefaultDuration.String()
	}
	if t.Durations != nil {
		durations := make(map[string]string, len(t.Durations))
		for action, d := range t.Durations {
			durations[action] = d.String()
		}
		body["durations"] = durations
	}
	if t.FailActions != nil {
		body["fail_actions"] = t.FailActions
	}
	return json.Marshal(body)
}

// SetWebcoreTransactions changes transaction timing and failures for transactions that start afterwards.
func (c *ControlClient) SetWebcoreTransactions(cfg WebcoreTransactions) error {
	return c.do(http.MethodPut, "/webcore/transactions", cfg, nil)
}

// WebcoreLimits mirrors PUT /_emulator/webcore/limits; nil fields are not sent.
type WebcoreLimits struct {
	MaxVirtualServers *int `json:"max_virtual_servers,omitempty"`
	MaxMemory         *int `json:"max_memory,omitempty"` // MB
	MaxCPUs           *int `json:"max_cpus,omitempty"`
}

// SetWebcoreLimits sets the account's resource limits.
func (c *ControlClient) SetWebcoreLimits(limits WebcoreLimits) error {
	return c.do(http.MethodPut, "/webcore/limits", limits, nil)
}

// SetWebscaleClock moves the Webscale domain's clock by offset from real time
// (expiry of access keys and download links follows it).
func (c *ControlClient) SetWebscaleClock(offset time.Duration) error {
	return c.do(http.MethodPut, "/webscale/clock", map[string]string{"offset": offset.String()}, nil)
}

func (c *ControlClient) do(method, path string, body, into any) error {
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.baseURL+path, reader)
	if err != nil {
		return err
	}
	if method != http.MethodGet {
		// Every state-changing control call must say JSON, body or not: the
		// emulator refuses the content types a web page's form can send.
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		// *url.Error's text repeats the full URL, which may carry user info
		// or a query: the message names the call by method and path only, as
		// the provider's client does (withoutURL).
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return fmt.Errorf("emulator control %s %s: %w", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("emulator control %s %s: %s: %s", method, path, resp.Status, strings.TrimSpace(string(data)))
	}
	if into != nil {
		if err := json.Unmarshal(data, into); err != nil {
			return fmt.Errorf("emulator control %s %s: decode: %w", method, path, err)
		}
	}
	return nil
}
