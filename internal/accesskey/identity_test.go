package accesskey_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// A key's identity is { id = "<id>" } from its creation on, in the state
// `show -json` prints; a refresh and an update in place (the expiry re-spelt
// with another offset) keep it; importing the key by that identity plans
// nothing.
func TestAccAccessKey_identity(t *testing.T) {
	expiry := inHours(48)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	checks := func() []statecheck.StateCheck {
		return append(acctest.ExpectIdentityIsID(keyAddr), sameID.AddStateValue(keyAddr, tfjsonpath.New("id")))
	}
	var id string
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.ResourceIdentity)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             keyGone(t, &id),
		Steps: []resource.TestStep{
			{Config: keyConfig(expiry), ConfigStateChecks: checks(), Check: acctest.CaptureID(keyAddr, &id)},
			{
				// A plan refreshes the key, reading it again.
				Config: keyConfig(expiry),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: checks(),
			},
			{
				Config: keyConfig(strings.Replace(mustShift(t, expiry, 2), "Z", "+02:00", 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: checks(),
			},
			// The import reads the expiry as the API spells it. The import block
			// is written by acctest, not by the test framework, whose block
			// lacks provider = webcore (OpenTofu then looks for hashicorp/webscale).
			acctest.ImportBlockByIdentity(keyConfig(expiry), keyAddr, &id),
		},
	})
}

// A key created outside Terraform is imported by its identity (the import
// block names provider = webcore) into a configuration that matches it: the
// plan imports it with that identity and changes nothing.
func TestAccAccessKey_importByIdentityPlansNothing(t *testing.T) {
	acctest.ImportByIdentityCase(t, createKeyOutsideTerraform, keyGoneByID(t), keyConfig(""), keyAddr, false)
}

// `plan -generate-config-out` on an import block by identity writes a
// configuration, with provider = webcore, that plans nothing.
func TestAccAccessKey_importByIdentityGeneratesWorkingConfig(t *testing.T) {
	acctest.ImportByIdentityCase(t, createKeyOutsideTerraform, keyGoneByID(t), "", keyAddr, true)
}

// keyGoneByID is keyGone for acctest.ImportByIdentityCase.
func keyGoneByID(t *testing.T) func(*string) resource.TestCheckFunc {
	return func(id *string) resource.TestCheckFunc { return keyGone(t, id) }
}
