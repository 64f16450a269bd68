package virtualserver_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// A server with every optional argument left out: it is built and booted
// (build and start default to true), and the next plan changes nothing.
func TestAccVirtualServer_minimal(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{{
			Config: smallServer(randomName(), 128),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, attr("built"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, attr("booted"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, attr("power_state"), knownvalue.StringExact("running")),
				statecheck.ExpectKnownValue(addr, attr("timeouts"), knownvalue.Null()),
			},
		}},
	})
}
