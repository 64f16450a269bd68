package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
	"github.com/webcore/terraform-provider-webcore/tools/internal/harness"
)

// Provider source addresses the configurations use, and where dev_overrides
// take them from.
const (
	webcoreSource = "registry.terraform.io/webcore/webcore"
	minimalSource = "registry.terraform.io/bench/minimal"
)

// userConfig is N users of a provider's user resource, webcore_user,
// minimal_user or minimal_schema_user: the same arguments for all, so that
// only the provider (and the schema) differs.
var userConfig = template.Must(template.New("users").Parse(`terraform {
  required_providers {
    {{.Provider}} = {
      source = "{{.Source}}"
    }
  }
}

# Every setting comes from the environment the bench sets.
provider "{{.Provider}}" {}

resource "{{.Provider}}_{{.Resource}}" "bench" {
  count    = {{.N}}
  login    = format("bench-user-%04d", count.index)
  email    = format("bench-user-%04d@example.com", count.index)
  password = "bench-password-1"
}
`))

// dataConfig is N terraform_data holding the same values: Terraform's own floor.
var dataConfig = template.Must(template.New("terraform_data").Parse(`resource "terraform_data" "bench" {
  count = {{.N}}
  input = {
    login    = format("bench-user-%04d", count.index)
    email    = format("bench-user-%04d@example.com", count.index)
    password = "bench-password-1"
  }
}
`))

// configs are the configurations a plan is timed on, by name.
var configs = []struct {
	name     string
	text     *template.Template
	provider string // for userConfig
	resource string // for userConfig: the type name after the provider's
	source   string
	env      []string // for Terraform, which hands it to the provider
}{
	{"webcore", userConfig, "webcore", "user", "webcore/webcore", nil},
	{"minimal", userConfig, "minimal", "user", "bench/minimal", nil},
	{"schema", userConfig, "minimal", "schema_user", "bench/minimal", []string{"WEBCORE_BENCH_MINIMAL_TUNED=1"}},
	{"terraform_data", dataConfig, "", "", "", nil},
}

// planFigures are the timed plans of one N: per configuration and refresh
// mode, every run's wall time.
type planFigures struct {
	n               int
	refresh         map[string][]time.Duration // by configuration name
	noRefresh       map[string][]time.Duration
	latency         []time.Duration // webcore with refresh, with latencyInjected on every vendor path
	latencyInjected time.Duration
}

// latencyRule delays every vendor request: a control panel in another region.
func latencyRule(d time.Duration) emulator.FaultRule {
	return emulator.FaultRule{Path: "*", Kind: emulator.FaultLatency, LatencyMS: int(d.Milliseconds())}
}

// measurePlans applies the three configurations of n objects against a fresh
// emulator (unmeasured), plans each once to warm up, then times runs rounds
// of plans, interleaved so that a slow moment of the machine hits every
// figure alike: each configuration with and without refresh, and webcore with
// refresh under injected latency. With profileDir it ends with one plan of
// each refresh mode by the profiling build of the provider.
func measurePlans(ctx context.Context, tc *toolchain, n, runs int, latency time.Duration, profileDir string) (planFigures, error) {
	f := planFigures{n: n, refresh: map[string][]time.Duration{}, noRefresh: map[string][]time.Duration{}, latencyInjected: latency}
	s, err := newSection(ctx, tc, fmt.Sprintf("plans-%d", n))
	if err != nil {
		return f, err
	}
	defer s.close()

	tfs := map[string]*harness.Terraform{}
	for _, c := range configs {
		data := struct {
			N                          int
			Provider, Resource, Source string
		}{n, c.provider, c.resource, c.source}
		if tfs[c.name], err = s.terraform(c.name, c.text, data, map[string]string{webcoreSource: tc.webcoreDir, minimalSource: tc.minimalDir}, c.env...); err != nil {
			return f, err
		}
	}
	for _, c := range configs {
		tc.logf("N=%d: applying %d objects of %s (unmeasured)", n, n, c.name)
		if err := apply(ctx, tfs[c.name], "apply"); err != nil {
			return f, fmt.Errorf("%s: %w", c.name, err)
		}
		if _, err := emptyPlan(ctx, tfs[c.name], "warm-up"); err != nil {
			return f, fmt.Errorf("%s: %w", c.name, err)
		}
	}
	for round := 1; round <= runs; round++ {
		tc.logf("N=%d: round %d of %d", n, round, runs)
		for _, mode := range []struct {
			name    string
			into    map[string][]time.Duration
			planArg []string
		}{{"refresh", f.refresh, nil}, {"no-refresh", f.noRefresh, []string{"-refresh=false"}}} {
			for _, c := range configs {
				d, err := emptyPlan(ctx, tfs[c.name], fmt.Sprintf("plan-%s-%d", mode.name, round), mode.planArg...)
				if err != nil {
					return f, fmt.Errorf("%s: %w", c.name, err)
				}
				mode.into[c.name] = append(mode.into[c.name], d)
			}
		}
		if err := s.emu.Control.SetFaults(1, []emulator.FaultRule{latencyRule(latency)}); err != nil {
			return f, err
		}
		d, err := emptyPlan(ctx, tfs["webcore"], fmt.Sprintf("plan-latency-%d", round))
		if err := errors.Join(err, s.emu.Control.ClearFaults()); err != nil {
			return f, fmt.Errorf("webcore with latency: %w", err)
		}
		f.latency = append(f.latency, d)
	}
	if profileDir != "" {
		if err := profilePlans(ctx, tc, s, n, profileDir); err != nil {
			return f, fmt.Errorf("profile: %w", err)
		}
	}
	return f, nil
}

// profilePlans plans the webcore configuration once without and once with
// refresh through the profiling build, each into a directory of profiles.
func profilePlans(ctx context.Context, tc *toolchain, s *section, n int, profileDir string) error {
	for _, mode := range []struct {
		name    string
		planArg []string
	}{{"plan-norefresh", []string{"-refresh=false"}}, {"plan-refresh", nil}} {
		dir, err := filepath.Abs(filepath.Join(profileDir, mode.name))
		if err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil { //nolint:gosec // CPU profiles under the developer's -cpuprofile directory, meant to be read: no secret
			return err
		}
		tf, err := s.terraformWith("webcore", "profile", map[string]string{webcoreSource: tc.profiledDir}, "WEBCORE_BENCH_CPUPROFILE_DIR="+dir)
		if err != nil {
			return err
		}
		d, err := emptyPlan(ctx, tf, "profiled-"+mode.name, mode.planArg...)
		if err != nil {
			return err
		}
		tc.logf("N=%d: profiled %s (%.2f s): go tool pprof -top %s/*.pprof", n, mode.name, d.Seconds(), dir)
	}
	return nil
}

// apply runs one apply that must succeed.
func apply(ctx context.Context, tf *harness.Terraform, name string) error {
	res, err := tf.Apply(ctx, name)
	if err != nil {
		return err
	}
	if res.ExitCode != 0 {
		return fmt.Errorf("terraform apply exited %d: %s", res.ExitCode, lastLines(res.Stderr+res.Stdout, 15))
	}
	return nil
}

// emptyPlan times one plan that must find nothing to change: a plan that
// changes something would time other work than the bench means to.
func emptyPlan(ctx context.Context, tf *harness.Terraform, name string, extra ...string) (time.Duration, error) {
	outcome, res, err := tf.Plan(ctx, name, extra...)
	switch {
	case err != nil:
		return 0, err
	case outcome == harness.PlanChanges:
		return 0, fmt.Errorf("terraform plan %s found changes after an apply: %s", strings.Join(extra, " "), lastLines(res.Stdout, 15))
	case outcome != harness.PlanEmpty:
		return 0, fmt.Errorf("terraform plan %s exited %d: %s", strings.Join(extra, " "), res.ExitCode, lastLines(res.Stderr+res.Stdout, 15))
	}
	return res.Elapsed, nil
}

// lastLines keeps the end of a command's output for an error message; the
// whole output is in the section's logs.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
