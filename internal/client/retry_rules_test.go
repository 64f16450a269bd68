package client

import (
	"context"
	"net"
	"net/http"
	"syscall"
	"testing"
)

// retryCondition is one way an attempt fails, and how many attempts a read
// and a write get when every attempt fails that way.
type retryCondition struct {
	name string
	// serve answers every request; nil when the attempt never reaches a
	// server of this test (see address and inject).
	serve http.HandlerFunc
	// address replaces the server's URL (a port nothing listens on).
	address string
	// inject fails every attempt with this error instead of sending it: a
	// failure a test cannot provoke for real on loopback (DNS, a proxy, a
	// reset after sending).
	inject error
	// untrusted leaves the server's certificate out of the trusted ones.
	untrusted   bool
	read, write int
}

// answer is a handler that always answers status, with Retry-After when
// retryAfter is set.
func answer(status int, retryAfter string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		writeJSON(w, status, `{"errors": ["no"]}`)
	}
}

// TestRetryRules is the client's retry policy (retryPolicy) as a table, end
// to end through both API clients: for every verb, how many attempts each
// kind of failure gets with 3 retries allowed. A read is retried on every
// transient failure; a write only when the API turned it away before doing
// anything (429, 503 with Retry-After) or when it provably never left (the
// connection could not be opened); nothing is retried that a retry cannot
// fix.
func TestRetryRules(t *testing.T) {
	const retries = 3
	all, reads, once := 1+retries, 1+retries, 1
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	conditions := []retryCondition{
		{name: "429", serve: answer(429, ""), read: all, write: all},
		{name: "429 with Retry-After", serve: answer(429, "0"), read: all, write: all},
		{name: "503 with Retry-After", serve: answer(503, "0"), read: all, write: all},
		{name: "503", serve: answer(503, ""), read: reads, write: once},
		{name: "503 with an unreadable Retry-After", serve: answer(503, "soon"), read: reads, write: once},
		{name: "502", serve: answer(502, ""), read: reads, write: once},
		{name: "504", serve: answer(504, ""), read: reads, write: once},
		{name: "500", serve: answer(500, ""), read: 1 + maxServerErrorRetries, write: once},
		{name: "501", serve: answer(501, ""), read: once, write: once},
		{name: "400", serve: answer(400, ""), read: once, write: once},
		{name: "401", serve: answer(401, ""), read: once, write: once},
		{name: "403", serve: answer(403, ""), read: once, write: once},
		{name: "404", serve: answer(404, ""), read: once, write: once},
		{name: "409", serve: answer(409, ""), read: once, write: once},
		{name: "422", serve: answer(422, ""), read: once, write: once},
		{name: "connection closed after the request", serve: dropAfterBody(t), read: reads, write: once},
		{name: "connection reset after the request", inject: reset, read: reads, write: once},
		{name: "connection refused", address: "https://" + closedAddress(t), read: all, write: all},
		{name: "host not found", inject: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "api.invalid", IsNotFound: true}}, read: all, write: all},
		{name: "proxy refused the connection", inject: &net.OpError{Op: "proxyconnect", Net: "tcp", Err: syscall.ECONNREFUSED}, read: all, write: all},
		{name: "certificate of an unknown authority", serve: answer(200, ""), untrusted: true, read: once, write: once},
		{name: "redirect from https to http", serve: redirectTo("http://127.0.0.1:1"), read: once, write: once},
		// Ten hops are ten attempts of one try: the chain is not started again.
		{name: "endless redirects", serve: redirectTo(""), read: 10, write: 10},
	}
	for _, c := range conditions {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			base, caPEM := c.address, []byte(nil)
			switch {
			case c.serve != nil:
				srv := newQuietTLSServer(t, c.serve)
				base = srv.URL
				if !c.untrusted {
					caPEM = pemOf(srv)
				}
			case c.inject != nil:
				base = "https://api.example.invalid" // never dialled
			}
			for verb, call := range retryVerbs(t, c.inject, base, caPEM) {
				logger := &captureLogger{}
				isRead := verb == "webcore GET" || verb == "webscale GET"
				want := map[bool]int{true: c.read, false: c.write}[isRead]
				if err := call(logger); err == nil {
					t.Errorf("%s: no error", verb)
				}
				if got := logger.attempts(); got != want {
					t.Errorf("%s: %d attempts, want %d", verb, got, want)
				}
			}
		})
	}
}

// redirectTo answers every request with a redirect to target, or to the
// same URL again when target is empty.
func redirectTo(target string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		to := target + r.URL.RequestURI()
		if target == "" {
			to = r.URL.RequestURI()
		}
		http.Redirect(w, r, to, http.StatusFound)
	}
}

// retryVerbs are one call per verb of each API against base, trusting
// caPEM, each with a transport of 3 retries that logs its attempts to the
// logger it is given and, when inject is set, fails every attempt with it.
// The adaptive limiter is off: a server that throttles every answer would
// slow it to its floor of 0.5 requests per second; TestRetryRulesHoldWithTheLimiter
// runs the rules that matter with it on.
func retryVerbs(t *testing.T, inject error, base string, caPEM []byte) map[string]func(*captureLogger) error {
	return retryVerbsLimited(t, inject, base, caPEM, RateLimitOptions{NotAdaptive: true})
}

func retryVerbsLimited(t *testing.T, inject error, base string, caPEM []byte, limit RateLimitOptions) map[string]func(*captureLogger) error {
	t.Helper()
	transport := func(logger *captureLogger) *Transport {
		cfg := fastConfig(logger)
		cfg.MaxRetries = 3
		cfg.CACertPEM = caPEM
		tr := newTestTransport(t, cfg)
		if inject != nil {
			tr.retrying.HTTPClient.Transport.(*attemptLogger).next = &failingRoundTripper{failures: 1 << 30, err: inject}
		}
		return tr
	}
	webcore := func(logger *captureLogger) *Webcore {
		w, err := NewWebcore(transport(logger), WebcoreConfig{URL: base, Username: testLogin, Password: testPassword, RateLimit: limit, AllowPlainHTTP: true})
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	webscale := func(logger *captureLogger) *Webscale {
		s, err := NewWebscale(transport(logger), WebscaleConfig{URL: base + "/v2", AccessToken: testToken, RateLimit: limit})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	ctx := context.Background()
	return map[string]func(*captureLogger) error{
		"webcore GET": func(l *captureLogger) error { _, err := webcore(l).GetUser(ctx, 1); return err },
		"webcore POST": func(l *captureLogger) error {
			_, err := webcore(l).CreateUser(ctx, UserCreateRequest{Login: "bob", Email: "b@example.com", Password: "secret1"})
			return err
		},
		"webcore PUT":    func(l *captureLogger) error { return webcore(l).UpdateUser(ctx, 1, UserUpdateRequest{}) },
		"webcore DELETE": func(l *captureLogger) error { return webcore(l).DeleteUser(ctx, 1, false) },
		"webscale GET":   func(l *captureLogger) error { _, err := webscale(l).ListApplications(ctx); return err },
		"webscale POST": func(l *captureLogger) error {
			_, err := webscale(l).CreateAccessKey(ctx, "", AccessKeyConfiguration{})
			return err
		},
		"webscale DELETE": func(l *captureLogger) error { _, err := webscale(l).DeleteAccessKey(ctx, "", "k1"); return err },
	}
}
