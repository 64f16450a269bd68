package user_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// importedUserConfig is a user as createUserOutsideTerraform makes it, with
// no password: the API never returns one, and an existing user needs none.
func importedUserConfig(login string) string {
	return fmt.Sprintf(`
resource "webcore_user" "test" {
  login      = %q
  email      = "%s@example.com"
  first_name = "Legacy"
}
`, login, login)
}

// A user's identity is { id = "<id>" } from its creation on, in the state
// `show -json` prints; a refresh and an update in place keep it; importing
// the user by that identity plans nothing.
func TestAccUser_identity(t *testing.T) {
	login := randomLogin()
	cfg := func(firstName, passwordLine string) string {
		return fmt.Sprintf(`
resource "webcore_user" "test" {
  login      = %[1]q
  email      = "%[1]s@example.com"
  first_name = %[2]q
  %[3]s
}
`, login, firstName, passwordLine)
	}
	const password = `password = "secret-1"`
	sameID := statecheck.CompareValue(compare.ValuesSame())
	checks := func() []statecheck.StateCheck {
		return append(acctest.ExpectIdentityIsID(addr), sameID.AddStateValue(addr, tfjsonpath.New("id")))
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.ResourceIdentity)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{Config: cfg("Legacy", password), ConfigStateChecks: checks()},
			{
				// A plan refreshes the user, reading it again.
				Config: cfg("Legacy", password),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: checks(),
			},
			{
				Config: cfg("Jane", password),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: checks(),
			},
			{
				// The import reads no password: a configuration without one
				// plans nothing.
				Config:          cfg("Jane", ""),
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// A user created outside Terraform is imported by its identity into a
// configuration that matches it: the plan imports it with that identity and
// changes nothing.
func TestAccUser_importByIdentityPlansNothing(t *testing.T) {
	login := randomLogin()
	acctest.ImportByIdentityCase(t, func(t *testing.T) string { return createUserOutsideTerraform(t, login) },
		func(*string) resource.TestCheckFunc { return checkUsersDestroyed(t) }, importedUserConfig(login), addr, false)
}

// `plan -generate-config-out` on an import block by identity writes a
// configuration that plans nothing.
func TestAccUser_importByIdentityGeneratesWorkingConfig(t *testing.T) {
	login := randomLogin()
	acctest.ImportByIdentityCase(t, func(t *testing.T) string { return createUserOutsideTerraform(t, login) },
		func(*string) resource.TestCheckFunc { return checkUsersDestroyed(t) }, `provider "webcore" {}`, addr, true)
}
