package virtualserver_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// TestAccVirtualServer_overLimits lowers the account's memory limit below
// the server's size: the API's 403 comes back as a clear error and nothing
// is created. Not parallel: it changes the shared emulator's limits.
func TestAccVirtualServer_overLimits(t *testing.T) {
	maxMemory, before := 200, 0
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			lowerLimits(t, emulator.WebcoreLimits{MaxMemory: &maxMemory})
			before = countServers(t)
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label             = %[1]q
  hostname          = "too-big"
  template_id       = %[2]d
  memory            = 256
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 5
}
`, randomName(), templateUbuntu),
			ExpectError: regexp.MustCompile(`(?s)creating\s+virtual\s+server:\s+forbidden.*Memory\s+limit\s+exceeded:\s+\d+\s+MB\s+requested\s+in\s+total,\s+200\s+MB\s+allowed`),
		}},
	})
	if after := countServers(t); after != before {
		t.Errorf("the refused create left %d servers, had %d", after, before)
	}
}
