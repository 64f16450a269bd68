package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"path"
)

// WebscaleConfig configures a Webscale API v2 client. URL is the API base,
// e.g. https://api.webscale.com/v2; it must be https. TokenInQuery sends the
// token as ?authorization= instead of the Authorization header (never both).
type WebscaleConfig struct {
	URL          string
	AccessToken  string
	TokenInQuery bool
	// RateLimit tunes the send-rate limiter shared by every client of this URL and token.
	RateLimit RateLimitOptions
}

// DefaultWebscaleURL is the public Webscale API base.
const DefaultWebscaleURL = "https://api.webscale.com/v2"

// Webscale is a client of the Webscale API v2. It is safe for concurrent use.
type Webscale struct {
	transport    *Transport
	base         *url.URL
	token        string
	tokenInQuery bool
	redact       redactor
	limiter      *adaptiveLimiter
}

// NewWebscale validates cfg and returns a client using t.
func NewWebscale(t *Transport, cfg WebscaleConfig) (*Webscale, error) {
	if t == nil {
		return nil, errors.New("webscale: transport is required")
	}
	if cfg.URL == "" {
		cfg.URL = DefaultWebscaleURL
	}
	base, err := parseBaseURL("webscale", cfg.URL, "https") // the API answers only over HTTPS
	if err != nil {
		return nil, err
	}
	if cfg.AccessToken == "" {
		return nil, errors.New("webscale: an access token is required")
	}
	return &Webscale{
		transport:    t,
		base:         base,
		token:        cfg.AccessToken,
		tokenInQuery: cfg.TokenInQuery,
		redact:       newRedactor(cfg.AccessToken),
		limiter:      sharedLimiter("webscale", base.String(), cfg.AccessToken, cfg.RateLimit),
	}, nil
}

// BaseURL is the API's URL the client calls.
func (w *Webscale) BaseURL() string { return w.base.String() }

// webscaleRequest describes one Webscale call.
type webscaleRequest struct {
	method string
	path   string // escaped, relative to the base, e.g. "/users/self/access-keys"
	query  url.Values
	body   any
}

// do sends r with the token in exactly one place and returns the 2xx reply.
func (s *Webscale) do(ctx context.Context, r webscaleRequest) (*reply, error) {
	body, err := jsonBody(r.body)
	if err != nil {
		return nil, err
	}
	query := url.Values{}
	for k, v := range r.query {
		query[k] = v
	}
	header := http.Header{}
	if s.tokenInQuery {
		query.Set("authorization", s.token)
	} else {
		header.Set("Authorization", "Bearer "+s.token)
	}
	return s.transport.send(ctx, call{
		service:    "webscale",
		method:     r.method,
		url:        resolve(s.base, r.path, query),
		body:       body,
		header:     header,
		idempotent: r.method == http.MethodGet, // a write whose answer is lost is reconciled, not resent
		redact:     s.redact,
		limiter:    s.limiter,
	})
}

// doJSON sends r and decodes the reply into out.
func (s *Webscale) doJSON(ctx context.Context, r webscaleRequest, out any) error {
	rep, err := s.do(ctx, r)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(rep.body, out); err != nil {
		return &DecodeError{Service: "webscale", Err: err, redact: s.redact}
	}
	return nil
}

// lastSegment returns the id at the end of an href such as
// /v2/users/self/access-keys/abc.
func lastSegment(href string) string {
	if u, err := url.Parse(href); err == nil {
		href = u.Path
	}
	base := path.Base(href)
	if base == "." || base == "/" {
		return ""
	}
	return base
}
