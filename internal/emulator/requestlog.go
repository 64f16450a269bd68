package emulator

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// requestLogSize is how many requests GET /_emulator/requests keeps (oldest dropped first).
const requestLogSize = 10000

// RequestRecord is one vendor request as the control API reports it. Secrets are
// masked: the values of query parameters named like secrets (authorization=,
// password=, …) and /download/ tokens read "***", and only the Authorization
// header's scheme is kept.
type RequestRecord struct {
	Seq        int64     `json:"seq"`
	Time       time.Time `json:"time"`
	Method     string    `json:"method"`
	Path       string    `json:"path"`
	Query      string    `json:"query"`
	Route      string    `json:"route"`
	Status     int       `json:"status"`
	DurationMS float64   `json:"duration_ms"`
	AuthHeader string    `json:"auth_header"`
	AuthQuery  bool      `json:"auth_query"`
	Fault      string    `json:"fault"`
}

// recorder keeps the request ring buffer and the per-route counters.
type recorder struct {
	mu       sync.Mutex
	seq      int64
	ring     []RequestRecord
	next     int // ring index the next record goes to once the ring is full
	counters map[string]int
}

// RateLimitedCounter is the /counters key of the requests the rate limit turned away.
const RateLimitedCounter = "(rate limited)"

func newRecorder() *recorder {
	return &recorder{ring: make([]RequestRecord, 0, requestLogSize), counters: map[string]int{}}
}

func (rc *recorder) add(rec RequestRecord) {
	key := rec.Method + " " + rec.Route
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.seq++
	rec.Seq = rc.seq
	rc.counters[key]++
	if rec.Fault == FaultRateLimit {
		rc.counters[RateLimitedCounter]++
	}
	if len(rc.ring) < requestLogSize {
		rc.ring = append(rc.ring, rec)
		return
	}
	rc.ring[rc.next] = rec
	rc.next = (rc.next + 1) % requestLogSize
}

// records returns the kept requests, oldest first.
func (rc *recorder) records() []RequestRecord {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := make([]RequestRecord, 0, len(rc.ring))
	out = append(out, rc.ring[rc.next:]...)
	return append(out, rc.ring[:rc.next]...)
}

func (rc *recorder) counts() map[string]int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := make(map[string]int, len(rc.counters))
	for k, v := range rc.counters {
		out[k] = v
	}
	return out
}

// clear empties the request log and the counters; seq keeps growing so records stay unique.
func (rc *recorder) clear() {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.ring = rc.ring[:0]
	rc.next = 0
	rc.counters = map[string]int{}
}

// statusWriter remembers the status a handler answered with and which fault fired.
type statusWriter struct {
	http.ResponseWriter
	status int
	fault  string
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Hijack and Flush of the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// routeKey names a matched route "METHOD PATTERN"; unmatched requests get "(unmatched)".
func routeKey(pattern string) string {
	if pattern == "" {
		return "(unmatched)"
	}
	if _, path, ok := strings.Cut(pattern, " "); ok {
		return path
	}
	return pattern
}

// logRequests writes one slog line per request and records vendor requests.
func logRequests(logger *slog.Logger, rec *recorder, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		elapsed := time.Since(start)
		auth := authScheme(r.Header.Get("Authorization"))
		_, authQuery := r.URL.Query()["authorization"]
		record := RequestRecord{
			Time:       start.UTC(),
			Method:     r.Method,
			Path:       maskPath(r.URL.Path),
			Query:      maskQuery(r.URL.RawQuery),
			Route:      routeKey(r.Pattern),
			Status:     sw.status,
			DurationMS: float64(elapsed.Microseconds()) / 1000,
			AuthHeader: auth,
			AuthQuery:  authQuery,
			Fault:      sw.fault,
		}
		if record.Status == 0 && sw.fault == "" {
			record.Status = http.StatusOK // a handler that writes nothing answers 200
		}
		logger.LogAttrs(context.Background(), slog.LevelInfo, "request",
			slog.String("method", record.Method),
			slog.String("path", record.Path),
			slog.String("query", record.Query),
			slog.String("route", record.Route),
			slog.Int("status", record.Status),
			slog.Float64("duration_ms", record.DurationMS),
			slog.String("auth", auth),
			slog.Bool("auth_query", authQuery),
			slog.String("fault", record.Fault),
			slog.String("remote", r.RemoteAddr),
		)
		if !isControlPath(r.URL.Path) {
			rec.add(record)
		}
	})
}

// authScheme keeps only the scheme of an Authorization header, never its credentials.
func authScheme(header string) string {
	scheme, _, _ := strings.Cut(header, " ")
	switch strings.ToLower(scheme) {
	case "":
		return ""
	case "basic":
		return "Basic"
	case "bearer":
		return "Bearer"
	default:
		return "other"
	}
}

// maskPath hides download tokens: the path itself is the credential there. Everything
// after the first "download/" is masked, not only after a leading "/download/", so
// unclean spellings ("//download/TOKEN", "/./download/TOKEN", which the mux answers
// with a redirect) and misdirected ones ("/v2/download/TOKEN") are masked too.
func maskPath(p string) string {
	if before, _, found := strings.Cut(p, "download/"); found {
		return before + "download/***"
	}
	return p
}

// secretQueryParams are the query parameters whose values are credentials. The
// Webscale API takes its token as authorization=; the others are what a client
// might send by mistake, and a mistake must not end up in the log either.
var secretQueryParams = []string{"authorization", "password", "api_key", "access_token", "token"}

// secretQueryParam returns the canonical (lower-case) name when key names a secret.
func secretQueryParam(key string) (string, bool) {
	for _, name := range secretQueryParams {
		if strings.EqualFold(key, name) {
			return name, true
		}
	}
	return "", false
}

// maskQuery replaces the value of every parameter named like a secret
// (secretQueryParams, any letter case) with "***", keeping the rest of the query
// as sent. Both "&" and ";" count as separators: Go no longer splits on ";", but
// a token after one is still a secret in the URL.
func maskQuery(raw string) string {
	if raw == "" {
		return raw
	}
	var b strings.Builder
	// start < len(raw) would do as well (an equivalent mutant): after a
	// trailing separator the part is empty and nothing more is written.
	for start := 0; start <= len(raw); {
		end := strings.IndexAny(raw[start:], "&;")
		if end < 0 {
			end = len(raw)
		} else {
			end += start
		}
		part := raw[start:end]
		key, _, _ := strings.Cut(part, "=")
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if name, secret := secretQueryParam(key); secret {
			part = name + "=***"
		}
		b.WriteString(part)
		if end < len(raw) {
			b.WriteByte(raw[end])
		}
		start = end + 1
	}
	return b.String()
}

func isControlPath(p string) bool {
	return p == controlPrefix || strings.HasPrefix(p, controlPrefix+"/")
}
