// Command bench measures the webcore provider as a user meets it and prints one
// Markdown table, with a reference measured in the same run beside every
// figure and the ratio: plan time of N webcore_user against a minimal
// plugin-framework provider (./minimalprovider) and terraform_data, with and
// without refresh; the same refresh with injected API latency; API calls and
// detection lag of one server create for builds of several lengths; and the
// emulator's throughput against a bare TLS handler. Goals of issue 12 are
// marked met or not; nothing fails on a figure. Run it from the repository
// root (`make bench`); the README's "Performance" section says how each figure
// is measured.
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
	"slices"
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
	sizes       []int           // how many webcore_user a plan covers; one section each
	runs        int             // timed plans per figure; the table shows the median
	builds      []time.Duration // duration of each of a build's buildSteps transactions; one create each
	latency     time.Duration   // injected on every vendor path for the latency figure
	wrkDuration time.Duration   // per wrk target; 0 skips the throughput rows
	out         string          // also write the table here
	terraform   string
	cpuprofile  string   // also profile the provider during one plan of the largest N, into this directory
	args        []string // as given, for the caption
	sections    map[string]bool
	// rate limits (issue 21)
	limitRate                 float64
	limitBurst                int
	limitCreate, limitRefresh int
	linear                    []int // N of the linear-cost rows
}

// sectionNames are the parts of the bench -sections chooses from.
// "ratelimit" stands for its three parts, which can also be run alone.
var sectionNames = []string{"plans", "creates", "throughput", "ratelimit", "limit-create", "limit-refresh", "no-limit", "linear"}

// rateLimitParts are the parts of the "ratelimit" section.
var rateLimitParts = []string{"limit-create", "limit-refresh", "no-limit"}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	opts := options{args: args}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("n", "100 500", "numbers of webcore_user to plan (space- or comma-separated)")
	fs.IntVar(&opts.runs, "runs", 5, "timed plans per figure; the table shows the median")
	builds := fs.String("builds", "250ms 500ms 2s 5s", "durations of one build step, one server create each (a build has 4 steps)")
	fs.DurationVar(&opts.latency, "latency", 200*time.Millisecond, "API latency injected for the latency figure")
	fs.DurationVar(&opts.wrkDuration, "wrk-duration", 10*time.Second, "wrk run per target for the throughput rows; 0 skips them")
	fs.StringVar(&opts.out, "out", "", "also write the Markdown table to this file")
	fs.StringVar(&opts.terraform, "terraform", "", "Terraform CLI to use; default: the pinned one (scripts/tools.sh terraform)")
	fs.StringVar(&opts.cpuprofile, "cpuprofile", "", "also write CPU profiles of the provider during one plan of the largest N (with and without refresh) into this directory")
	sections := fs.String("sections", strings.Join(sectionNames, ","), "parts to run: "+strings.Join(sectionNames, ", "))
	fs.Float64Var(&opts.limitRate, "limit-rate", 20, "the emulator's rate limit (requests per second) of the rate-limit rows")
	fs.IntVar(&opts.limitBurst, "limit-burst", 5, "the emulator's burst of the rate-limit rows")
	fs.IntVar(&opts.limitCreate, "limit-create", 200, "users created at the limit (and in the no-limit apply rows)")
	fs.IntVar(&opts.limitRefresh, "limit-refresh", 500, "users refreshed at the limit (and in the no-limit plan rows)")
	linear := fs.String("linear", "500 2000 5000", "numbers of users of the linear-cost rows")
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	opts.sections = map[string]bool{}
	for _, name := range strings.FieldsFunc(*sections, func(r rune) bool { return r == ',' || r == ' ' }) {
		if !slices.Contains(sectionNames, name) {
			return opts, fmt.Errorf("-sections: unknown part %q", name)
		}
		opts.sections[name] = true
		if name == "ratelimit" {
			for _, part := range rateLimitParts {
				opts.sections[part] = true
			}
		}
	}
	if opts.limitRate <= 0 || opts.limitBurst < 1 || opts.limitCreate < 1 || opts.limitRefresh < 1 {
		return opts, errors.New("-limit-rate must be positive, -limit-burst, -limit-create and -limit-refresh at least 1")
	}
	if fs.NArg() > 0 {
		return opts, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	var err error
	if opts.sizes, err = parseList(*sizes, func(s string) (int, error) {
		n, err := strconv.Atoi(s)
		if err == nil && n < 1 {
			err = errors.New("not positive")
		}
		return n, err
	}); err != nil {
		return opts, fmt.Errorf("-n: %w", err)
	}
	if opts.linear, err = parseList(*linear, func(s string) (int, error) {
		n, err := strconv.Atoi(s)
		if err == nil && n < 1 {
			err = errors.New("not positive")
		}
		return n, err
	}); err != nil {
		return opts, fmt.Errorf("-linear: %w", err)
	}
	if opts.builds, err = parseList(*builds, func(s string) (time.Duration, error) {
		d, err := time.ParseDuration(s)
		if err == nil && d <= 0 {
			err = errors.New("not positive")
		}
		return d, err
	}); err != nil {
		return opts, fmt.Errorf("-builds: %w", err)
	}
	if opts.runs < 1 || opts.latency <= 0 || opts.wrkDuration < 0 {
		return opts, errors.New("-runs must be at least 1, -latency positive, -wrk-duration not negative")
	}
	return opts, nil
}

// parseList reads "1 2 3" or "1,2,3".
func parseList[T any](s string, parse func(string) (T, error)) ([]T, error) {
	var out []T
	for _, field := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		v, err := parse(field)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", field, err)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, errors.New("empty")
	}
	return out, nil
}

// run returns the exit code: 0, 1 when the bench could not measure, 2 on a
// bad command line, 130 when interrupted.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseOptions(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	started := time.Now()
	tc, err := prepare(ctx, opts, stderr)
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "bench:", err)
		return exitCode(ctx)
	}
	report, err := measure(ctx, tc, opts)
	tc.finish(err != nil)
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "bench:", err)
		return exitCode(ctx)
	}
	report.caption = tc.caption(opts, time.Since(started))
	table := report.markdown()
	_, _ = io.WriteString(stdout, table)
	if opts.out != "" {
		if err := os.WriteFile(opts.out, []byte(table), 0o644); err != nil { //nolint:gosec // the Markdown table at the developer's -out path, meant to be read: figures, no secret
			_, _ = fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
	}
	return 0
}

func exitCode(ctx context.Context) int {
	if ctx.Err() != nil {
		return 130
	}
	return 1
}

// measure runs every section in turn.
func measure(ctx context.Context, tc *toolchain, opts options) (report, error) {
	var r report
	for i, n := range opts.sizes {
		if !opts.sections["plans"] {
			break
		}
		profile := ""
		if opts.cpuprofile != "" && i == len(opts.sizes)-1 {
			profile = opts.cpuprofile
		}
		p, err := measurePlans(ctx, tc, n, opts.runs, opts.latency, profile)
		if err != nil {
			return r, fmt.Errorf("plans of %d users: %w", n, err)
		}
		r.plans = append(r.plans, p)
	}
	if opts.sections["creates"] {
		creates, err := measureCreates(ctx, tc, opts.builds)
		if err != nil {
			return r, fmt.Errorf("server creates: %w", err)
		}
		r.creates = creates
	}
	if slices.ContainsFunc(rateLimitParts, func(part string) bool { return opts.sections[part] }) {
		f, err := measureRateLimits(ctx, tc, opts)
		if err != nil {
			return r, fmt.Errorf("rate limits: %w", err)
		}
		r.rateLimits = &f
	}
	for _, n := range opts.linear {
		if !opts.sections["linear"] {
			break
		}
		f, err := measureLinear(ctx, tc, n, opts.runs)
		if err != nil {
			return r, fmt.Errorf("linear cost of %d users: %w", n, err)
		}
		r.linear = append(r.linear, f)
	}
	if opts.wrkDuration > 0 && opts.sections["throughput"] {
		t, err := measureThroughput(ctx, tc, opts.wrkDuration)
		if err != nil {
			return r, err
		}
		r.throughput = &t
	}
	return r, nil
}

// toolchain is what every section shares: the built binaries, the Terraform
// CLI, a clean environment and the run's scratch directory.
type toolchain struct {
	terraform   string
	env         []string // the caller's environment, cleaned (see harness.CleanEnv)
	root        string   // scratch: configurations, state, logs
	webcoreDir  string   // holds terraform-provider-webcore
	minimalDir  string   // holds terraform-provider-minimal
	profiledDir string   // holds the profiling build of terraform-provider-webcore, with -cpuprofile
	emulatorBin string
	progress    io.Writer

	commit           string // measured, for the caption
	terraformVersion string
	loadAtStart      string
}

// prepare builds the providers and the emulator into a scratch directory and
// finds Terraform.
func prepare(ctx context.Context, opts options, stderr io.Writer) (*toolchain, error) {
	if _, err := os.Stat("go.mod"); err != nil {
		return nil, errors.New("run from the repository root (go.mod not found)")
	}
	root, err := os.MkdirTemp("", "webcore-bench-")
	if err != nil {
		return nil, err
	}
	tc := &toolchain{
		env:         harness.CleanEnv(os.Environ()),
		root:        root,
		webcoreDir:  filepath.Join(root, "bin", "webcore"),
		minimalDir:  filepath.Join(root, "bin", "minimal"),
		profiledDir: filepath.Join(root, "bin", "profiled"),
		emulatorBin: filepath.Join(root, "bin", "webcore-emulator"),
		progress:    stderr,
		loadAtStart: loadAverage(),
	}
	builds := [][2]string{
		{filepath.Join(tc.webcoreDir, "terraform-provider-webcore"), "."},
		{filepath.Join(tc.minimalDir, "terraform-provider-minimal"), "./tools/bench/minimalprovider"},
		{tc.emulatorBin, "./cmd/webcore-emulator"},
	}
	if opts.cpuprofile != "" {
		builds = append(builds, [2]string{filepath.Join(tc.profiledDir, "terraform-provider-webcore"), "./tools/bench/profiledprovider"})
	}
	tc.logf("building the providers and the emulator")
	for _, b := range builds {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", b[0], b[1]) //nolint:gosec // go build of this repository's packages with fixed arguments into the bench's scratch directory
		cmd.Env, cmd.Stdout, cmd.Stderr = tc.env, stderr, stderr
		if err := cmd.Run(); err != nil {
			tc.finish(false)
			return nil, fmt.Errorf("go build %s: %w", b[1], err)
		}
	}
	tc.terraform = opts.terraform
	if tc.terraform == "" {
		cmd := exec.CommandContext(ctx, "scripts/tools.sh", "terraform")
		cmd.Stderr = stderr
		out, err := cmd.Output()
		if err != nil {
			tc.finish(false)
			return nil, fmt.Errorf("scripts/tools.sh terraform: %w", err)
		}
		tc.terraform = strings.TrimSpace(string(out))
	}
	tc.describeSources(ctx)
	return tc, nil
}

// finish removes the scratch directory, or keeps it when the bench failed
// and says where it is (Terraform output of every command, emulator logs).
func (tc *toolchain) finish(keep bool) {
	if keep {
		tc.logf("logs kept in %s", tc.root)
		return
	}
	_ = os.RemoveAll(tc.root) //nolint:gosec // the bench's own scratch directory, made by os.MkdirTemp
}

// logf reports progress on stderr.
func (tc *toolchain) logf(format string, args ...any) {
	_, _ = fmt.Fprintf(tc.progress, "bench: %s\n", fmt.Sprintf(format, args...))
}
