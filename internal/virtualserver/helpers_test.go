package virtualserver_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	sdkacctest "github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/emulator"
	"github.com/webcore/terraform-provider-webcore/internal/virtualserver"
)

// randomName is a label no other test uses; also a valid host name.
func randomName() string { return sdkacctest.RandomWithPrefix("tf-acc-vs") }

// smallServer is a server that builds quickly, labelled label and sized
// memory MB.
func smallServer(label string, memory int) string {
	return fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label             = %q
  hostname          = "converge"
  template_id       = %d
  memory            = %d
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 5
}
`, label, templateUbuntu, memory)
}

// apiServer reads a virtual server through the API as the emulator's admin,
// behind Terraform's back.
func apiServer(t *testing.T) acctest.APIReader[client.VirtualServer] {
	return func(ctx context.Context, id string) (*client.VirtualServer, error) {
		return acctest.AdminWebcoreClient(t).GetVirtualServer(ctx, id)
	}
}

// checkCompletedTransaction asserts the server of addr has a complete
// transaction with one of the given actions (newer than any seen before by
// the same check, so a repeated action is really a new one).
func checkCompletedTransaction(t *testing.T, addr string, actions ...string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		id, err := acctest.NumericID(s, addr)
		if err != nil {
			return err
		}
		txs, err := acctest.AdminWebcoreClient(t).ListVirtualServerTransactions(context.Background(), id)
		if err != nil {
			return fmt.Errorf("listing transactions of virtual server %d: %w", id, err)
		}
		var seen []string
		for _, tx := range txs {
			seen = append(seen, fmt.Sprintf("%s:%s", tx.Action, tx.Status))
			for _, action := range actions {
				if tx.Action == action && tx.Status == client.TransactionComplete {
					return nil
				}
			}
		}
		return fmt.Errorf("virtual server %d has no complete %s transaction; it has %v", id, strings.Join(actions, " or "), seen)
	}
}

// checkServersDestroyed is a CheckDestroy: every virtual server of the last
// state must be gone from the API (404).
func checkServersDestroyed(t *testing.T) resource.TestCheckFunc {
	return acctest.CheckDestroyed(virtualserver.TypeName, apiServer(t), func(vs *client.VirtualServer) string {
		return fmt.Sprintf("virtual server %d still exists (locked %t)", vs.ID, vs.Locked)
	})
}

// destroyServer deletes a server outside Terraform and waits until the API
// no longer finds it.
func destroyServer(t *testing.T, id int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	webcore := acctest.AdminWebcoreClient(t)
	if err := webcore.DeleteVirtualServer(ctx, id, client.KeepBackups); err != nil {
		t.Fatalf("deleting virtual server %d: %v", id, err)
	}
	if err := webcore.WaitVirtualServerGone(ctx, id); err != nil {
		t.Fatalf("waiting for virtual server %d to go: %v", id, err)
	}
}

// checkRootPassword asserts the emulator built the server of addr with
// password (it keeps only a SHA-256 of it).
func checkRootPassword(t *testing.T, addr, password string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		id, err := acctest.NumericID(s, addr)
		if err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(password))
		for _, vs := range acctest.EmulatorState(t).Webcore.VirtualServers {
			if int64(vs.ID) == id {
				if vs.RootPasswordSHA256 != hex.EncodeToString(sum[:]) {
					return fmt.Errorf("virtual server %d was not built with the configured root password", id)
				}
				return nil
			}
		}
		return fmt.Errorf("virtual server %d is not in the emulator state", id)
	}
}

// slowAction makes the emulator's action take d for transactions starting
// from now on. The returned function restores the previous durations; it is
// also registered with t.Cleanup and is safe to call twice.
func slowAction(t *testing.T, action string, d time.Duration) (restore func()) {
	t.Helper()
	control := acctest.Emulator(t).Control()
	previous := map[string]time.Duration{}
	for name, text := range acctest.EmulatorState(t).Webcore.TransactionConfig.Durations {
		parsed, err := time.ParseDuration(text)
		if err != nil {
			t.Fatalf("emulator duration %s=%q: %v", name, text, err)
		}
		previous[name] = parsed
	}
	slowed := maps.Clone(previous)
	slowed[action] = d
	if err := control.SetWebcoreTransactions(emulator.WebcoreTransactions{Durations: slowed}); err != nil {
		t.Fatalf("slowing %s: %v", action, err)
	}
	restore = func() {
		if err := control.SetWebcoreTransactions(emulator.WebcoreTransactions{Durations: previous}); err != nil {
			t.Errorf("restoring transaction durations: %v", err)
		}
	}
	t.Cleanup(restore)
	return restore
}

// lowerLimits sets the account's limits and restores the previous ones when
// the test ends.
func lowerLimits(t *testing.T, limits emulator.WebcoreLimits) {
	t.Helper()
	control := acctest.Emulator(t).Control()
	current := acctest.EmulatorState(t).Webcore.Limits
	previous := emulator.WebcoreLimits{MaxVirtualServers: &current.MaxVirtualServers, MaxMemory: &current.MaxMemory, MaxCPUs: &current.MaxCPUs}
	if err := control.SetWebcoreLimits(limits); err != nil {
		t.Fatalf("lowering limits: %v", err)
	}
	t.Cleanup(func() {
		if err := control.SetWebcoreLimits(previous); err != nil {
			t.Errorf("restoring limits: %v", err)
		}
	})
}

// countServers counts the virtual servers the API lists.
func countServers(t *testing.T) int {
	t.Helper()
	list, err := acctest.AdminWebcoreClient(t).ListVirtualServers(context.Background())
	if err != nil {
		t.Fatalf("listing virtual servers: %v", err)
	}
	return len(list)
}

// expectTaintedReplace is a plan check: the resource at addr is in the prior
// state, tainted (its id kept, nothing orphaned), and planned for
// replacement; the API still has the server of that id.
type expectTaintedReplace struct {
	t    *testing.T
	addr string
}

func (e expectTaintedReplace) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = e.check(req.Plan)
}

func (e expectTaintedReplace) check(plan *tfjson.Plan) error {
	if plan.PriorState == nil || plan.PriorState.Values == nil || plan.PriorState.Values.RootModule == nil {
		return fmt.Errorf("%s: the plan has no prior state", e.addr)
	}
	var prior *tfjson.StateResource
	for _, r := range plan.PriorState.Values.RootModule.Resources {
		if r.Address == e.addr {
			prior = r
		}
	}
	if prior == nil {
		return fmt.Errorf("%s is not in the prior state: the failed create left nothing to track", e.addr)
	}
	if !prior.Tainted {
		return fmt.Errorf("%s is in state but not tainted", e.addr)
	}
	id, _ := prior.AttributeValues["id"].(string)
	if id == "" {
		return fmt.Errorf("%s is tainted but has no id", e.addr)
	}
	if _, err := acctest.AdminWebcoreClient(e.t).GetVirtualServer(context.Background(), id); err != nil {
		return fmt.Errorf("%s: the tainted server %s is not readable from the API: %w", e.addr, id, err)
	}
	for _, rc := range plan.ResourceChanges {
		if rc.Address != e.addr {
			continue
		}
		if !rc.Change.Actions.Replace() {
			return fmt.Errorf("%s: expected a replacement of the tainted server, got %v", e.addr, rc.Change.Actions)
		}
		return nil
	}
	return fmt.Errorf("%s: no planned change", e.addr)
}
