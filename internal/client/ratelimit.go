package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// RateLimitOptions tune the limiter an API client shares with every other
// client of the same API, URL and credential in the process.
type RateLimitOptions struct {
	// MaxPerSecond caps the send rate (requests per second); 0 = no cap. When
	// several configurations share a limiter, the lowest cap wins.
	MaxPerSecond float64
	// NotAdaptive turns off learning from throttling answers: only
	// MaxPerSecond (if any) limits the rate, and 429s are merely retried.
	NotAdaptive bool
}

// The adaptive limiter follows the AWS SDKs' adaptive retry mode (CUBIC, as
// in TCP): a throttling answer cuts the rate to beta times the rate in use,
// then the rate grows back along a cubic curve that flattens near the rate
// that was throttled and climbs past it only slowly. The constants are the SDKs'.
//
// One part is not the SDKs': they measure the send rate as a smoothed average
// of the answers in half-second buckets, which lags a ramp and knows nothing
// before the first answers. Terraform starts ten creates at once; when the
// limit turns some away, those answers come first, so the first cut was from
// about one request per second, and the curve then spent seconds near it (an
// apply of 200 users at 20 req/s took 1.9× its floor). The rate in use here
// is that of the requests sent in the last second.
const (
	cubicBeta   = 0.7 // multiplicative decrease on a throttle
	cubicScale  = 0.4 // how fast the rate grows back
	minSendRate = 0.5 // requests per second, the floor of the learnt rate
	// rateWindow is how far back the measured send rate looks.
	rateWindow = time.Second
	// minRateSpan bounds the span a rate is measured over: a few requests
	// sent together do not make a rate of thousands per second.
	minRateSpan = 100 * time.Millisecond
	// recentSends is how many send times the measure keeps; above that
	// many per second the rate is measured over the last ones alone.
	recentSends = 64
)

// adaptiveLimiter paces the requests of one API and credential. Until the first
// throttling answer (and without a cap) it holds no token bucket: a send only
// notes its time. Safe for concurrent use.
type adaptiveLimiter struct {
	active   atomic.Bool // a bucket paces sends (after a throttle, or with a cap)
	adaptive bool

	mu  sync.Mutex
	now func() time.Time // replaceable in tests, with sleep
	// sleep waits d or until ctx ends.
	sleep func(ctx context.Context, d time.Duration) error
	// bucket holds one token at most: sends are paced, never bursted, at the learnt rate.
	bucket      *rate.Limiter
	ceiling     float64 // MaxPerSecond; 0 = none
	fillRate    float64 // the rate the bucket runs at
	throttled   bool    // a throttle has been seen
	lastMaxRate float64 // the rate in use at the last throttle
	lastCut     time.Time
	timeWindow  float64 // seconds after lastCut at which the cubic curve is back at lastMaxRate
	// sent holds the times of the latest sends, a ring: sent[next] is the
	// oldest once the ring is full.
	sent [recentSends]time.Time
	next int
}

func newAdaptiveLimiter(opts RateLimitOptions, now func() time.Time, sleep func(context.Context, time.Duration) error) *adaptiveLimiter {
	l := &adaptiveLimiter{adaptive: !opts.NotAdaptive, now: now, sleep: sleep}
	l.setCeiling(opts.MaxPerSecond)
	return l
}

// setCeiling lowers the cap to perSecond (0 changes nothing); the lowest cap wins.
func (l *adaptiveLimiter) setCeiling(perSecond float64) {
	if perSecond <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ceiling > 0 && l.ceiling <= perSecond {
		return
	}
	l.ceiling = perSecond
	if !l.throttled || l.fillRate > perSecond {
		l.setRate(perSecond)
	}
}

// wait blocks until the request may be sent; it returns at once while no
// limit is in force. The time it returns is when the request goes out.
func (l *adaptiveLimiter) wait(ctx context.Context) (time.Time, error) {
	if !l.active.Load() {
		if l.adaptive {
			l.mu.Lock()
			l.measure(l.now())
			l.mu.Unlock()
		}
		return time.Time{}, nil
	}
	l.mu.Lock()
	now := l.now()
	reservation := l.bucket.ReserveN(now, 1)
	delay := reservation.DelayFrom(now)
	l.measure(now.Add(delay))
	l.mu.Unlock()
	if delay > 0 {
		if err := l.sleep(ctx, delay); err != nil {
			reservation.Cancel()
			return time.Time{}, err
		}
		now = now.Add(delay)
	}
	return now, nil
}

// observe learns from one answer. A throttling answer (429, or 503 with a
// Retry-After) cuts the rate, unless the request left before the last cut: it
// was sent at the rate already cut, and cutting again for it would let ten
// parallel answers to one burst drive the rate to the floor. Any other answer
// lets the rate grow back along the cubic curve, never above twice the
// measured send rate nor above the cap.
func (l *adaptiveLimiter) observe(throttle bool, sentAt time.Time) {
	if !l.adaptive {
		return
	}
	if !throttle && !l.active.Load() {
		return // a fine answer before any throttle (a throttle always starts the bucket): nothing to learn
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if throttle {
		if l.throttled && sentAt.Before(l.lastCut) {
			return
		}
		inUse := l.sendRate(now)
		if l.active.Load() {
			inUse = math.Min(inUse, l.fillRate)
		}
		l.throttled = true
		l.lastMaxRate = inUse
		l.lastCut = now
		l.timeWindow = math.Cbrt(l.lastMaxRate * (1 - cubicBeta) / cubicScale)
		l.setRate(inUse * cubicBeta)
		return
	}
	if !l.throttled {
		return // nothing learnt yet: no bucket, or the cap alone
	}
	since := now.Sub(l.lastCut).Seconds()
	d := since - l.timeWindow
	grown := cubicScale*d*d*d + l.lastMaxRate
	l.setRate(math.Min(grown, 2*l.sendRate(now)))
}

// sendRate is the measured send rate at now: the sends of the last
// rateWindow, over the time from the first of them (so that a ramp is
// measured at its own rate), or one send per rateWindow when there was only
// one. A send still waiting its turn counts from when it will go. Callers
// hold mu.
func (l *adaptiveLimiter) sendRate(now time.Time) float64 {
	count := 0
	var oldest time.Time
	for i := 1; i <= recentSends; i++ {
		t := l.sent[(l.next-i+recentSends)%recentSends]
		if t.IsZero() || now.Sub(t) >= rateWindow {
			break
		}
		count, oldest = i, t
	}
	if count <= 1 {
		return float64(count) / rateWindow.Seconds()
	}
	span := max(now.Sub(oldest), minRateSpan)
	return float64(count-1) / span.Seconds()
}

// setRate runs the bucket at perSecond, within the floor and the cap. Callers hold mu.
func (l *adaptiveLimiter) setRate(perSecond float64) {
	perSecond = math.Max(perSecond, minSendRate)
	if l.ceiling > 0 {
		perSecond = math.Min(perSecond, l.ceiling)
	}
	l.fillRate = perSecond
	if l.bucket == nil {
		l.bucket = rate.NewLimiter(rate.Limit(perSecond), 1)
		l.active.Store(true)
		return
	}
	l.bucket.SetLimitAt(l.now(), rate.Limit(perSecond))
}

// measure counts a send at t into the measured send rate. Callers hold mu.
func (l *adaptiveLimiter) measure(t time.Time) {
	l.sent[l.next] = t
	l.next = (l.next + 1) % recentSends
}

// currentRate reports the learnt rate (requests per second) and whether a bucket paces sends.
func (l *adaptiveLimiter) currentRate() (float64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fillRate, l.active.Load()
}

// isThrottle reports whether an answer asks the client to slow down.
func isThrottle(resp *http.Response) bool {
	return resp != nil && turnedAway(resp)
}

// limiters holds the process's limiters, one per API, base URL and credential,
// so that every provider configuration of the same account shares what it learns.
var limiters = struct {
	sync.Mutex
	byKey map[string]*adaptiveLimiter
}{byKey: map[string]*adaptiveLimiter{}}

// sharedLimiter returns the limiter of service at base for credential, made on
// first use. The key holds a SHA-256 of the credential, never the secret.
// NotAdaptive limiters are kept apart from adaptive ones; nil when there is
// nothing to limit (not adaptive and no cap).
func sharedLimiter(service, base, credential string, opts RateLimitOptions) *adaptiveLimiter {
	if opts.NotAdaptive && opts.MaxPerSecond <= 0 {
		return nil
	}
	digest := sha256.Sum256([]byte(credential))
	key := service + " " + base + " " + hex.EncodeToString(digest[:]) + " adaptive=" + strconv.FormatBool(!opts.NotAdaptive)
	limiters.Lock()
	l := limiters.byKey[key]
	if l == nil {
		l = newAdaptiveLimiter(opts, time.Now, sleepContext)
		limiters.byKey[key] = l
	}
	limiters.Unlock()
	l.setCeiling(opts.MaxPerSecond)
	return l
}

// paced is currentRate for a limiter that may be nil (none).
func (l *adaptiveLimiter) paced() (float64, bool) {
	if l == nil {
		return 0, false
	}
	return l.currentRate()
}

// SendRate reports the rate (requests per second) the client's shared limiter
// paces its requests at, and whether it paces them at all.
func (w *Webcore) SendRate() (perSecond float64, paced bool) { return w.limiter.paced() }

// SendRate reports the rate (requests per second) the client's shared limiter
// paces its requests at, and whether it paces them at all.
func (s *Webscale) SendRate() (perSecond float64, paced bool) { return s.limiter.paced() }
