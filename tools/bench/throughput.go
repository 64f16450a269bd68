package main

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// bareTarget is the reference row of scripts/bench-emulator.sh.
const bareTarget = "bare net/http TLS"

// throughputFigures is what scripts/bench-emulator.sh measured: requests per
// second of a bare TLS handler and of emulator routes, in one run.
type throughputFigures struct {
	duration time.Duration // per target
	bare     float64
	targets  []throughputTarget
	note     string // why some or all rows are missing
}

type throughputTarget struct {
	name string // e.g. "webcore GET /users/1.json"
	rps  float64
}

// measureThroughput runs scripts/bench-emulator.sh, the same measurement as
// `make bench-emulator`. Without wrk it measures nothing and says so.
func measureThroughput(ctx context.Context, tc *toolchain, d time.Duration) (throughputFigures, error) {
	secs := max(1, int(d.Round(time.Second).Seconds())) // wrk takes whole seconds
	f := throughputFigures{duration: time.Duration(secs) * time.Second}
	if _, err := exec.LookPath("wrk"); err != nil {
		f.note = "wrk is not installed (apt-get install -y wrk): throughput not measured"
		return f, nil
	}
	tc.logf("emulator throughput: scripts/bench-emulator.sh %ds", secs)
	cmd := exec.CommandContext(ctx, "scripts/bench-emulator.sh", fmt.Sprintf("%ds", secs)) //nolint:gosec // a fixed script of this repository; its only argument is a duration
	cmd.Env = tc.env
	cmd.Stderr = tc.progress
	out, err := cmd.Output()
	if err != nil {
		return f, fmt.Errorf("scripts/bench-emulator.sh: %w", err)
	}
	f.bare, f.targets, f.note, err = parseBenchEmulator(string(out))
	return f, err
}

// parseBenchEmulator reads the script's table: a header, then
// "<target> <req/s> <ratio>" per line, and perhaps a note in parentheses.
func parseBenchEmulator(out string) (bare float64, targets []throughputTarget, note string, err error) {
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		fields := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "("):
			note = strings.Trim(line, "()")
			continue
		case len(fields) < 3 || fields[0] == "target":
			continue
		}
		rps, err := strconv.ParseFloat(fields[len(fields)-2], 64)
		if err != nil {
			return 0, nil, "", fmt.Errorf("bench-emulator line %q: %w", line, err)
		}
		name := strings.Join(fields[:len(fields)-2], " ")
		if name == bareTarget {
			bare = rps
			continue
		}
		targets = append(targets, throughputTarget{name: name, rps: rps})
	}
	if bare == 0 || len(targets) == 0 {
		return 0, nil, "", errors.New("bench-emulator printed no figures: " + strings.TrimSpace(out))
	}
	return bare, targets, note, nil
}
