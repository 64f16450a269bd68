package virtualserver_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// TestAccVirtualServer_writeOnlyRootPasswordNeedsTerraform111: on an older
// CLI, which would keep it in the state, initial_root_password_wo is
// refused at plan, clearly.
func TestAccVirtualServer_writeOnlyRootPasswordNeedsTerraform111(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWith(acctest.WriteOnlyArguments)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label                    = %q
  hostname                 = "write-only"
  template_id              = %d
  memory                   = 256
  cpus                     = 1
  cpu_shares               = 1
  primary_disk_size        = 5
  initial_root_password_wo = "Wo_root-pw-43"
}
`, randomName(), templateUbuntu),
			PlanOnly:    true,
			ExpectError: acctest.ErrorMatching("WriteOnly Attribute Not Allowed", "initial_root_password_wo", "Terraform 1.11 and later"),
		}},
	})
}
