package emulator

import (
	"encoding/json"
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
	FaultErrorBody      = "error_body"       // answer with Status and {"error": Message}, Webcore's third error shape
	FaultProxyHTML      = "proxy_html"       // answer with an HTML error page (Status, default 500), as a proxy in front of the API would
)

// defaultProxyHTMLStatus is what a proxy_html rule answers when it names no status.
const defaultProxyHTMLStatus = http.StatusInternalServerError

// FaultRule injects one kind of failure into matching vendor requests.
type FaultRule struct {
	Method      string   `json:"method,omitempty"`      // "" = any method
	Path        string   `json:"path"`                  // glob: "*" matches any run of characters, "/" included; "?" one character
	Probability *float64 `json:"probability,omitempty"` // 0..1; nil = 1
	Count       int      `json:"count,omitempty"`       // most times the rule fires; 0 = unlimited
	Kind        string   `json:"kind"`                  // status | latency | drop | commit_then_drop | error_body | proxy_html
	Status      int      `json:"status,omitempty"`      // for kinds status and error_body (e.g. 429, 500, 503); proxy_html defaults to 500
	Message     string   `json:"message,omitempty"`     // for kind error_body; default "injected fault: <status text>"
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
	case FaultStatus, FaultErrorBody:
		if !isErrorStatus(r.Status) {
			return fmt.Errorf("rule %q: kind %s needs a status between 400 and 599", r.Path, r.Kind)
		}
	case FaultProxyHTML:
		if r.Status != 0 && !isErrorStatus(r.Status) {
			return fmt.Errorf("rule %q: kind proxy_html needs a status between 400 and 599 (or none for 500)", r.Path)
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

func isErrorStatus(status int) bool { return status >= 400 && status <= 599 }

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
	f.rng = rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)) //nolint:gosec // seeded on purpose so that a seed replays the same faults; no secret is drawn
	// len(cfg.Rules) >= 0 would do as well (an equivalent mutant): active only spares the
	// mutex, and pick finds nothing in an empty rule list either.
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
		// > would do as well (an equivalent mutant in practice): a draw lands
		// exactly on the probability once in 2^53.
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
			// i < len(s) would do as well (an equivalent mutant): what follows
			// the stars starts with "?" or a literal, and neither matches an empty rest.
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
		case FaultErrorBody:
			writeFaultErrorBody(w, r, rule)
		case FaultProxyHTML:
			writeProxyHTML(w, rule)
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
	setRetryAfter(w, rule.Status, rule.RetryAfter)
	message := injectedMessage(rule.Status)
	if isWebscalePath(r.URL.Path) {
		webscale.WriteError(w, rule.Status, message)
		return
	}
	httpjson.WriteErrors(w, rule.Status, message)
}

// writeFaultErrorBody answers {"error": "…"}, the error shape of the spec that no
// emulator handler sends, so clients meet it in tests. It is JSON in the path's
// domain's content type, on every path.
func writeFaultErrorBody(w http.ResponseWriter, r *http.Request, rule FaultRule) {
	setRetryAfter(w, rule.Status, rule.RetryAfter)
	message := rule.Message
	if message == "" {
		message = injectedMessage(rule.Status)
	}
	body, _ := json.Marshal(map[string]string{"error": message}) // a map of strings always encodes
	contentType := httpjson.ContentTypeUTF8
	if isWebscalePath(r.URL.Path) {
		contentType = httpjson.ContentType
	}
	httpjson.WriteBytes(w, rule.Status, contentType, append(body, '\n'))
}

// writeProxyHTML answers the kind of page a reverse proxy shows when the
// application behind it fails: HTML, not JSON, and much longer than a message,
// so a client must neither parse it nor paste it into its error.
func writeProxyHTML(w http.ResponseWriter, rule FaultRule) {
	status := rule.Status
	if status == 0 {
		status = defaultProxyHTMLStatus
	}
	setRetryAfter(w, status, rule.RetryAfter)
	title := fmt.Sprintf("%d %s", status, http.StatusText(status))
	page := "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
		"</h1></center>\r\n<hr><center>" + ProxyHTMLServer + "</center>\r\n</body>\r\n</html>\r\n"
	httpjson.WriteBytes(w, status, "text/html", []byte(page))
}

// ProxyHTMLServer is the server name the proxy_html page shows (like nginx's
// footer), so a test can check that the page does not leak into an error text.
const ProxyHTMLServer = "webcore-emulator-proxy"

// setRetryAfter adds Retry-After to 429 and 503 answers: seconds, default 1.
func setRetryAfter(w http.ResponseWriter, status, seconds int) {
	if status != http.StatusTooManyRequests && status != http.StatusServiceUnavailable {
		return
	}
	if seconds == 0 {
		seconds = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(seconds))
}

func injectedMessage(status int) string { return "injected fault: " + http.StatusText(status) }

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
