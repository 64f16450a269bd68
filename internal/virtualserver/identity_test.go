package virtualserver_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// A server's identity is { id = "<id>" } from its creation on, in the state
// `show -json` prints; a refresh and a resize in place keep it; importing
// the server by that identity plans nothing.
func TestAccVirtualServer_identity(t *testing.T) {
	name := randomName()
	sameID := statecheck.CompareValue(compare.ValuesSame())
	checks := func() []statecheck.StateCheck {
		return append(acctest.ExpectIdentityIsID(addr), sameID.AddStateValue(addr, attr("id")))
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.ResourceIdentity)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{Config: smallServer(name, 128), ConfigStateChecks: checks()},
			{
				// A plan refreshes the server, reading it again.
				Config: smallServer(name, 128),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: checks(),
			},
			{
				Config: smallServer(name, 256),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: checks(),
			},
			{
				Config:          smallServer(name, 256),
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// A server created outside Terraform is imported by its identity into a
// configuration that matches it: the plan imports it with that identity and
// changes nothing.
func TestAccVirtualServer_importByIdentityPlansNothing(t *testing.T) {
	name := randomName()
	acctest.ImportByIdentityCase(t, func(t *testing.T) string { return createUnbuiltOutsideTerraform(t, name) },
		func(*string) resource.TestCheckFunc { return checkServersDestroyed(t) }, unbuiltConfig(name), addr, false)
}

// `plan -generate-config-out` on an import block by identity writes a
// configuration that plans nothing.
func TestAccVirtualServer_importByIdentityGeneratesWorkingConfig(t *testing.T) {
	name := randomName()
	acctest.ImportByIdentityCase(t, func(t *testing.T) string { return createOutsideTerraform(t, name) },
		func(*string) resource.TestCheckFunc { return checkServersDestroyed(t) }, `provider "webcore" {}`, addr, true)
}
