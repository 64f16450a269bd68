package virtualserver_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// TestAccVirtualServer_refreshOfManyServersSharesLists refreshes 8
// servers, some relabelled, resized, stopped or destroyed behind
// Terraform's back: with Terraform's default parallelism the reads are
// served by the server list, and the state is the same as when every server
// is read by itself. Not parallel: it counts the emulator's requests.
func TestAccVirtualServer_refreshOfManyServersSharesLists(t *testing.T) {
	name := randomName()
	var ids map[int]int64
	changeOutside := func() {
		api := acctest.AdminWebcoreClient(t)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		label, memory := "relabelled", int64(512)
		if err := api.UpdateVirtualServer(ctx, ids[1], client.VirtualServerUpdateRequest{Label: &label, Memory: &memory}); err != nil {
			t.Fatal(err)
		}
		if err := api.PowerAction(ctx, ids[2], client.PowerShutdown); err != nil {
			t.Fatal(err)
		}
		if err := api.DeleteVirtualServer(ctx, ids[3], client.KeepBackups); err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{1, 2} {
			if err := api.WaitForTransactions(ctx, ids[i], 0); err != nil {
				t.Fatal(err)
			}
		}
		if err := api.WaitVirtualServerGone(ctx, ids[3]); err != nil {
			t.Fatal(err)
		}
	}
	steps := []resource.TestStep{{
		Config: fmt.Sprintf(`
resource "webcore_virtual_server" "many" {
  count             = 8
  label             = "%s-${count.index}"
  hostname          = "many-${count.index}"
  template_id       = %d
  memory            = 256
  cpus              = 1 + count.index %% 2
  cpu_shares        = 1
  primary_disk_size = 5
  note              = count.index %% 3 == 0 ? "third" : null
}
`, name, templateUbuntu),
		Check: acctest.CaptureCountIDs("webcore_virtual_server.many", &ids, 1, 2, 3),
	}}
	steps = append(steps, acctest.BatchedRefreshSteps(t, "webcore_virtual_server",
		acctest.Routes{List: "GET /virtual_machines.json", Get: "GET /virtual_machines/{id}"}, changeOutside)...)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps:                    steps,
	})
}
