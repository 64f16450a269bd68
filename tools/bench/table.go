package main

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Issue 12's goals. The plan goals are set at goalN users, the call goal for
// a build of goalCallsBuild steps of goalCallsStep.
const (
	goalN               = 500
	goalRefreshRatio    = 1.2 // plan with refresh / the minimal provider's
	goalNoRefreshRatio  = 1.1 // plan -refresh=false / the minimal provider's
	goalLatencyRatio    = 1.5 // refresh with latency / the same without
	goalCalls           = 6
	goalCallsSteps      = 4
	goalCallsStep       = 500 * time.Millisecond
	goalLagFloor        = 100 * time.Millisecond
	goalLagShareOfBuild = 0.05
)

// report is everything one run measured, and how to say where and when.
type report struct {
	caption    string
	plans      []planFigures
	creates    []createFigures
	throughput *throughputFigures // nil when not asked for
	rateLimits *rateFigures       // nil when not asked for
	linear     []linearFigures
}

// row is one line of the table: a figure, the reference it is compared with,
// the ratio and, where the issue sets one, the goal and whether it is met.
type row struct {
	measure, scope, figure, reference, ratio string
	goal                                     string // "" when the issue sets none here
	met                                      bool
}

var header = []string{"measure", "size", "webcore", "reference, same run", "ratio", "goal (issues 12, 21)", "met"}

func (r row) cells() []string {
	goal, met := "—", ""
	if r.goal != "" {
		goal, met = r.goal, yesNo(r.met)
	}
	return []string{r.measure, r.scope, r.figure, r.reference, r.ratio, goal, met}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// markdown is the caption, the table and its footnotes.
func (r report) markdown() string {
	var b strings.Builder
	if r.caption != "" {
		b.WriteString(r.caption + "\n\n")
	}
	writeRow(&b, header)
	writeRow(&b, dashes(len(header)))
	for _, row := range r.rows() {
		writeRow(&b, row.cells())
	}
	b.WriteString("\nPlan times are medians of wall-clock `terraform plan` runs after an unmeasured apply and warm-up plan. " +
		fmt.Sprintf("Plan goals are set at N = %d, the call goal for a %d × %v build, the lag goal (≤ %v or ≤ %.0f %% of the build, whichever is larger) for every build. ",
			goalN, goalCallsSteps, goalCallsStep, goalLagFloor, goalLagShareOfBuild*100) +
		"Nothing fails on a figure.\n")
	if r.rateLimits != nil {
		b.WriteString("Rate-limit rows: the emulator limits each credential; a command's floor is the larger of the vendor requests it needed " +
			"(answers other than the limit's 429) at the limit's rate and the same command without a limit. " +
			"The no-limit rows compare the provider with its adaptive limiter on and off (`WEBCORE_ADAPTIVE_RATE_LIMIT=false`, no limiter at all), medians of interleaved runs.\n")
	}
	if len(r.linear) > 0 {
		fmt.Fprintf(&b, "Linear-cost rows: the schema floor is `minimal_schema_user` (webcore_user's schema, no API); the goal is set at N = %d; "+
			"the emulator hashes passwords at bcrypt cost %s there; peak RSS is the provider process's VmHWM.\n", goalLinearN, linearPasswordCost)
	}
	if r.throughput != nil && r.throughput.note != "" {
		b.WriteString("Throughput: " + r.throughput.note + ".\n")
	}
	return b.String()
}

func (r report) rows() []row {
	var rows []row
	for _, p := range r.plans {
		rows = append(rows, p.rows()...)
	}
	for _, c := range r.creates {
		rows = append(rows, c.rows()...)
	}
	if r.rateLimits != nil {
		rows = append(rows, r.rateLimits.rows()...)
	}
	for _, l := range r.linear {
		rows = append(rows, l.rows()...)
	}
	if r.throughput != nil {
		rows = append(rows, r.throughput.rows()...)
	}
	return rows
}

func (p planFigures) rows() []row {
	scope := fmt.Sprintf("%d users", p.n)
	atGoalN := p.n == goalN
	var rows []row
	for _, mode := range []struct {
		measure string
		times   map[string][]time.Duration
		goal    float64
	}{
		{"plan, with refresh", p.refresh, goalRefreshRatio},
		{"plan, `-refresh=false`", p.noRefresh, goalNoRefreshRatio},
	} {
		webcore := median(mode.times["webcore"])
		for _, ref := range []struct {
			config, name string
			goal         float64
		}{
			{"minimal", "minimal provider", mode.goal},
			{"schema", "webcore_user's schema, no API, tuned alike", 0},
			{"terraform_data", "`terraform_data`", 0},
		} {
			if len(mode.times[ref.config]) == 0 {
				continue
			}
			refTime := median(mode.times[ref.config])
			rw := ratioRow(mode.measure, scope, webcore, ref.name, refTime)
			if atGoalN && ref.goal > 0 {
				rw.goal, rw.met = fmt.Sprintf("≤ %.1f×", ref.goal), ratio(webcore, refTime) <= ref.goal
			}
			rows = append(rows, rw)
		}
	}
	withLatency, without := median(p.latency), median(p.refresh["webcore"])
	rw := ratioRow(fmt.Sprintf("refresh with %v API latency", p.latencyInjected), scope, withLatency, "the same without latency", without)
	if atGoalN {
		rw.goal, rw.met = fmt.Sprintf("≤ %.1f×", goalLatencyRatio), ratio(withLatency, without) <= goalLatencyRatio
	}
	return append(rows, rw)
}

// ratioRow compares two times.
func ratioRow(measure, scope string, figure time.Duration, refName string, ref time.Duration) row {
	return row{measure: measure, scope: scope, figure: seconds(figure),
		reference: refName + " " + seconds(ref), ratio: fmt.Sprintf("%.2f×", ratio(figure, ref))}
}

func ratio(a, b time.Duration) float64 { return a.Seconds() / b.Seconds() }

func (c createFigures) rows() []row {
	scope := fmt.Sprintf("%d × %v build", c.steps, c.step)
	calls := row{measure: "server create, API calls", scope: scope, figure: fmt.Sprint(c.calls),
		reference: routeCounts(c.byRoute), ratio: "—"}
	if c.steps == goalCallsSteps && c.step == goalCallsStep {
		calls.goal, calls.met = fmt.Sprintf("≤ %d", goalCalls), c.calls <= goalCalls
	}
	allowed := max(goalLagFloor, time.Duration(goalLagShareOfBuild*float64(c.build())))
	lag := row{measure: "server create, detection lag", scope: scope, figure: millis(c.lag),
		reference: "build " + seconds(c.build()), ratio: fmt.Sprintf("%.1f %%", 100*c.lag.Seconds()/c.build().Seconds()),
		goal: "≤ " + millis(allowed), met: c.lag <= allowed}
	return []row{calls, lag}
}

// routeCounts reads "GET /users/{id} ×3, POST /users.json ×1", most frequent first.
func routeCounts(byRoute map[string]int) string {
	routes := make([]string, 0, len(byRoute))
	for r := range byRoute {
		routes = append(routes, r)
	}
	sort.Slice(routes, func(i, j int) bool {
		if byRoute[routes[i]] != byRoute[routes[j]] {
			return byRoute[routes[i]] > byRoute[routes[j]]
		}
		return routes[i] < routes[j]
	})
	parts := make([]string, len(routes))
	for i, r := range routes {
		parts[i] = fmt.Sprintf("`%s` ×%d", r, byRoute[r])
	}
	return strings.Join(parts, ", ")
}

func (t throughputFigures) rows() []row {
	scope := fmt.Sprintf("wrk -t2 -c32, %v", t.duration)
	if t.bare == 0 {
		return []row{{measure: "emulator throughput", scope: scope, figure: "not measured", reference: t.note, ratio: "—"}}
	}
	var rows []row
	for _, target := range t.targets {
		rows = append(rows, row{measure: "emulator throughput, `" + target.name + "`", scope: scope,
			figure: reqPerSec(target.rps), reference: "bare TLS handler " + reqPerSec(t.bare),
			ratio: fmt.Sprintf("%.2f×", target.rps/t.bare)})
	}
	return rows
}

// median of the runs; the mean of the middle two for an even count.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func millis(d time.Duration) string {
	return fmt.Sprintf("%d ms", d.Round(time.Millisecond).Milliseconds())
}

func reqPerSec(rps float64) string { return fmt.Sprintf("%.0f req/s", rps) }

func writeRow(b *strings.Builder, cells []string) {
	b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

func dashes(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "---"
	}
	return out
}
