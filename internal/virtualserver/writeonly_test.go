package virtualserver_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// TestAccVirtualServer_writeOnlyRootPassword builds a server with
// initial_root_password_wo from an ephemeral variable: the server is built
// with it, and it is never in the state file, the state, the plan or the
// TRACE log; a new value later plans nothing. Not parallel: it keeps the
// working directories to read the state files, and the logs.
func TestAccVirtualServer_writeOnlyRootPassword(t *testing.T) {
	label := randomName()
	const first, second = "Wo_root-pw-41", "Wo_root-pw-42"
	dir := acctest.KeepWorkingDirs(t)
	logs := acctest.CaptureLogs(t)
	cfg := fmt.Sprintf(`
variable "root_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "webcore_virtual_server" "test" {
  label                    = %q
  hostname                 = "write-only"
  template_id              = %d
  memory                   = 256
  cpus                     = 1
  cpu_shares               = 1
  primary_disk_size        = 5
  initial_root_password_wo = var.root_password
}
`, label, templateUbuntu)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.WriteOnlyArguments)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:          cfg,
				ConfigVariables: config.Variables{"root_password": config.StringVariable(first)},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.ExpectNoSecretInPlan(first),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("initial_root_password_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, attr("initial_root_password"), knownvalue.Null()),
					acctest.ExpectNoSecretInState(first),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkRootPassword(t, addr, first),
					acctest.CheckNoSecretInStateFiles(dir, first),
					acctest.CheckNoSecretInLogs(logs, first),
				),
			},
			{
				// Terraform cannot see a write-only value change, and the API
				// applies a root password only at build time: nothing to do.
				Config:          cfg,
				ConfigVariables: config.Variables{"root_password": config.StringVariable(second)},
				PlanOnly:        true,
			},
		},
	})
}

// TestAccVirtualServer_exampleWriteOnly applies the documented write-only
// example: the server is built with the password, which is nowhere in the
// state.
func TestAccVirtualServer_exampleWriteOnly(t *testing.T) {
	const example, secret = "webcore_virtual_server.db", "Example_wo-root-1"
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.WriteOnlyArguments)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{{
			ConfigFile:      config.StaticFile("../../examples/resources/webcore_virtual_server/resource_write_only.tf"),
			ConfigVariables: config.Variables{"db_root_password": config.StringVariable(secret)},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{acctest.ExpectNoSecretInPlan(secret)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectNoSecretInState(secret)},
			Check:             checkRootPassword(t, example, secret),
		}},
	})
}
