package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// ExpectIdentityIsID checks, in the state `show -json` prints, that the
// resource at address has an identity, { id = "<id>" }, and that its id is
// the resource's id attribute.
func ExpectIdentityIsID(address string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectIdentity(address, map[string]knownvalue.Check{
			"id": knownvalue.StringRegexp(regexp.MustCompile(`^\S+$`)),
		}),
		statecheck.ExpectIdentityValueMatchesState(address, tfjsonpath.New("id")),
	}
}

// ImportBlockByIdentity is a test step that imports the object whose id *id
// holds (read when the step runs) at address with an import block naming it
// by its resource identity, `identity = { id = … }` (Terraform 1.12,
// OpenTofu 1.12). The block is written here rather than by
// terraform-plugin-testing, whose identity import needs the object in an
// earlier step's state: this one can be created outside Terraform. A
// webscale_* block names provider = webcore, as the configuration
// Terraform generates from it must. The step fails unless the plan imports
// the object, changes nothing, and plans the identity { id = *id }.
func ImportBlockByIdentity(cfg, address string, id *string) resource.TestStep {
	step := ownImportBlock(cfg, address, "identity = { id = var.imported_id }", id)
	step.ImportPlanChecks = resource.ImportPlanChecks{
		PreApply: []plancheck.PlanCheck{expectPlannedIdentity{address: address, id: id}},
	}
	return step
}

// ImportBlockNamingProvider is ImportBlock with the import block written
// here, by id, naming provider = webcore for a webscale_* address: the block
// the test framework writes names no provider, and OpenTofu then resolves a
// webscale_* type to hashicorp/webscale.
func ImportBlockNamingProvider(cfg, address string, id *string) resource.TestStep {
	return ownImportBlock(cfg, address, "id = var.imported_id", id)
}

// ownImportBlock is an import step whose block (to address, with target,
// and provider = webcore for a webscale_* address) is part of the
// configuration, and whose imported_id variable is *id when the step runs.
func ownImportBlock(cfg, address, target string, id *string) resource.TestStep {
	providerLine := ""
	if strings.HasPrefix(address, "webscale_") {
		providerLine = "provider = webcore"
	}
	return resource.TestStep{
		Config: cfg + fmt.Sprintf(`
variable "imported_id" {
  type = string
}

import {
  %s
  to       = %s
  %s
}
`, providerLine, address, target),
		ConfigVariables:        config.Variables{"imported_id": lazyString{id}},
		ResourceName:           address,
		ImportState:            true,
		ImportStateKind:        resource.ImportBlockWithID,
		ImportStateConfigExact: true,
		// Not used by the block above, but asked for when no earlier step
		// left the resource in state.
		ImportStateIdFunc: func(*terraform.State) (string, error) { return *id, nil },
	}
}

// ImportByIdentityCase runs, on CLIs with resource identity, the import by
// identity (ImportBlockByIdentity) of an object that create makes outside
// Terraform: into cfg, or, with generate, into the configuration the CLI
// writes (`plan -generate-config-out`), which must plan nothing either.
func ImportByIdentityCase(t *testing.T, create func(*testing.T) string, checkDestroy func(id *string) resource.TestCheckFunc,
	cfg, address string, generate bool,
) {
	var id string
	step := ImportBlockByIdentity(cfg, address, &id)
	step.GenerateConfig = generate
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{SkipWithout(ResourceIdentity)},
		PreCheck:                 func() { PreCheck(t); id = create(t) },
		ProtoV6ProviderFactories: ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroy(&id),
		Steps:                    []resource.TestStep{step},
	})
}

// lazyString is a configuration variable whose value is read when the step
// runs, after PreCheck has created the object it names.
type lazyString struct{ value *string }

func (v lazyString) MarshalJSON() ([]byte, error) { return json.Marshal(*v.value) }

// expectPlannedIdentity is a plan check that the resource at address is
// planned with the identity { id = *id }.
type expectPlannedIdentity struct {
	address string
	id      *string
}

// CheckPlan implements plancheck.PlanCheck.
func (e expectPlannedIdentity) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if req.Plan.PlannedValues == nil || req.Plan.PlannedValues.RootModule == nil {
		resp.Error = fmt.Errorf("the plan has no planned values")
		return
	}
	for _, r := range req.Plan.PlannedValues.RootModule.Resources {
		if r.Address != e.address {
			continue
		}
		if got := r.IdentityValues["id"]; got != *e.id {
			resp.Error = fmt.Errorf("%s is planned with the identity %v, want { id = %q }", e.address, r.IdentityValues, *e.id)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan's planned values", e.address)
}
