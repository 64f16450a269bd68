package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
)

// terraformGrace is how long Terraform may take to stop after an interrupt
// before it (and its provider plugins) are killed.
const terraformGrace = 15 * time.Second

// TerraformOptions say how to run the Terraform CLI in one configuration directory.
type TerraformOptions struct {
	Bin    string // the Terraform (or OpenTofu) CLI
	Dir    string // the configuration directory
	LogDir string // every run's output goes here, named after the run: apply-1.out, …
	// DevOverrides maps a provider source address
	// ("registry.terraform.io/webcore/webcore") to the directory holding its
	// binary: no `terraform init` needed, nothing downloaded.
	DevOverrides map[string]string
	Env          []string // the whole environment of every run, built by the caller
	// ProviderLog keeps each run's provider debug log (every API request and the
	// provider's reasoning) in LogDir as <run>.tf.log. It costs time: off for timings.
	ProviderLog bool
}

// Terraform runs the Terraform CLI in one configuration directory with an
// environment built from scratch.
type Terraform struct {
	bin         string
	dir         string
	logDir      string
	env         []string
	providerLog bool
}

// NewTerraform writes the CLI configuration (LogDir/cli.tfrc) and prepares the
// environment of every run.
func NewTerraform(opts TerraformOptions) (*Terraform, error) {
	cliConfig := filepath.Join(opts.LogDir, "cli.tfrc")
	if err := os.WriteFile(cliConfig, []byte(devOverridesConfig(opts.DevOverrides)), 0o600); err != nil {
		return nil, err
	}
	env := append(append([]string{}, opts.Env...),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1", // no version check against HashiCorp's servers
	)
	if opts.ProviderLog {
		env = append(env, "TF_LOG_PROVIDER=DEBUG")
	}
	return &Terraform{bin: opts.Bin, dir: opts.Dir, logDir: opts.LogDir, env: env, providerLog: opts.ProviderLog}, nil
}

// devOverridesConfig is a CLI configuration that takes the providers in
// overrides from their directories and every other one as usual.
func devOverridesConfig(overrides map[string]string) string {
	sources := make([]string, 0, len(overrides))
	for source := range overrides {
		sources = append(sources, source)
	}
	sort.Strings(sources)
	var b strings.Builder
	b.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, source := range sources {
		fmt.Fprintf(&b, "    %q = %q\n", source, overrides[source])
	}
	b.WriteString("  }\n  direct {}\n}\n")
	return b.String()
}

// Command is one Terraform command, started and not yet waited for.
type Command struct {
	cmd            *exec.Cmd
	started        time.Time
	stdout, stderr bytes.Buffer
	logFile        *os.File
}

// Result is how a Terraform command ended.
type Result struct {
	ExitCode int
	Stdout   string
	Stderr   string
	Elapsed  time.Duration // from start to exit, as a user waits for it
}

// Start starts `terraform <args>`; name names its log files. Cancelling ctx
// interrupts Terraform (it stops cleanly, saving state), and kills it after terraformGrace.
func (t *Terraform) Start(ctx context.Context, name string, args ...string) (*Command, error) {
	logFile, err := os.Create(filepath.Join(t.logDir, name+".out")) //nolint:gosec // a log file in the harness's own log directory
	if err != nil {
		return nil, err
	}
	c := &Command{logFile: logFile}
	c.cmd = exec.CommandContext(ctx, t.bin, append([]string{"-chdir=" + t.dir}, args...)...) //nolint:gosec // the Terraform CLI the tool was given (-terraform or the pinned one)
	c.cmd.Env = t.env
	if t.providerLog {
		c.cmd.Env = append(append([]string{}, t.env...), "TF_LOG_PATH="+filepath.Join(t.logDir, name+".tf.log"))
	}
	c.cmd.Stdout = io.MultiWriter(&c.stdout, logFile)
	c.cmd.Stderr = io.MultiWriter(&c.stderr, logFile)
	c.cmd.SysProcAttr = OwnProcessGroup()
	c.cmd.Cancel = func() error { return SignalGroup(c.cmd.Process, syscall.SIGINT) }
	c.cmd.WaitDelay = terraformGrace
	c.started = time.Now()
	if err := c.cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("start terraform %s: %w", args[0], err)
	}
	return c, nil
}

// Wait waits for the command. A non-zero exit is a result, not an error; an
// error means Terraform could not run or was interrupted.
func (c *Command) Wait(ctx context.Context) (Result, error) {
	err := c.cmd.Wait()
	elapsed := time.Since(c.started)
	// Provider plugins of a Terraform that was killed would outlive it.
	_ = SignalGroup(c.cmd.Process, syscall.SIGKILL)
	_ = c.logFile.Close()
	res := Result{ExitCode: c.cmd.ProcessState.ExitCode(), Stdout: c.stdout.String(), Stderr: c.stderr.String(), Elapsed: elapsed}
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	var exited *exec.ExitError
	if err != nil && !errors.As(err, &exited) {
		return res, err
	}
	return res, nil
}

// Outcome is how a command ended, or the error that stopped the caller waiting for it.
type Outcome struct {
	Result Result
	Err    error
}

// Background waits for the command in a goroutine; the channel delivers the outcome once.
func (c *Command) Background(ctx context.Context) <-chan Outcome {
	done := make(chan Outcome, 1)
	go func() {
		res, err := c.Wait(ctx)
		done <- Outcome{res, err}
	}()
	return done
}

// Run runs `terraform <args>` to the end.
func (t *Terraform) Run(ctx context.Context, name string, args ...string) (Result, error) {
	c, err := t.Start(ctx, name, args...)
	if err != nil {
		return Result{}, err
	}
	return c.Wait(ctx)
}

// Apply runs `terraform apply -auto-approve`.
func (t *Terraform) Apply(ctx context.Context, name string) (Result, error) {
	return t.Run(ctx, name, "apply", "-auto-approve", "-input=false", "-no-color")
}

// PlanOutcome is what `terraform plan -detailed-exitcode` said, as a table cell.
type PlanOutcome string

// The three outcomes of a plan.
const (
	PlanEmpty   PlanOutcome = "yes"
	PlanChanges PlanOutcome = "no"
	PlanFailed  PlanOutcome = "error"
)

// Plan runs `terraform plan -detailed-exitcode` with extra arguments: exit 0
// is an empty plan, 2 a plan with changes, anything else an error.
func (t *Terraform) Plan(ctx context.Context, name string, extra ...string) (PlanOutcome, Result, error) {
	res, err := t.Run(ctx, name, append([]string{"plan", "-detailed-exitcode", "-input=false", "-no-color"}, extra...)...)
	switch {
	case err != nil:
		return PlanFailed, res, err
	case res.ExitCode == 0:
		return PlanEmpty, res, nil
	case res.ExitCode == 2:
		return PlanChanges, res, nil
	default:
		return PlanFailed, res, nil
	}
}

// State reads the state through `terraform show -json`.
func (t *Terraform) State(ctx context.Context, name string) ([]*tfjson.StateResource, error) {
	res, err := t.Run(ctx, name, "show", "-json", "-no-color")
	if err != nil {
		return nil, err
	}
	if res.ExitCode != 0 {
		return nil, fmt.Errorf("terraform show -json exited %d: %s", res.ExitCode, strings.TrimSpace(res.Stderr))
	}
	var st tfjson.State
	if err := json.Unmarshal([]byte(res.Stdout), &st); err != nil {
		return nil, fmt.Errorf("terraform show -json: %w", err)
	}
	if st.Values == nil || st.Values.RootModule == nil {
		return nil, nil // no state yet, or an empty one
	}
	return st.Values.RootModule.Resources, nil
}
