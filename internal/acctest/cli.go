package acctest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// SkipUnlessAcceptance skips the test unless TF_ACC is set, as
// resource.Test does: for an acceptance test that does work of its own
// before resource.Test, or runs the CLI without it.
func SkipUnlessAcceptance(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("an acceptance test: set TF_ACC=1 to run it")
	}
}

// CLI runs the CLI the suite runs on (TF_ACC_TERRAFORM_PATH) in a working
// directory of its own, with the provider built from this module, as a user
// does: a plugin binary found through dev_overrides (no `init`), the
// provider settings from the environment PreCheck set. It shows what
// terraform-plugin-testing never does: the CLI's own text.
type CLI struct {
	t   *testing.T
	Dir string // the working directory, holding the configuration
	env []string
}

// NewCLI skips the test unless it is an acceptance run, builds the
// provider, and writes files (name → content) into a fresh working
// directory.
func NewCLI(t *testing.T, files map[string]string) *CLI {
	t.Helper()
	SkipUnlessAcceptance(t)
	PreCheck(t)
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-webcore"), "github.com/webcore/terraform-provider-webcore") //nolint:gosec // go build of this module with fixed arguments into the test's own temp dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	dir := t.TempDir()
	cliConfig := filepath.Join(t.TempDir(), "cli.tfrc")
	// Both registries' addresses: the source "webcore/webcore" means one on
	// Terraform and the other on OpenTofu.
	overrides := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/webcore/webcore"  = %[1]q
    "registry.opentofu.org/webcore/webcore" = %[1]q
  }
  direct {}
}
`, bin)
	if err := os.WriteFile(cliConfig, []byte(overrides), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return &CLI{t: t, Dir: dir, env: append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1", "TF_LOG=")}
}

// Run runs the CLI with args in the working directory and returns what it
// printed on stdout and its exit code; a CLI that cannot run fails the test.
func (c *CLI) Run(args ...string) (string, int) {
	c.t.Helper()
	stdout, _, code := c.RunOutput(args...)
	return stdout, code
}

// RunOutput is Run that also returns what the CLI printed on stderr, where
// it writes its error diagnostics.
func (c *CLI) RunOutput(args ...string) (stdout, stderr string, code int) {
	c.t.Helper()
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), append([]string{"-chdir=" + c.Dir}, args...)...) //nolint:gosec // runs the Terraform CLI the developer names in TF_ACC_TERRAFORM_PATH, as terraform-plugin-testing does
	cmd.Env = c.env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		c.t.Fatalf("%v: %v", args, err)
	}
	if exit != nil && exit.ExitCode() != 2 { // 2: a plan with changes, under -detailed-exitcode
		c.t.Logf("%v exited %d:\n%s\n%s", args, exit.ExitCode(), out.String(), errOut.String())
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}

// Setenv sets an environment variable for the CLI runs that follow (the
// provider, which the CLI starts, sees it too).
func (c *CLI) Setenv(name, value string) {
	c.env = append(c.env, name+"="+value) // the last of duplicates wins
}

// WriteConfig replaces main.tf of the working directory, so one built
// provider serves several configurations.
func (c *CLI) WriteConfig(config string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.Dir, "main.tf"), []byte(config), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// MustRun runs the CLI with args, fails the test unless it exits 0, and
// returns its stdout.
func (c *CLI) MustRun(args ...string) string {
	c.t.Helper()
	out, code := c.Run(args...)
	if code != 0 {
		c.t.Fatalf("%v exited %d", args, code)
	}
	return out
}

// PlanOutput is the text of `plan -no-color` of config, which must plan.
func PlanOutput(t *testing.T, config string) string {
	t.Helper()
	return NewCLI(t, map[string]string{"main.tf": config}).MustRun("plan", "-no-color", "-input=false")
}

// ConfigFiles reads the .tf files of dir (an example's directory), for
// NewCLI.
func ConfigFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no .tf file in %s: %v", dir, err)
	}
	files := map[string]string{}
	for _, path := range paths {
		data, err := os.ReadFile(path) //nolint:gosec // the .tf files globbed from the example directory the test names
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(path)] = string(data)
	}
	return files
}
