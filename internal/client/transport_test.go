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

func TestDefaultMaxRetriesIsTen(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	_, err := newTestWebcore(t, srv.URL, fastConfig(nil)).GetUser(context.Background(), 1)
	if !IsKind(err, KindServer) || srv.hits.Load() != 11 {
		t.Fatalf("err = %v, hits = %d; want server error after 11 attempts", err, srv.hits.Load())
	}
}

// With a deadline, a read keeps retrying transient failures until the
// deadline, past the retry count: a wait rides out an outage.
func TestReadRetriesUntilTheDeadline(t *testing.T) {
	var calls atomic.Int64
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) <= 15 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		writeJSON(w, http.StatusOK, `{"user": {"id": 1}}`)
	})
	cfg := fastConfig(nil)
	cfg.MaxRetries = 2
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := newTestWebcore(t, srv.URL, cfg).GetUser(ctx, 1); err != nil || srv.hits.Load() != 16 {
		t.Fatalf("err = %v, hits = %d; want success on the 16th attempt", err, srv.hits.Load())
	}
}

// The vendor's 500 ("an error occurred") is often transient: a read tries
// it maxServerErrorRetries more times, a write never resends it.
func TestReadRetriesA500AFewTimes(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusInternalServerError, `{"errors": ["An error occurred"]}`)
	})
	w := newTestWebcore(t, srv.URL, fastConfig(nil))
	if _, err := w.GetUser(context.Background(), 1); !IsKind(err, KindServer) || srv.hits.Load() != 1+maxServerErrorRetries {
		t.Fatalf("GET: err = %v, hits = %d; want %d attempts", err, srv.hits.Load(), 1+maxServerErrorRetries)
	}
	srv.hits.Store(0)
	if err := w.UpdateUser(context.Background(), 1, UserUpdateRequest{}); !IsKind(err, KindServer) || srv.hits.Load() != 1 {
		t.Fatalf("PUT: err = %v, hits = %d; want 1 attempt", err, srv.hits.Load())
	}
}

func TestNoRetryOnOtherStatuses(t *testing.T) {
	for _, status := range []int{http.StatusNotFound, http.StatusUnprocessableEntity, http.StatusForbidden} {
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
	w, err := NewWebcore(tr, WebcoreConfig{URL: srv.URL, Username: testLogin, Password: testPassword, AllowPlainHTTP: true})
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
	if err == nil || srv.hits.Load() != 11 {
		t.Fatalf("err = %v, hits = %d; want error after 11 attempts", err, srv.hits.Load())
	}
}

// A PUT or DELETE whose answer was lost is not resent by the client: its
// caller checks whether it took effect (a resize resent blindly would find
// the server locked by its own first copy).
func TestWritesNotResentAfterALostAnswer(t *testing.T) {
	srv := newCountingServer(t, dropAfterBody(t))
	w := newTestWebcore(t, srv.URL, fastConfig(nil))
	for name, send := range map[string]func() error{
		"PUT":    func() error { return w.UpdateUser(context.Background(), 1, UserUpdateRequest{}) },
		"DELETE": func() error { return w.DeleteVirtualServer(context.Background(), 1, KeepBackups) },
	} {
		srv.hits.Store(0)
		err := send()
		if !MayHaveTakenEffect(err) || srv.hits.Load() != 1 {
			t.Errorf("%s: err = %v, hits = %d; want one attempt whose outcome is unknown", name, err, srv.hits.Load())
		}
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

// A 429, or a 503 with Retry-After, turns a request away before the API
// does anything with it: even a create is resent, after the whole wait
// asked for (not the client's shorter backoff cap).
func TestPostRetriedWhenTurnedAway(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int64
			srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
				if calls.Add(1) <= 2 {
					w.Header().Set("Retry-After", "1")
					writeJSON(w, status, `{"error": "slow down"}`)
					return
				}
				writeJSON(w, http.StatusCreated, `{"user": {"id": "42", "login": "bob"}}`)
			})
			start := time.Now()
			u, err := newTestWebcore(t, srv.URL, fastConfig(nil)).CreateUser(context.Background(),
				UserCreateRequest{Login: "bob", Email: "b@example.com", Password: "secret1"})
			if err != nil || u.ID != 42 {
				t.Fatalf("CreateUser = %+v, %v", u, err)
			}
			if got := srv.hits.Load(); got != 3 {
				t.Fatalf("hits = %d, want 3", got)
			}
			// fastConfig caps the client's own backoff at 5ms: only an
			// honoured Retry-After makes two retries take 2s.
			if elapsed := time.Since(start); elapsed < 2*time.Second {
				t.Fatalf("two retries took %v: the Retry-After of 1s was not waited out", elapsed)
			}
		})
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
	if got := logger.attempts(); got != 11 {
		t.Fatalf("attempts = %d, want 11 (dial errors are safe to retry)", got)
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
	w, err := NewWebcore(tr, WebcoreConfig{URL: srv.URL, Username: testLogin, Password: testPassword, AllowPlainHTTP: true})
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
	policy := retryPolicy{maxRetries: 4, maxRetryAfter: time.Minute}
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
		{"post 503 with Retry-After", post, -503, nil, true},
		{"post 502", post, 502, nil, false},
		{"post 500", post, 500, nil, false},
		{"get reset", get, 0, reset, true},
		{"get 502", get, 502, nil, true},
		{"get 500", get, 500, nil, true},
		{"get 404", get, 404, nil, false},
		{"get refused redirect", get, 0, &RedirectError{To: "http://x/", Reason: "from https to http"}, false},
	} {
		var resp *http.Response
		if tc.status != 0 {
			resp = &http.Response{StatusCode: max(tc.status, -tc.status), Header: http.Header{}, Body: http.NoBody}
			if tc.status < 0 {
				resp.Header.Set("Retry-After", "0")
			}
		}
		// A fresh call state per case: the policy counts a call's retries.
		ctx := context.WithValue(tc.ctx, callStateKey{}, &callState{idempotent: stateFrom(tc.ctx).idempotent})
		got, _ := policy.check(ctx, resp, tc.err)
		if got != tc.want {
			t.Errorf("%s: retry = %t, want %t", tc.name, got, tc.want)
		}
	}
	cancelled, cancel := context.WithCancel(get)
	cancel()
	if retry, err := policy.check(cancelled, &http.Response{StatusCode: 503, Body: http.NoBody}, nil); retry || !errors.Is(err, context.Canceled) {
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
	if got := tr.waitBefore(minWait, maxWait, 0, "3600"); got != time.Hour {
		t.Errorf("a long Retry-After: %v, want it in full (1h); the deadline check is the policy's", got)
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
	cfg.MaxRetries = -1
	_, err := newTestWebcore(t, srv.URL, cfg).GetUser(context.Background(), 1)
	apiErr, ok := AsAPIError(err)
	if !ok || apiErr.RetryAfter != 7*time.Second || apiErr.Kind != KindRateLimited || !apiErr.TurnedAway {
		t.Fatalf("err = %#v", err)
	}
	if srv.hits.Load() != 1 {
		t.Fatalf("hits = %d, want 1 (retries disabled)", srv.hits.Load())
	}
}

// A Retry-After longer than the operation has left fails the call at once,
// saying how long the API asked to wait, instead of coming back early.
func TestRetryAfterPastTheDeadlineFailsAtOnce(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	_, err := newTestWebcore(t, srv.URL, fastConfig(nil)).CreateUser(ctx, UserCreateRequest{Login: "bob"})
	var tooLong *RetryAfterError
	if !errors.As(err, &tooLong) || tooLong.Wait != 2*time.Minute || !tooLong.Deadline || srv.hits.Load() != 1 {
		t.Fatalf("err = %v, hits = %d; want a RetryAfterError after one attempt", err, srv.hits.Load())
	}
	if time.Since(start) > 5*time.Second || !strings.Contains(err.Error(), "retried after 2m0s") || MayHaveTakenEffect(err) {
		t.Fatalf("err = %v: want it at once, naming the wait, and known to have changed nothing", err)
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
