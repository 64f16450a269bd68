package acctest

import (
	"bytes"
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

// PlanOutput runs `plan -no-color` of config with the CLI the suite runs on
// (TF_ACC_TERRAFORM_PATH) and the provider built from this module, as a
// user would: a plugin binary found through dev_overrides, the provider
// settings from the environment PreCheck set. It returns what the CLI
// printed, the human-readable plan that terraform-plugin-testing never
// shows. The plan must succeed.
func PlanOutput(t *testing.T, config string) string {
	t.Helper()
	SkipUnlessAcceptance(t)
	PreCheck(t)
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-webcore"), "github.com/webcore/terraform-provider-webcore")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	dir := t.TempDir()
	cliConfig := filepath.Join(dir, "cli.tfrc")
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
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	// No `init`: with dev_overrides the CLI takes the provider from bin.
	plan := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "-chdir="+dir, "plan", "-no-color", "-input=false")
	plan.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_LOG=")
	var stdout, stderr bytes.Buffer
	plan.Stdout, plan.Stderr = &stdout, &stderr
	if err := plan.Run(); err != nil {
		t.Fatalf("plan: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	return stdout.String()
}
