package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// ExpectNoSecretInState is a state check: none of secrets appears anywhere
// in the state as `terraform show -json` renders it.
func ExpectNoSecretInState(secrets ...string) statecheck.StateCheck {
	return noSecret{secrets: secrets}
}

// ExpectNoSecretInPlan is a plan check: none of secrets appears anywhere in
// the plan as `terraform show -json` renders it.
func ExpectNoSecretInPlan(secrets ...string) plancheck.PlanCheck {
	return noSecret{secrets: secrets}
}

type noSecret struct{ secrets []string }

func (n noSecret) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = n.absentFrom("the state (terraform show -json)", req.State)
}

func (n noSecret) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = n.absentFrom("the plan (terraform show -json)", req.Plan)
}

func (n noSecret) absentFrom(where string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", where, err)
	}
	return secretsAbsent(where, string(data), n.secrets)
}

func secretsAbsent(where, text string, secrets []string) error {
	for i, s := range secrets {
		if s == "" {
			return fmt.Errorf("secret %d is empty: the check would prove nothing", i)
		}
		if strings.Contains(text, s) {
			return fmt.Errorf("%s holds secret %d", where, i) // never the secret itself
		}
	}
	return nil
}

// KeepWorkingDirs makes the test's Terraform working directories (state
// files, plan files) land in a directory of the test, returned, so that
// checks can read the files themselves. The test must not be parallel: it
// sets TF_ACC_TEMP_DIR for the process.
func KeepWorkingDirs(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", dir)
	return dir
}

// CheckNoSecretInStateFiles asserts that no state file (or its backup)
// under dir, the working directories KeepWorkingDirs keeps, holds any of
// secrets, and that at least one was read. (The configuration files there
// hold the secrets the test configured; saved plans are compressed, so the
// plan is checked as JSON with ExpectNoSecretInPlan.)
func CheckNoSecretInStateFiles(dir string, secrets ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		states := 0
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			isState := strings.HasSuffix(path, ".tfstate") || strings.HasSuffix(path, ".tfstate.backup")
			if err != nil || d.IsDir() || !isState {
				return err
			}
			states++
			data, err := os.ReadFile(path) //nolint:gosec // state files under the test's own working directory, read to check them for secrets
			if err != nil {
				return err
			}
			return secretsAbsent(path, string(data), secrets)
		})
		if err == nil && states == 0 {
			err = fmt.Errorf("no state file under %s: the check read nothing", dir)
		}
		return err
	}
}

// CaptureLogs sends the test's Terraform CLI and provider logs, at TRACE,
// to files in a directory of the test, returned for CheckNoSecretInLogs.
// The test must not be parallel: it sets TF_LOG and TF_LOG_PATH_MASK for
// the process.
func CaptureLogs(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	// terraform-plugin-testing and terraform-plugin-log name the file after
	// the test (%s); the CLI's log lands in the same file.
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(dir, "%s.log"))
	return dir
}

// CheckNoSecretInLogs asserts that the logs CaptureLogs collects in dir
// hold none of secrets, and that they hold the provider's own request log,
// so that the check cannot pass on empty or unrelated files.
func CheckNoSecretInLogs(dir string, secrets ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		files, err := filepath.Glob(filepath.Join(dir, "*.log"))
		if err != nil {
			return err
		}
		providerLines := false
		for _, path := range files {
			data, err := os.ReadFile(path) //nolint:gosec // log files CaptureLogs wrote into the test's own directory
			if err != nil {
				return err
			}
			providerLines = providerLines || strings.Contains(string(data), requestLogMessage)
			if err := secretsAbsent("the TRACE log "+filepath.Base(path), string(data), secrets); err != nil {
				return err
			}
		}
		if !providerLines {
			return fmt.Errorf("no %q line in the logs under %s: the check read nothing of the provider's", requestLogMessage, dir)
		}
		return nil
	}
}

// requestLogMessage ends the client's log line of every HTTP attempt
// ("webcore HTTP request", "webscale HTTP request").
const requestLogMessage = "HTTP request"
