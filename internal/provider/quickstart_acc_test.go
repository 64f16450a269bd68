package provider_test

import (
	"encoding/json"
	"testing"

	sdkacctest "github.com/hashicorp/terraform-plugin-testing/helper/acctest"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// TestAccProvider_quickstart does what `make demo` does with
// examples/quickstart/, on the emulator's seeded world: apply, outputs,
// a second plan with no changes, destroy, and nothing left.
func TestAccProvider_quickstart(t *testing.T) {
	t.Parallel()
	cli := acctest.NewCLI(t, acctest.ConfigFiles(t, "../../examples/quickstart"))
	password := "-var=user_password=quickstart-pw-1"
	// The user's login is the example's default: another run against the
	// same emulator would find it taken.
	name := sdkacctest.RandomWithPrefix("qs")
	login, email := "-var=user_login="+name, "-var=user_email="+name+"@example.com"
	cli.MustRun("apply", "-auto-approve", "-no-color", password, login, email)

	var outputs map[string]struct {
		Value     any  `json:"value"`
		Sensitive bool `json:"sensitive"`
	}
	if err := json.Unmarshal([]byte(cli.MustRun("output", "-json")), &outputs); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"server_ip_address", "user_id", "access_key_id", "access_key_secret", "app_logs_window"} {
		if v, ok := outputs[name].Value.(string); !ok || v == "" {
			t.Errorf("output %s is %v", name, outputs[name].Value)
		}
	}
	if !outputs["access_key_secret"].Sensitive {
		t.Error("the key's secret is an output that is not sensitive")
	}
	if _, code := cli.Run("plan", "-detailed-exitcode", "-no-color", password, login, email); code != 0 {
		t.Errorf("the second plan exited %d, want 0 (no changes)", code)
	}
	cli.MustRun("destroy", "-auto-approve", "-no-color", password, login, email)
	if state := cli.MustRun("state", "list"); state != "" {
		t.Errorf("left in the state after destroy:\n%s", state)
	}
}
