package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
	"github.com/webcore/terraform-provider-webcore/tools/internal/harness"
)

// outageBuildDisk is how long the build_disk step takes in the outage test:
// long enough that the servers are surely building when the emulator is
// killed, and it runs again from its beginning after the restart.
const outageBuildDisk = "8s"

// outageResult is one outage run's row.
type outageResult struct {
	run        int
	outage     time.Duration
	killed     bool // the emulator was killed while the servers were building
	applied    bool // the one apply exited 0
	tainted    []string
	duplicates objectCounts
	nextPlan   harness.PlanOutcome
	elapsed    time.Duration
	err        error
}

// rodeItOut is issue 10's bar: the apply succeeded by itself, nothing tainted,
// nothing duplicated, an empty next plan.
func (r outageResult) rodeItOut() bool {
	return r.err == nil && r.killed && r.applied && len(r.tainted) == 0 && r.duplicates.total() == 0 && r.nextPlan == harness.PlanEmpty
}

var outageHeader = []string{"run", "outage", "apply succeeded", "tainted", "duplicates", "next plan empty", "time"}

func (r outageResult) cells() []string {
	run := strconv.Itoa(r.run)
	if r.err != nil {
		return []string{run, r.outage.String(), harnessError(r.err), "", "", "", seconds(r.elapsed)}
	}
	applied := yesNo(r.applied)
	if !r.killed {
		applied += " (ended before the kill: nothing tested)"
	}
	taintedCell := "0"
	if len(r.tainted) > 0 {
		taintedCell = fmt.Sprintf("%d (%s)", len(r.tainted), strings.Join(r.tainted, ", "))
	}
	dups := "0"
	if n := r.duplicates.total(); n > 0 {
		dups = fmt.Sprintf("%d (%s)", n, r.duplicates)
	}
	return []string{run, r.outage.String(), applied, taintedCell, dups, string(r.nextPlan), seconds(r.elapsed)}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// runOutage starts an apply of the outage workload, kills the emulator with
// SIGKILL while the servers build, keeps it away for outage, restarts it on the
// same data dir and port, and sees whether that one apply still succeeds.
func runOutage(ctx context.Context, tc toolchain, run int, outage time.Duration) outageResult {
	r := outageResult{run: run, outage: outage}
	r.elapsed, r.err = runSession(ctx, tc, fmt.Sprintf("outage-%d", run), outageWorkload,
		[]string{"--tx-duration", chaosTxDuration, "--tx-action-duration", "build_disk=" + outageBuildDisk},
		func(s *session) error { return r.runIn(ctx, s) },
		func() bool { return r.rodeItOut() })
	return r
}

func (r *outageResult) runIn(ctx context.Context, s *session) error {
	apply, err := s.tf.Start(ctx, "apply", "apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		return err
	}
	applyDone := apply.Background(ctx)
	end, err := killWhileBuilding(ctx, s, applyDone)
	if err != nil {
		return err
	}
	if end == nil {
		r.killed = true
		s.logf("emulator killed (SIGKILL) while %d servers were building; back in %v", outageWorkload.Servers, r.outage)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(r.outage):
		}
		if err := s.emu.Restart(ctx); err != nil {
			return fmt.Errorf("restart the emulator: %w", err)
		}
		s.logf("emulator restarted on the same data dir and port")
		o := <-applyDone
		end = &o
	}
	if end.Err != nil {
		return end.Err
	}
	r.applied = end.Result.ExitCode == 0
	if !r.applied {
		s.reportErrors("apply", end.Result)
	}
	if r.duplicates, r.tainted, err = s.duplicatesNow(ctx, "show"); err != nil {
		return err
	}
	var planRes harness.Result
	if r.nextPlan, planRes, err = s.tf.Plan(ctx, "plan"); err != nil {
		return err
	}
	if r.nextPlan == harness.PlanFailed {
		s.reportErrors("plan", planRes)
	}
	return nil
}

// buildWatchLimit bounds how long the servers may take to start building.
const buildWatchLimit = 2 * time.Minute

// killWhileBuilding watches the emulator until every server of the workload
// has its build_disk step running, then kills it. When the apply ends first,
// it returns the apply's outcome instead.
func killWhileBuilding(ctx context.Context, s *session, applyDone <-chan harness.Outcome) (*harness.Outcome, error) {
	deadline := time.Now().Add(buildWatchLimit)
	for {
		st, err := s.emu.Control.State()
		if err != nil {
			return nil, err
		}
		if buildingServers(st) >= outageWorkload.Servers {
			s.emu.Kill()
			return nil, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the servers did not start building within %v", buildWatchLimit)
		}
		select {
		case o := <-applyDone:
			return &o, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// buildingServers counts the servers whose build_disk step is running.
func buildingServers(st emulator.State) int {
	n := 0
	for _, tx := range st.Webcore.Transactions {
		if tx.Action == "build_disk" && tx.Status == "running" {
			n++
		}
	}
	return n
}
