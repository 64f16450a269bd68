package emulator

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"
)

// call sends one request with headers and returns the status and body.
func (h *harness) call(method, url string, body io.Reader, header map[string]string) (int, string) {
	h.t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		h.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, url, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// TestControlRefusesOtherSites: a web page of another site cannot drive the
// control API or read the dashboard, whatever it sends; a form cannot post
// to it; the same origin, curl and Go clients can.
func TestControlRefusesOtherSites(t *testing.T) {
	h := startTest(t, Config{})
	secret := h.createKey()
	self := "https://" + strings.TrimPrefix(h.info.WebcoreURL, "https://")
	json := map[string]string{"Content-Type": "application/json"}
	for name, tc := range map[string]struct {
		method, path string
		header       map[string]string
	}{
		"reset from another origin":       {"POST", "/reset", map[string]string{"Origin": "https://evil.example", "Content-Type": "application/json"}},
		"reset from a plain-http origin":  {"POST", "/reset", map[string]string{"Origin": "http://" + strings.TrimPrefix(self, "https://"), "Content-Type": "application/json"}},
		"reset from an opaque origin":     {"POST", "/reset", map[string]string{"Origin": "null", "Content-Type": "application/json"}},
		"reset marked cross-site":         {"POST", "/reset", map[string]string{"Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"}},
		"state read cross-site":           {"GET", "/state", map[string]string{"Sec-Fetch-Site": "cross-site"}},
		"dashboard from another origin":   {"GET", "/ui", map[string]string{"Origin": "https://evil.example"}},
		"dashboard from another loopback": {"GET", "/ui", map[string]string{"Sec-Fetch-Site": "same-site"}},
	} {
		t.Run(name, func(t *testing.T) {
			status, body := h.call(tc.method, h.info.ControlURL+tc.path, nil, tc.header)
			if status != http.StatusForbidden || !strings.HasPrefix(body, `{"errors":["the control API and the dashboard answer no request from another site`) {
				t.Fatalf("%d %s", status, body)
			}
		})
	}
	// A form can send only these content types: refused, 415, before any change.
	for _, contentType := range []string{"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", ""} {
		status, body := h.call("POST", h.info.ControlURL+"/reset", nil, map[string]string{"Content-Type": contentType})
		if status != http.StatusUnsupportedMediaType || !strings.Contains(body, "needs Content-Type: application/json") {
			t.Errorf("reset as %q: %d %s", contentType, status, body)
		}
	}
	if status, _ := h.call("DELETE", h.info.ControlURL+"/faults", nil, nil); status != http.StatusUnsupportedMediaType {
		t.Errorf("DELETE without a content type: %d", status)
	}
	if !h.keyWorks(secret) {
		t.Fatal("a refused reset reset the world")
	}

	// The same origin (the dashboard's own page), a browser's address bar, and clients without browser headers.
	for _, header := range []map[string]string{
		{"Origin": self, "Sec-Fetch-Site": "same-origin"},
		{"Sec-Fetch-Site": "none"},
		{},
	} {
		if status, body := h.call("GET", h.info.ControlURL+"/ui", nil, header); status != http.StatusOK {
			t.Errorf("dashboard with %v: %d %s", header, status, body)
		}
	}
	header := map[string]string{"Origin": self, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json; charset=utf-8"}
	if status, body := h.call("POST", h.info.ControlURL+"/reset", nil, header); status != http.StatusNoContent {
		t.Fatalf("same-origin JSON reset: %d %s", status, body)
	}
	if status, body := h.call("POST", h.info.ControlURL+"/reset", nil, json); status != http.StatusNoContent {
		t.Fatalf("JSON reset without browser headers: %d %s", status, body)
	}
	if h.keyWorks(secret) {
		t.Fatal("the accepted reset did not reset the world")
	}
}

// keyWorks reports whether a Webscale token is accepted.
func (h *harness) keyWorks(token string) bool {
	status, _ := h.call("GET", h.info.WebscaleURL+"/users/self/access-keys", nil, map[string]string{"Authorization": "Bearer " + token})
	return status == http.StatusOK
}

// TestBodiesAreBounded: every API's and the control API's bodies stop at
// 1 MiB with a 413 in the API's own error shape, whether the length is
// announced or the body is chunked; a body at the limit is read.
func TestBodiesAreBounded(t *testing.T) {
	h := startTest(t, Config{})
	huge := func() []byte { return bytes.Repeat([]byte(" "), 3<<20) }
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(h.info.WebcoreLogin+":"+h.info.WebcorePassword))
	for name, tc := range map[string]struct {
		method, url string
		header      map[string]string
		want        string
	}{
		"webscale key create": {"POST", h.info.WebscaleURL + "/users/self/access-keys",
			map[string]string{"Authorization": "Bearer " + h.info.WebscaleToken, "Content-Type": "application/json"}, `"type":"`},
		"webcore user create": {"POST", h.info.WebcoreURL + "/users.json",
			map[string]string{"Authorization": basic, "Content-Type": "application/json"}, `{"errors":["the request body is larger than 1 MiB"]}`},
		"control faults": {"PUT", h.info.ControlURL + "/faults",
			map[string]string{"Content-Type": "application/json"}, `{"errors":["the request body is larger than 1 MiB"]}`},
	} {
		t.Run(name, func(t *testing.T) {
			for _, chunked := range []bool{false, true} {
				var body io.Reader = bytes.NewReader(huge())
				if chunked {
					body = io.MultiReader(bytes.NewReader(huge())) // no length known: sent chunked
				}
				status, got := h.call(tc.method, tc.url, body, tc.header)
				if status != http.StatusRequestEntityTooLarge || !strings.Contains(got, tc.want) || !strings.Contains(got, "larger than 1 MiB") {
					t.Errorf("chunked=%v: %d %.200s", chunked, status, got)
				}
			}
		})
	}
	// At the limit, the body is the handler's: a 1 MiB JSON object with padding is a key.
	atLimit := append([]byte("{}"), bytes.Repeat([]byte(" "), 1<<20-2)...)
	status, got := h.call("POST", h.info.WebscaleURL+"/users/self/access-keys", bytes.NewReader(atLimit),
		map[string]string{"Authorization": "Bearer " + h.info.WebscaleToken, "Content-Type": "application/json"})
	if status != http.StatusOK {
		t.Errorf("a body of exactly 1 MiB: %d %.200s", status, got)
	}
}

// TestControlClientErrorsCarryNoURL: a control call that fails names the
// call by method and path, never the URL (which may carry user info).
func TestControlClientErrorsCarryNoURL(t *testing.T) {
	ctl := newControlClient("https://admin:hunter22@127.0.0.1:1/_emulator?token=t0k", nil)
	err := ctl.Reset()
	if err == nil || !strings.HasPrefix(err.Error(), "emulator control POST /reset: ") ||
		strings.Contains(err.Error(), "hunter22") || strings.Contains(err.Error(), "t0k") {
		t.Fatalf("%v", err)
	}
}
