package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// Logger receives one debug line per HTTP attempt (the provider implements it
// with tflog). Every value it receives is already masked.
type Logger interface {
	Log(ctx context.Context, msg string, fields map[string]any)
}

// TransportConfig configures the HTTP transport shared by both API clients.
type TransportConfig struct {
	CACertFile   string        // extra CA certificate (PEM file) trusted in addition to the system pool
	CACertPEM    []byte        // same, inline
	Insecure     bool          // skip TLS verification (explicit opt-in only)
	Timeout      time.Duration // per attempt; default 60s
	UserAgent    string        // sent on every request
	Logger       Logger        // nil disables logging
	MaxRetries   int           // retries after the first attempt when the call has no deadline; default 10, negative disables retries
	RetryWaitMin time.Duration // first backoff step; default 200ms
	RetryWaitMax time.Duration // backoff cap; default 10s (a Retry-After is honoured in full, see MaxRetryAfter)
	// MaxRetryAfter is the longest Retry-After honoured when the call has no
	// deadline of its own; default 5m. With a deadline, the deadline decides.
	MaxRetryAfter time.Duration
}

// Defaults for TransportConfig's zero values.
const (
	DefaultTimeout       = 60 * time.Second
	DefaultMaxRetries    = 10
	DefaultRetryWaitMin  = 200 * time.Millisecond
	DefaultRetryWaitMax  = 10 * time.Second
	DefaultMaxRetryAfter = 5 * time.Minute
	DefaultUserAgent     = "terraform-provider-webcore"
)

// maxServerErrorRetries bounds how often a read answered 500 is tried again:
// the vendor's 500 means "an error occurred", often transient, but a 500
// that persists is not going to change within an operation.
const maxServerErrorRetries = 2

// maxResponseBytes bounds what one response may hold (log downloads are the
// biggest), so a misbehaving server cannot exhaust memory.
const maxResponseBytes = 256 << 20

// Transport sends requests with TLS, proxy, retry and logging policy. It is
// safe for concurrent use.
type Transport struct {
	retrying  *retryablehttp.Client
	logger    Logger
	userAgent string
	// jitter returns a float in [0, 1); replaceable in tests.
	jitter func() float64
	// maxResponse is maxResponseBytes; smaller in tests.
	maxResponse int
}

// NewTransport builds a Transport from cfg, applying defaults.
func NewTransport(cfg TransportConfig) (*Transport, error) {
	tlsConfig, err := buildTLSConfig(cfg)
	if err != nil {
		return nil, err
	}
	cfg.Timeout = positiveOr(cfg.Timeout, DefaultTimeout)
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	cfg.MaxRetries = max(cfg.MaxRetries, 0) // negative: no retries
	cfg.RetryWaitMin = positiveOr(cfg.RetryWaitMin, DefaultRetryWaitMin)
	cfg.RetryWaitMax = max(positiveOr(cfg.RetryWaitMax, DefaultRetryWaitMax), cfg.RetryWaitMin)
	cfg.MaxRetryAfter = positiveOr(cfg.MaxRetryAfter, DefaultMaxRetryAfter)
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}

	base := cleanhttp.DefaultPooledTransport() // proxies from the environment, sane dial/idle timeouts
	base.Proxy = http.ProxyFromEnvironment
	base.TLSClientConfig = tlsConfig

	t := &Transport{logger: cfg.Logger, userAgent: cfg.UserAgent, jitter: rand.Float64, maxResponse: maxResponseBytes}
	policy := retryPolicy{maxRetries: cfg.MaxRetries, maxRetryAfter: cfg.MaxRetryAfter}
	t.retrying = &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport:     &attemptLogger{next: base, logger: cfg.Logger},
			Timeout:       cfg.Timeout,
			CheckRedirect: checkRedirect,
		},
		Logger:       nil, // attemptLogger logs each attempt with masking
		RetryWaitMin: cfg.RetryWaitMin,
		RetryWaitMax: cfg.RetryWaitMax,
		// The policy counts retries itself: a call with a deadline retries
		// what is safe to retry until that deadline.
		RetryMax:   math.MaxInt32,
		CheckRetry: policy.check,
		Backoff:    t.backoff,
		// Hand back the last response after retries run out, so its body
		// becomes a typed APIError instead of a generic "giving up".
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	return t, nil
}

// positiveOr is d, or def when d is not positive (unset).
func positiveOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func buildTLSConfig(cfg TransportConfig) (*tls.Config, error) {
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.Insecure {
		tlsConfig.InsecureSkipVerify = true // the user's explicit opt-in; configure warns about it
	}
	if cfg.CACertFile == "" && len(cfg.CACertPEM) == 0 {
		return tlsConfig, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if cfg.CACertFile != "" {
		pem, err := os.ReadFile(cfg.CACertFile)
		if err != nil {
			return nil, fmt.Errorf("reading CA certificate file: %w", err)
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("CA certificate file %s holds no PEM certificate", cfg.CACertFile)
		}
	}
	if len(cfg.CACertPEM) > 0 && !pool.AppendCertsFromPEM(cfg.CACertPEM) {
		return nil, errors.New("inline CA certificate holds no PEM certificate")
	}
	tlsConfig.RootCAs = pool
	return tlsConfig, nil
}

// call is one logical API request (all of its attempts).
type call struct {
	service    string // "webcore" or "webscale", prefixes errors and logs
	method     string
	url        *url.URL
	body       []byte // JSON; nil for none
	header     http.Header
	idempotent bool // may be resent after it possibly reached the server (reads only)
	redactPath bool // the URL path is itself a secret (download capability)
	redact     redactor
	limiter    *adaptiveLimiter // the API's and credential's; nil = none
}

// reply is a 2xx response, fully read.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// callState travels in the request context so CheckRetry and the attempt
// logger see the call's policy.
type callState struct {
	service     string
	idempotent  bool
	redactPath  bool
	credentials bool // the call carries credentials (header or query)
	redact      redactor
	attempt     int    // HTTP attempts so far; written only by the goroutine running the call
	retries     int    // retries granted by the policy
	serverErrs  int    // 500 answers seen
	last        string // how the last attempt ended, masked: "502 Bad Gateway", "connection refused"
	limiter     *adaptiveLimiter
}

type callStateKey struct{}

func stateFrom(ctx context.Context) *callState {
	if s, ok := ctx.Value(callStateKey{}).(*callState); ok {
		return s
	}
	return &callState{idempotent: true}
}

// send runs c with retries and returns its 2xx reply, an *APIError for any
// other status, or a *RequestError when no answer came.
func (t *Transport) send(ctx context.Context, c call) (*reply, error) {
	state := &callState{service: c.service, idempotent: c.idempotent, redactPath: c.redactPath, redact: c.redact, limiter: c.limiter,
		credentials: c.header.Get("Authorization") != "" || c.url.Query().Has("authorization")}
	ctx = context.WithValue(ctx, callStateKey{}, state)
	path := maskPath(c.url, c.redactPath)

	var body any
	if c.body != nil {
		body = c.body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, c.method, c.url.String(), body)
	if err != nil {
		return nil, &RequestError{Service: c.service, Method: c.method, Path: path, Err: errors.New("invalid request"), redact: c.redact}
	}
	for k, vs := range c.header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("User-Agent", t.userAgent)
	req.Header.Set("Accept", "application/json")
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json")
		t.log(ctx, c.service+" request body", map[string]any{
			"method": c.method, "url": c.redact.apply(maskURL(c.url, c.redactPath)), "body": c.redact.apply(maskJSONBody(c.body)),
		})
	}

	resp, err := t.retrying.Do(req)
	if err != nil {
		if resp != nil {
			_ = resp.Body.Close()
		}
		var tooLong *RetryAfterError
		if errors.As(err, &tooLong) {
			tooLong.Service, tooLong.Method, tooLong.Path = c.service, c.method, path
			return nil, tooLong
		}
		cause := withoutURL(err)
		if ctx.Err() != nil && state.last != "" {
			// The call ran out of time while retrying: say what the API did.
			cause = fmt.Errorf("%w after %d attempts, the last one: %s", cause, state.attempt, state.last)
		}
		return nil, &RequestError{
			Service: c.service, Method: c.method, Path: path, Err: cause, redact: c.redact,
			// A write that may have reached the server is not resent: its
			// outcome is unknown, whatever ended the call (the caller's
			// deadline included), unless the connection was never opened
			// or a redirect was refused before anything was sent on.
			MaybeProcessed: !c.idempotent && !neverSent(err) && !isRefusedRedirect(err),
		}
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, int64(t.maxResponse)+1))
	if err == nil && len(data) > t.maxResponse {
		err = fmt.Errorf("the response is larger than the %d bytes this client accepts", t.maxResponse)
	}
	if err != nil {
		// The server answered, so it got the request: a non-idempotent call may have taken effect.
		return nil, &RequestError{Service: c.service, Method: c.method, Path: path, Err: fmt.Errorf("reading response: %w", withoutURL(err)),
			redact: c.redact, MaybeProcessed: !c.idempotent}
	}
	if !c.redactPath {
		t.log(ctx, c.service+" response body", map[string]any{
			"method": c.method, "url": c.redact.apply(maskURL(c.url, c.redactPath)), "status": resp.StatusCode,
			"body": c.redact.apply(maskJSONBody(data)),
		})
	}

	if resp.StatusCode/100 != 2 {
		return nil, newAPIError(c, path, resp, data)
	}
	return &reply{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

func (t *Transport) log(ctx context.Context, msg string, fields map[string]any) {
	if t.logger != nil {
		t.logger.Log(ctx, msg, fields)
	}
}

// withoutURL drops *url.Error's wrapper, whose text repeats the full URL
// (query token included); the caller adds a masked path instead.
func withoutURL(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err
	}
	return err
}

// retryPolicy decides which failed attempts are tried again (CheckRetry):
//   - never after the context ended;
//   - a 429, or a 503 with a Retry-After it can read, is the server turning
//     the request away before processing it (turnedAway): any call is
//     resent, after the wait asked for. A wait past the call's deadline (or past maxRetryAfter when it
//     has none) ends the call at once with a *RetryAfterError;
//   - 502, 504, a 503 without Retry-After and network errors: only reads
//     (idempotent calls), and a write only when it provably never left (dial
//     or DNS failure). A write whose outcome is unknown returns to its
//     caller, which reconciles (internal/converge);
//   - 500: reads only, and only maxServerErrorRetries times;
//   - never on TLS verification failures, refused redirects or other
//     permanent errors.
//
// How often: until the call's deadline when it has one, so waits and
// creates ride out an outage within the resource's timeouts; maxRetries
// times when it has none.
type retryPolicy struct {
	maxRetries    int
	maxRetryAfter time.Duration
}

func (p retryPolicy) check(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	state := stateFrom(ctx)
	if !p.decide(state, resp, err) {
		return false, nil
	}
	if resp != nil {
		if wait, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			if left, deadline := p.timeLeft(ctx); wait > left {
				return false, &RetryAfterError{Status: resp.StatusCode, Wait: wait, Left: left, Deadline: deadline}
			}
		}
	}
	if _, hasDeadline := ctx.Deadline(); !hasDeadline && state.retries >= p.maxRetries {
		return false, nil
	}
	state.retries++
	return true, nil
}

// decide says whether the attempt's failure is one to retry at all.
func (p retryPolicy) decide(state *callState, resp *http.Response, err error) bool {
	if err != nil {
		if isPermanentTransportError(err) {
			return false
		}
		return state.idempotent || neverSent(err)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true
	case http.StatusServiceUnavailable:
		return state.idempotent || turnedAway(resp)
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		return state.idempotent
	case http.StatusInternalServerError:
		state.serverErrs++
		return state.idempotent && state.serverErrs <= maxServerErrorRetries
	}
	return false
}

// turnedAway reports whether resp refuses the request before the API did
// anything with it: a 429, or a 503 that says when to come back. A 503
// without a readable Retry-After may come from a failure midway, after
// which a write is not resent.
func turnedAway(resp *http.Response) bool {
	_, hasRetryAfter := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	return resp.StatusCode == http.StatusTooManyRequests || (resp.StatusCode == http.StatusServiceUnavailable && hasRetryAfter)
}

// timeLeft is how long the call may still wait: until its deadline
// (deadline true), or maxRetryAfter when it has none.
func (p retryPolicy) timeLeft(ctx context.Context) (left time.Duration, deadline bool) {
	if d, ok := ctx.Deadline(); ok {
		return time.Until(d), true
	}
	return p.maxRetryAfter, false
}

// neverSent reports whether err proves the request never reached a server:
// the connection (to the server or the proxy) could not be opened.
func neverSent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return opErr.Op == "dial" || opErr.Op == "proxyconnect"
	}
	return false
}

// isPermanentTransportError spots failures a retry cannot fix.
func isPermanentTransportError(err error) bool {
	var (
		verifyErr   *tls.CertificateVerificationError
		unknownCA   x509.UnknownAuthorityError
		hostnameErr x509.HostnameError
		invalidErr  x509.CertificateInvalidError
		recordErr   tls.RecordHeaderError
	)
	switch {
	case errors.As(err, &verifyErr), errors.As(err, &unknownCA), errors.As(err, &hostnameErr),
		errors.As(err, &invalidErr), errors.As(err, &recordErr):
		return true
	}
	if isRefusedRedirect(err) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "unsupported protocol scheme") || strings.Contains(msg, "stopped after 10 redirects")
}

// backoff adapts waitBefore to retryablehttp's Backoff signature.
func (t *Transport) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	retryAfter := ""
	if resp != nil {
		retryAfter = resp.Header.Get("Retry-After")
	}
	return t.waitBefore(minWait, maxWait, attempt, retryAfter)
}

// waitBefore returns the wait before retry number attempt (0-based): the
// server's Retry-After in full when it sent one (the policy has checked it
// fits the call's deadline), otherwise exponential backoff with full
// jitter, uniform in [minWait, min(maxWait, minWait·2^(attempt+1))].
func (t *Transport) waitBefore(minWait, maxWait time.Duration, attempt int, retryAfter string) time.Duration {
	if d, ok := parseRetryAfter(retryAfter, time.Now()); ok {
		return d
	}
	ceiling := min(float64(minWait)*math.Pow(2, float64(attempt+1)), float64(maxWait)) // min caps +Inf too
	return minWait + time.Duration(t.jitter()*(ceiling-float64(minWait)))
}

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP-date.
func parseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(value, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(math.MaxInt64/time.Second) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	when, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	return max(when.Sub(now), 0), true
}

// attemptLogger logs every HTTP attempt (retries included) with the URL
// masked. It never logs headers (Authorization) or bodies.
type attemptLogger struct {
	next   http.RoundTripper
	logger Logger
}

// RoundTrip implements http.RoundTripper.
func (a *attemptLogger) RoundTrip(req *http.Request) (*http.Response, error) {
	state := stateFrom(req.Context())
	var sentAt time.Time
	if state.limiter != nil {
		var err error
		if sentAt, err = state.limiter.wait(req.Context()); err != nil {
			return nil, err // never sent: the call ended while it waited its turn
		}
	}
	state.attempt++
	start := time.Now()
	resp, err := a.next.RoundTrip(req)
	if state.limiter != nil && err == nil {
		state.limiter.observe(isThrottle(resp), sentAt)
	}
	if err == nil {
		state.last = resp.Status
	} else if req.Context().Err() == nil { // an attempt cut short by the call's own end says nothing of the API
		state.last = state.redact.apply(withoutURL(err).Error())
	}
	if a.logger == nil {
		return resp, err
	}
	fields := map[string]any{
		"method":      req.Method,
		"url":         state.redact.apply(maskURL(req.URL, state.redactPath)),
		"attempt":     state.attempt,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = state.redact.apply(withoutURL(err).Error())
	} else {
		fields["status"] = resp.StatusCode
	}
	a.logger.Log(req.Context(), state.service+" HTTP request", fields)
	return resp, err
}

// jsonBody marshals v for a request, or returns nil for a nil v.
func jsonBody(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "<" and "&" readable in notes and labels
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// resolve joins base and an already-escaped path (e.g. "/users/12.json"),
// keeping any path prefix of base, and sets the query.
func resolve(base *url.URL, escapedPath string, query url.Values) *url.URL {
	u := *base
	full := strings.TrimRight(base.EscapedPath(), "/") + escapedPath
	if unescaped, err := url.PathUnescape(full); err == nil {
		u.Path = unescaped
		u.RawPath = full
	} else {
		u.Path = full
		u.RawPath = ""
	}
	u.RawQuery = query.Encode()
	u.Fragment = ""
	return &u
}

// parseBaseURL validates an API base URL without ever echoing it (it may
// carry credentials in its user info).
func parseBaseURL(service, raw string, schemes ...string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%s: URL must be an absolute URL such as %s://host", service, schemes[len(schemes)-1])
	}
	if u.User != nil {
		return nil, fmt.Errorf("%s: URL must not carry credentials; configure them separately", service)
	}
	scheme := strings.ToLower(u.Scheme)
	for _, s := range schemes {
		if scheme == s {
			u.Scheme = scheme
			u.RawQuery, u.Fragment = "", ""
			return u, nil
		}
	}
	return nil, fmt.Errorf("%s: URL scheme must be %s, got %q", service, strings.Join(schemes, " or "), u.Scheme)
}
