package emulator

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRateLimitBucketPerCredential(t *testing.T) {
	l := newRateLimiter()
	now := time.Unix(1000, 0)
	l.now = func() time.Time { return now }
	l.set(RateLimit{Rate: 2, Burst: 3})
	for i := range 3 {
		if _, ok := l.admit("Basic a"); !ok {
			t.Fatalf("request %d of the burst was turned away", i+1)
		}
	}
	retryAfter, ok := l.admit("Basic a")
	if ok || retryAfter != 1 {
		t.Fatalf("4th request: ok=%v retryAfter=%d, want turned away with Retry-After 1 (0.5 s rounded up)", ok, retryAfter)
	}
	if _, ok := l.admit("Bearer b"); !ok {
		t.Fatal("another credential shares the first one's bucket")
	}
	now = now.Add(500 * time.Millisecond) // one token back at 2/s
	if _, ok := l.admit("Basic a"); !ok {
		t.Fatal("a refilled token was not granted: a rejected request must not take one")
	}
	if _, ok := l.admit("Basic a"); ok {
		t.Fatal("the bucket granted more than it refilled")
	}
	if got := l.snapshot().Rejected; got != 2 {
		t.Fatalf("rejected = %d, want 2", got)
	}
}

func TestRateLimitRetryAfterRoundsUp(t *testing.T) {
	l := newRateLimiter()
	now := time.Unix(1000, 0)
	l.now = func() time.Time { return now }
	l.set(RateLimit{Rate: 0.4, Burst: 1}) // a token every 2.5 s
	l.admit("x")
	if retryAfter, ok := l.admit("x"); ok || retryAfter != 3 {
		t.Fatalf("retryAfter=%d ok=%v, want 3 (2.5 s rounded up)", retryAfter, ok)
	}
	l.set(RateLimit{})
	for range 100 {
		if _, ok := l.admit("x"); !ok {
			t.Fatal("no limit turned a request away")
		}
	}
}

func TestRateLimitValidation(t *testing.T) {
	for _, bad := range []RateLimit{{Rate: 0, Burst: 1}, {Rate: -1, Burst: 1}, {Rate: 1, Burst: 0}, {Rate: 1, Burst: 1, Rejected: 3}} {
		if bad.validate() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if _, err := Start(Config{Listen: "127.0.0.1:0", RateLimit: 5, RateBurst: 0, LogOutput: &lockedBuffer{}}); err == nil ||
		!strings.Contains(err.Error(), "burst") {
		t.Fatalf("Start with burst 0: %v", err)
	}
}

func TestRateLimitedRequestsAre429WithRetryAfterAndCounted(t *testing.T) {
	h := startTest(t, Config{RateLimit: 1, RateBurst: 2})
	ctl := h.srv.Control()
	var statuses []int
	var retryAfter, body string
	for range 4 {
		resp, err := h.request(http.MethodGet, h.info.WebscaleURL+"/applications", "Bearer "+h.info.WebscaleToken, "")
		if err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, resp.StatusCode)
		if resp.StatusCode == http.StatusTooManyRequests {
			retryAfter = resp.Header.Get("Retry-After")
			buf := new(strings.Builder)
			_, _ = io.Copy(buf, resp.Body)
			body = buf.String()
		}
		_ = resp.Body.Close()
	}
	if statuses[0] != 200 || statuses[1] != 200 || statuses[2] != 429 || statuses[3] != 429 || retryAfter != "1" ||
		!strings.Contains(body, "rate limit") {
		t.Fatalf("statuses %v, Retry-After %q, body %s", statuses, retryAfter, body)
	}
	// Control paths are never limited, and the limit counts and shows what it turned away.
	counters, err := ctl.Counters()
	if err != nil {
		t.Fatal(err)
	}
	if counters[RateLimitedCounter] != 2 || counters["GET /v2/applications"] != 4 {
		t.Fatalf("counters = %v", counters)
	}
	reqs, _ := ctl.Requests()
	if reqs[2].Fault != FaultRateLimit || reqs[2].Status != 429 || reqs[0].Fault != "" {
		t.Fatalf("requests = %+v", reqs)
	}
	limit, err := ctl.RateLimit()
	if err != nil || limit != (RateLimit{Rate: 1, Burst: 2, Rejected: 2}) {
		t.Fatalf("GET rate_limit = %+v, %v", limit, err)
	}
	status, page := h.send(http.MethodGet, h.info.ControlURL+"/ui", "", "")
	if status != 200 || !strings.Contains(page, "1 requests/s") || !strings.Contains(page, "2 rejected") {
		t.Fatalf("dashboard %d does not show the limit: %s", status, page)
	}
	// Another credential has its own bucket.
	if status, _ := h.send(http.MethodGet, h.info.WebcoreURL+"/users.json", "Basic "+basic(h.info.WebcoreLogin, h.info.WebcorePassword), ""); status != 200 {
		t.Fatalf("Webcore credential limited by the Webscale one's bucket: %d", status)
	}
	if err := ctl.ClearRateLimit(); err != nil {
		t.Fatal(err)
	}
	if status, _ := h.webscale(http.MethodGet, "/applications", ""); status != 200 {
		t.Fatalf("after DELETE: %d", status)
	}
	if err := ctl.SetRateLimit(0, 1); err == nil || !strings.Contains(err.Error(), "rate must be") {
		t.Fatalf("PUT rate 0: %v", err)
	}
	status, page = h.send(http.MethodGet, h.info.ControlURL+"/ui", "", "")
	if status != 200 || !strings.Contains(page, "No rate limit") {
		t.Fatalf("dashboard after DELETE: %s", page)
	}
}
