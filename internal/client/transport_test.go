package client

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func TestRetriesRetryableStatusesForIdempotentCalls(t *testing.T) {
	for _, tc := range []struct {
		status int
		kind   Kind
	}{
		{http.StatusTooManyRequests, KindRateLimited},
		{http.StatusBadGateway, KindServer},
		{http.StatusServiceUnavailable, KindServer},
		{http.StatusGatewayTimeout, KindServer},
	} {
		t.Run(strconv.Itoa(tc.status), func(t *testing.T) {
			srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
				writeJSON(w, tc.status, `{"errors": ["busy"]}`)
			})
			cfg := fastConfig(nil)
			cfg.MaxRetries = 3
			_, err := newTestWebcore(t, srv.URL, cfg).GetUser(context.Background(), 1)
			if got := srv.hits.Load(); got != 4 {
				t.Fatalf("hits = %d, want 1 + 3 retries", got)
			}
			apiErr, ok := AsAPIError(err)
			if !ok || apiErr.Kind != tc.kind || apiErr.StatusCode != tc.status || apiErr.Message != "busy" {
				t.Fatalf("err = %#v, want %s APIError with message busy", err, tc.kind)
			}
		})
	}
}

func TestDefaultMaxRetriesIsFour(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	_, err := newTestWebcore(t, srv.URL, fastConfig(nil)).GetUser(context.Background(), 1)
	if !IsKind(err, KindServer) || srv.hits.Load() != 5 {
		t.Fatalf("err = %v, hits = %d; want server error after 5 attempts", err, srv.hits.Load())
	}
}

func TestNoRetryOnOtherStatuses(t *testing.T) {
	for _, status := range []int{http.StatusInternalServerError, http.StatusNotFound, http.StatusUnprocessableEntity, http.StatusForbidden} {
		srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, status, `{"errors": ["no"]}`)
		})
		_, err := newTestWebcore(t, srv.URL, fastConfig(nil)).GetUser(context.Background(), 1)
		if err == nil || srv.hits.Load() != 1 {
			t.Fatalf("status %d: err = %v, hits = %d; want error after 1 attempt", status, err, srv.hits.Load())
		}
	}
}

func TestRetriesNetworkErrorsThenSucceeds(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, `{"user": {"id": 7, "login": "bob"}}`)
	})
	logger := &captureLogger{}
	tr := newTestTransport(t, fastConfig(logger))
	// The first two attempts fail with a reset after the request left.
	tr.retrying.HTTPClient.Transport.(*attemptLogger).next = &failingRoundTripper{
		failures: 2, err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, next: http.DefaultTransport,
	}
	w, err := NewWebcore(tr, WebcoreConfig{URL: srv.URL, Username: testLogin, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	u, err := w.GetUser(context.Background(), 7)
	if err != nil || u.Login != "bob" {
		t.Fatalf("GetUser = %v, %v; want bob", u, err)
	}
	if got := logger.attempts(); got != 3 {
		t.Fatalf("attempts = %d, want 3 (two resets, one success)", got)
	}
}

// failingRoundTripper fails the first `failures` requests with err, then
// delegates to next.
type failingRoundTripper struct {
	failures int
	err      error
	next     http.RoundTripper
	seen     int
}

func (f *failingRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	f.seen++
	if f.seen <= f.failures {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, f.err
	}
	return f.next.RoundTrip(req)
}

// dropAfterBody reads the request body, then closes the connection without
// answering: the emulator's "commit_then_drop" fault.
func dropAfterBody(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		_ = conn.Close()
	}
}

func TestPostNotRetriedOnceSent(t *testing.T) {
	srv := newCountingServer(t, dropAfterBody(t))
	w := newTestWebcore(t, srv.URL, fastConfig(nil))
	_, err := w.CreateUser(context.Background(), UserCreateRequest{Login: "bob", Email: "b@example.com", Password: "secret1"})
	var reqErr *RequestError
	if !errors.As(err, &reqErr) {
		t.Fatalf("err = %v, want *RequestError", err)
	}
	if got := srv.hits.Load(); got != 1 {
		t.Fatalf("server hits = %d, want exactly 1", got)
	}
	if !reqErr.MaybeProcessed || !strings.Contains(err.Error(), "may have been processed") {
		t.Fatalf("err = %v, want a may-have-been-processed hint", err)
	}
}

func TestGetRetriedAfterDrop(t *testing.T) {
	srv := newCountingServer(t, dropAfterBody(t))
	_, err := newTestWebcore(t, srv.URL, fastConfig(nil)).GetUser(context.Background(), 1)
	if err == nil || srv.hits.Load() != 5 {
		t.Fatalf("err = %v, hits = %d; want error after 5 attempts", err, srv.hits.Load())
	}
}

func TestPostNotRetriedOn5xx(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	err := newTestWebcore(t, srv.URL, fastConfig(nil)).PowerAction(context.Background(), 1, PowerReboot)
	if !IsKind(err, KindServer) || srv.hits.Load() != 1 {
		t.Fatalf("err = %v, hits = %d; want server error after 1 attempt", err, srv.hits.Load())
	}
}

func TestPostRetriedOn429(t *testing.T) {
	var calls atomic.Int64
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) <= 2 {
			w.Header().Set("Retry-After", "1") // capped to RetryWaitMax
			writeJSON(w, http.StatusTooManyRequests, `{"error": "slow down"}`)
			return
		}
		writeJSON(w, http.StatusCreated, `{"user": {"id": "42", "login": "bob"}}`)
	})
	u, err := newTestWebcore(t, srv.URL, fastConfig(nil)).CreateUser(context.Background(),
		UserCreateRequest{Login: "bob", Email: "b@example.com", Password: "secret1"})
	if err != nil || u.ID != 42 {
		t.Fatalf("CreateUser = %+v, %v", u, err)
	}
	if got := srv.hits.Load(); got != 3 {
		t.Fatalf("hits = %d, want 3", got)
	}
}

// closedAddress returns an address nothing listens on.
func closedAddress(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

func TestPostRetriedOnConnectionRefused(t *testing.T) {
	logger := &captureLogger{}
	w := newTestWebcore(t, "http://"+closedAddress(t), fastConfig(logger))
	_, err := w.CreateUser(context.Background(), UserCreateRequest{Login: "bob", Email: "b@example.com", Password: testPassword})
	var opErr *net.OpError
	if !errors.As(err, &opErr) || opErr.Op != "dial" {
		t.Fatalf("err = %v, want a dial error", err)
	}
	if reqErr := (*RequestError)(nil); !errors.As(err, &reqErr) || reqErr.MaybeProcessed {
		t.Fatalf("err = %v: a refused connection proves nothing was processed", err)
	}
	if got := logger.attempts(); got != 5 {
		t.Fatalf("attempts = %d, want 5 (dial errors are safe to retry)", got)
	}
	if strings.Contains(err.Error(), testPassword) || strings.Contains(logger.text(), testPassword) {
		t.Fatal("password leaked")
	}
}

func TestPostDeliveredAfterDialFailure(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusCreated, `{"user": {"id": 1}}`)
	})
	tr := newTestTransport(t, fastConfig(nil))
	tr.retrying.HTTPClient.Transport.(*attemptLogger).next = &failingRoundTripper{
		failures: 1, err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, next: http.DefaultTransport,
	}
	w, err := NewWebcore(tr, WebcoreConfig{URL: srv.URL, Username: testLogin, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.CreateUser(context.Background(), UserCreateRequest{Login: "a", Email: "a@b.c", Password: "secret1"}); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if srv.hits.Load() != 1 {
		t.Fatalf("hits = %d, want 1", srv.hits.Load())
	}
}

func TestCheckRetryDecisions(t *testing.T) {
	post := context.WithValue(context.Background(), callStateKey{}, &callState{idempotent: false})
	get := context.WithValue(context.Background(), callStateKey{}, &callState{idempotent: true})
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	dns := &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		status int // 0: no response, err instead
		err    error
		want   bool
	}{
		{"post dial refused", post, 0, dial, true},
		{"post dns failure", post, 0, dns, true},
		{"post reset after send", post, 0, reset, false},
		{"post EOF after send", post, 0, io.ErrUnexpectedEOF, false},
		{"post timeout", post, 0, context.DeadlineExceeded, false},
		{"post 429", post, 429, nil, true},
		{"post 503", post, 503, nil, false},
		{"get reset", get, 0, reset, true},
		{"get 502", get, 502, nil, true},
		{"get 500", get, 500, nil, false},
		{"get 404", get, 404, nil, false},
	} {
		var resp *http.Response
		if tc.status != 0 {
			resp = &http.Response{StatusCode: tc.status, Header: http.Header{}, Body: http.NoBody}
		}
		got, _ := checkRetry(tc.ctx, resp, tc.err)
		if got != tc.want {
			t.Errorf("%s: retry = %t, want %t", tc.name, got, tc.want)
		}
	}
	cancelled, cancel := context.WithCancel(get)
	cancel()
	if retry, err := checkRetry(cancelled, &http.Response{StatusCode: 503, Body: http.NoBody}, nil); retry || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: retry = %t, err = %v", retry, err)
	}
}

func TestBackoffGrowsWithinJitterBounds(t *testing.T) {
	tr := newTestTransport(t, TransportConfig{})
	minWait, maxWait := 100*time.Millisecond, 2*time.Second
	for attempt := 0; attempt < 8; attempt++ {
		ceiling := min(minWait<<(attempt+1), maxWait)
		tr.jitter = func() float64 { return 0 }
		if got := tr.waitBefore(minWait, maxWait, attempt, ""); got != minWait {
			t.Errorf("attempt %d, jitter 0: %v, want %v", attempt, got, minWait)
		}
		tr.jitter = func() float64 { return 1 }
		if got := tr.waitBefore(minWait, maxWait, attempt, ""); got != ceiling {
			t.Errorf("attempt %d, jitter 1: %v, want ceiling %v", attempt, got, ceiling)
		}
	}
	tr.jitter = func() float64 { return 0.5 }
	var prev time.Duration
	for attempt := 0; attempt < 4; attempt++ {
		got := tr.waitBefore(minWait, maxWait, attempt, "")
		if got <= prev {
			t.Errorf("attempt %d: %v does not grow past %v", attempt, got, prev)
		}
		prev = got
	}
}

func TestBackoffRealJitterStaysInBounds(t *testing.T) {
	tr := newTestTransport(t, TransportConfig{})
	minWait, maxWait := 10*time.Millisecond, 300*time.Millisecond
	for attempt := 0; attempt < 6; attempt++ {
		ceiling := min(minWait<<(attempt+1), maxWait)
		distinct := map[time.Duration]bool{}
		for i := 0; i < 200; i++ {
			got := tr.waitBefore(minWait, maxWait, attempt, "")
			if got < minWait || got > ceiling {
				t.Fatalf("attempt %d: %v outside [%v, %v]", attempt, got, minWait, ceiling)
			}
			distinct[got] = true
		}
		if len(distinct) < 10 {
			t.Fatalf("attempt %d: only %d distinct waits, jitter missing", attempt, len(distinct))
		}
	}
}

func TestBackoffHonoursRetryAfter(t *testing.T) {
	tr := newTestTransport(t, TransportConfig{})
	minWait, maxWait := 100*time.Millisecond, 10*time.Second
	if got := tr.waitBefore(minWait, maxWait, 0, "3"); got != 3*time.Second {
		t.Errorf("seconds: %v, want 3s", got)
	}
	if got := tr.waitBefore(minWait, maxWait, 0, "3600"); got != maxWait {
		t.Errorf("capped: %v, want %v", got, maxWait)
	}
	date := time.Now().Add(6 * time.Second).UTC().Format(http.TimeFormat)
	if got := tr.waitBefore(minWait, maxWait, 0, date); got < 4*time.Second || got > 6*time.Second {
		t.Errorf("HTTP-date: %v, want about 5-6s", got)
	}
	past := time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)
	if got := tr.waitBefore(minWait, maxWait, 0, past); got != 0 {
		t.Errorf("past date: %v, want 0", got)
	}
	tr.jitter = func() float64 { return 0 }
	if got := tr.waitBefore(minWait, maxWait, 0, "soon"); got != minWait {
		t.Errorf("unparsable header: %v, want jittered backoff %v", got, minWait)
	}
}

func TestRetryAfterReportedOnError(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "7")
		writeJSON(w, http.StatusTooManyRequests, `{"status": 429, "error": {"type": "too_many_requests", "message": "slow down"}}`)
	})
	cfg := fastConfig(nil)
	cfg.MaxRetries = 1
	_, err := newTestWebcore(t, srv.URL, cfg).GetUser(context.Background(), 1)
	apiErr, ok := AsAPIError(err)
	if !ok || apiErr.RetryAfter != 7*time.Second || apiErr.Kind != KindRateLimited {
		t.Fatalf("err = %#v", err)
	}
	if srv.hits.Load() != 2 {
		t.Fatalf("hits = %d, want 2 (Retry-After capped by RetryWaitMax)", srv.hits.Load())
	}
}

func TestContextCancellationStopsRetries(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusServiceUnavailable)
		cancel() // the client is now waiting 30s to retry
	})
	cfg := fastConfig(nil)
	cfg.RetryWaitMax = time.Minute
	_, err := newTestWebcore(t, srv.URL, cfg).GetUser(ctx, 1)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if srv.hits.Load() != 1 {
		t.Fatalf("hits = %d, want 1", srv.hits.Load())
	}
}

func TestLogsMaskSecrets(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusCreated, `{"user": {"id": 3, "login": "bob"}}`)
	})
	logger := &captureLogger{}
	w := newTestWebcore(t, srv.URL, fastConfig(logger))
	if _, err := w.CreateUser(context.Background(), UserCreateRequest{Login: "bob", Email: "b@example.com", Password: "hunter2-long"}); err != nil {
		t.Fatal(err)
	}
	text := logger.text()
	for _, secret := range []string{"hunter2-long", testPassword, "Basic "} {
		if strings.Contains(text, secret) {
			t.Errorf("log contains %q:\n%s", secret, text)
		}
	}
	for _, want := range []string{`"password":"***"`, "method:POST", "status:201", "attempt:1", "duration_ms:", "/users.json"} {
		if !strings.Contains(text, want) {
			t.Errorf("log lacks %q:\n%s", want, text)
		}
	}
}

func TestUserAgentSent(t *testing.T) {
	var got string
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.UserAgent()
		writeJSON(w, http.StatusOK, `[]`)
	})
	if _, err := newTestWebcore(t, srv.URL, fastConfig(nil)).ListVirtualServers(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got != "webcore-client-test" {
		t.Fatalf("User-Agent = %q", got)
	}
}

func TestTLSTrustsConfiguredCAOnly(t *testing.T) {
	srv := newQuietTLSServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, `[]`)
	})
	cfg := fastConfig(nil)

	untrusted := newTestWebcore(t, srv.URL, cfg)
	if _, err := untrusted.ListTemplates(context.Background()); err == nil {
		t.Fatal("untrusted self-signed server accepted")
	}

	cfg.CACertPEM = pemOf(srv)
	if _, err := newTestWebcore(t, srv.URL, cfg).ListTemplates(context.Background()); err != nil {
		t.Fatalf("with CA: %v", err)
	}

	insecure := fastConfig(nil)
	insecure.Insecure = true
	if _, err := newTestWebcore(t, srv.URL, insecure).ListTemplates(context.Background()); err != nil {
		t.Fatalf("insecure: %v", err)
	}

	if _, err := NewTransport(TransportConfig{CACertPEM: []byte("not a cert")}); err == nil {
		t.Fatal("garbage CA accepted")
	}
	if _, err := NewTransport(TransportConfig{CACertFile: "/nonexistent/ca.pem"}); err == nil {
		t.Fatal("missing CA file accepted")
	}
}

func TestTLSVerificationFailureNotRetried(t *testing.T) {
	srv := newQuietTLSServer(t, func(http.ResponseWriter, *http.Request) {})
	logger := &captureLogger{}
	_, err := newTestWebcore(t, srv.URL, fastConfig(logger)).ListTemplates(context.Background())
	if err == nil || logger.attempts() != 1 {
		t.Fatalf("err = %v, attempts = %d; want 1 failed attempt", err, logger.attempts())
	}
}
