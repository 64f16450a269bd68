package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// caption says what was measured where: the command, the commit, Terraform,
// the machine and how long the run took.
func (tc *toolchain) caption(opts options, took time.Duration) string {
	command := "go run ./tools/bench"
	if len(opts.args) > 0 {
		command += " " + strings.Join(quoteArgs(opts.args), " ")
	}
	plans := fmt.Sprintf("median of %d timed plans per figure", opts.runs)
	if opts.runs == 1 {
		plans = "1 timed plan per figure"
	}
	load := ""
	if end := loadAverage(); tc.loadAtStart != "" && end != "" {
		load = fmt.Sprintf(" (load average %s at the start, %s at the end)", tc.loadAtStart, end)
	}
	return fmt.Sprintf("`%s` — %s, commit %s, %s, %s%s; %s; the run took %s.",
		command, time.Now().UTC().Format("2006-01-02 15:04 UTC"), tc.commit, tc.terraformVersion, machine(), load, plans, took.Round(time.Second))
}

func quoteArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, " \t\"'") {
			a = fmt.Sprintf("%q", a)
		}
		out[i] = a
	}
	return out
}

// describeSources reads the commit being measured (marked when the work tree
// differs from it) and the Terraform version.
func (tc *toolchain) describeSources(ctx context.Context) {
	tc.commit = "unknown"
	if out, err := exec.CommandContext(ctx, "git", "rev-parse", "--short", "HEAD").Output(); err == nil {
		tc.commit = strings.TrimSpace(string(out))
		if status, err := exec.CommandContext(ctx, "git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(status) > 0 {
			tc.commit += " with uncommitted changes"
		}
	}
	tc.terraformVersion = "Terraform (version unknown)"
	if out, err := exec.CommandContext(ctx, tc.terraform, "version").Output(); err == nil { //nolint:gosec // the Terraform CLI given by -terraform (or the pinned one), with a fixed argument
		tc.terraformVersion = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	}
}

// machine reads "2 CPUs (AMD EPYC), linux/amd64".
func machine() string {
	s := fmt.Sprintf("%d CPUs", runtime.NumCPU())
	if model := cpuModel(); model != "" {
		s += " (" + model + ")"
	}
	return s + ", " + runtime.GOOS + "/" + runtime.GOARCH
}

// loadAverage is the one-minute load average, or "" where the system does not say.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	fields := strings.Fields(string(data))
	if len(fields) == 0 {
		return ""
	}
	return fields[0]
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if name, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return ""
}
