package emulator

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webscale"
)

// limitBodies answers 413 to any request whose body is over
// httpjson.MaxBodyBytes, before a handler sees it, so that no handler can
// read an unbounded body. The body is read here (at most the limit, 1 MiB)
// because a handler that hits http.MaxBytesReader's limit half-way would
// answer its own 400 or 422 instead.
func limitBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > httpjson.MaxBodyBytes {
			writeTooLarge(w, r)
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(io.LimitReader(r.Body, httpjson.MaxBodyBytes+1))
			if err != nil {
				httpjson.WriteErrors(w, http.StatusBadRequest, "reading the request body failed")
				return
			}
			if len(body) > httpjson.MaxBodyBytes {
				writeTooLarge(w, r)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		next.ServeHTTP(w, r)
	})
}

func writeTooLarge(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Connection", "close") // the rest of the body is not read
	message := "the request body is larger than 1 MiB"
	if isWebscalePath(r.URL.Path) {
		webscale.WriteError(w, http.StatusRequestEntityTooLarge, message)
		return
	}
	httpjson.WriteErrors(w, http.StatusRequestEntityTooLarge, message)
}

// sameOriginControl guards the control API and the dashboard against web
// pages: the emulator runs on a developer's machine, whose browser may trust
// its CA, and a page of any other site could otherwise reset the world with
// a plain form or read the state. A request that shows another origin
// (Origin, or Sec-Fetch-Site other than same-origin or none) is a 403; a
// state-changing call must be application/json, which no form can send and
// which a cross-origin script can send only after a preflight the emulator
// never grants.
func sameOriginControl(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isControlPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		if !sameOrigin(r) {
			httpjson.WriteErrors(w, http.StatusForbidden, "the control API and the dashboard answer no request from another site (Origin or Sec-Fetch-Site)")
			return
		}
		if changesState(r.Method) && !isJSON(r.Header.Get("Content-Type")) {
			httpjson.WriteErrors(w, http.StatusUnsupportedMediaType, r.Method+" on the control API needs Content-Type: application/json")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sameOrigin reports whether nothing in r says it came from another site:
// browsers send Sec-Fetch-Site on every request and Origin on every
// cross-origin one (and on same-origin POSTs); curl and Go clients send
// neither.
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none": // none: typed in the address bar, a bookmark
	default: // cross-site, same-site (another port of localhost is another origin)
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Scheme == "https" && strings.EqualFold(u.Host, r.Host)
}

func changesState(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

func isJSON(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && mediaType == httpjson.ContentType
}
