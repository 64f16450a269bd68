package webcore

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
)

// txConfig sets how long steps take and which actions fail.
type txConfig struct {
	Default     time.Duration
	Durations   map[string]time.Duration
	FailActions map[string]string // action → log_output of the failure
}

func (c txConfig) duration(action string) time.Duration {
	if d, ok := c.Durations[action]; ok {
		return d
	}
	return c.Default
}

// TransactionConfig is the wire form of the transaction settings: the body of
// GET and PUT /_emulator/webcore/transactions, its part of the state dump and
// its stored record. Durations are Go duration strings ("50ms"); in a PUT a nil
// field leaves that setting alone.
type TransactionConfig struct {
	DefaultDuration *string           `json:"default_duration"`
	Durations       map[string]string `json:"durations"`
	FailActions     map[string]string `json:"fail_actions"`
}

func copyDurations(m map[string]time.Duration) map[string]time.Duration {
	out := map[string]time.Duration{}
	maps.Copy(out, m)
	return out
}

func (c txConfig) toJSON() TransactionConfig {
	def := c.Default.String()
	j := TransactionConfig{DefaultDuration: &def, Durations: map[string]string{}, FailActions: map[string]string{}}
	for k, d := range c.Durations {
		j.Durations[k] = d.String()
	}
	maps.Copy(j.FailActions, c.FailActions)
	return j
}

// apply replaces each setting present in j; it validates everything first so
// a bad body changes nothing.
func (c *txConfig) apply(j TransactionConfig) error {
	next := txConfig{Default: c.Default, Durations: c.Durations, FailActions: c.FailActions}
	if j.DefaultDuration != nil {
		d, err := time.ParseDuration(*j.DefaultDuration)
		if err != nil || d < 0 {
			return fmt.Errorf("default_duration: %q is not a non-negative Go duration", *j.DefaultDuration)
		}
		next.Default = d
	}
	if j.Durations != nil {
		next.Durations = map[string]time.Duration{}
		for k, s := range j.Durations {
			d, err := time.ParseDuration(s)
			if err != nil || d < 0 {
				return fmt.Errorf("durations.%s: %q is not a non-negative Go duration", k, s)
			}
			next.Durations[k] = d
		}
	}
	if j.FailActions != nil {
		next.FailActions = maps.Clone(j.FailActions)
	}
	*c = next
	return nil
}

// The control routes share one shape: a GET answers a snapshot read under the
// lock; a PUT decodes its body strictly, turns it into a change (400 for a bad
// value), commits it (500 if the store refuses) and answers 204.

// controlGet answers what read returns, read under a.mu.
func (a *API) controlGet(read func() any) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		a.mu.RLock()
		v := read()
		a.mu.RUnlock()
		httpjson.Write(w, http.StatusOK, v)
	}
}

// controlPut decodes a body of type T and commits the change apply makes of
// it (a.mu held while apply runs).
func controlPut[T any](a *API, apply func(body T) (*change, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body T
		if !httpjson.ReadControl(w, r, &body) {
			return
		}
		a.mu.Lock()
		defer a.mu.Unlock()
		c, err := apply(body)
		if err != nil {
			httpjson.WriteErrors(w, http.StatusBadRequest, err.Error())
			return
		}
		if err := a.save(c); err != nil {
			httpjson.WriteErrors(w, http.StatusInternalServerError, "Internal error: "+err.Error())
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// txConfigChange: each setting present in j replaces the current one.
func (a *API) txConfigChange(j TransactionConfig) (*change, error) {
	cfg := a.txConfig
	if err := cfg.apply(j); err != nil {
		return nil, err
	}
	return a.newChange().putTxConfig(cfg), nil
}

// limitsJSON is the PUT body of the limits control; absent fields are kept.
type limitsJSON struct {
	MaxVirtualServers *int `json:"max_virtual_servers"`
	MaxMemory         *int `json:"max_memory"`
	MaxCPUs           *int `json:"max_cpus"`
}

// limitsChange: each limit present in j replaces the current one.
func (a *API) limitsChange(j limitsJSON) (*change, error) {
	for _, v := range []*int{j.MaxVirtualServers, j.MaxMemory, j.MaxCPUs} {
		if v != nil && *v < 0 {
			return nil, errors.New("limits must be non-negative")
		}
	}
	l := a.limits
	if j.MaxVirtualServers != nil {
		l.MaxVirtualServers = *j.MaxVirtualServers
	}
	if j.MaxMemory != nil {
		l.MaxMemory = *j.MaxMemory
	}
	if j.MaxCPUs != nil {
		l.MaxCPUs = *j.MaxCPUs
	}
	return a.newChange().putLimits(l), nil
}
