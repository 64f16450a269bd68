package main

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
	"strings"
	"syscall"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
)

// terraformGrace is how long Terraform may take to stop after an interrupt
// before it (and its provider plugins) are killed.
const terraformGrace = 15 * time.Second

// terraformCLI runs the Terraform CLI in one configuration directory, with an
// environment built from scratch, and keeps every run's output and provider
// log in logDir (named after the run: apply-1.out, apply-1.tf.log, …).
type terraformCLI struct {
	bin    string
	dir    string
	logDir string
	env    []string
}

// newTerraformCLI writes a CLI configuration whose dev_overrides point
// registry.terraform.io/webcore/webcore at providerDir (no `terraform init`
// needed, nothing downloaded) and prepares the environment of every run.
func newTerraformCLI(bin, dir, logDir, providerDir string, env []string) (*terraformCLI, error) {
	cliConfig := filepath.Join(logDir, "cli.tfrc")
	content := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/webcore/webcore" = %q
  }
  direct {}
}
`, providerDir)
	if err := os.WriteFile(cliConfig, []byte(content), 0o600); err != nil {
		return nil, err
	}
	env = append(env,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",  // no version check against HashiCorp's servers
		"TF_LOG_PROVIDER=DEBUG", // every API request and the provider's reasoning, in the run's .tf.log
	)
	return &terraformCLI{bin: bin, dir: dir, logDir: logDir, env: env}, nil
}

// tfRun is one Terraform command, started and not yet waited for.
type tfRun struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	logFile        *os.File
}

// tfResult is how a Terraform command ended.
type tfResult struct {
	exitCode int
	stdout   string
	stderr   string
}

// start starts `terraform <args>`; name names its log files. Cancelling ctx
// interrupts Terraform (it stops cleanly, saving state), and kills it after terraformGrace.
func (t *terraformCLI) start(ctx context.Context, name string, args ...string) (*tfRun, error) {
	logFile, err := os.Create(filepath.Join(t.logDir, name+".out"))
	if err != nil {
		return nil, err
	}
	r := &tfRun{logFile: logFile}
	r.cmd = exec.CommandContext(ctx, t.bin, append([]string{"-chdir=" + t.dir}, args...)...)
	r.cmd.Env = append(append([]string{}, t.env...), "TF_LOG_PATH="+filepath.Join(t.logDir, name+".tf.log"))
	r.cmd.Stdout = io.MultiWriter(&r.stdout, logFile)
	r.cmd.Stderr = io.MultiWriter(&r.stderr, logFile)
	r.cmd.SysProcAttr = ownProcessGroup()
	r.cmd.Cancel = func() error { return signalGroup(r.cmd.Process, syscall.SIGINT) }
	r.cmd.WaitDelay = terraformGrace
	if err := r.cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("start terraform %s: %w", args[0], err)
	}
	return r, nil
}

// wait waits for the command. A non-zero exit is a result, not an error; an
// error means Terraform could not run or was interrupted.
func (r *tfRun) wait(ctx context.Context) (tfResult, error) {
	err := r.cmd.Wait()
	// Provider plugins of a Terraform that was killed would outlive it.
	_ = signalGroup(r.cmd.Process, syscall.SIGKILL)
	_ = r.logFile.Close()
	res := tfResult{exitCode: r.cmd.ProcessState.ExitCode(), stdout: r.stdout.String(), stderr: r.stderr.String()}
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	var exited *exec.ExitError
	if err != nil && !errors.As(err, &exited) {
		return res, err
	}
	return res, nil
}

// tfOutcome is how a command ended, or the error that stopped the harness waiting for it.
type tfOutcome struct {
	res tfResult
	err error
}

// background waits for the command in a goroutine; the channel delivers the outcome once.
func (r *tfRun) background(ctx context.Context) <-chan tfOutcome {
	done := make(chan tfOutcome, 1)
	go func() {
		res, err := r.wait(ctx)
		done <- tfOutcome{res, err}
	}()
	return done
}

// run runs `terraform <args>` to the end.
func (t *terraformCLI) run(ctx context.Context, name string, args ...string) (tfResult, error) {
	r, err := t.start(ctx, name, args...)
	if err != nil {
		return tfResult{}, err
	}
	return r.wait(ctx)
}

// apply runs `terraform apply -auto-approve`.
func (t *terraformCLI) apply(ctx context.Context, name string) (tfResult, error) {
	return t.run(ctx, name, "apply", "-auto-approve", "-input=false", "-no-color")
}

// planOutcome is what `terraform plan -detailed-exitcode` said.
type planOutcome string

const (
	planEmpty   planOutcome = "yes"
	planChanges planOutcome = "no"
	planFailed  planOutcome = "error"
)

// plan runs `terraform plan -detailed-exitcode`: exit 0 is an empty plan, 2 a
// plan with changes, anything else an error.
func (t *terraformCLI) plan(ctx context.Context, name string) (planOutcome, tfResult, error) {
	res, err := t.run(ctx, name, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	switch {
	case err != nil:
		return planFailed, res, err
	case res.exitCode == 0:
		return planEmpty, res, nil
	case res.exitCode == 2:
		return planChanges, res, nil
	default:
		return planFailed, res, nil
	}
}

// state reads the state through `terraform show -json`.
func (t *terraformCLI) state(ctx context.Context, name string) ([]*tfjson.StateResource, error) {
	res, err := t.run(ctx, name, "show", "-json", "-no-color")
	if err != nil {
		return nil, err
	}
	if res.exitCode != 0 {
		return nil, fmt.Errorf("terraform show -json exited %d: %s", res.exitCode, strings.TrimSpace(res.stderr))
	}
	var st tfjson.State
	if err := json.Unmarshal([]byte(res.stdout), &st); err != nil {
		return nil, fmt.Errorf("terraform show -json: %w", err)
	}
	if st.Values == nil || st.Values.RootModule == nil {
		return nil, nil // no state yet, or an empty one
	}
	return st.Values.RootModule.Resources, nil
}

// errorSummaries turns Terraform's diagnostics (printed with -no-color, so
// without a frame) into one line per error:
// "address: summary: the detail's first paragraph" (cut at detailLimit). The
// full text is in the command's .out file.
func errorSummaries(output string) []string {
	var out []string
	lines := strings.Split(output, "\n")
	for i, line := range lines {
		summary, ok := strings.CutPrefix(line, "Error: ")
		if !ok {
			continue
		}
		address, detail := diagnosticBody(lines[i+1:])
		if address != "" {
			summary = address + ": " + summary
		}
		if len(detail) > detailLimit {
			detail = detail[:detailLimit] + "…"
		}
		if detail != "" {
			summary += ": " + detail
		}
		out = append(out, summary)
	}
	return out
}

// detailLimit keeps a reported error to a few lines of a terminal.
const detailLimit = 400

// diagnosticBody reads what follows an "Error:" headline: the resource of its
// "with" line, and the detail, the first paragraph after the source excerpt.
func diagnosticBody(lines []string) (address, detail string) {
	var paragraph []string
	for _, line := range lines {
		switch {
		case strings.HasPrefix(line, "Error: "), strings.HasPrefix(line, "Warning: "):
			return address, strings.Join(paragraph, " ")
		case strings.TrimSpace(line) == "":
			if len(paragraph) > 0 {
				return address, strings.Join(paragraph, " ")
			}
		case len(paragraph) == 0 && strings.HasPrefix(line, "  "): // the with/on lines and the source excerpt
			if with, ok := strings.CutPrefix(strings.TrimSpace(line), "with "); ok {
				address = strings.TrimSuffix(with, ",")
			}
		default:
			paragraph = append(paragraph, strings.TrimSpace(line))
		}
	}
	return address, strings.Join(paragraph, " ")
}
