package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// BenchmarkAdaptiveLimiter_unthrottled times what the limiter adds to each
// request while no API throttles (wait before the send, observe after the
// answer), against the reference of the same run: one GET of a user through
// the whole client, without a limiter, from a loopback server. Issue 21 asks
// that the limiter add no measurable cost when no limit is in force; the
// ratio of the two ns/op is that cost.
func BenchmarkAdaptiveLimiter_unthrottled(b *testing.B) {
	b.Run("reference_getUserWithoutLimiter", func(b *testing.B) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, http.StatusOK, `{"user":{"id":7,"login":"jdoe","email":"jdoe@example.com","status":"active"}}`)
		}))
		defer srv.Close()
		transport, err := NewTransport(TransportConfig{Timeout: 10 * time.Second, UserAgent: "webcore-client-bench"})
		if err != nil {
			b.Fatal(err)
		}
		webcore, err := NewWebcore(transport, WebcoreConfig{URL: srv.URL, Username: testLogin, Password: testPassword,
			AllowPlainHTTP: true, RateLimit: RateLimitOptions{NotAdaptive: true}})
		if err != nil {
			b.Fatal(err)
		}
		if webcore.limiter != nil {
			b.Fatal("the reference client has a limiter")
		}
		ctx := context.Background()
		for b.Loop() {
			if _, err := webcore.GetUser(ctx, 7); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("waitAndObserve", func(b *testing.B) {
		l := newAdaptiveLimiter(RateLimitOptions{}, time.Now, sleepContext)
		ctx := context.Background()
		for b.Loop() {
			sentAt, err := l.wait(ctx)
			if err != nil {
				b.Fatal(err)
			}
			l.observe(false, sentAt)
		}
		b.StopTimer()
		if _, paced := l.currentRate(); paced {
			b.Fatal("the limiter paces requests although nothing throttled")
		}
	})
}
