package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
	"github.com/webcore/terraform-provider-webcore/tools/internal/harness"
)

// Issue 21's goals.
const (
	goalLimitWallRatio   = 1.25 // wall time at a limit / its floor
	goalLimit429Share    = 0.05 // 429s among the answers at a limit
	goalNoLimitRatio     = 1.02 // adaptive limiter on / off, no limit in force
	goalLinearRatio      = 1.10 // plan / the schema floor, at goalLinearN
	goalLinearN          = 5000
	adaptiveOffEnv       = "WEBCORE_ADAPTIVE_RATE_LIMIT=false"
	linearPasswordCost   = "4" // bcrypt's cheapest: creating thousands of users measures the API, not bcrypt
	rateLimitedCounter   = emulator.RateLimitedCounter
	providerBinaryPrefix = "terraform-provider-webcore"
)

// prefixedUsers is N webcore_user whose logins start with Prefix, so that
// several configurations can live in one emulator.
var prefixedUsers = template.Must(template.New("prefixed").Parse(`terraform {
  required_providers {
    webcore = {
      source = "webcore/webcore"
    }
  }
}

provider "webcore" {}

resource "webcore_user" "bench" {
  count    = {{.N}}
  login    = format("{{.Prefix}}-%04d", count.index)
  email    = format("{{.Prefix}}-%04d@example.com", count.index)
  password = "bench-password-1"
}
`))

// limitedRun is one timed Terraform command against an emulator that limits
// the rate: how long it took and what the emulator answered.
type limitedRun struct {
	wall     time.Duration
	requests int            // vendor requests the emulator answered
	rejected int            // of which 429 from the rate limit
	byRoute  map[string]int // the emulator's counters, for the progress log
}

// needed is the requests the command needed: those not turned away.
func (r limitedRun) needed() int { return r.requests - r.rejected }

// rateFigures is the section on rate limits.
type rateFigures struct {
	rate                float64
	burst               int
	createN, refreshN   int
	create, createOff   limitedRun    // apply of createN users at the limit, limiter on and off
	createFree          time.Duration // the same apply without a limit
	refresh, refreshOff limitedRun    // plan (refresh) of refreshN users at the limit
	refreshFree         time.Duration
	planOn, planOff     []time.Duration // no limit: plan with refresh of refreshN users, limiter on and off
	applyOn, applyOff   []time.Duration // no limit: apply of createN users, limiter on and off
	noLimitApplyUsers   int
	noLimitPlanUsers    int
	measured            map[string]bool // the parts run (rateLimitParts)
}

// counted sums the emulator's counters: every vendor request, and those the rate limit turned away.
func counted(ctl *emulator.ControlClient) (requests, rejected int, err error) {
	counters, err := ctl.Counters()
	if err != nil {
		return 0, 0, err
	}
	requests, rejected = sumCounters(counters)
	return requests, rejected, nil
}

// sumCounters is counted's sum of the counters it was given.
func sumCounters(counters map[string]int) (requests, rejected int) {
	for route, n := range counters {
		if route != rateLimitedCounter {
			requests += n
		}
	}
	return requests, counters[rateLimitedCounter]
}

// timed runs fn with the emulator's counters cleared first and read after.
func timed(ctl *emulator.ControlClient, fn func() (time.Duration, error)) (limitedRun, error) {
	if err := ctl.ClearRequests(); err != nil {
		return limitedRun{}, err
	}
	wall, err := fn()
	if err != nil {
		return limitedRun{}, err
	}
	counters, err := ctl.Counters()
	if err != nil {
		return limitedRun{}, err
	}
	requests, rejected := sumCounters(counters)
	return limitedRun{wall: wall, requests: requests, rejected: rejected, byRoute: counters}, nil
}

// byRoute writes counters as "GET /users 21, …", largest first.
func byRoute(counters map[string]int) string {
	routes := slices.Collect(maps.Keys(counters))
	slices.SortFunc(routes, func(a, b string) int {
		return cmp.Or(cmp.Compare(counters[b], counters[a]), strings.Compare(a, b))
	})
	parts := make([]string, len(routes))
	for i, r := range routes {
		parts[i] = fmt.Sprintf("%s %d", r, counters[r])
	}
	return strings.Join(parts, ", ")
}

// measureRateLimits times, against one fresh emulator each: the apply of
// createN users at the limit with the adaptive limiter on, then off, then
// without a limit (the floor's other half); a plan that refreshes refreshN
// users the same three ways; and, without a limit, runs interleaved plans and
// applies with the limiter on and off (the "no cost" rows).
func measureRateLimits(ctx context.Context, tc *toolchain, opts options) (rateFigures, error) {
	f := rateFigures{rate: opts.limitRate, burst: opts.limitBurst, createN: opts.limitCreate, refreshN: opts.limitRefresh, measured: map[string]bool{}}
	for _, part := range rateLimitParts {
		f.measured[part] = opts.sections[part]
	}
	s, err := newSection(ctx, tc, "ratelimit")
	if err != nil {
		return f, err
	}
	defer s.close()
	ctl := s.emu.Control
	overrides := map[string]string{webcoreSource: tc.webcoreDir}
	users := func(name string, n int, env ...string) (*harness.Terraform, error) {
		return s.terraform(name, prefixedUsers, struct {
			N      int
			Prefix string
		}{n, name}, overrides, env...)
	}
	limit := func() error { return ctl.SetRateLimit(opts.limitRate, opts.limitBurst) }

	// Create at a limit: three configurations of createN users each.
	if f.measured["limit-create"] {
		for _, c := range []struct {
			name  string
			env   []string
			limit bool
			into  *limitedRun
		}{
			{"create-limited", nil, true, &f.create},
			{"create-limited-off", []string{adaptiveOffEnv}, true, &f.createOff},
			{"create-free", nil, false, nil},
		} {
			tf, err := users(c.name, f.createN, c.env...)
			if err != nil {
				return f, err
			}
			err = ctl.ClearRateLimit()
			if c.limit {
				err = errors.Join(err, limit())
			}
			if err != nil {
				return f, err
			}
			tc.logf("rate limit: apply of %d users, %s", f.createN, c.name)
			run, err := timed(ctl, func() (time.Duration, error) { return timedApply(ctx, tf, "apply") })
			if err != nil {
				return f, fmt.Errorf("%s: %w", c.name, err)
			}
			tc.logf("rate limit: %s: %d requests in %s: %s", c.name, run.requests, seconds(run.wall), byRoute(run.byRoute))
			if c.into != nil {
				*c.into = run
			} else {
				f.createFree = run.wall
			}
		}
	}
	if err := ctl.ClearRateLimit(); err != nil {
		return f, err
	}

	if !f.measured["limit-refresh"] && !f.measured["no-limit"] {
		return f, nil
	}
	// Refresh at a limit: refreshN users, applied without a limit (unmeasured).
	refreshTF, err := users("refresh", f.refreshN)
	if err != nil {
		return f, err
	}
	refreshOffTF, err := s.terraformWith("refresh", "logs-off", overrides, adaptiveOffEnv)
	if err != nil {
		return f, err
	}
	tc.logf("rate limit: applying %d users for the refresh (unmeasured)", f.refreshN)
	if _, err := timedApply(ctx, refreshTF, "apply"); err != nil {
		return f, err
	}
	if _, err := emptyPlan(ctx, refreshTF, "warm-up"); err != nil {
		return f, err
	}
	if f.refreshFree, err = emptyPlan(ctx, refreshTF, "plan-free"); err != nil {
		return f, err
	}
	if f.measured["limit-refresh"] {
		for _, c := range []struct {
			tf   *harness.Terraform
			into *limitedRun
			name string
		}{{refreshTF, &f.refresh, "plan-limited"}, {refreshOffTF, &f.refreshOff, "plan-limited-off"}} {
			if err := limit(); err != nil { // fresh, full buckets
				return f, err
			}
			tc.logf("rate limit: refresh of %d users, %s", f.refreshN, c.name)
			if *c.into, err = timed(ctl, func() (time.Duration, error) { return emptyPlan(ctx, c.tf, c.name) }); err != nil {
				return f, err
			}
			tc.logf("rate limit: %s: %d requests in %s: %s", c.name, c.into.requests, seconds(c.into.wall), byRoute(c.into.byRoute))
		}
	}
	if err := ctl.ClearRateLimit(); err != nil {
		return f, err
	}

	// No limit: the limiter on and off, interleaved.
	f.noLimitPlanUsers, f.noLimitApplyUsers = f.refreshN, f.createN
	for round := 1; round <= opts.runs && f.measured["no-limit"]; round++ {
		tc.logf("no limit: round %d of %d", round, opts.runs)
		on, err := emptyPlan(ctx, refreshTF, fmt.Sprintf("plan-on-%d", round))
		if err != nil {
			return f, err
		}
		off, err := emptyPlan(ctx, refreshOffTF, fmt.Sprintf("plan-off-%d", round))
		if err != nil {
			return f, err
		}
		f.planOn, f.planOff = append(f.planOn, on), append(f.planOff, off)
		for _, c := range []struct {
			env  []string
			into *[]time.Duration
			name string
		}{{nil, &f.applyOn, "apply-on"}, {[]string{adaptiveOffEnv}, &f.applyOff, "apply-off"}} {
			name := fmt.Sprintf("%s-%d", c.name, round)
			tf, err := users(name, f.createN, c.env...)
			if err != nil {
				return f, err
			}
			d, err := timedApply(ctx, tf, "apply")
			if err != nil {
				return f, fmt.Errorf("%s: %w", name, err)
			}
			*c.into = append(*c.into, d)
			if res, err := tf.Run(ctx, "destroy", "destroy", "-auto-approve", "-input=false"); err != nil || res.ExitCode != 0 {
				return f, fmt.Errorf("%s destroy: %w %s", name, err, lastLines(res.Stderr, 10))
			}
		}
	}
	return f, nil
}

// timedApply runs one apply that must succeed and returns its wall time.
func timedApply(ctx context.Context, tf *harness.Terraform, name string) (time.Duration, error) {
	res, err := tf.Apply(ctx, name)
	if err != nil {
		return 0, err
	}
	if res.ExitCode != 0 {
		return 0, fmt.Errorf("terraform apply exited %d: %s", res.ExitCode, lastLines(res.Stderr+res.Stdout, 15))
	}
	return res.Elapsed, nil
}

// floor is the least a command at the limit can take: the requests it needed
// at the limit's rate, or the same command without a limit, whichever is
// longer; and how the reference cell says so.
func (f rateFigures) floor(run limitedRun, free time.Duration) (time.Duration, string) {
	atRate := time.Duration(float64(run.needed()) / f.rate * float64(time.Second))
	return max(atRate, free), fmt.Sprintf("floor, the larger of %d requests ÷ %g req/s = %s and the same without a limit %s:",
		run.needed(), f.rate, seconds(atRate), seconds(free))
}

func (f rateFigures) rows() []row {
	scope := func(n int, what string) string {
		return fmt.Sprintf("%d users, %g req/s, burst %d%s", n, f.rate, f.burst, what)
	}
	limited := func(measure string, n int, on, off limitedRun, free time.Duration) []row {
		floor, floorText := f.floor(on, free)
		var rows []row
		for _, c := range []struct {
			run   limitedRun
			label string
			goals bool
		}{{on, "", true}, {off, ", limiter off (contrast)", false}} {
			wall := ratioRow(measure+c.label, scope(n, ""), c.run.wall, floorText, floor)
			share := float64(c.run.rejected) / float64(max(c.run.requests, 1))
			rejected := row{measure: measure + c.label + ", answers 429", scope: scope(n, ""),
				figure:    fmt.Sprintf("%d of %d (%.1f %%)", c.run.rejected, c.run.requests, 100*share),
				reference: "—", ratio: "—"}
			if c.goals {
				wall.goal, wall.met = fmt.Sprintf("≤ %.2f×", goalLimitWallRatio), ratio(c.run.wall, floor) <= goalLimitWallRatio
				rejected.goal, rejected.met = fmt.Sprintf("≤ %.0f %%", goalLimit429Share*100), share <= goalLimit429Share
			}
			rows = append(rows, wall, rejected)
		}
		return rows
	}
	var rows []row
	if f.measured["limit-create"] {
		rows = append(rows, limited("create at a limit (apply)", f.createN, f.create, f.createOff, f.createFree)...)
	}
	if f.measured["limit-refresh"] {
		rows = append(rows, limited("refresh at a limit (plan)", f.refreshN, f.refresh, f.refreshOff, f.refreshFree)...)
	}
	if f.measured["no-limit"] {
		for _, c := range []struct {
			measure string
			n       int
			on, off []time.Duration
		}{
			{"no limit, plan with refresh", f.noLimitPlanUsers, f.planOn, f.planOff},
			{"no limit, apply (create)", f.noLimitApplyUsers, f.applyOn, f.applyOff},
		} {
			on, off := median(c.on), median(c.off)
			rw := ratioRow(c.measure, fmt.Sprintf("%d users, %d runs", c.n, len(c.on)), on, "adaptive limiter off", off)
			rw.goal, rw.met = fmt.Sprintf("≤ %.2f×", goalNoLimitRatio), ratio(on, off) <= goalNoLimitRatio
			rows = append(rows, rw)
		}
	}
	return rows
}

// linearFigures is one N of the linear-cost section.
type linearFigures struct {
	n                   int
	refresh, noRefresh  map[string][]time.Duration // by configuration: webcore, schema
	peakRSS             map[string]int64           // the provider's peak RSS (bytes) by mode
	refreshRequests     int
	refreshRequestsSeen bool
}

// measureLinear applies n users of webcore_user and of the schema floor
// (minimal_schema_user, no API) against a fresh emulator whose passwords are
// cheap to hash, then times runs interleaved plans of each, with and without
// refresh, watching the provider's peak RSS and counting the refresh's requests.
func measureLinear(ctx context.Context, tc *toolchain, n, runs int) (linearFigures, error) {
	f := linearFigures{n: n, refresh: map[string][]time.Duration{}, noRefresh: map[string][]time.Duration{}, peakRSS: map[string]int64{}}
	s, err := newSection(ctx, tc, fmt.Sprintf("linear-%d", n), "--password-cost", linearPasswordCost)
	if err != nil {
		return f, err
	}
	defer s.close()
	tfs := map[string]*harness.Terraform{}
	for _, c := range configs {
		if c.name != "webcore" && c.name != "schema" {
			continue
		}
		data := struct {
			N                          int
			Provider, Resource, Source string
		}{n, c.provider, c.resource, c.source}
		if tfs[c.name], err = s.terraform(c.name, c.text, data, map[string]string{webcoreSource: tc.webcoreDir, minimalSource: tc.minimalDir}, c.env...); err != nil {
			return f, err
		}
		tc.logf("linear N=%d: applying %s (unmeasured)", n, c.name)
		if err := apply(ctx, tfs[c.name], "apply"); err != nil {
			return f, fmt.Errorf("%s: %w", c.name, err)
		}
		if _, err := emptyPlan(ctx, tfs[c.name], "warm-up"); err != nil {
			return f, err
		}
	}
	binary := filepath.Join(tc.webcoreDir, providerBinaryPrefix)
	for round := 1; round <= runs; round++ {
		tc.logf("linear N=%d: round %d of %d", n, round, runs)
		for _, mode := range []struct {
			name string
			into map[string][]time.Duration
			args []string
		}{{"refresh", f.refresh, nil}, {"no-refresh", f.noRefresh, []string{"-refresh=false"}}} {
			for _, name := range []string{"webcore", "schema"} {
				if err := s.emu.Control.ClearRequests(); err != nil {
					return f, err
				}
				watch := watchPeakRSS(binary)
				d, err := emptyPlan(ctx, tfs[name], fmt.Sprintf("plan-%s-%d", mode.name, round), mode.args...)
				peak := watch()
				if err != nil {
					return f, fmt.Errorf("%s: %w", name, err)
				}
				mode.into[name] = append(mode.into[name], d)
				if name == "webcore" {
					f.peakRSS[mode.name] = max(f.peakRSS[mode.name], peak)
					if mode.name == "refresh" {
						requests, _, err := counted(s.emu.Control)
						if err != nil {
							return f, err
						}
						f.refreshRequests, f.refreshRequestsSeen = requests, true
					}
				}
			}
		}
	}
	return f, nil
}

// watchPeakRSS polls, until the returned function is called, the peak RSS
// (VmHWM) of every running process of binary, and returns the largest seen.
// Processes are matched by their executable, so other runs of the provider
// on the machine do not count.
func watchPeakRSS(binary string) func() int64 {
	var (
		mu   sync.Mutex
		peak int64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	sample := func() {
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			if _, err := strconv.Atoi(e.Name()); err != nil {
				continue
			}
			if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err != nil || exe != binary {
				continue
			}
			if kb := vmHWM(filepath.Join("/proc", e.Name(), "status")); kb > 0 {
				mu.Lock()
				peak = max(peak, kb*1024)
				mu.Unlock()
			}
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		ticker := time.NewTicker(50 * time.Millisecond)
		defer ticker.Stop()
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
				sample()
			}
		}
	}()
	return func() int64 {
		close(done)
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// vmHWM reads the peak resident set size, in kB, from a /proc status file.
func vmHWM(status string) int64 {
	data, err := os.ReadFile(status) //nolint:gosec // /proc/<pid>/status of a process listed in /proc
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}

func (f linearFigures) rows() []row {
	scope := fmt.Sprintf("%d users", f.n)
	var rows []row
	for _, mode := range []struct {
		measure, key string
		times        map[string][]time.Duration
	}{{"linear cost, plan with refresh", "refresh", f.refresh}, {"linear cost, plan `-refresh=false`", "no-refresh", f.noRefresh}} {
		webcore, schema := median(mode.times["webcore"]), median(mode.times["schema"])
		rw := ratioRow(mode.measure, scope, webcore, "schema floor", schema)
		if f.n == goalLinearN {
			rw.goal, rw.met = fmt.Sprintf("≤ %.2f×", goalLinearRatio), ratio(webcore, schema) <= goalLinearRatio
		}
		rows = append(rows, rw)
		rows = append(rows, row{measure: "provider peak RSS, " + mode.key, scope: scope,
			figure: fmt.Sprintf("%.0f MiB", float64(f.peakRSS[mode.key])/(1<<20)), reference: "—", ratio: "—"})
	}
	if f.refreshRequestsSeen {
		pages := (f.n + 99) / 100
		rows = append(rows, row{measure: "linear cost, vendor requests of a refresh", scope: scope,
			figure: strconv.Itoa(f.refreshRequests), reference: fmt.Sprintf("N ÷ page size = %d", pages),
			ratio: fmt.Sprintf("%+d", f.refreshRequests-pages)})
	}
	return rows
}
