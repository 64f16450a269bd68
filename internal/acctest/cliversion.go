package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Feature is something Terraform and OpenTofu support from different
// versions on. tfversion's checks compare an OpenTofu version number as if
// it were Terraform's, which is wrong both ways (OpenTofu 1.10 has no
// ephemeral resources, Terraform 1.10 has), so the tests ask for a feature.
type Feature struct {
	Name      string
	Terraform *version.Version // the first Terraform that has it
	OpenTofu  *version.Version // the first OpenTofu that has it
}

// The features the tests skip on CLIs without them.
var (
	EphemeralResources = Feature{Name: "ephemeral resources", Terraform: tfversion.Version1_10_0, OpenTofu: version.Must(version.NewVersion("1.11.0"))}
	WriteOnlyArguments = Feature{Name: "write-only arguments", Terraform: tfversion.Version1_11_0, OpenTofu: version.Must(version.NewVersion("1.11.0"))}
	ResourceIdentity   = Feature{Name: "resource identity", Terraform: tfversion.Version1_12_0, OpenTofu: version.Must(version.NewVersion("1.12.0"))}
)

// CLIInfo says which CLI the suite runs on (TF_ACC_TERRAFORM_PATH).
type CLIInfo struct {
	OpenTofu bool
	Version  *version.Version // without a prerelease suffix: 1.12.6-dev is 1.12.6
}

func (c CLIInfo) String() string {
	if c.OpenTofu {
		return "OpenTofu " + c.Version.String()
	}
	return "Terraform " + c.Version.String()
}

// Has tells whether the CLI has feature f.
func (c CLIInfo) Has(f Feature) bool {
	if c.OpenTofu {
		return !c.Version.LessThan(f.OpenTofu)
	}
	return !c.Version.LessThan(f.Terraform)
}

var cliInfo struct {
	once sync.Once
	info CLIInfo
	err  error
}

// RunningCLI returns which CLI the suite runs on, asking it once per test
// binary.
func RunningCLI(t testing.TB) CLIInfo {
	t.Helper()
	cli, err := cliInfoOrError()
	if err != nil {
		t.Fatalf("asking the CLI its version: %v", err)
	}
	return cli
}

// askCLI runs `version -json` (whose "terraform_version" is OpenTofu's own
// version on OpenTofu) and `version`, whose first line names the CLI.
func askCLI() (CLIInfo, error) {
	if err := ensureTerraformPath(); err != nil {
		return CLIInfo{}, err
	}
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	env := append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE=/dev/null")
	run := func(args ...string) ([]byte, error) {
		cmd := exec.Command(path, args...) //nolint:gosec // runs the Terraform CLI the developer names in TF_ACC_TERRAFORM_PATH, as terraform-plugin-testing does
		cmd.Env = env
		return cmd.Output()
	}
	out, err := run("version", "-json")
	if err != nil {
		return CLIInfo{}, fmt.Errorf("%s version -json: %w", path, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return CLIInfo{}, fmt.Errorf("%s version -json: %w", path, err)
	}
	parsed, err := version.NewVersion(v.Version)
	if err != nil {
		return CLIInfo{}, err
	}
	text, err := run("version")
	if err != nil {
		return CLIInfo{}, fmt.Errorf("%s version: %w", path, err)
	}
	return CLIInfo{OpenTofu: strings.HasPrefix(string(text), "OpenTofu"), Version: parsed.Core()}, nil
}

// SkipWithout is a TerraformVersionCheck that skips the test on a CLI
// without feature f.
func SkipWithout(f Feature) tfversion.TerraformVersionCheck { return featureCheck{f: f, want: true} }

// SkipWith is a TerraformVersionCheck that skips the test on a CLI with
// feature f: for tests of what an older CLI does without it.
func SkipWith(f Feature) tfversion.TerraformVersionCheck { return featureCheck{f: f, want: false} }

type featureCheck struct {
	f    Feature
	want bool
}

// CheckTerraformVersion implements tfversion.TerraformVersionCheck.
func (c featureCheck) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	cli, err := cliInfoOrError()
	if err != nil {
		resp.Error = err
		return
	}
	switch has := cli.Has(c.f); {
	case c.want && !has:
		resp.Skip = fmt.Sprintf("%s has no %s (Terraform %s, OpenTofu %s and later)", cli, c.f.Name, c.f.Terraform, c.f.OpenTofu)
	case !c.want && has:
		resp.Skip = fmt.Sprintf("%s has %s: this tests a CLI without them", cli, c.f.Name)
	}
}

func cliInfoOrError() (CLIInfo, error) {
	cliInfo.once.Do(func() { cliInfo.info, cliInfo.err = askCLI() })
	return cliInfo.info, cliInfo.err
}

// SkipUnless skips a test that runs the CLI itself (not through
// resource.Test) on a CLI without feature f, and outside acceptance runs.
func SkipUnless(t *testing.T, f Feature) {
	t.Helper()
	SkipUnlessAcceptance(t)
	if cli := RunningCLI(t); !cli.Has(f) {
		t.Skipf("%s has no %s (Terraform %s, OpenTofu %s and later)", cli, f.Name, f.Terraform, f.OpenTofu)
	}
}

// SkipOnOpenTofuBelow skips a test on OpenTofu older than minimum, for a
// limitation of those versions that why names.
// Outside acceptance runs it skips the test at once, as resource.Test
// would, without asking the CLI.
func SkipOnOpenTofuBelow(t *testing.T, minimum string, why string) {
	t.Helper()
	SkipUnlessAcceptance(t)
	if cli := RunningCLI(t); cli.OpenTofu && cli.Version.LessThan(version.Must(version.NewVersion(minimum))) {
		t.Skipf("skipped on %s: %s", cli, why)
	}
}
