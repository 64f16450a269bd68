package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestIsLoopback(t *testing.T) {
	cases := map[string]bool{
		"127.0.0.1:5555": true, "127.8.9.1:1": true, "[::1]:443": true, "::1": true,
		"10.0.0.1:5555": false, "192.168.1.2:80": false, "[2001:db8::1]:443": false, "garbage": false, "": false,
	}
	for addr, want := range cases {
		if got := isLoopback(addr); got != want {
			t.Errorf("isLoopback(%q) = %v, want %v", addr, got, want)
		}
	}
}

func TestControlRejectsNonLoopbackClients(t *testing.T) {
	called := false
	h := loopbackOnly(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true }))
	req := httptest.NewRequest(http.MethodPost, "/_emulator/reset", nil)
	req.RemoteAddr = "10.1.2.3:4444"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden || called || !strings.Contains(rec.Body.String(), `"errors"`) {
		t.Fatalf("remote control call: %d called=%v %s", rec.Code, called, rec.Body)
	}
	// Vendor paths stay open to remote clients.
	req = httptest.NewRequest(http.MethodGet, "/v2/applications", nil)
	req.RemoteAddr = "10.1.2.3:4444"
	h.ServeHTTP(httptest.NewRecorder(), req)
	if !called {
		t.Fatal("vendor path blocked for a remote client")
	}
}

func TestResetStateAndClock(t *testing.T) {
	h := startTest(t, Config{})
	ctl := h.srv.Control()
	secret := h.createKey()
	state, err := ctl.State()
	if err != nil {
		t.Fatal(err)
	}
	if len(state.Webscale.AccessKeys) != 2 {
		t.Fatalf("state keys = %d", len(state.Webscale.AccessKeys))
	}
	if err := ctl.SetFaults(1, []FaultRule{{Path: "/nothing", Kind: FaultDrop}}); err != nil {
		t.Fatal(err)
	}
	if err := ctl.Reset(); err != nil {
		t.Fatal(err)
	}
	if reqs, _ := ctl.Requests(); len(reqs) != 0 {
		t.Fatalf("reset must clear the request log: %d", len(reqs))
	}
	if rules := h.srv.faults.snapshot(); len(rules) != 0 {
		t.Fatalf("reset must clear faults: %v", rules)
	}
	if status, _ := h.send(http.MethodGet, h.info.WebscaleURL+"/applications", "Bearer "+secret, ""); status != 401 {
		t.Fatalf("key survived reset: %d", status)
	}
	if state, err = ctl.State(); err != nil || len(state.Webscale.AccessKeys) != 1 {
		t.Fatalf("after reset: %v keys=%d", err, len(state.Webscale.AccessKeys))
	}

	// The Webscale clock moves through the control API: a key expiring in an hour dies.
	status, body := h.webscale(http.MethodPost, "/users/self/access-keys",
		`{"expiry":"`+time.Now().Add(time.Hour).UTC().Format(time.RFC3339)+`"}`)
	if status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	var created struct {
		SecretKey string `json:"secret_key"`
	}
	_ = json.Unmarshal([]byte(body), &created)
	if err := ctl.SetWebscaleClock(2 * time.Hour); err != nil {
		t.Fatal(err)
	}
	if status, _ := h.send(http.MethodGet, h.info.WebscaleURL+"/applications", "Bearer "+created.SecretKey, ""); status != 401 {
		t.Fatalf("expired key accepted: %d", status)
	}
}

// TestStateIsTyped: GET /_emulator/state is exactly the State type, and the control
// client hands it out typed.
func TestStateIsTyped(t *testing.T) {
	h := startTest(t, Config{})
	h.createKey()
	status, body := h.send(http.MethodPost, h.info.WebcoreURL+"/virtual_machines.json", "Basic "+basic(h.info.WebcoreLogin, h.info.WebcorePassword),
		`{"virtual_machine":{"label":"typed","hostname":"typed","template_id":1,"memory":512,"cpus":1,"cpu_shares":10,"primary_disk_size":10,"initial_root_password":"root-pw-1"}}`)
	if status != http.StatusCreated {
		t.Fatalf("create server: %d %s", status, body)
	}
	status, raw := h.send(http.MethodGet, h.info.ControlURL+"/state", "", "")
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	var strict State
	if err := dec.Decode(&strict); status != 200 || err != nil {
		t.Fatalf("state dump is not the State type: %d %v", status, err)
	}
	state, err := h.srv.Control().State()
	if err != nil {
		t.Fatal(err)
	}
	wc := state.Webcore
	if len(wc.VirtualServers) != 1 || wc.VirtualServers[0].Label != "typed" || len(wc.VirtualServers[0].RootPasswordSHA256) != 64 ||
		len(wc.Users) != 1 || wc.Users[0].PasswordHash == "" || len(wc.Transactions) != 4 ||
		wc.Limits.MaxVirtualServers != 10 || *wc.TransactionConfig.DefaultDuration != "10ms" {
		t.Fatalf("webcore state = %+v", wc)
	}
	if len(state.Webscale.AccessKeys) != 2 || state.Webscale.ClockOffset != "0s" {
		t.Fatalf("webscale state = %+v", state.Webscale)
	}
}

func TestFaultStatusOnWebscalePath(t *testing.T) {
	h := startTest(t, Config{})
	ctl := h.srv.Control()
	if err := ctl.SetFaults(7, []FaultRule{{Method: "GET", Path: "/v2/applications*", Kind: FaultStatus, Status: 429, RetryAfter: 3, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	resp, err := h.request(http.MethodGet, h.info.WebscaleURL+"/applications", "Bearer "+h.info.WebscaleToken, "")
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		Status int                   `json:"status"`
		Error  struct{ Type string } `json:"error"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&env)
	_ = resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" || env.Status != 429 || env.Error.Type != "too_many_requests" {
		t.Fatalf("429 fault: %d retry=%q %+v", resp.StatusCode, resp.Header.Get("Retry-After"), env)
	}
	// Count 1: the next request passes.
	if status, _ := h.webscale(http.MethodGet, "/applications", ""); status != 200 {
		t.Fatalf("after count exhausted: %d", status)
	}
	// A POST does not match a GET rule.
	if err := ctl.SetFaults(7, []FaultRule{{Method: "GET", Path: "*", Kind: FaultStatus, Status: 503}}); err != nil {
		t.Fatal(err)
	}
	if status, _ := h.webscale(http.MethodPost, "/users/self/access-keys", "{}"); status != 200 {
		t.Fatalf("POST hit a GET rule: %d", status)
	}
	resp, err = h.request(http.MethodGet, h.info.WebscaleURL+"/applications", "", "")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "1" {
		t.Fatalf("503 fault: %d retry=%q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func TestFaultStatusOnOtherPathsUsesWebcoreErrors(t *testing.T) {
	h := startTest(t, Config{})
	if err := h.srv.Control().SetFaults(1, []FaultRule{{Path: "/users*", Kind: FaultStatus, Status: 500}}); err != nil {
		t.Fatal(err)
	}
	status, body := h.send(http.MethodGet, h.info.WebcoreURL+"/users/1.json", "", "")
	var errs struct {
		Errors []string `json:"errors"`
	}
	if status != 500 || json.Unmarshal([]byte(body), &errs) != nil || len(errs.Errors) != 1 {
		t.Fatalf("%d %s", status, body)
	}
}

// TestFaultedRequestsCountUnderTheirRoute: a test that counts a client's retries reads
// the counter of the route, whether or not a fault answered the request.
func TestFaultedRequestsCountUnderTheirRoute(t *testing.T) {
	h := startTest(t, Config{})
	ctl := h.srv.Control()
	if err := ctl.SetFaults(1, []FaultRule{{Method: "GET", Path: "/v2/applications/*", Kind: FaultStatus, Status: 503, Count: 2}}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		h.webscale(http.MethodGet, "/applications/example-app", "")
	}
	counters, err := ctl.Counters()
	if err != nil {
		t.Fatal(err)
	}
	if got := counters["GET /v2/applications/{app_id}"]; got != 3 || counters["GET (unmatched)"] != 0 {
		t.Fatalf("counters = %v, want 3 under GET /v2/applications/{app_id}", counters)
	}
	reqs, _ := ctl.Requests()
	if len(reqs) != 3 || reqs[0].Route != "/v2/applications/{app_id}" || reqs[0].Fault != FaultStatus || reqs[2].Fault != "" {
		t.Fatalf("requests = %+v", reqs)
	}
}

func TestFaultDropAndCommitThenDrop(t *testing.T) {
	h := startTest(t, Config{})
	ctl := h.srv.Control()
	keys := func() int {
		state, err := ctl.State()
		if err != nil {
			t.Fatal(err)
		}
		return len(state.Webscale.AccessKeys)
	}
	post := func() error {
		resp, err := h.request(http.MethodPost, h.info.WebscaleURL+"/users/self/access-keys", "Bearer "+h.info.WebscaleToken, "{}")
		if err == nil {
			_ = resp.Body.Close()
		}
		return err
	}
	if err := ctl.SetFaults(1, []FaultRule{{Method: "POST", Path: "/v2/users/*/access-keys", Kind: FaultDrop, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := post(); err == nil {
		t.Fatal("drop: the client got a response")
	}
	if n := keys(); n != 1 {
		t.Fatalf("drop must not run the handler: %d keys", n)
	}
	if err := ctl.SetFaults(1, []FaultRule{{Method: "POST", Path: "/v2/users/*/access-keys", Kind: FaultCommitThenDrop, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := post(); err == nil {
		t.Fatal("commit_then_drop: the client got a response")
	}
	if n := keys(); n != 2 {
		t.Fatalf("commit_then_drop must run the handler: %d keys", n)
	}
	// The client sees the close before the server records the request: poll.
	var faults []string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		reqs, err := ctl.Requests()
		if err != nil {
			t.Fatal(err)
		}
		faults = faults[:0]
		for _, r := range reqs {
			if r.Fault != "" {
				faults = append(faults, r.Fault)
			}
		}
		if len(faults) == 2 {
			break
		}
	}
	// Each request is recorded when its handler returns, which for a dropped
	// connection can come after the next request's record: the order is not
	// the point, that each was recorded with its fault is.
	slices.Sort(faults)
	if strings.Join(faults, ",") != "commit_then_drop,drop" {
		t.Fatalf("recorded faults = %v", faults)
	}
	if err := post(); err != nil {
		t.Fatalf("after count exhausted: %v", err)
	}
}

// TestFaultErrorBody: the {"error": "…"} shape, with the rule's status and
// message (or a default message), JSON on Webcore and Webscale paths alike.
func TestFaultErrorBody(t *testing.T) {
	h := startTest(t, Config{})
	ctl := h.srv.Control()
	if err := ctl.SetFaults(1, []FaultRule{
		{Method: "GET", Path: "/users/*", Kind: FaultErrorBody, Status: 403, Message: "Access denied by policy", Count: 1},
		{Method: "GET", Path: "/v2/applications", Kind: FaultErrorBody, Status: 503, RetryAfter: 4, Count: 1},
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		url, contentType, body, retryAfter string
		status                             int
	}{
		{h.info.WebcoreURL + "/users/1.json", "application/json; charset=utf-8", `{"error":"Access denied by policy"}`, "", 403},
		{h.info.WebscaleURL + "/applications", "application/json", `{"error":"injected fault: Service Unavailable"}`, "4", 503},
	} {
		resp, err := h.request(http.MethodGet, c.url, "Bearer "+h.info.WebscaleToken, "")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != c.status || resp.Header.Get("Content-Type") != c.contentType ||
			strings.TrimSpace(string(body)) != c.body || resp.Header.Get("Retry-After") != c.retryAfter {
			t.Errorf("GET %s: %d %q retry=%q %s", c.url, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Retry-After"), body)
		}
	}
	reqs, _ := ctl.Requests()
	if len(reqs) != 2 || reqs[0].Fault != FaultErrorBody || reqs[0].Status != 403 || reqs[0].Route != "/users/{id}" {
		t.Fatalf("requests = %+v", reqs)
	}
}

// TestFaultProxyHTML: an HTML page as a proxy sends it, 500 unless the rule names
// another status, and the handler is not called.
func TestFaultProxyHTML(t *testing.T) {
	h := startTest(t, Config{})
	ctl := h.srv.Control()
	if err := ctl.SetFaults(1, []FaultRule{
		{Method: "POST", Path: "/v2/users/*/access-keys", Kind: FaultProxyHTML, Count: 1},
		{Method: "GET", Path: "/templates.json", Kind: FaultProxyHTML, Status: 502, Count: 1},
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		method, url string
		status      int
	}{
		{http.MethodPost, h.info.WebscaleURL + "/users/self/access-keys", 500},
		{http.MethodGet, h.info.WebcoreURL + "/templates.json", 502},
	} {
		resp, err := h.request(c.method, c.url, "Bearer "+h.info.WebscaleToken, "{}")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		title := fmt.Sprintf("%d %s", c.status, http.StatusText(c.status))
		if resp.StatusCode != c.status || resp.Header.Get("Content-Type") != "text/html" ||
			!strings.HasPrefix(string(body), "<html>") || !strings.Contains(string(body), "<title>"+title+"</title>") ||
			!strings.Contains(string(body), ProxyHTMLServer) {
			t.Errorf("%s %s: %d %q %s", c.method, c.url, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
	state, err := ctl.State()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(state.Webscale.AccessKeys); n != 1 {
		t.Fatalf("the proxy answered, yet the handler ran: %d access keys", n)
	}
}

func TestFaultLatency(t *testing.T) {
	h := startTest(t, Config{})
	if err := h.srv.Control().SetFaults(1, []FaultRule{{Path: "/v2/applications", Kind: FaultLatency, LatencyMS: 150}}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if status, _ := h.webscale(http.MethodGet, "/applications", ""); status != 200 {
		t.Fatalf("latency fault must still answer normally: %d", status)
	}
	if elapsed := time.Since(start); elapsed < 150*time.Millisecond {
		t.Fatalf("answered after %v, before the injected 150ms", elapsed)
	}
	reqs, _ := h.srv.Control().Requests()
	if last := reqs[len(reqs)-1]; last.Fault != FaultLatency || last.DurationMS < 150 {
		t.Fatalf("record = %+v", last)
	}
}

func TestFaultProbabilityIsSeeded(t *testing.T) {
	h := startTest(t, Config{})
	ctl := h.srv.Control()
	half := 0.5
	pattern := func(seed uint64) string {
		if err := ctl.SetFaults(seed, []FaultRule{{Path: "/v2/applications", Kind: FaultStatus, Status: 500, Probability: &half}}); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i := 0; i < 24; i++ {
			status, _ := h.webscale(http.MethodGet, "/applications", "")
			if status == 500 {
				b.WriteByte('x')
			} else {
				b.WriteByte('.')
			}
		}
		return b.String()
	}
	a, b, c := pattern(42), pattern(42), pattern(43)
	if a != b {
		t.Fatalf("same seed, different faults:\n%s\n%s", a, b)
	}
	if !strings.Contains(a, "x") || !strings.Contains(a, ".") {
		t.Fatalf("probability 0.5 fired all or nothing: %s", a)
	}
	if a == c {
		t.Fatalf("different seeds gave the same 24 draws: %s", a)
	}
}

func TestControlPathsAreNeverFaulted(t *testing.T) {
	h := startTest(t, Config{})
	ctl := h.srv.Control()
	if err := ctl.SetFaults(1, []FaultRule{{Path: "*", Kind: FaultDrop}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ctl.Counters(); err != nil {
		t.Fatalf("control call faulted: %v", err)
	}
	if err := ctl.ClearFaults(); err != nil {
		t.Fatal(err)
	}
	if status, _ := h.webscale(http.MethodGet, "/applications", ""); status != 200 {
		t.Fatalf("after ClearFaults: %d", status)
	}
}

func TestSetFaultsRejectsBadRules(t *testing.T) {
	h := startTest(t, Config{})
	ctl := h.srv.Control()
	two := 2.0
	for _, r := range []FaultRule{
		{Path: "*", Kind: "explode"},
		{Path: "*", Kind: FaultStatus, Status: 200},
		{Path: "*", Kind: FaultLatency},
		{Kind: FaultDrop},
		{Path: "*", Kind: FaultDrop, Probability: &two},
		{Path: "*", Kind: FaultDrop, Count: -1},
		{Path: "*", Kind: FaultErrorBody},
		{Path: "*", Kind: FaultErrorBody, Status: 302, Message: "moved"},
		{Path: "*", Kind: FaultProxyHTML, Status: 200},
	} {
		if err := ctl.SetFaults(1, []FaultRule{r}); err == nil || !strings.Contains(err.Error(), "400") {
			t.Errorf("rule %+v accepted: %v", r, err)
		}
	}
	status, body := h.send(http.MethodPut, h.info.ControlURL+"/faults", "", `{"seed":1,"rules":[{"path":"*","kind":"drop","chance":0.5}]}`)
	if status != 400 {
		t.Fatalf("misspelt field accepted: %d %s", status, body)
	}
}

// TestControlBodiesShareOneDecoderAndEnvelope: every control route that takes a
// body refuses unknown fields and bad values with 400 {"errors": [...]}.
func TestControlBodiesShareOneDecoderAndEnvelope(t *testing.T) {
	h := startTest(t, Config{})
	for _, c := range []struct{ path, body string }{
		{"/faults", `{"seed":1,"rulez":[]}`},
		{"/faults", `{"rules":[{"path":"*","kind":"explode"}]}`},
		{"/webcore/transactions", `{"fail_action":{}}`},
		{"/webcore/transactions", `{"default_duration":"soon"}`},
		{"/webcore/limits", `{"max_vms":1}`},
		{"/webcore/limits", `{"max_cpus":-1}`},
		{"/webscale/clock", `{"ofset":"1h"}`},
		{"/webscale/clock", `{"offset":"soon"}`},
		{"/webscale/clock", `{"offset":"1h"} {"offset":"2h"}`},
	} {
		status, body := h.send(http.MethodPut, h.info.ControlURL+c.path, "", c.body)
		var env struct {
			Errors []string `json:"errors"`
		}
		dec := json.NewDecoder(strings.NewReader(body))
		dec.DisallowUnknownFields()
		if status != 400 || dec.Decode(&env) != nil || len(env.Errors) != 1 || env.Errors[0] == "" {
			t.Errorf("PUT %s %s: %d %s", c.path, c.body, status, body)
		}
	}
}

func TestRequestLogAndCounters(t *testing.T) {
	h := startTest(t, Config{})
	ctl := h.srv.Control()
	h.webscale(http.MethodGet, "/applications", "")
	h.webscale(http.MethodGet, "/applications", "")
	h.webscale(http.MethodGet, "/applications/example-app", "")
	h.send(http.MethodGet, h.info.WebscaleURL+"/users/self/access-keys?x=1&authorization="+h.info.WebscaleToken, "", "")
	h.send(http.MethodGet, h.info.WebscaleURL+"/users/self", "", "")

	counters, err := ctl.Counters()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"GET /v2/applications":             2,
		"GET /v2/applications/{app_id}":    1,
		"GET /v2/users/{user}/access-keys": 1,
		"GET /v2/users/{user}":             1,
	}
	for k, v := range want {
		if counters[k] != v {
			t.Errorf("counter %q = %d, want %d (all: %v)", k, counters[k], v, counters)
		}
	}
	reqs, err := ctl.Requests()
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 5 {
		t.Fatalf("requests = %d (control calls must not be recorded)", len(reqs))
	}
	for i := 1; i < len(reqs); i++ {
		if reqs[i].Seq <= reqs[i-1].Seq {
			t.Fatal("requests not oldest first")
		}
	}
	q := reqs[3]
	if q.Query != "x=1&authorization=***" || !q.AuthQuery || q.AuthHeader != "" || q.Route != "/v2/users/{user}/access-keys" || q.Status != 200 {
		t.Fatalf("query-auth record = %+v", q)
	}
	if r := reqs[0]; r.AuthHeader != "Bearer" || r.AuthQuery || r.Method != "GET" || r.Path != "/v2/applications" {
		t.Fatalf("header-auth record = %+v", r)
	}
	if r := reqs[4]; r.Status != 401 {
		t.Fatalf("unauthenticated record = %+v", r)
	}
	if err := ctl.ClearRequests(); err != nil {
		t.Fatal(err)
	}
	reqs, _ = ctl.Requests()
	counters, _ = ctl.Counters()
	if len(reqs) != 0 || len(counters) != 0 {
		t.Fatalf("after clear: %d requests, %v", len(reqs), counters)
	}
	h.send(http.MethodGet, h.info.WebcoreURL+"/zzz-unmatched", "", "")
	counters, _ = ctl.Counters()
	if len(counters) != 1 {
		t.Fatalf("counters = %v", counters)
	}
}

func TestRecorderRingKeepsTheNewest(t *testing.T) {
	rc := newRecorder()
	for i := 0; i < requestLogSize+5; i++ {
		rc.add(RequestRecord{Method: "GET", Route: "/x"})
	}
	recs := rc.records()
	if len(recs) != requestLogSize || recs[0].Seq != 6 || recs[len(recs)-1].Seq != requestLogSize+5 {
		t.Fatalf("ring: len %d first %d last %d", len(recs), recs[0].Seq, recs[len(recs)-1].Seq)
	}
	if rc.counts()["GET /x"] != requestLogSize+5 {
		t.Fatal("counters must count every request, not only the kept ones")
	}
}

func TestGlobMatch(t *testing.T) {
	cases := []struct {
		pattern, path string
		want          bool
	}{
		{"*", "/anything/at/all", true},
		{"/virtual_machines*", "/virtual_machines/12/startup.json", true},
		{"/virtual_machines*", "/virtual_machines.json", true},
		{"/virtual_machines*", "/users.json", false},
		{"/users/*.json", "/users/1.json", true},
		{"/users/*.json", "/users/1.xml", false},
		{"/users/?.json", "/users/1.json", true},
		{"/users/?.json", "/users/12.json", false},
		{"/v2/users/*/access-keys", "/v2/users/self/access-keys", true},
		{"/v2/users/*/access-keys", "/v2/users/self/access-keys/3", false},
		{"/exact", "/exact", true},
		{"/exact", "/exactly", false},
		{"**/logs", "/v2/app/x/logs", true},
	}
	for _, c := range cases {
		if got := globMatch(c.pattern, c.path); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
}

func TestMaskQueryAndPath(t *testing.T) {
	cases := map[string]string{
		"":                                "",
		"start_time=2026-01-01":           "start_time=2026-01-01",
		"authorization=tok":               "authorization=***",
		"a=1&authorization=tok&b=2":       "a=1&authorization=***&b=2",
		"Authorization=tok":               "authorization=***",
		"%61uthorization=tok":             "authorization=***",
		"authorization=a&authorization=b": "authorization=***&authorization=***",
		"authorization":                   "authorization=***",
		"a=1;authorization=tok":           "a=1;authorization=***",
		"a=1;authorization=tok&b=2;c":     "a=1;authorization=***&b=2;c",
		"a=1&":                            "a=1&",
		// Every parameter named like a secret, in any letter case, not only authorization.
		"password=pw&login=jane":         "password=***&login=jane",
		"PASSWORD=pw":                    "password=***",
		"api_key=k&Api_Key=k2":           "api_key=***&api_key=***",
		"access_token=t;Access_Token=t2": "access_token=***;access_token=***",
		"token=t&Token=t2&TOKEN":         "token=***&token=***&token=***",
		"%70assword=pw":                  "password=***",
		"token_type=bearer&tokens=3":     "token_type=bearer&tokens=3",
		"x=password&y=token":             "x=password&y=token",
	}
	for in, want := range cases {
		if got := maskQuery(in); got != want {
			t.Errorf("maskQuery(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"/download/SECRET":            "/download/***",
		"//download/SECRET":           "//download/***",
		"/./download/SECRET":          "/./download/***",
		"/v2/../download/SECRET":      "/v2/../download/***",
		"/v2/download/SECRET":         "/v2/download/***",
		"/download/a/b/SECRET":        "/download/***",
		"/v2/applications":            "/v2/applications",
		"/users/1.json":               "/users/1.json",
		"/downloads/not-a-token.json": "/downloads/not-a-token.json",
	} {
		if got := maskPath(in); got != want {
			t.Errorf("maskPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWebcoreTransactionsJSON(t *testing.T) {
	cases := []struct {
		in   WebcoreTransactions
		want string
	}{
		{WebcoreTransactions{}, `{}`},
		{WebcoreTransactions{DefaultDuration: 50 * time.Millisecond}, `{"default_duration":"50ms"}`},
		{WebcoreTransactions{Durations: map[string]time.Duration{"build_disk": 2 * time.Second}, FailActions: map[string]string{}},
			`{"durations":{"build_disk":"2s"},"fail_actions":{}}`},
	}
	for _, c := range cases {
		got, err := json.Marshal(c.in)
		if err != nil || string(got) != c.want {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", c.in, got, err, c.want)
		}
	}
}

func TestNewControlClientFromReadyInfo(t *testing.T) {
	h := startTest(t, Config{})
	ctl, err := NewControlClient(h.info.ControlURL, h.info.CACertFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ctl.Counters(); err != nil {
		t.Fatal(err)
	}
	if _, err := NewControlClient(h.info.ControlURL, h.info.CACertFile+".missing"); err == nil {
		t.Fatal("missing CA file accepted")
	}
	status, _ := h.send(http.MethodGet, h.info.ControlURL+"/nope", "", "")
	if status != 404 {
		t.Fatalf("unknown control route: %d", status)
	}
}
