package user_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// A user with every optional argument left out (a password is needed to
// create one): it applies, works with that password, and the next plan
// changes nothing.
func TestAccUser_minimal(t *testing.T) {
	login := randomLogin()
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "webcore_user" "test" {
  login    = %[1]q
  email    = "%[1]s@example.com"
  password = "secret-1"
}
`, login),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("timeouts"), knownvalue.Null()),
			},
			Check: checkPasswordWorks(t, addr, "secret-1"),
		}},
	})
}
