package virtualserver_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// TestAccVirtualServer_createTimeout makes build_disk slower than the
// create timeout: the error names the transaction still running, and the
// server stays in state, tainted, rather than orphaned. Not parallel: it
// changes the shared emulator's transaction durations.
func TestAccVirtualServer_createTimeout(t *testing.T) {
	var restore func()
	cfg := fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label             = %[1]q
  hostname          = "slow"
  template_id       = %[2]d
  memory            = 128
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 5

  timeouts {
    create = "300ms"
  }
}
`, randomName(), templateUbuntu)
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			restore = slowAction(t, "build_disk", 2*time.Second)
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)gave\s+up\s+waiting.*still\s+in\s+progress:\s+build_disk\s+\(transaction\s+\d+,\s+running\)`),
			},
			{
				PreConfig:          func() { restore() }, // the destroy then needs no slow wait
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{expectTaintedReplace{t: t, addr: addr}},
				},
			},
		},
	})
}

// TestAccVirtualServer_updateWaitsForQueuedWork: a reboot started outside
// Terraform locks the server, and the API refuses changes meanwhile; the
// update waits for it instead of failing with 403. Not parallel: it changes
// the shared emulator's transaction durations.
func TestAccVirtualServer_updateWaitsForQueuedWork(t *testing.T) {
	name := randomName()
	cfg := func(label string) string {
		return fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label             = %q
  hostname          = "busy"
  template_id       = %d
  memory            = 128
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 5
}
`, label, templateUbuntu)
	}
	var id int64
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: cfg(name),
				Check:  func(s *terraform.State) (err error) { id, err = acctest.NumericID(s, addr); return err },
			},
			{
				PreConfig: func() {
					slowAction(t, "reboot_virtual_machine", time.Second)
					if err := acctest.AdminWebcoreClient(t).PowerAction(context.Background(), id, client.PowerReboot); err != nil {
						t.Fatalf("rebooting server %d: %v", id, err)
					}
				},
				Config: cfg(name + "-busy"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("label"), knownvalue.StringExact(name+"-busy")),
					statecheck.ExpectKnownValue(addr, attr("locked"), knownvalue.Bool(false)),
				},
				Check: checkCompletedTransaction(t, addr, "reboot_virtual_machine"),
			},
		},
	})
}

// TestAccVirtualServer_unconfiguredPowerStateIsLeftAlone: with power_state
// not configured, a startup begun outside Terraform while the server was
// stopped survives an unrelated change; the provider neither undoes it nor
// fails. Not parallel: it changes the shared emulator's transaction durations.
func TestAccVirtualServer_unconfiguredPowerStateIsLeftAlone(t *testing.T) {
	name := randomName()
	cfg := func(label string) string {
		return fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label             = %q
  hostname          = "power"
  template_id       = %d
  memory            = 128
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 5
  start             = false
}
`, label, templateUbuntu)
	}
	var id int64
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: cfg(name),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("power_state"), knownvalue.StringExact("stopped")),
				},
				Check: func(s *terraform.State) (err error) { id, err = acctest.NumericID(s, addr); return err },
			},
			{
				PreConfig: func() {
					slowAction(t, "startup_virtual_machine", time.Second)
					if err := acctest.AdminWebcoreClient(t).PowerAction(context.Background(), id, client.PowerStartup); err != nil {
						t.Fatalf("starting server %d: %v", id, err)
					}
				},
				Config: cfg(name + "-2"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("power_state"), knownvalue.StringExact("running")),
					statecheck.ExpectKnownValue(addr, attr("booted"), knownvalue.Bool(true)),
				},
				Check: acctest.CheckAPIObject(addr, apiServer(t), func(vs *client.VirtualServer) error {
					if !vs.Booted {
						return fmt.Errorf("the startup begun outside Terraform was undone: the server is stopped")
					}
					return nil
				}),
			},
		},
	})
}
