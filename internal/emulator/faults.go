package emulator

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webscale"
)

// Fault kinds.
const (
	FaultStatus         = "status"           // answer with Status without calling the handler
	FaultLatency        = "latency"          // only add LatencyMS, then handle normally
	FaultDrop           = "drop"             // close the connection without a response; handler not called
	FaultCommitThenDrop = "commit_then_drop" // run the handler (the write happens), then close without a response
)

// FaultRule injects one kind of failure into matching vendor requests.
type FaultRule struct {
	Method      string   `json:"method,omitempty"`      // "" = any method
	Path        string   `json:"path"`                  // glob: "*" matches any run of characters, "/" included; "?" one character
	Probability *float64 `json:"probability,omitempty"` // 0..1; nil = 1
	Count       int      `json:"count,omitempty"`       // most times the rule fires; 0 = unlimited
	Kind        string   `json:"kind"`                  // status | latency | drop | commit_then_drop
	Status      int      `json:"status,omitempty"`      // for kind status, e.g. 429, 500, 503
	RetryAfter  int      `json:"retry_after,omitempty"` // seconds, sent with 429/503 (default 1)
	LatencyMS   int      `json:"latency_ms,omitempty"`  // delay before handling; combinable with any kind
}

// FaultConfig is the body of PUT /_emulator/faults.
type FaultConfig struct {
	Seed  uint64      `json:"seed"`
	Rules []FaultRule `json:"rules"`
}

func (r FaultRule) validate() error {
	switch r.Kind {
	case FaultStatus:
		if r.Status < 400 || r.Status > 599 {
			return fmt.Errorf("rule %q: kind status needs a status between 400 and 599", r.Path)
		}
	case FaultLatency:
		if r.LatencyMS <= 0 {
			return fmt.Errorf("rule %q: kind latency needs latency_ms > 0", r.Path)
		}
	case FaultDrop, FaultCommitThenDrop:
	default:
		return fmt.Errorf("rule %q: unknown kind %q", r.Path, r.Kind)
	}
	if r.Path == "" {
		return errors.New("every rule needs a path glob (use \"*\" for all paths)")
	}
	if r.Probability != nil && (*r.Probability < 0 || *r.Probability > 1) {
		return fmt.Errorf("rule %q: probability must be between 0 and 1", r.Path)
	}
	if r.Count < 0 || r.LatencyMS < 0 || r.RetryAfter < 0 {
		return fmt.Errorf("rule %q: count, latency_ms and retry_after must not be negative", r.Path)
	}
	return nil
}

// faultInjector holds the active rules. One seeded PRNG decides probabilities, so the
// same seed and the same request sequence fire the same faults.
type faultInjector struct {
	active atomic.Bool // false when there are no rules: the hot path then skips the mutex
	mu     sync.Mutex
	rules  []FaultRule
	fired  []int
	rng    *rand.Rand
}

func (f *faultInjector) set(cfg FaultConfig) error {
	for _, r := range cfg.Rules {
		if err := r.validate(); err != nil {
			return err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = append([]FaultRule(nil), cfg.Rules...)
	f.fired = make([]int, len(cfg.Rules))
	f.rng = rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	f.active.Store(len(cfg.Rules) > 0)
	return nil
}

func (f *faultInjector) clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules, f.fired = nil, nil
	f.active.Store(false)
}

func (f *faultInjector) snapshot() []FaultRule {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]FaultRule{}, f.rules...)
}

// pick returns the first rule that matches the request and fires this time.
func (f *faultInjector) pick(method, path string) (FaultRule, bool) {
	if !f.active.Load() {
		return FaultRule{}, false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, r := range f.rules {
		if r.Method != "" && !strings.EqualFold(r.Method, method) {
			continue
		}
		if !globMatch(r.Path, path) {
			continue
		}
		if r.Count > 0 && f.fired[i] >= r.Count {
			continue
		}
		if r.Probability != nil && f.rng.Float64() >= *r.Probability {
			continue
		}
		f.fired[i]++
		return r, true
	}
	return FaultRule{}, false
}

// globMatch matches like path.Match, except that "*" also spans "/", so
// "/virtual_machines*" covers "/virtual_machines/12/startup.json". Hand-rolled
// because path.Match stops "*" at "/" and doublestar's "**" syntax would surprise rule authors.
func globMatch(pattern, s string) bool {
	for len(pattern) > 0 {
		switch pattern[0] {
		case '*':
			for len(pattern) > 0 && pattern[0] == '*' {
				pattern = pattern[1:]
			}
			if pattern == "" {
				return true
			}
			for i := 0; i <= len(s); i++ {
				if globMatch(pattern, s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
			pattern, s = pattern[1:], s[1:]
		default:
			if s == "" || s[0] != pattern[0] {
				return false
			}
			pattern, s = pattern[1:], s[1:]
		}
	}
	return s == ""
}

// injectFaults applies the fault rules to vendor requests; control paths are exempt.
func injectFaults(f *faultInjector, mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isControlPath(r.URL.Path) {
			mux.ServeHTTP(w, r)
			return
		}
		rule, ok := f.pick(r.Method, r.URL.Path)
		if !ok {
			mux.ServeHTTP(w, r)
			return
		}
		// A faulted request may never reach the mux; name its route anyway, so the
		// per-route counters count it where a test looks for it, not as "(unmatched)".
		_, r.Pattern = mux.Handler(r)
		next := http.Handler(mux)
		if sw, isSW := w.(*statusWriter); isSW {
			sw.fault = rule.Kind
		}
		if rule.LatencyMS > 0 {
			select {
			case <-time.After(time.Duration(rule.LatencyMS) * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
		switch rule.Kind {
		case FaultStatus:
			writeFaultStatus(w, r, rule)
		case FaultDrop:
			dropConnection(w)
		case FaultCommitThenDrop:
			// The handler writes into a buffer nobody reads; its side effects stay.
			next.ServeHTTP(newDiscardWriter(), r)
			dropConnection(w)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func writeFaultStatus(w http.ResponseWriter, r *http.Request, rule FaultRule) {
	if rule.Status == http.StatusTooManyRequests || rule.Status == http.StatusServiceUnavailable {
		retry := rule.RetryAfter
		if retry == 0 {
			retry = 1
		}
		w.Header().Set("Retry-After", strconv.Itoa(retry))
	}
	message := "injected fault: " + http.StatusText(rule.Status)
	if isWebscalePath(r.URL.Path) {
		webscale.WriteError(w, rule.Status, message)
		return
	}
	httpjson.WriteErrors(w, rule.Status, message)
}

// dropConnection closes the client connection without writing a response.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // cannot hijack: abort, which also closes without a response
	}
	_ = conn.Close()
}

func isWebscalePath(p string) bool {
	return p == "/v2" || strings.HasPrefix(p, "/v2/") || strings.HasPrefix(p, "/download/")
}

// discardWriter is a ResponseWriter whose output goes nowhere.
type discardWriter struct{ header http.Header }

func newDiscardWriter() *discardWriter { return &discardWriter{header: http.Header{}} }

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) WriteHeader(int)             {}
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
