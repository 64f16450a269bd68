package main

import (
	"context"
	"os"
	"path/filepath"
	"text/template"

	"github.com/webcore/terraform-provider-webcore/tools/internal/harness"
)

// section is one part of the bench: a fresh emulator, and Terraform
// configurations in a directory of the run's scratch space.
type section struct {
	tc     *toolchain
	dir    string // configurations, state and logs of every command
	emuDir string // emulator data and ready file (it holds credentials): always removed
	emu    *harness.Emulator
}

// newSection starts a fresh emulator for the section named name.
func newSection(ctx context.Context, tc *toolchain, name string, emulatorArgs ...string) (s *section, err error) {
	s = &section{tc: tc, dir: filepath.Join(tc.root, name)}
	if err := os.MkdirAll(s.dir, 0o700); err != nil { //nolint:gosec // a directory under the bench's own scratch directory (os.MkdirTemp)
		return nil, err
	}
	if s.emuDir, err = os.MkdirTemp("", "webcore-bench-emulator-"); err != nil {
		return nil, err
	}
	if s.emu, err = harness.StartEmulator(ctx, tc.emulatorBin, s.emuDir, s.dir, tc.env, emulatorArgs...); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// close stops the emulator and removes its data.
func (s *section) close() {
	if s.emu != nil {
		s.emu.Stop()
		s.emu = nil
	}
	_ = os.RemoveAll(s.emuDir) //nolint:gosec // the section's emulator directory, made by os.MkdirTemp
}

// terraform writes the configuration config (text executed with data) into
// its own directory and returns a Terraform for it, with the providers in
// overrides taken from their local builds and extraEnv added to its
// environment.
func (s *section) terraform(config string, text *template.Template, data any, overrides map[string]string, extraEnv ...string) (*harness.Terraform, error) {
	dir := filepath.Join(s.dir, config)
	if err := os.MkdirAll(dir, 0o700); err != nil { //nolint:gosec // a directory under the bench's own scratch directory (os.MkdirTemp)
		return nil, err
	}
	f, err := os.Create(filepath.Join(dir, "main.tf")) //nolint:gosec // main.tf under the bench's own scratch directory (os.MkdirTemp)
	if err != nil {
		return nil, err
	}
	err = text.Execute(f, data)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return nil, err
	}
	return s.terraformWith(config, "logs", overrides, extraEnv...)
}

// terraformWith is a Terraform for the configuration config written before,
// logging into its subdirectory logs, with extraEnv added to the environment.
func (s *section) terraformWith(config, logs string, overrides map[string]string, extraEnv ...string) (*harness.Terraform, error) {
	logDir := filepath.Join(s.dir, config+"-"+logs)
	if err := os.MkdirAll(logDir, 0o700); err != nil { //nolint:gosec // a directory under the bench's own scratch directory (os.MkdirTemp)
		return nil, err
	}
	env := append(append(append([]string{}, s.tc.env...), s.emu.ProviderEnv()...), extraEnv...)
	return harness.NewTerraform(harness.TerraformOptions{
		Bin:          s.tc.terraform,
		Dir:          filepath.Join(s.dir, config),
		LogDir:       logDir,
		DevOverrides: overrides,
		Env:          env,
	})
}
