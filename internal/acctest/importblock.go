package acctest

import (
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// ImportBlock is a test step that imports the object whose id *id holds
// (read when the step runs) at address with an import block, Terraform 1.5
// and later. The step plans config plus the import block and fails unless
// the plan imports the object and changes nothing.
func ImportBlock(config, address string, id *string) resource.TestStep {
	return resource.TestStep{
		Config:            config,
		ResourceName:      address,
		ImportState:       true,
		ImportStateKind:   resource.ImportBlockWithID,
		ImportStateIdFunc: func(*terraform.State) (string, error) { return *id, nil },
	}
}

// ImportBlockGeneratingConfig is ImportBlock with no resource block in
// config: Terraform writes one (`plan -generate-config-out`), and the step
// fails unless planning the written configuration changes nothing.
func ImportBlockGeneratingConfig(config, address string, id *string) resource.TestStep {
	step := ImportBlock(config, address, id)
	step.GenerateConfig = true
	return step
}
