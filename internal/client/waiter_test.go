package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// scriptedWebcore serves a virtual server's transaction list from a script:
// each list call returns the next step (the last one repeats).
type scriptedWebcore struct {
	mu        sync.Mutex
	steps     []string // JSON arrays of wrapped transactions
	listCalls int
	vs        []string // successive GET /virtual_machines/1.json bodies ("" = 404)
	vsCalls   int
	logOutput string
}

func (s *scriptedWebcore) handler(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.URL.Path {
	case "/virtual_machines/1/transactions.json":
		step := s.steps[min(s.listCalls, len(s.steps)-1)]
		s.listCalls++
		if status, ok := strings.CutPrefix(step, "status "); ok { // an error answer, e.g. "status 500"
			code, _ := strconv.Atoi(status)
			writeJSON(w, code, `{"errors": ["An error occurred"]}`)
			return
		}
		writeJSON(w, 200, step)
	case "/virtual_machines/1.json":
		body := s.vs[min(s.vsCalls, len(s.vs)-1)]
		s.vsCalls++
		if body == "" {
			writeJSON(w, 404, `{"errors": ["Resource not found"]}`)
			return
		}
		writeJSON(w, 200, body)
	default:
		if strings.HasPrefix(r.URL.Path, "/transactions/") {
			writeJSON(w, 200, fmt.Sprintf(`{"transaction": {"id": 1, "log_output": %q}}`, s.logOutput))
			return
		}
		writeJSON(w, 404, `{"errors": ["Resource not found"]}`)
	}
}

// lists and gets report how often each endpoint was called.
func (s *scriptedWebcore) lists() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.listCalls
}

func (s *scriptedWebcore) gets() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.vsCalls
}

func (s *scriptedWebcore) setSteps(steps ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.steps, s.listCalls = steps, 0
}

func tx(id int, action, status string) string {
	return fmt.Sprintf(`{"transaction": {"id": %d, "action": %q, "status": %q, "parent_type": "VirtualMachine", "parent_id": 1}}`, id, action, status)
}

func list(txs ...string) string { return "[" + strings.Join(txs, ",") + "]" }

// newScriptedWebcore returns a client on s whose sleeps are recorded, not
// slept.
func newScriptedWebcore(t *testing.T, s *scriptedWebcore, wait WaitOptions) (*Webcore, *[]time.Duration) {
	t.Helper()
	srv := newCountingServer(t, s.handler)
	tr := newTestTransport(t, fastConfig(nil))
	w, err := NewWebcore(tr, WebcoreConfig{URL: srv.URL, Username: testLogin, Password: testPassword, AllowPlainHTTP: true, Wait: wait})
	if err != nil {
		t.Fatal(err)
	}
	var sleeps []time.Duration
	w.sleep = func(ctx context.Context, d time.Duration) error {
		sleeps = append(sleeps, d)
		return ctx.Err()
	}
	return w, &sleeps
}

func TestWaitForTransactionsSucceeds(t *testing.T) {
	s := &scriptedWebcore{steps: []string{
		list(tx(12, "provisioning", "pending"), tx(11, "build_disk", "pending"), tx(3, "old_failure", "failed")),
		list(tx(12, "provisioning", "pending"), tx(11, "build_disk", "running"), tx(3, "old_failure", "failed")),
		list(tx(12, "provisioning", "complete"), tx(11, "build_disk", "complete"), tx(3, "old_failure", "failed")),
	}}
	w, sleeps := newScriptedWebcore(t, s, WaitOptions{})
	if err := w.WaitForTransactions(context.Background(), 1, 10); err != nil {
		t.Fatalf("WaitForTransactions: %v", err)
	}
	if s.lists() != 3 {
		t.Fatalf("list calls = %d, want 3", s.lists())
	}
	// The first check comes after the first delay: the work was just scheduled.
	if want := []time.Duration{100 * time.Millisecond, 150 * time.Millisecond, 225 * time.Millisecond}; fmt.Sprint(*sleeps) != fmt.Sprint(want) {
		t.Fatalf("sleeps = %v, want %v", *sleeps, want)
	}
}

func TestWaitForTransactionsFailed(t *testing.T) {
	s := &scriptedWebcore{
		steps: []string{
			list(tx(12, "provisioning", "pending"), tx(11, "build_disk", "running")),
			list(tx(12, "provisioning", "cancelled"), tx(11, "build_disk", "failed")),
		},
		logOutput: "Fatal: not enough space on data store",
	}
	w, _ := newScriptedWebcore(t, s, WaitOptions{})
	err := w.WaitForTransactions(context.Background(), 1, 0)
	var opErr *OperationError
	if !errors.As(err, &opErr) {
		t.Fatalf("err = %v, want *OperationError", err)
	}
	if opErr.Action != "build_disk" || opErr.Status != "failed" || opErr.TransactionID != 11 || opErr.LogOutput != s.logOutput {
		t.Fatalf("OperationError = %+v", opErr)
	}
	if !strings.Contains(err.Error(), "build_disk") || !strings.Contains(err.Error(), "not enough space") {
		t.Fatalf("message %q lacks action or log output", err.Error())
	}
}

func TestWaitForTransactionsCancelled(t *testing.T) {
	s := &scriptedWebcore{steps: []string{list(tx(5, "reboot_virtual_machine", "cancelled"))}, logOutput: "cancelled by admin"}
	w, _ := newScriptedWebcore(t, s, WaitOptions{})
	err := w.WaitForTransactions(context.Background(), 1, 4)
	var opErr *OperationError
	if !errors.As(err, &opErr) || opErr.Status != "cancelled" || opErr.Action != "reboot_virtual_machine" || !strings.Contains(err.Error(), "cancelled by admin") {
		t.Fatalf("err = %v", err)
	}
}

func TestWaitForTransactionsUnknownStatusIsInProgress(t *testing.T) {
	s := &scriptedWebcore{steps: []string{
		list(tx(2, "resize_virtual_machine", "delayed")),
		list(tx(2, "resize_virtual_machine", "delayed")),
		list(tx(2, "resize_virtual_machine", "complete")),
	}}
	w, _ := newScriptedWebcore(t, s, WaitOptions{})
	if err := w.WaitForTransactions(context.Background(), 1, 1); err != nil || s.lists() != 3 {
		t.Fatalf("err = %v, list calls = %d", err, s.lists())
	}
}

func TestWaitForTransactionsBackoffCapped(t *testing.T) {
	s := &scriptedWebcore{steps: []string{
		list(tx(2, "build_disk", "running")), list(tx(2, "build_disk", "running")), list(tx(2, "build_disk", "running")),
		list(tx(2, "build_disk", "running")), list(tx(2, "build_disk", "running")), list(tx(2, "build_disk", "running")),
		list(tx(2, "build_disk", "complete")),
	}}
	w, sleeps := newScriptedWebcore(t, s, WaitOptions{Initial: 100 * time.Millisecond, Multiplier: 1.5, Max: 300 * time.Millisecond})
	if err := w.WaitForTransactions(context.Background(), 1, 0); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{100, 150, 225, 300, 300, 300, 300}
	for i := range want {
		want[i] *= time.Millisecond
	}
	if fmt.Sprint(*sleeps) != fmt.Sprint(want) {
		t.Fatalf("sleeps = %v, want %v", *sleeps, want)
	}
}

func TestWaitForTransactionsTimeoutNamesPendingWork(t *testing.T) {
	s := &scriptedWebcore{steps: []string{list(tx(12, "provisioning", "pending"), tx(11, "build_disk", "running"))}}
	w, _ := newScriptedWebcore(t, s, WaitOptions{})
	w.sleep = sleepContext // real, tiny sleeps until the deadline
	w.wait = WaitOptions{Initial: time.Millisecond, Multiplier: 2, Max: 5 * time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := w.WaitForTransactions(ctx, 1, 0)
	var timeout *TimeoutError
	if !errors.As(err, &timeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want *TimeoutError wrapping DeadlineExceeded", err)
	}
	for _, want := range []string{"virtual server 1", "build_disk (transaction 11, running)", "provisioning (transaction 12, pending)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err.Error(), want)
		}
	}
}

func TestWaitStopsOnCancelDuringSleep(t *testing.T) {
	s := &scriptedWebcore{steps: []string{list(tx(11, "build_disk", "running"))}}
	w, _ := newScriptedWebcore(t, s, WaitOptions{})
	ctx := cancelAfterFirstCheck(w)
	err := w.WaitForTransactions(ctx, 1, 0)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "build_disk (transaction 11, running)") || s.lists() != 1 {
		t.Fatalf("err = %v, list calls = %d", err, s.lists())
	}
}

func TestWaitVirtualServerReady(t *testing.T) {
	done := list(tx(3, "startup_virtual_machine", "complete"))
	for _, tc := range []struct {
		name       string
		vs         []string
		wantBooted bool
		wantErr    string
	}{
		{"built and booted", []string{`{"virtual_machine": {"id": 1, "built": true, "booted": true, "locked": false}}`}, true, ""},
		{"locked, then ready", []string{`{"virtual_machine": {"id": 1, "built": 1, "locked": 1}}`, `{"virtual_machine": {"id": 1, "built": "1", "locked": "0"}}`}, false, ""},
		{"not built", []string{`{"virtual_machine": {"id": 1, "built": false, "locked": false}}`}, false, "not built"},
		{"not booted", []string{`{"virtual_machine": {"id": 1, "built": true, "booted": false}}`}, true, "not booted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &scriptedWebcore{steps: []string{done}, vs: tc.vs}
			w, _ := newScriptedWebcore(t, s, WaitOptions{})
			vs, err := w.WaitVirtualServerReady(context.Background(), 1, 2, tc.wantBooted)
			if tc.wantErr == "" {
				if err != nil || vs == nil || vs.ID != 1 || s.gets() != len(tc.vs) {
					t.Fatalf("vs = %+v, err = %v, gets = %d", vs, err, s.gets())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestWaitVirtualServerGone(t *testing.T) {
	s := &scriptedWebcore{vs: []string{`{"virtual_machine": {"id": 1, "locked": true}}`, `{"virtual_machine": {"id": 1, "locked": true}}`, ""}}
	w, sleeps := newScriptedWebcore(t, s, WaitOptions{})
	if err := w.WaitVirtualServerGone(context.Background(), 1); err != nil || s.gets() != 3 || len(*sleeps) != 3 {
		t.Fatalf("err = %v, gets = %d, sleeps = %v", err, s.gets(), *sleeps)
	}
}

func TestWaitUserGone(t *testing.T) {
	var mu sync.Mutex
	gets := 0
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		gets++
		if gets < 3 {
			writeJSON(w, 200, `{"user": {"id": 5, "status": "deleted"}}`)
			return
		}
		writeJSON(w, 404, `{"errors": ["Resource not found"]}`)
	})
	w := newTestWebcore(t, srv.URL, fastConfig(nil))
	w.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	if err := w.WaitUserGone(context.Background(), 5); err != nil {
		t.Fatal(err)
	}
	if srv.hits.Load() != 3 {
		t.Fatalf("hits = %d, want 3", srv.hits.Load())
	}

	// A still-present user at the deadline is named in the timeout error.
	ctx := cancelAfterFirstCheck(w)
	mu.Lock()
	gets = 0
	mu.Unlock()
	err := w.WaitUserGone(ctx, 5)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), `user 5 still exists (status "deleted")`) {
		t.Fatalf("err = %v", err)
	}
}

func TestWaitPassesOnAPIErrors(t *testing.T) {
	s := &scriptedWebcore{steps: []string{`not json`}}
	w, _ := newScriptedWebcore(t, s, WaitOptions{})
	var decodeErr *DecodeError
	if err := w.WaitForTransactions(context.Background(), 1, 0); !errors.As(err, &decodeErr) {
		t.Fatalf("err = %v, want *DecodeError", err)
	}
}

func TestLatestTransactionID(t *testing.T) {
	s := &scriptedWebcore{steps: []string{list(tx(7, "a", "complete"), tx(9, "b", "complete"), tx(8, "c", "failed"))}}
	w, _ := newScriptedWebcore(t, s, WaitOptions{})
	if id, err := w.LatestTransactionID(context.Background(), 1); err != nil || id != 9 {
		t.Fatalf("LatestTransactionID = %d, %v", id, err)
	}
	s.setSteps(`[]`)
	if id, err := w.LatestTransactionID(context.Background(), 1); err != nil || id != 0 {
		t.Fatalf("empty: %d, %v", id, err)
	}
}

// A wait rides out a burst of 500s and 503s (the vendor's 500 is often
// transient) and ends in success once the API answers again.
func TestWaitForTransactionsRidesOutTransientErrors(t *testing.T) {
	burst := []string{list(tx(11, "build_disk", "running"))}
	for range 7 {
		burst = append(burst, "status 500")
	}
	burst = append(burst, "status 503", "status 502", list(tx(11, "build_disk", "complete")))
	s := &scriptedWebcore{steps: burst}
	w, sleeps := newScriptedWebcore(t, s, WaitOptions{})
	if err := w.WaitForTransactions(context.Background(), 1, 10); err != nil {
		t.Fatalf("the wait ended on a transient error: %v", err)
	}
	if s.lists() != len(burst) || len(*sleeps) < 3 {
		t.Fatalf("%d list calls, %d polls slept; want every step of the burst seen", s.lists(), len(*sleeps))
	}
}

// A permanent error (here 403) ends a wait at once, and a wait that times
// out while the API fails says so.
func TestWaitForTransactionsStopsOnPermanentErrorsAndNamesTheLastFailure(t *testing.T) {
	s := &scriptedWebcore{steps: []string{"status 403"}}
	w, _ := newScriptedWebcore(t, s, WaitOptions{})
	if err := w.WaitForTransactions(context.Background(), 1, 10); !IsForbidden(err) || s.lists() != 1 {
		t.Fatalf("err = %v after %d calls, want the 403 at once", err, s.lists())
	}
	s.setSteps("status 502")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	w.sleep = sleepContext
	err := w.WaitForTransactions(ctx, 1, 10)
	var timeout *TimeoutError
	if !errors.As(err, &timeout) || !strings.Contains(err.Error(), "the API kept failing") || !strings.Contains(err.Error(), "502") {
		t.Fatalf("err = %v, want a timeout naming the failing API", err)
	}
}

// nextDelay sleeps until just after a forecast end, in parts no longer than
// the cap; once the end has come, shortly and then longer; with no forecast,
// by the backoff.
func TestNextDelay(t *testing.T) {
	w, _ := newScriptedWebcore(t, &scriptedWebcore{}, WaitOptions{})
	now := epoch
	w.now = func() time.Time { return now }
	backoff := newBackoff(w.wait.Initial, w.wait)
	overdue := newBackoff(overdueFirst(w.wait), w.wait)
	ms := time.Millisecond
	for _, step := range []struct {
		name  string
		until time.Duration // from now to the forecast end; -1 for none
		want  time.Duration
	}{
		{"no forecast: the backoff's first delay", -1, 100 * ms},
		{"no forecast again: the backoff grows", -1, 150 * ms},
		{"100ms ahead: plus the 5ms margin", 100 * ms, 105 * ms},
		{"1s ahead: plus a fiftieth", time.Second, 1020 * ms},
		{"6s ahead: 6.12s in three equal parts under the 3s cap", 6 * time.Second, 2040 * ms},
		{"the end is now: overdue, shortly", 0, 25 * ms},
		{"past the end: overdue, a little longer", -10 * ms, 37500 * time.Microsecond},
		{"a new forecast ahead resets the overdue backoff", 200 * ms, 205 * ms},
		{"overdue again: shortly again", -ms, 25 * ms},
	} {
		var end time.Time
		if step.until != -1 {
			end = now.Add(step.until)
		}
		if got := w.nextDelay(end, backoff, overdue); got != step.want {
			t.Fatalf("%s: delay %v, want %v", step.name, got, step.want)
		}
	}

	// A sleep of exactly the cap is one part, not two.
	w.wait = WaitOptions{Initial: 10 * ms, Multiplier: 1.5, Max: 105 * ms}
	if got := w.nextDelay(now.Add(100*ms), backoff, overdue); got != 105*ms {
		t.Fatalf("100ms ahead under a 105ms cap: delay %v, want 105ms in one part", got)
	}
}

// A wait with no transaction newer than afterID is over at its first check;
// the transaction afterID itself, still running, is not waited for.
func TestWaitForTransactionsIgnoresOlderWork(t *testing.T) {
	s := &scriptedWebcore{steps: []string{list(tx(12, "resize", "running"), tx(11, "build_disk", "running"))}}
	w, _ := newScriptedWebcore(t, s, WaitOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := w.WaitForTransactions(ctx, 1, 12); err != nil || s.lists() != 1 {
		t.Fatalf("err = %v after %d lists, want done after 1", err, s.lists())
	}
}

// Of two failed transactions, listed newest first, the error names the
// older: the one that failed first.
func TestWaitForTransactionsNamesTheFirstFailure(t *testing.T) {
	s := &scriptedWebcore{steps: []string{list(tx(12, "provisioning", "failed"), tx(11, "build_disk", "failed"))}}
	w, _ := newScriptedWebcore(t, s, WaitOptions{})
	var opErr *OperationError
	if err := w.WaitForTransactions(context.Background(), 1, 0); !errors.As(err, &opErr) || opErr.TransactionID != 11 || opErr.Action != "build_disk" {
		t.Fatalf("err = %v, want the failure of transaction 11 (build_disk)", err)
	}
}

// A server still there at the deadline is named in the timeout error.
func TestWaitVirtualServerGoneTimeoutNamesTheServer(t *testing.T) {
	s := &scriptedWebcore{vs: []string{`{"virtual_machine": {"id": 1, "locked": true}}`}}
	w, _ := newScriptedWebcore(t, s, WaitOptions{})
	ctx := cancelAfterFirstCheck(w)
	err := w.WaitVirtualServerGone(ctx, 1)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "virtual server 1 still exists (locked true)") {
		t.Fatalf("err = %v", err)
	}
}

// cancelAfterFirstCheck makes w's sleeps instant and returns a context that
// is cancelled in the sleep after the first check.
func cancelAfterFirstCheck(w *Webcore) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	sleeps := 0
	w.sleep = func(ctx context.Context, _ time.Duration) error {
		if sleeps++; sleeps == 2 {
			cancel()
		}
		return ctx.Err()
	}
	return ctx
}
