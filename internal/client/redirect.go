package client

import (
	"errors"
	"net/http"
	"strings"
)

// checkRedirect is the HTTP client's redirect policy: credentials never
// travel in clear text, and never to another host. Go keeps the
// Authorization header on a redirect to the same host, even from https to
// http, and a token in the query goes wherever the server points.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	first, state := via[0], stateFrom(req.Context())
	to := state.redact.apply(maskURL(req.URL, state.redactPath))
	switch {
	case strings.EqualFold(first.URL.Scheme, "https") && !strings.EqualFold(req.URL.Scheme, "https"):
		return &RedirectError{To: to, Reason: "from https to http: what the request carries would travel in clear text"}
	case state.credentials && !sameHost(first, req):
		return &RedirectError{To: to, Reason: "to another host: the request carries credentials"}
	}
	return nil
}

// sameHost compares the hosts and effective ports of two requests.
func sameHost(a, b *http.Request) bool {
	return strings.EqualFold(a.URL.Hostname(), b.URL.Hostname()) && effectivePort(a) == effectivePort(b)
}

func effectivePort(r *http.Request) string {
	if p := r.URL.Port(); p != "" {
		return p
	}
	if strings.EqualFold(r.URL.Scheme, "https") {
		return "443"
	}
	return "80"
}

// RedirectError is a redirect the client refused to follow.
type RedirectError struct {
	To     string // the redirect target, secrets masked
	Reason string
}

// Error implements error.
func (e *RedirectError) Error() string {
	return "refused a redirect to " + e.To + " (" + e.Reason + ")"
}

// isRefusedRedirect reports whether err is a redirect the policy refused.
func isRefusedRedirect(err error) bool {
	var redirect *RedirectError
	return errors.As(err, &redirect)
}
