// Command chaos applies a Terraform configuration of the provider against the
// emulator while the emulator injects faults, and reports per seed whether the
// provider converged: how many applies it took, whether it made duplicates,
// whether the next plan was empty and whether one destroy left nothing behind.
// With -outage it instead kills the emulator in the middle of an apply, keeps it
// away for that long, restarts it on its data dir and port, and reports whether
// the apply rode it out. Run it from the repository root (`make chaos`,
// `make chaos-outage`); see the README's "Chaos and outage tests".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/webcore/terraform-provider-webcore/tools/internal/harness"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options is the command line.
type options struct {
	seeds            []uint64
	maxApplies       int
	requireConverged bool
	outage           time.Duration
	runs             int
	terraform        string
	rateLimit        float64 // the emulator's rate limit on top of the fault mix; 0 = none
	rateBurst        int
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	var opts options
	fs := flag.NewFlagSet("chaos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seeds := fs.String("seeds", "1 2", "fault seeds, one run each (space- or comma-separated)")
	fs.IntVar(&opts.maxApplies, "max-applies", 4, "applies to try per seed before it counts as not converging")
	fs.BoolVar(&opts.requireConverged, "require-converged", false,
		"exit non-zero unless every seed converged in one apply with no duplicate, an empty next plan and one clean destroy (with -outage: unless every apply rode the outage out)")
	fs.DurationVar(&opts.outage, "outage", 0, "instead of the fault mix: kill the emulator mid-apply and restart it after this long")
	fs.IntVar(&opts.runs, "runs", 1, "with -outage: how many times to run it")
	fs.Float64Var(&opts.rateLimit, "rate-limit", 0, "also limit each credential to this many requests per second (429 with Retry-After past it); 0 = no limit")
	fs.IntVar(&opts.rateBurst, "rate-burst", 5, "the burst of -rate-limit")
	fs.StringVar(&opts.terraform, "terraform", "", "Terraform CLI to use; default: the pinned one (scripts/tools.sh terraform)")
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	if fs.NArg() > 0 {
		return opts, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	var err error
	if opts.seeds, err = parseSeeds(*seeds); err != nil {
		return opts, err
	}
	if opts.maxApplies < 1 || opts.runs < 1 || opts.outage < 0 || opts.rateLimit < 0 || opts.rateBurst < 1 {
		return opts, errors.New("-max-applies, -runs and -rate-burst must be at least 1, -outage and -rate-limit not negative")
	}
	return opts, nil
}

// parseSeeds reads "1 2 3" or "1,2,3".
func parseSeeds(s string) ([]uint64, error) {
	var seeds []uint64
	for _, field := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		seed, err := strconv.ParseUint(field, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("seed %q: not a non-negative integer", field)
		}
		seeds = append(seeds, seed)
	}
	if len(seeds) == 0 {
		return nil, errors.New("no seeds given")
	}
	return seeds, nil
}

// run returns the exit code: 0, 1 on a failure (or an unconverged run with
// -require-converged), 2 on a bad command line, 130 when interrupted.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseOptions(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "chaos:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	tc, err := prepare(ctx, opts, stderr)
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "chaos:", err)
		return exitCode(ctx, 1)
	}
	defer removeIfEmpty(tc.logsRoot, stderr)

	failed, unconverged := 0, 0
	if opts.outage > 0 {
		printRow(stdout, outageHeader...)
		printRow(stdout, dashes(len(outageHeader))...)
		for i := 1; i <= opts.runs && ctx.Err() == nil; i++ {
			r := runOutage(ctx, tc, i, opts.outage)
			printRow(stdout, r.cells()...)
			failed, unconverged = tally(failed, unconverged, r.err, r.rodeItOut())
		}
	} else {
		printRow(stdout, chaosHeader...)
		printRow(stdout, dashes(len(chaosHeader))...)
		for _, seed := range opts.seeds {
			if ctx.Err() != nil {
				break
			}
			r := runChaos(ctx, tc, seed, opts.maxApplies, opts.rateLimit, opts.rateBurst)
			printRow(stdout, r.cells()...)
			failed, unconverged = tally(failed, unconverged, r.err, r.converged())
		}
	}
	switch {
	case ctx.Err() != nil:
		_, _ = fmt.Fprintln(stderr, "chaos: interrupted")
		return 130
	case failed > 0:
		_, _ = fmt.Fprintf(stderr, "chaos: the harness could not finish %d run(s)\n", failed)
		return 1
	case opts.requireConverged && unconverged > 0:
		_, _ = fmt.Fprintf(stderr, "chaos: %d run(s) did not converge (-require-converged)\n", unconverged)
		return 1
	}
	return 0
}

func tally(failed, unconverged int, err error, ok bool) (int, int) {
	switch {
	case err != nil:
		failed++
	case !ok:
		unconverged++
	}
	return failed, unconverged
}

func exitCode(ctx context.Context, code int) int {
	if ctx.Err() != nil {
		return 130
	}
	return code
}

// prepare builds the provider and the emulator into bin/, finds Terraform and
// makes the directory where logs of runs that go wrong are kept.
func prepare(ctx context.Context, opts options, stderr io.Writer) (toolchain, error) {
	if _, err := os.Stat("go.mod"); err != nil {
		return toolchain{}, errors.New("run from the repository root (go.mod not found)")
	}
	binDir, err := filepath.Abs("bin")
	if err != nil {
		return toolchain{}, err
	}
	env := harness.CleanEnv(os.Environ())
	for _, build := range [][2]string{{"terraform-provider-webcore", "."}, {"webcore-emulator", "./cmd/webcore-emulator"}} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(binDir, build[0]), build[1]) //nolint:gosec // go build of this repository's packages with fixed arguments into the run's bin directory
		cmd.Env, cmd.Stdout, cmd.Stderr = env, stderr, stderr
		if err := cmd.Run(); err != nil {
			return toolchain{}, fmt.Errorf("go build %s: %w", build[1], err)
		}
	}
	terraform := opts.terraform
	if terraform == "" {
		cmd := exec.CommandContext(ctx, "scripts/tools.sh", "terraform")
		cmd.Stderr = stderr
		out, err := cmd.Output()
		if err != nil {
			return toolchain{}, fmt.Errorf("scripts/tools.sh terraform: %w", err)
		}
		terraform = strings.TrimSpace(string(out))
	}
	logsRoot, err := os.MkdirTemp("", "webcore-chaos-logs-")
	if err != nil {
		return toolchain{}, err
	}
	return toolchain{
		providerDir: binDir,
		emulatorBin: filepath.Join(binDir, "webcore-emulator"),
		terraform:   terraform,
		env:         env,
		logsRoot:    logsRoot,
		progress:    stderr,
	}, nil
}

// removeIfEmpty removes the logs directory when every run cleaned up after
// itself, and otherwise says where the kept logs are.
func removeIfEmpty(dir string, stderr io.Writer) {
	entries, err := os.ReadDir(dir)
	if err == nil && len(entries) == 0 {
		_ = os.Remove(dir)
		return
	}
	_, _ = fmt.Fprintf(stderr, "chaos: logs of the runs that did not converge are in %s (emulator request log, Terraform output and provider log per command, configuration and state)\n", dir)
}

// printRow writes one Markdown table row.
func printRow(w io.Writer, cells ...string) {
	_, _ = fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
}

func dashes(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "---"
	}
	return out
}
