package client

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"time"
)

// WebcoreConfig configures a Webcore API client. Username is the login (with
// Password) or the account e-mail (with APIKey); exactly one of Password and
// APIKey is set.
type WebcoreConfig struct {
	URL      string
	Username string
	Password string
	APIKey   string
	Wait     WaitOptions // polling of scheduled work; zero values take defaults
	// RateLimit tunes the send-rate limiter shared by every client of this URL and credential.
	RateLimit RateLimitOptions
	// AllowPlainHTTP accepts an http:// URL, over which every request carries
	// the Basic credentials in clear text: an explicit opt-in for panels
	// that serve no HTTPS.
	AllowPlainHTTP bool
}

// WaitOptions tunes how the waiters poll: the first delay, its growth factor
// and its cap.
type WaitOptions struct {
	Initial    time.Duration // default 100ms
	Multiplier float64       // default 1.5
	Max        time.Duration // default 3s
}

// Defaults for WaitOptions.
const (
	DefaultWaitInitial    = 100 * time.Millisecond
	DefaultWaitMultiplier = 1.5
	DefaultWaitMax        = 3 * time.Second
)

// defaultPageSize is the per_page used when following paged lists.
const defaultPageSize = 100

// Webcore is a client of the Webcore Cloud API. It is safe for concurrent use.
type Webcore struct {
	transport *Transport
	base      *url.URL
	authValue string // "Basic …", computed once
	redact    redactor
	wait      WaitOptions
	limiter   *adaptiveLimiter
	pageSize  int
	// sleep waits d or until ctx ends, and now tells the time; a test
	// replaces both with a fake clock.
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time
	// apiKeyOf is the account email the client logs in with when it uses an
	// API key ("" with a password): generating that account's key would lock
	// the client out.
	apiKeyOf string
}

// NewWebcore validates cfg and returns a client using t.
func NewWebcore(t *Transport, cfg WebcoreConfig) (*Webcore, error) {
	if t == nil {
		return nil, errors.New("webcore: transport is required")
	}
	schemes := []string{"https"}
	if cfg.AllowPlainHTTP {
		schemes = []string{"http", "https"}
	}
	base, err := parseBaseURL("webcore", cfg.URL, schemes...)
	if err != nil {
		return nil, err
	}
	if cfg.Username == "" {
		return nil, errors.New("webcore: username (login, or account e-mail with an API key) is required")
	}
	if cfg.Password != "" && cfg.APIKey != "" {
		return nil, errors.New("webcore: set either a password or an API key, not both")
	}
	secret := cfg.Password + cfg.APIKey // one of them at most
	if secret == "" {
		return nil, errors.New("webcore: a password or an API key is required")
	}
	encoded := base64.StdEncoding.EncodeToString([]byte(cfg.Username + ":" + secret))
	apiKeyOf := ""
	if cfg.APIKey != "" {
		apiKeyOf = cfg.Username
	}
	return &Webcore{
		transport: t,
		base:      base,
		authValue: "Basic " + encoded,
		apiKeyOf:  apiKeyOf,
		redact:    newRedactor(secret, encoded),
		wait:      cfg.Wait.withDefaults(),
		limiter:   sharedLimiter("webcore", base.String(), "Basic "+encoded, cfg.RateLimit),
		pageSize:  defaultPageSize,
		sleep:     sleepContext,
		now:       time.Now,
	}, nil
}

// APIKeyAccount is the email of the account whose API key the client logs in
// with, and false when it logs in with a password.
func (w *Webcore) APIKeyAccount() (email string, ok bool) { return w.apiKeyOf, w.apiKeyOf != "" }

// BaseURL is the control panel's URL the client calls (never with user
// info or a query: parseBaseURL drops them).
func (w *Webcore) BaseURL() string { return w.base.String() }

// PlainHTTP reports whether the client talks plain HTTP (the opt-in
// WebcoreConfig.AllowPlainHTTP, with an http:// URL).
func (w *Webcore) PlainHTTP() bool { return w.base.Scheme == "http" }

func (o WaitOptions) withDefaults() WaitOptions {
	o.Initial = positiveOr(o.Initial, DefaultWaitInitial)
	if o.Multiplier < 1 {
		o.Multiplier = DefaultWaitMultiplier
	}
	o.Max = max(positiveOr(o.Max, DefaultWaitMax), o.Initial)
	return o
}

// sleepContext waits d, or returns ctx's error if it ends first.
func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// webcoreRequest describes one Webcore call.
type webcoreRequest struct {
	method string
	path   string // escaped, with format suffix, e.g. "/users/12.json"
	query  url.Values
	body   any
}

// do sends r and returns the 2xx reply.
func (w *Webcore) do(ctx context.Context, r webcoreRequest) (*reply, error) {
	body, err := jsonBody(r.body)
	if err != nil {
		return nil, err
	}
	header := http.Header{}
	header.Set("Authorization", w.authValue)
	return w.transport.send(ctx, call{
		service:    "webcore",
		method:     r.method,
		url:        resolve(w.base, r.path, r.query),
		body:       body,
		header:     header,
		idempotent: r.method == http.MethodGet, // a write whose answer is lost is reconciled, not resent
		redact:     w.redact,
		limiter:    w.limiter,
	})
}

// getWrapped GETs path and decodes {"root": {...}} into out.
func (w *Webcore) getWrapped(ctx context.Context, path string, query url.Values, root string, out any) error {
	rep, err := w.do(ctx, webcoreRequest{method: http.MethodGet, path: path, query: query})
	if err != nil {
		return err
	}
	return w.decode(rep.body, func(b []byte) error { return decodeWrapped(b, out, root) })
}

// decode runs fn and marks failures as undecodable responses.
func (w *Webcore) decode(body []byte, fn func([]byte) error) error {
	if err := fn(body); err != nil {
		return &DecodeError{Service: "webcore", Err: err, redact: w.redact}
	}
	return nil
}

// getWrappedList GETs path and decodes [{"root": {...}}, ...].
func getWrappedList[T any](ctx context.Context, w *Webcore, path string, query url.Values, roots ...string) ([]T, error) {
	rep, err := w.do(ctx, webcoreRequest{method: http.MethodGet, path: path, query: query})
	if err != nil {
		return nil, err
	}
	items, err := decodeWrappedList[T](rep.body, roots...)
	if err != nil {
		return nil, &DecodeError{Service: "webcore", Err: err, redact: w.redact}
	}
	return items, nil
}

// wrap builds {"root": v}, the Webcore request envelope.
func wrap(root string, v any) map[string]any { return map[string]any{root: v} }
