package virtualserver_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
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
