package emulator

import (
	"crypto/sha256"
	"errors"
	"math"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webscale"
)

// FaultRateLimit is the fault the request log and the dashboard name a request
// turned away by the rate limit with.
const FaultRateLimit = "rate_limit"

// RateLimit is the body of PUT /_emulator/rate_limit and what GET answers: one
// token bucket per credential, refilled at Rate requests per second and holding
// at most Burst. Rejected counts the requests turned away since the limit was set.
type RateLimit struct {
	Rate     float64 `json:"rate"`
	Burst    int     `json:"burst"`
	Rejected int64   `json:"rejected,omitempty"`
}

func (l RateLimit) validate() error {
	if math.IsNaN(l.Rate) || math.IsInf(l.Rate, 0) || l.Rate <= 0 {
		return errors.New("rate must be a positive number of requests per second")
	}
	if l.Burst < 1 {
		return errors.New("burst must be at least 1")
	}
	if l.Rejected != 0 {
		return errors.New("rejected is reported, not set")
	}
	return nil
}

// rateLimiter holds the limit and one bucket per credential. Buckets are keyed
// by a hash of the credential, so no secret sits in the map.
type rateLimiter struct {
	active   atomic.Bool // false without a limit: the hot path then skips the mutex
	rejected atomic.Int64
	mu       sync.Mutex
	limit    RateLimit
	buckets  map[[sha256.Size]byte]*rate.Limiter
	now      func() time.Time // replaceable in tests
}

func newRateLimiter() *rateLimiter { return &rateLimiter{now: time.Now} }

// set installs a limit with fresh, full buckets; the zero RateLimit removes it.
func (l *rateLimiter) set(limit RateLimit) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limit = limit
	l.buckets = map[[sha256.Size]byte]*rate.Limiter{}
	l.rejected.Store(0)
	l.active.Store(limit.Rate > 0)
}

func (l *rateLimiter) snapshot() RateLimit {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.limit
	s.Rejected = l.rejected.Load()
	return s
}

// admit takes a token from credential's bucket, or says how many whole seconds
// (rounded up, at least 1) to wait before one is there.
func (l *rateLimiter) admit(credential string) (retryAfter int, ok bool) {
	if !l.active.Load() {
		return 0, true
	}
	key := sha256.Sum256([]byte(credential))
	now := l.now()
	l.mu.Lock()
	bucket := l.buckets[key]
	if bucket == nil {
		bucket = rate.NewLimiter(rate.Limit(l.limit.Rate), l.limit.Burst)
		l.buckets[key] = bucket
	}
	l.mu.Unlock()
	reservation := bucket.ReserveN(now, 1)
	delay := reservation.DelayFrom(now)
	if delay <= 0 {
		return 0, true
	}
	reservation.CancelAt(now) // a rejected request takes no token
	l.rejected.Add(1)
	return max(1, int(math.Ceil(delay.Seconds()))), false
}

// requestCredential is what identifies the caller: the Authorization header,
// else Webscale's authorization query parameter (requests with neither share one bucket).
func requestCredential(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		return h
	}
	return "query:" + r.URL.Query().Get("authorization")
}

// limitRate answers 429 with Retry-After to vendor requests over the limit;
// control paths are exempt. It runs before the fault rules: a request turned
// away never reaches them.
func limitRate(l *rateLimiter, mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isControlPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		retryAfter, ok := l.admit(requestCredential(r))
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		_, r.Pattern = mux.Handler(r) // counted under its route, like a faulted request
		if sw, isSW := w.(*statusWriter); isSW {
			sw.fault = FaultRateLimit
		}
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		const message = "rate limit exceeded"
		if isWebscalePath(r.URL.Path) {
			webscale.WriteError(w, http.StatusTooManyRequests, message)
			return
		}
		httpjson.WriteErrors(w, http.StatusTooManyRequests, message)
	})
}

func (s *Server) registerRateLimitControl(mux *http.ServeMux) {
	mux.HandleFunc("PUT "+controlPrefix+"/rate_limit", func(w http.ResponseWriter, r *http.Request) {
		var limit RateLimit
		if !httpjson.ReadControl(w, r, &limit) {
			return
		}
		if err := limit.validate(); err != nil {
			httpjson.WriteErrors(w, http.StatusBadRequest, err.Error())
			return
		}
		s.limits.set(limit)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET "+controlPrefix+"/rate_limit", func(w http.ResponseWriter, _ *http.Request) {
		httpjson.Write(w, http.StatusOK, s.limits.snapshot())
	})
	mux.HandleFunc("DELETE "+controlPrefix+"/rate_limit", func(w http.ResponseWriter, _ *http.Request) {
		s.limits.set(RateLimit{})
		w.WriteHeader(http.StatusNoContent)
	})
}

// SetRateLimit limits each credential to rate requests per second, bursts of burst.
func (c *ControlClient) SetRateLimit(rate float64, burst int) error {
	return c.do(http.MethodPut, "/rate_limit", RateLimit{Rate: rate, Burst: burst}, nil)
}

// RateLimit returns the limit in force (Rate 0: none) and how many requests it turned away.
func (c *ControlClient) RateLimit() (RateLimit, error) {
	var out RateLimit
	err := c.do(http.MethodGet, "/rate_limit", nil, &out)
	return out, err
}

// ClearRateLimit removes the rate limit.
func (c *ControlClient) ClearRateLimit() error {
	return c.do(http.MethodDelete, "/rate_limit", nil, nil)
}
