package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
	"github.com/webcore/terraform-provider-webcore/tools/internal/harness"
)

// toolchain is what every run shares: the built binaries, the Terraform CLI,
// the clean environment, where kept logs go and where progress is reported.
type toolchain struct {
	providerDir string // holds terraform-provider-webcore, for dev_overrides
	emulatorBin string
	terraform   string
	env         []string // the caller's environment, cleaned (see harness.CleanEnv)
	logsRoot    string   // logs of runs that went wrong are kept here, one directory each
	progress    io.Writer
}

// providerSource is the address configurations name the provider by; the CLI
// configuration takes it from the local build.
const providerSource = "registry.terraform.io/webcore/webcore"

// session is one run: a fresh emulator on a fresh data dir, a Terraform
// configuration of the workload, and a directory of logs kept only if the run
// goes wrong (the configuration and the Terraform state live in it too).
type session struct {
	name   string
	emu    *harness.Emulator
	tf     *harness.Terraform
	seeded seeded
	logDir string
	// configDir holds the Terraform configuration; writeConfig there changes it.
	configDir string
	workDir   string // emulator data and ready file (it holds credentials): always removed
	out       io.Writer
}

// unlimited lifts the emulator's per-user limits so that a duplicate shows up
// in the count instead of as a 403 over the limit that fails an apply for another reason.
var unlimited = func() emulator.WebcoreLimits {
	servers, memory, cpus := 1000, 1<<30, 1000
	return emulator.WebcoreLimits{MaxVirtualServers: &servers, MaxMemory: &memory, MaxCPUs: &cpus}
}()

func newSession(ctx context.Context, tc toolchain, name string, w workload, emulatorArgs ...string) (s *session, err error) {
	s = &session{name: name, logDir: filepath.Join(tc.logsRoot, name), out: tc.progress}
	if err := os.MkdirAll(s.logDir, 0o700); err != nil {
		return nil, err
	}
	if s.workDir, err = os.MkdirTemp("", "webcore-chaos-work-"); err != nil {
		return s, err
	}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	if s.emu, err = harness.StartEmulator(ctx, tc.emulatorBin, s.workDir, s.logDir, tc.env, emulatorArgs...); err != nil {
		return s, err
	}
	if err = s.emu.Control.SetWebcoreLimits(unlimited); err != nil {
		return s, err
	}
	st, err := s.emu.Control.State()
	if err != nil {
		return s, err
	}
	s.seeded = seededFrom(st)
	configDir := filepath.Join(s.logDir, "config")
	s.configDir = configDir
	if err = writeConfig(configDir, w); err != nil {
		return s, err
	}
	s.tf, err = harness.NewTerraform(harness.TerraformOptions{
		Bin:          tc.terraform,
		Dir:          configDir,
		LogDir:       s.logDir,
		DevOverrides: map[string]string{providerSource: tc.providerDir},
		Env:          append(append([]string{}, tc.env...), s.emu.ProviderEnv()...),
		ProviderLog:  true, // a run that falls short is explained by its API requests
	})
	return s, err
}

// runSession runs body in a fresh session named name and says how long it all
// took. The session's logs are kept when the harness failed or wentWell says
// the run fell short; otherwise everything is removed.
func runSession(ctx context.Context, tc toolchain, name string, w workload, emulatorArgs []string,
	body func(*session) error, wentWell func() bool,
) (time.Duration, error) {
	start := time.Now()
	s, err := newSession(ctx, tc, name, w, emulatorArgs...)
	if err == nil {
		err = body(s)
	}
	if s != nil {
		s.finish(err != nil || !wentWell())
	}
	return time.Since(start), err
}

// logf reports progress on the run, prefixed with its name.
func (s *session) logf(format string, args ...any) {
	_, _ = fmt.Fprintf(s.out, "%s: %s\n", s.name, fmt.Sprintf(format, args...))
}

// reportErrors shows the errors of a failed Terraform command, one line each.
func (s *session) reportErrors(what string, res harness.Result) {
	errs := errorSummaries(res.Stderr + res.Stdout)
	s.logf("%s exited %d with %d error(s):", what, res.ExitCode, len(errs))
	for _, e := range errs {
		_, _ = fmt.Fprintf(s.out, "    %s\n", e)
	}
}

// leftoversAfterDestroy reads what a destroy left, giving removals the
// emulator has queued (its transactions take milliseconds) a moment to finish.
func (s *session) leftoversAfterDestroy(ctx context.Context) (objectCounts, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, err := s.emu.Control.State()
		if err != nil {
			return objectCounts{}, err
		}
		left := leftovers(st, s.seeded)
		if left.total() == 0 || time.Now().After(deadline) {
			return left, nil
		}
		select {
		case <-ctx.Done():
			return left, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// duplicatesNow counts duplicates against the Terraform state as it is now.
func (s *session) duplicatesNow(ctx context.Context, name string) (objectCounts, []string, error) {
	resources, err := s.tf.State(ctx, name)
	if err != nil {
		return objectCounts{}, nil, err
	}
	st, err := s.emu.Control.State()
	if err != nil {
		return objectCounts{}, nil, err
	}
	return duplicates(st, s.seeded, accessKeyIDs(resources)), tainted(resources), nil
}

// finish stops the emulator and removes the work dir; it keeps the logs when
// keep is set, and says where they are.
func (s *session) finish(keep bool) {
	s.close()
	if keep {
		s.logf("logs kept in %s", s.logDir)
		return
	}
	_ = os.RemoveAll(s.logDir) //nolint:gosec // the session's logs directory under the run's os.MkdirTemp root
}

// close stops the emulator and removes the work dir; calling it again does nothing.
func (s *session) close() {
	if s.emu != nil {
		s.emu.Stop()
		s.emu = nil
	}
	if s.workDir != "" {
		_ = os.RemoveAll(s.workDir) //nolint:gosec // the session's work directory, made by os.MkdirTemp
		s.workDir = ""
	}
}
