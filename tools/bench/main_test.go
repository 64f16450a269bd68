package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webcore"
)

func TestParseOptions(t *testing.T) {
	opts, err := parseOptions([]string{"-n", "20,50", "-runs", "1", "-builds", "250ms 2s"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(opts.sizes) != 2 || opts.sizes[1] != 50 || len(opts.builds) != 2 || opts.builds[1] != 2*time.Second || opts.runs != 1 {
		t.Errorf("options = %+v", opts)
	}
	for _, bad := range [][]string{{"-n", ""}, {"-n", "0"}, {"-builds", "0s"}, {"-builds", "fast"}, {"-runs", "0"}, {"extra"}} {
		if _, err := parseOptions(bad, io.Discard); err == nil {
			t.Errorf("parseOptions(%q) accepted", bad)
		}
	}
}

func TestParseBenchEmulator(t *testing.T) {
	out := `target                                  req/s    ratio
bare net/http TLS                        69570     1.00
webscale GET /v2/users/self              45765     0.66
webcore GET /users/1.json                46054     0.66
`
	bare, targets, note, err := parseBenchEmulator(out)
	if err != nil || bare != 69570 || len(targets) != 2 || targets[1] != (throughputTarget{"webcore GET /users/1.json", 46054}) || note != "" {
		t.Errorf("got %v %+v %q %v", bare, targets, note, err)
	}
	_, targets, note, err = parseBenchEmulator(strings.Replace(out, "webcore GET /users/1.json                46054     0.66",
		"(webcore GET /users/1.json answered 401: skipped)", 1))
	if err != nil || len(targets) != 1 || note != "webcore GET /users/1.json answered 401: skipped" {
		t.Errorf("with a note: %+v %q %v", targets, note, err)
	}
	if _, _, _, err := parseBenchEmulator("wrk not found"); err == nil {
		t.Error("no figures accepted")
	}
}

// A 4 × 500 ms build: the chain ends with the last transaction's updated_at,
// and the provider has noticed by the end of its last request.
func TestCreateFiguresFrom(t *testing.T) {
	start := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return start.Add(time.Duration(ms) * time.Millisecond) }
	st := emulator.State{Webcore: webcore.State{
		VirtualServers: []webcore.VirtualServer{{ID: 1, Label: "other"}, {ID: 2, Label: "bench-vs-1"}},
		Transactions: []webcore.Transaction{
			{ID: 1, ParentType: "VirtualMachine", ParentID: 1, Status: "running", UpdatedAt: at(9000)}, // another server's
			{ID: 2, ParentType: "VirtualMachine", ParentID: 2, Status: "complete", UpdatedAt: at(500)},
			{ID: 3, ParentType: "VirtualMachine", ParentID: 2, Status: "complete", UpdatedAt: at(1000)},
			{ID: 4, ParentType: "VirtualMachine", ParentID: 2, Status: "complete", UpdatedAt: at(2000)},
			{ID: 5, ParentType: "VirtualMachine", ParentID: 2, Status: "complete", UpdatedAt: at(1500)},
		},
	}}
	reqs := []emulator.RequestRecord{
		{Time: at(0), Method: "POST", Route: "/virtual_machines.json", DurationMS: 5},
		{Time: at(2075), Method: "GET", Route: "/virtual_machines/{id}", DurationMS: 2}, // the last: answered at 2077
		{Time: at(2070), Method: "GET", Route: "/virtual_machines/{id}/{sub}", DurationMS: 3},
		{Time: at(1318), Method: "GET", Route: "/virtual_machines/{id}/{sub}", DurationMS: 600}, // slow, but answered before the end
	}
	f, err := createFiguresFrom(500*time.Millisecond, "bench-vs-1", reqs, st)
	if err != nil {
		t.Fatal(err)
	}
	if f.steps != 4 || f.calls != 4 || f.lag != 77*time.Millisecond || f.byRoute["GET /virtual_machines/{id}/{sub}"] != 2 || f.build() != 2*time.Second {
		t.Errorf("figures = %+v", f)
	}
	rows := f.rows()
	if got := strings.Join(rows[0].cells(), "|"); got != "server create, API calls|4 × 500ms build|4|`GET /virtual_machines/{id}/{sub}` ×2, `GET /virtual_machines/{id}` ×1, `POST /virtual_machines.json` ×1|—|≤ 6|yes" {
		t.Errorf("calls row = %s", got)
	}
	if got := strings.Join(rows[1].cells(), "|"); got != "server create, detection lag|4 × 500ms build|77 ms|build 2.00 s|3.9 %|≤ 100 ms|yes" {
		t.Errorf("lag row = %s", got)
	}

	st.Webcore.Transactions[4].Status = "running"
	if _, err := createFiguresFrom(500*time.Millisecond, "bench-vs-1", reqs, st); err == nil {
		t.Error("an unfinished build accepted")
	}
	if _, err := createFiguresFrom(500*time.Millisecond, "bench-vs-9", reqs, st); err == nil {
		t.Error("a missing server accepted")
	}
	st.Webcore.Transactions[4].Status = "complete"
	if _, err := createFiguresFrom(500*time.Millisecond, "bench-vs-1", reqs[:1], st); err == nil {
		t.Error("an apply whose answers all came before the build ended accepted")
	}
}

// The lag goal grows with the build: 5 % of a 4 × 5 s build is 1 s.
func TestLagGoalIsTheLargerOfFloorAndShare(t *testing.T) {
	long := createFigures{step: 5 * time.Second, steps: 4, lag: 900 * time.Millisecond}
	if lag := long.rows()[1]; lag.goal != "≤ 1000 ms" || !lag.met {
		t.Errorf("long build: %+v", lag)
	}
	short := createFigures{step: 250 * time.Millisecond, steps: 4, lag: 101 * time.Millisecond}
	if lag := short.rows()[1]; lag.goal != "≤ 100 ms" || lag.met {
		t.Errorf("short build: %+v", lag)
	}
	if calls := short.rows()[0]; calls.goal != "" {
		t.Errorf("call goal on a 250 ms build: %+v", calls)
	}
}

func TestPlanRowsCarryGoalsOnlyAtGoalN(t *testing.T) {
	s := func(ms ...int) []time.Duration {
		var out []time.Duration
		for _, m := range ms {
			out = append(out, time.Duration(m)*time.Millisecond)
		}
		return out
	}
	p := planFigures{n: goalN, latencyInjected: 200 * time.Millisecond,
		refresh:   map[string][]time.Duration{"webcore": s(5000, 5200, 4000), "minimal": s(1500, 1400, 1600), "terraform_data": s(800)},
		noRefresh: map[string][]time.Duration{"webcore": s(1500), "minimal": s(1400), "terraform_data": s(800)},
		latency:   s(7000, 8000, 7500),
	}
	var got []string
	for _, r := range p.rows() {
		got = append(got, strings.Join(r.cells(), "|"))
	}
	want := []string{
		"plan, with refresh|500 users|5.00 s|minimal provider 1.50 s|3.33×|≤ 1.2×|no",
		"plan, with refresh|500 users|5.00 s|`terraform_data` 0.80 s|6.25×|—|",
		"plan, `-refresh=false`|500 users|1.50 s|minimal provider 1.40 s|1.07×|≤ 1.1×|yes",
		"plan, `-refresh=false`|500 users|1.50 s|`terraform_data` 0.80 s|1.88×|—|",
		"refresh with 200ms API latency|500 users|7.50 s|the same without latency 5.00 s|1.50×|≤ 1.5×|yes",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	p.n = 20
	for _, r := range p.rows() {
		if r.goal != "" {
			t.Errorf("goal at N=20: %+v", r)
		}
	}
}

func TestMedian(t *testing.T) {
	if m := median([]time.Duration{3, 1, 2}); m != 2 {
		t.Errorf("odd: %v", m)
	}
	if m := median([]time.Duration{4, 1, 2, 3}); m != 2 {
		t.Errorf("even: %v", m) // (2+3)/2 in integer nanoseconds
	}
	if m := median(nil); m != 0 {
		t.Errorf("empty: %v", m)
	}
}
