package client

import (
	"context"
	"math"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is the limiter's clock in tests: sleep advances it.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.now = c.now.Add(d)
	return nil
}

func newFakeLimiter(opts RateLimitOptions) (*adaptiveLimiter, *fakeClock) {
	clock := &fakeClock{now: time.Unix(1_000_000, 0)}
	return newAdaptiveLimiter(opts, clock.Now, clock.Sleep), clock
}

// sendAt sends n requests spread evenly over d through l, each answered as
// throttle says, and returns the time the last one went out.
func sendAt(t *testing.T, l *adaptiveLimiter, c *fakeClock, n int, d time.Duration, throttle bool) time.Time {
	t.Helper()
	var sent time.Time
	for range n {
		var err error
		if sent, err = l.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		if sent.IsZero() {
			sent = c.now
		}
		l.observe(throttle, sent)
		c.now = c.now.Add(d / time.Duration(n))
	}
	return sent
}

func near(got, want float64) bool { return math.Abs(got-want) < 0.05*want+0.01 }

func TestLimiterHasNoBucketUntilTheFirstThrottle(t *testing.T) {
	l, c := newFakeLimiter(RateLimitOptions{})
	start := c.now
	sendAt(t, l, c, 500, 5*time.Second, false) // 100 requests per second, all fine
	if _, active := l.currentRate(); active {
		t.Fatal("a bucket paces sends though no answer asked to slow down")
	}
	before := c.now
	for range 100 {
		if at, err := l.wait(context.Background()); err != nil || !at.IsZero() {
			t.Fatalf("wait without a limit: %v, %v", at, err)
		}
	}
	if c.now != before || before.Sub(start) != 5*time.Second {
		t.Fatal("wait slept without a limit")
	}
}

func TestLimiterThrottleCutsTheRateToBetaTimesTheSendRate(t *testing.T) {
	l, c := newFakeLimiter(RateLimitOptions{})
	sendAt(t, l, c, 200, 4*time.Second, false) // 50 per second
	sendAt(t, l, c, 1, 0, true)
	got, active := l.currentRate()
	if !active || !near(got, 50*cubicBeta) {
		t.Fatalf("rate after a throttle = %.2f (active %v), want %.2f = 0.7 × 50", got, active, 50*cubicBeta)
	}
	// A second throttle, for a request sent after the cut, cuts again from the rate in use.
	c.now = c.now.Add(100 * time.Millisecond)
	sendAt(t, l, c, 1, 0, true)
	if again, _ := l.currentRate(); !near(again, got*cubicBeta) {
		t.Fatalf("rate after a second throttle = %.2f, want %.2f", again, got*cubicBeta)
	}
}

// TestLimiterCutsFromTheRateOfARamp: after a quiet while, requests start
// at 40 per second and are throttled within a quarter of a second. The cut
// is from the rate of that ramp, not from a slower average that still
// remembers the quiet (which cut to a third of it, and held the apply far
// below the limit for seconds).
func TestLimiterCutsFromTheRateOfARamp(t *testing.T) {
	l, c := newFakeLimiter(RateLimitOptions{})
	sendAt(t, l, c, 2, 2*time.Second, false) // a trickle
	c.now = c.now.Add(10 * time.Second)      // quiet
	sendAt(t, l, c, 8, 200*time.Millisecond, false)
	sendAt(t, l, c, 1, 0, true)
	if got, _ := l.currentRate(); !near(got, 40*cubicBeta) {
		t.Fatalf("rate after a throttle in a ramp of 40 per second = %.2f, want %.2f", got, 40*cubicBeta)
	}
}

// TestLimiterCutsFromWhatWasSentNotAnswered: Terraform sends ten creates at
// once and the limit turns five away; those answers come back first, before
// any create has been answered. The cut is from the ten sent, not from the
// one answer seen (which cut to under one request per second, and an apply
// of 200 users at 20 req/s then took 1.9× its floor).
func TestLimiterCutsFromWhatWasSentNotAnswered(t *testing.T) {
	l, c := newFakeLimiter(RateLimitOptions{})
	sent := c.now
	for range 10 {
		if _, err := l.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	c.now = c.now.Add(5 * time.Millisecond)
	l.observe(true, sent)
	// Ten sends within the shortest span measured, 100 ms: 9 intervals in 0.1 s.
	if got, _ := l.currentRate(); !near(got, 90*cubicBeta) {
		t.Fatalf("rate after the first answer, a throttle, to ten requests sent together = %.2f, want %.2f", got, 90*cubicBeta)
	}
}

func TestLimiterCutsOnceForAnswersToRequestsSentBeforeTheCut(t *testing.T) {
	l, c := newFakeLimiter(RateLimitOptions{})
	sendAt(t, l, c, 200, 4*time.Second, false)
	inFlight := c.now // ten requests leave together, all are turned away
	c.now = c.now.Add(50 * time.Millisecond)
	for range 10 {
		l.observe(true, inFlight)
	}
	// One cut from the last second's rate, a little under 50 for the 50 ms
	// wait; a second cut would be under 0.7 × 0.7 × 50.
	if got, _ := l.currentRate(); got > 50*cubicBeta || got < 0.9*50*cubicBeta {
		t.Fatalf("ten answers to one burst cut the rate to %.2f, want one cut to about %.2f", got, 50*cubicBeta)
	}
}

func TestLimiterNeverFallsBelowTheFloor(t *testing.T) {
	l, c := newFakeLimiter(RateLimitOptions{})
	for range 30 {
		c.now = c.now.Add(time.Second)
		sendAt(t, l, c, 1, 0, true)
	}
	if got, _ := l.currentRate(); got != minSendRate {
		t.Fatalf("rate = %v after 30 throttles, want the floor %v", got, minSendRate)
	}
}

func TestLimiterGrowsBackAlongTheCubicCurve(t *testing.T) {
	l, c := newFakeLimiter(RateLimitOptions{})
	sendAt(t, l, c, 100, 4*time.Second, false) // 25 per second
	sendAt(t, l, c, 1, 0, true)
	cut, _ := l.currentRate()
	lastMax := cut / cubicBeta
	window := math.Cbrt(lastMax * (1 - cubicBeta) / cubicScale)
	// Sending as fast as allowed, with every answer fine: the rate follows
	// scale·(t−window)³ + lastMax, so it is back at lastMax after window
	// seconds, and only then climbs past it.
	sendUntil := func(seconds float64) float64 {
		end := l.lastCut.Add(time.Duration(seconds * float64(time.Second)))
		for c.now.Before(end) {
			sent, _ := l.wait(context.Background())
			l.observe(false, sent)
		}
		r, _ := l.currentRate()
		return r
	}
	if r := sendUntil(window / 2); r >= lastMax || r <= cut {
		t.Fatalf("rate %.2f halfway through the window, want between the cut %.2f and the old rate %.2f", r, cut, lastMax)
	}
	if r := sendUntil(window); !near(r, lastMax) {
		t.Fatalf("rate %.2f after the window (%.2fs), want the old rate %.2f", r, window, lastMax)
	}
	if r := sendUntil(window + 1); r > lastMax+cubicScale+0.5 {
		t.Fatalf("rate %.2f one second past the window, want at most %.2f: growth past the old rate is slow", r, lastMax+cubicScale)
	}
	if r := sendUntil(window + 4); r <= lastMax+10 {
		t.Fatalf("rate %.2f four seconds past the window, want it climbing (above %.2f)", r, lastMax+10)
	}
}

func TestLimiterNeverGrowsPastTwiceTheMeasuredRate(t *testing.T) {
	l, c := newFakeLimiter(RateLimitOptions{})
	sendAt(t, l, c, 100, 4*time.Second, false) // 25 per second
	sendAt(t, l, c, 1, 0, true)
	// A trickle of one request per second for a minute: the cubic curve alone
	// would be far above, but the rate stays near twice what is sent.
	sendAt(t, l, c, 60, time.Minute, false)
	if r, _ := l.currentRate(); r > 2*1.1 {
		t.Fatalf("rate %.2f after a minute of one request per second, want at most about 2", r)
	}
}

func TestLimiterNeverBursts(t *testing.T) {
	l, c := newFakeLimiter(RateLimitOptions{})
	sendAt(t, l, c, 100, 4*time.Second, false)
	sendAt(t, l, c, 1, 0, true)
	r, _ := l.currentRate()
	c.now = c.now.Add(time.Minute) // idle: a bucket of more than one token would fill
	first, _ := l.wait(context.Background())
	second, _ := l.wait(context.Background())
	third, _ := l.wait(context.Background())
	gap := time.Duration(float64(time.Second) / r)
	if second.Sub(first) < gap-time.Millisecond || third.Sub(second) < gap-time.Millisecond {
		t.Fatalf("sends at %v, %v, %v after a pause: want them %v apart", first, second, third, gap)
	}
}

func TestLimiterWaitEndsWithItsContext(t *testing.T) {
	l, c := newFakeLimiter(RateLimitOptions{MaxPerSecond: 0.5})
	if _, err := l.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.wait(ctx); err == nil {
		t.Fatal("wait outlived its context")
	}
	// The cancelled wait gave its turn back: the next one waits one interval, not two.
	at, _ := l.wait(context.Background())
	if got := at.Sub(c.now); got > 2*time.Second {
		t.Fatalf("next send in %v, want at most 2s", got)
	}
}

func TestLimiterCapPacesFromTheStartAndBoundsGrowth(t *testing.T) {
	l, c := newFakeLimiter(RateLimitOptions{MaxPerSecond: 10})
	if r, active := l.currentRate(); !active || r != 10 {
		t.Fatalf("capped limiter: rate %v active %v, want 10 from the start", r, active)
	}
	start := c.now
	var last time.Time
	for range 21 {
		last, _ = l.wait(context.Background())
		l.observe(false, last)
	}
	if got := last.Sub(start); got < 2*time.Second-time.Millisecond {
		t.Fatalf("21 sends under a cap of 10/s took %v, want 2s", got)
	}
	sendAt(t, l, c, 1, 0, true)
	if r, _ := l.currentRate(); !near(r, 7) {
		t.Fatalf("rate after a throttle under the cap = %.2f, want 7", r)
	}
	sendAt(t, l, c, 600, time.Minute, false)
	if r, _ := l.currentRate(); r != 10 {
		t.Fatalf("rate after a minute = %v, want the cap 10", r)
	}
	l.setCeiling(20) // a higher cap from another configuration does not raise it
	l.setCeiling(4)
	if r, _ := l.currentRate(); r != 4 {
		t.Fatalf("rate = %v after a lower cap, want 4", r)
	}
}

func TestLimiterNotAdaptiveIgnoresThrottles(t *testing.T) {
	l, c := newFakeLimiter(RateLimitOptions{NotAdaptive: true, MaxPerSecond: 10})
	sendAt(t, l, c, 100, 4*time.Second, false)
	sendAt(t, l, c, 5, 0, true)
	if r, _ := l.currentRate(); r != 10 {
		t.Fatalf("not adaptive: rate %v after throttles, want the cap 10", r)
	}
	if sharedLimiter("webcore", "https://a", "secret", RateLimitOptions{NotAdaptive: true}) != nil {
		t.Fatal("not adaptive and no cap: want no limiter at all")
	}
}

func TestLimiterIsSharedPerAPIURLAndCredential(t *testing.T) {
	const secret = "Basic c2VjcmV0LXRoYXQtbXVzdC1ub3QtYmUtYS1rZXk="
	a := sharedLimiter("webcore", "https://shared.example", secret, RateLimitOptions{})
	if b := sharedLimiter("webcore", "https://shared.example", secret, RateLimitOptions{}); a != b {
		t.Fatal("two configurations of one API and credential do not share a limiter")
	}
	for _, other := range []*adaptiveLimiter{
		sharedLimiter("webcore", "https://shared.example", secret+"x", RateLimitOptions{}),
		sharedLimiter("webcore", "https://other.example", secret, RateLimitOptions{}),
		sharedLimiter("webscale", "https://shared.example", secret, RateLimitOptions{}),
	} {
		if other == a {
			t.Fatal("another credential, URL or API shares the limiter")
		}
	}
	limiters.Lock()
	defer limiters.Unlock()
	for key := range limiters.byKey {
		if strings.Contains(key, secret) || strings.Contains(key, "c2VjcmV0") {
			t.Fatalf("the registry key holds the credential: %q", key)
		}
	}
}

// TestClientsLearnFromThrottlingAnswers: a 429 (or a 503 with Retry-After)
// to any client of an API and credential paces every client of it; a 503
// without Retry-After, an answer midway, does not.
func TestClientsLearnFromThrottlingAnswers(t *testing.T) {
	for _, c := range []struct {
		name       string
		status     int
		retryAfter string
		paced      bool
	}{
		{"429", 429, "0", true},
		{"503 with Retry-After", 503, "0", true},
		{"503", 503, "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var throttled atomic.Bool
			throttled.Store(true)
			srv := newQuietTLSServer(t, func(w http.ResponseWriter, _ *http.Request) {
				if throttled.Swap(false) {
					answer(c.status, c.retryAfter)(w, nil)
					return
				}
				writeJSON(w, 200, `[]`)
			})
			cfg := fastConfig(nil)
			cfg.CACertPEM = pemOf(srv)
			first, err := NewWebscale(newTestTransport(t, cfg), WebscaleConfig{URL: srv.URL + "/v2", AccessToken: testToken + c.name})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := first.ListApplications(context.Background()); err != nil {
				t.Fatal(err)
			}
			second, _ := NewWebscale(newTestTransport(t, cfg), WebscaleConfig{URL: srv.URL + "/v2", AccessToken: testToken + c.name})
			if _, paced := second.limiter.currentRate(); paced != c.paced || second.limiter != first.limiter {
				t.Fatalf("after one %s: the second client is paced %v, want %v", c.name, paced, c.paced)
			}
		})
	}
}

// TestRetryRulesHoldWithTheLimiter: with the adaptive limiter on, a write
// turned away is still sent again, and a write whose answer was lost is
// still never resent.
func TestRetryRulesHoldWithTheLimiter(t *testing.T) {
	for _, c := range []retryCondition{
		{name: "429", serve: answer(429, "0"), write: 4},
		{name: "connection closed after the request", serve: dropAfterBody(t), write: 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := newQuietTLSServer(t, c.serve)
			verbs := retryVerbsLimited(t, nil, srv.URL, pemOf(srv), RateLimitOptions{})
			for _, verb := range []string{"webcore POST", "webscale POST"} {
				logger := &captureLogger{}
				if err := verbs[verb](logger); err == nil {
					t.Errorf("%s: no error", verb)
				}
				if got := logger.attempts(); got != c.write {
					t.Errorf("%s: %d attempts, want %d", verb, got, c.write)
				}
			}
		})
	}
}
