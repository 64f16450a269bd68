package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
	"github.com/webcore/terraform-provider-webcore/tools/internal/harness"
)

// chaosTxDuration makes one transaction step short, so servers build in a fraction of a second.
const chaosTxDuration = "50ms"

// faultShare is a fault and the share of requests it should answer.
type faultShare struct {
	rule  emulator.FaultRule
	share float64
}

// faultMix is issue 10's mix on every vendor path: 3 % of POSTs and DELETEs
// committed and then dropped, 15 % of requests answered 503 and 5 % 429 (both
// with Retry-After: 1), 4 % of connections dropped.
func faultMix() []emulator.FaultRule {
	commitThenDrop := func(method string) emulator.FaultRule {
		return emulator.FaultRule{Method: method, Path: "*", Kind: emulator.FaultCommitThenDrop}
	}
	// The method-specific rules come first: they never match the same request,
	// so each keeps its own share; the general ones follow and share the rest.
	rules := withShares([]faultShare{{commitThenDrop("POST"), 0.03}})
	rules = append(rules, withShares([]faultShare{{commitThenDrop("DELETE"), 0.03}})...)
	return append(rules, withShares([]faultShare{
		{emulator.FaultRule{Path: "*", Kind: emulator.FaultStatus, Status: 503, RetryAfter: 1}, 0.15},
		{emulator.FaultRule{Path: "*", Kind: emulator.FaultStatus, Status: 429, RetryAfter: 1}, 0.05},
		{emulator.FaultRule{Path: "*", Kind: emulator.FaultDrop}, 0.04},
	})...)
}

// withShares sets each rule's probability so that it answers its share of all
// requests. The emulator tries rules in order and the first that fires wins, so a
// rule only draws for the requests the rules before it let through:
// probability = share / (1 - the shares before it).
func withShares(shares []faultShare) []emulator.FaultRule {
	rules := make([]emulator.FaultRule, 0, len(shares))
	before := 0.0
	for _, s := range shares {
		p := s.share / (1 - before)
		s.rule.Probability = &p
		rules = append(rules, s.rule)
		before += s.share
	}
	return rules
}

// chaosResult is one seed's row.
type chaosResult struct {
	seed       uint64
	maxApplies int
	rateLimit  float64 // requests per second per credential on top of the faults; 0 = none
	rateBurst  int
	applies    int  // applies until one exited 0; 0 when none of maxApplies did
	grew       bool // the apply growing every server's disk in place exited 0, the first time
	duplicates objectCounts
	nextPlan   harness.PlanOutcome
	destroyed  bool // the one destroy exited 0
	left       objectCounts
	elapsed    time.Duration
	err        error // the harness could not finish the run
}

// converged is issue 10's bar: one apply, no duplicate, an empty next plan, and
// one destroy that leaves nothing.
func (r chaosResult) converged() bool {
	return r.err == nil && r.applies == 1 && r.grew && r.duplicates.total() == 0 && r.nextPlan == harness.PlanEmpty &&
		r.destroyed && r.left.total() == 0
}

var chaosHeader = []string{"seed", "applies to converge", "disk grow in one apply", "duplicates", "next plan empty", "destroy in one run, clean", "time"}

func (r chaosResult) cells() []string {
	seed := strconv.FormatUint(r.seed, 10)
	if r.rateLimit > 0 {
		seed += fmt.Sprintf(" at %g req/s, burst %d", r.rateLimit, r.rateBurst)
	}
	if r.err != nil {
		return []string{seed, harnessError(r.err), "", "", "", "", seconds(r.elapsed)}
	}
	applies := strconv.Itoa(r.applies)
	if r.applies == 0 {
		applies = fmt.Sprintf("not in %d", r.maxApplies)
	}
	dups := "0"
	if n := r.duplicates.total(); n > 0 {
		dups = fmt.Sprintf("%d (%s)", n, r.duplicates)
	}
	return []string{seed, applies, yesNo(r.grew), dups, string(r.nextPlan), destroyCell(r.destroyed, r.left), seconds(r.elapsed)}
}

// destroyCell reads "yes", or what went wrong: "failed", "left 2 servers", "failed, left 1 key".
func destroyCell(ok bool, left objectCounts) string {
	switch {
	case ok && left.total() == 0:
		return "yes"
	case ok:
		return "no: left " + left.String()
	case left.total() == 0:
		return "no: failed"
	default:
		return "no: failed, left " + left.String()
	}
}

// harnessError is the cell of a run the harness could not finish.
func harnessError(err error) string {
	if errors.Is(err, context.Canceled) {
		return "interrupted"
	}
	return "harness error: " + err.Error()
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.0fs", d.Seconds()) }

// runChaos applies the chaos workload under the fault mix with one seed,
// then plans, counts duplicates and destroys, all with the faults still on.
func runChaos(ctx context.Context, tc toolchain, seed uint64, maxApplies int, rateLimit float64, rateBurst int) chaosResult {
	r := chaosResult{seed: seed, maxApplies: maxApplies, rateLimit: rateLimit, rateBurst: rateBurst}
	r.elapsed, r.err = runSession(ctx, tc, fmt.Sprintf("seed-%d", seed), chaosWorkload,
		[]string{"--tx-duration", chaosTxDuration},
		func(s *session) error { return r.run(ctx, s) },
		func() bool { return r.converged() })
	return r
}

func (r *chaosResult) run(ctx context.Context, s *session) error {
	if err := s.emu.Control.SetFaults(r.seed, faultMix()); err != nil {
		return err
	}
	if r.rateLimit > 0 {
		if err := s.emu.Control.SetRateLimit(r.rateLimit, r.rateBurst); err != nil {
			return err
		}
	}
	for attempt := 1; attempt <= r.maxApplies && r.applies == 0; attempt++ {
		res, err := s.tf.Apply(ctx, fmt.Sprintf("apply-%d", attempt))
		if err != nil {
			return err
		}
		if res.ExitCode == 0 {
			r.applies = attempt
			break
		}
		s.reportErrors(fmt.Sprintf("apply %d of %d", attempt, r.maxApplies), res)
	}
	if r.applies > 0 {
		// Day two under the same faults: every disk grows in place, in one apply.
		if err := writeConfig(s.configDir, chaosWorkload.grown()); err != nil {
			return err
		}
		res, err := s.tf.Apply(ctx, "apply-grow")
		if err != nil {
			return err
		}
		if r.grew = res.ExitCode == 0; !r.grew {
			s.reportErrors("the disk-grow apply", res)
		}
	}
	var err error
	var planRes harness.Result
	if r.nextPlan, planRes, err = s.tf.Plan(ctx, "plan"); err != nil {
		return err
	}
	if r.nextPlan == harness.PlanFailed {
		s.reportErrors("plan", planRes)
	}
	if r.duplicates, _, err = s.duplicatesNow(ctx, "show"); err != nil {
		return err
	}
	res, err := s.tf.Run(ctx, "destroy", "destroy", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		return err
	}
	r.destroyed = res.ExitCode == 0
	if !r.destroyed {
		s.reportErrors("destroy", res)
	}
	r.left, err = s.leftoversAfterDestroy(ctx)
	return err
}
