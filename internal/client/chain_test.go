package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

var epoch = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

// at is epoch plus d.
func at(d time.Duration) time.Time { return epoch.Add(d) }

func step(id int64, action, status string, created, started, updated time.Duration) Transaction {
	tx := Transaction{ID: id, Action: action, Status: status, CreatedAt: at(created), UpdatedAt: at(updated)}
	if status != TransactionPending {
		tx.StartedAt = at(started)
	}
	if id > 1 {
		tx.DependentTransactionID = id - 1
	}
	return tx
}

func TestExpectedEnd(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		name string
		txs  []Transaction
		want time.Duration // from epoch; -1 when it cannot tell
	}{
		{"nothing finished yet", []Transaction{
			step(1, "build_disk", "running", 0, 0, 0),
			step(2, "provisioning", "pending", 0, 0, 0),
		}, -1},
		{"the running and pending steps last as long as the finished one", []Transaction{
			step(1, "build_disk", "complete", 0, 0, 500*ms),
			step(2, "provisioning", "running", 0, 500*ms, 500*ms),
			step(3, "configure_operating_system", "pending", 0, 0, 0),
			step(4, "startup_virtual_machine", "pending", 0, 0, 0),
		}, 2000 * ms},
		{"a kind of step already seen keeps its own length", []Transaction{
			step(1, "build_disk", "complete", 0, 0, 100*ms),
			step(2, "provisioning", "complete", 0, 100*ms, 1000*ms),
			step(3, "build_disk", "running", 0, 1000*ms, 1000*ms),
			step(4, "provisioning", "pending", 0, 0, 0),
		}, 2000 * ms}, // 1000 + 100 (build_disk) + 900 (provisioning)
		{"unknown kinds take the mean of the finished ones", []Transaction{
			step(1, "a", "complete", 0, 0, 100*ms),
			step(2, "b", "complete", 0, 100*ms, 400*ms),
			step(3, "c", "pending", 0, 0, 0),
		}, 600 * ms}, // 400 + (100 + 300) / 2
		{"everything over: the last update", []Transaction{
			step(1, "a", "complete", 0, 0, 100*ms),
			step(2, "b", "complete", 0, 100*ms, 250*ms),
		}, 250 * ms},
		{"a pending step without a dependency follows every earlier step", []Transaction{
			{ID: 7, Action: "a", Status: TransactionComplete, CreatedAt: at(0), StartedAt: at(0), UpdatedAt: at(300 * ms)},
			{ID: 8, Action: "a", Status: TransactionRunning, CreatedAt: at(0), StartedAt: at(300 * ms), UpdatedAt: at(300 * ms)},
			{ID: 9, Action: "a", Status: TransactionPending, CreatedAt: at(0), UpdatedAt: at(0)},
		}, 900 * ms},
		{"order of the list does not matter", []Transaction{
			step(3, "c", "pending", 0, 0, 0),
			step(2, "b", "running", 0, 200*ms, 200*ms),
			step(1, "a", "complete", 0, 0, 200*ms),
		}, 600 * ms},
	} {
		t.Run(tc.name, func(t *testing.T) {
			end, ok := expectedEnd(tc.txs)
			if tc.want < 0 {
				if ok {
					t.Fatalf("expectedEnd = %v, want no forecast", end)
				}
				return
			}
			if !ok || !end.Equal(at(tc.want)) {
				t.Fatalf("expectedEnd = %v (%t), want epoch+%v", end.Sub(epoch), ok, tc.want)
			}
		})
	}
}

// The forecast maps the API's clock onto the local one from what it
// observes, never earlier than the truth: the smallest offset seen wins.
func TestChainForecastClockOffset(t *testing.T) {
	txs := []Transaction{
		step(1, "a", "complete", 0, 0, time.Second),
		step(2, "a", "running", 0, time.Second, time.Second),
	}
	var f chainForecast
	if _, ok := f.end(txs); ok {
		t.Fatal("a forecast before any observation")
	}
	local := epoch.Add(-time.Hour) // the local clock is an hour behind the API's
	f.observe(local.Add(3*time.Second), at(time.Second))
	f.observe(local.Add(1200*time.Millisecond), at(time.Second)) // a tighter bound
	f.observe(local.Add(5*time.Second), at(time.Second))         // looser: ignored
	f.observe(local, time.Time{})                                // nothing learnt
	end, ok := f.end(txs)
	if want := local.Add(2200 * time.Millisecond); !ok || !end.Equal(want) {
		t.Fatalf("end = %v, want %v (the API's 2s mapped with the tightest offset)", end, want)
	}
}

// fakeBuild is a Webcore API whose virtual server 1 builds in steps of the
// given lengths, one after the other from the start, on a fake clock; the
// API's clock is skewed from the local one by skew.
type fakeBuild struct {
	mu          sync.Mutex
	now         time.Time // the local fake clock
	skew        time.Duration
	steps       []time.Duration
	start       time.Time // local
	lists, gets int
	calls       []time.Time // local time of every request
}

var buildActions = []string{"build_disk", "provisioning", "configure_operating_system", "startup_virtual_machine"}

func (b *fakeBuild) end() time.Time {
	end := b.start
	for _, d := range b.steps {
		end = end.Add(d)
	}
	return end
}

func (b *fakeBuild) handler(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls = append(b.calls, b.now)
	api := func(local time.Time) time.Time { return local.Add(b.skew) }
	switch r.URL.Path {
	case "/virtual_machines/1/transactions.json":
		b.lists++
		var wrapped []map[string]Transaction
		begin := b.start
		for i, d := range b.steps {
			tx := Transaction{ID: int64(i + 1), Action: buildActions[i%len(buildActions)], CreatedAt: api(b.start), UpdatedAt: api(b.start)}
			if i > 0 {
				tx.DependentTransactionID = int64(i)
			}
			switch finish := begin.Add(d); {
			case !b.now.Before(finish):
				tx.Status, tx.StartedAt, tx.UpdatedAt = TransactionComplete, api(begin), api(finish)
			case !b.now.Before(begin):
				tx.Status, tx.StartedAt, tx.UpdatedAt = TransactionRunning, api(begin), api(begin)
			default:
				tx.Status = TransactionPending
			}
			begin = begin.Add(d)
			wrapped = append([]map[string]Transaction{{"transaction": tx}}, wrapped...) // newest first
		}
		body, _ := json.Marshal(wrapped)
		writeJSON(w, 200, string(body))
	case "/virtual_machines/1.json":
		b.gets++
		over := !b.now.Before(b.end())
		writeJSON(w, 200, fmt.Sprintf(`{"virtual_machine": {"id": 1, "built": %t, "booted": %t, "locked": %t}}`, over, over, !over))
	default:
		writeJSON(w, 404, `{"errors": ["Resource not found"]}`)
	}
}

// runFakeBuild waits for a fake build with the default wait options and
// returns it; the wait starts when the build does, as after a create.
func runFakeBuild(t *testing.T, skew time.Duration, steps ...time.Duration) *fakeBuild {
	t.Helper()
	b := &fakeBuild{now: epoch, start: epoch, skew: skew, steps: steps}
	srv := newCountingServer(t, b.handler)
	w := newTestWebcore(t, srv.URL, fastConfig(nil))
	w.now = func() time.Time { b.mu.Lock(); defer b.mu.Unlock(); return b.now }
	w.sleep = func(ctx context.Context, d time.Duration) error {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.now = b.now.Add(d)
		return ctx.Err()
	}
	if _, err := w.WaitVirtualServerReady(context.Background(), 1, 0, true); err != nil {
		t.Fatal(err)
	}
	return b
}

// lag is how long after the build's end the wait's first request came.
func (b *fakeBuild) lag() time.Duration {
	for _, c := range b.calls {
		if !c.Before(b.end()) {
			return c.Sub(b.end())
		}
	}
	return -1
}

// TestWaitForecastsTheBuildsEnd: over builds of several lengths, the wait
// notices the end within 100ms or 5 % of the build, whichever is larger,
// and a 4 × 500ms build costs at most 5 requests (6 with its create), on
// any API clock.
func TestWaitForecastsTheBuildsEnd(t *testing.T) {
	for _, length := range []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, 2 * time.Second, 5 * time.Second} {
		for _, skew := range []time.Duration{0, time.Hour, -3 * time.Minute} {
			t.Run(fmt.Sprintf("4x%v skew %v", length, skew), func(t *testing.T) {
				b := runFakeBuild(t, skew, length, length, length, length)
				build := 4 * length
				allowed := max(100*time.Millisecond, build/20)
				if lag := b.lag(); lag < 0 || lag > allowed {
					t.Errorf("lag %v, want at most %v", lag, allowed)
				}
				if length == 500*time.Millisecond && b.lists+b.gets > 5 {
					t.Errorf("%d lists and %d gets, want at most 5 requests", b.lists, b.gets)
				}
				t.Logf("%d lists, %d gets, lag %v", b.lists, b.gets, b.lag())
			})
		}
	}
}

// Steps of very different lengths fool the forecast; the wait still ends
// soon after the build, by checking again shortly once the build is late
// and backing off from there: its last sleep is about a third of how late
// the build was, well within a tenth of this build.
func TestWaitRecoversFromAWrongForecast(t *testing.T) {
	ms := time.Millisecond
	b := runFakeBuild(t, 0, 200*ms, 3000*ms, 100*ms, 100*ms)
	if lag := b.lag(); lag < 0 || lag > 340*ms {
		t.Fatalf("lag %v after a forecast that was 2.8s early", lag)
	}
	t.Logf("%d lists, %d gets, lag %v", b.lists, b.gets, b.lag())
}

// No sleep is longer than the cap, forecast or not.
func TestWaitNeverSleepsPastTheCap(t *testing.T) {
	b := &fakeBuild{now: epoch, start: epoch, steps: []time.Duration{5 * time.Second, 5 * time.Second}}
	srv := newCountingServer(t, b.handler)
	w := newTestWebcore(t, srv.URL, fastConfig(nil))
	w.now = func() time.Time { b.mu.Lock(); defer b.mu.Unlock(); return b.now }
	var longest time.Duration
	w.sleep = func(ctx context.Context, d time.Duration) error {
		b.mu.Lock()
		defer b.mu.Unlock()
		longest = max(longest, d)
		b.now = b.now.Add(d)
		return ctx.Err()
	}
	if err := w.WaitForTransactions(context.Background(), 1, 0); err != nil {
		t.Fatal(err)
	}
	if longest > DefaultWaitMax {
		t.Fatalf("slept %v at once, more than the cap %v", longest, DefaultWaitMax)
	}
}
