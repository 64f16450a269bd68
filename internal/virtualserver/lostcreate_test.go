package virtualserver_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

const createPath = "/virtual_machines.json"

// serversLabelled lists the ids of the servers the API has with label.
func serversLabelled(t *testing.T, label string) ([]int64, error) {
	list, err := acctest.AdminWebcoreClient(t).ListVirtualServers(context.Background())
	if err != nil {
		return nil, fmt.Errorf("listing virtual servers: %w", err)
	}
	var ids []int64
	for _, vs := range list {
		if vs.Label == label {
			ids = append(ids, vs.ID)
		}
	}
	return ids, nil
}

// lostResponseConfig is a small server; build is "true" or "false".
func lostResponseConfig(label, build string) string {
	return fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label             = %[1]q
  hostname          = "lost-answer"
  template_id       = %[2]d
  memory            = 128
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 5
  build             = %[3]s
}
`, label, templateUbuntu, build)
}

// TestAccVirtualServer_createResponseLost loses the answer to the POST that
// creates the server: the provider finds the one server this request made,
// adopts it instead of orphaning it, and waits for its build as usual. Not
// parallel: it injects an emulator fault.
func TestAccVirtualServer_createResponseLost(t *testing.T) {
	label := randomName()
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			acctest.LoseNextAnswer(t, "POST", createPath)
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: lostResponseConfig(label, "true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("label"), knownvalue.StringExact(label)),
					statecheck.ExpectKnownValue(addr, attr("built"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, attr("booted"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, attr("locked"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, attr("state"), knownvalue.StringExact("delivered")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckAnswerWasLost(t, "POST", createPath),
					func(s *terraform.State) error {
						id, err := acctest.NumericID(s, addr)
						if err != nil {
							return err
						}
						ids, err := serversLabelled(t, label)
						if err != nil {
							return err
						}
						if len(ids) != 1 || ids[0] != id {
							return fmt.Errorf("servers labelled %q: %v; want exactly the one in state, %d", label, ids, id)
						}
						return nil
					},
					checkCompletedTransaction(t, addr, "startup_virtual_machine"),
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccVirtualServer_createResponseLostAmbiguous loses the answer to a
// create while an identical server made moments before (within the allowed
// clock skew) exists: the provider cannot tell which is this request's, so
// it adopts neither and its error names both. Not parallel: it injects an
// emulator fault.
func TestAccVirtualServer_createResponseLostAmbiguous(t *testing.T) {
	label := randomName()
	var twin int64
	t.Cleanup(func() {
		if twin == 0 {
			return // skipped (no TF_ACC) or failed before the twin: nothing to remove
		}
		// Nothing was lost: both servers exist, and the test removes them.
		ids, err := serversLabelled(t, label)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != 2 || !slices.Contains(ids, twin) {
			t.Errorf("servers labelled %q: %v; want the twin (%d) and the one of the lost create", label, ids, twin)
		}
		for _, id := range ids {
			destroyServer(t, id)
		}
	})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					build := false
					vs, err := acctest.AdminWebcoreClient(t).CreateVirtualServer(context.Background(), client.VirtualServerCreateRequest{
						Label: label, Hostname: "lost-answer", TemplateID: templateUbuntu, Memory: 128, CPUs: 1, CPUShares: 1,
						PrimaryDiskSize: 5, RequiredVirtualMachineBuild: &build,
					})
					if err != nil {
						t.Fatalf("creating the twin server: %v", err)
					}
					twin = vs.ID
					acctest.LoseNextAnswer(t, "POST", createPath) // after the twin's own POST
				},
				Config: lostResponseConfig(label, "false"),
				ExpectError: regexp.MustCompile(`(?s)Virtual server may have been created.*may\s+have\s+created\s+one\s+of\s+the` +
					`\s+servers\s+\d+,\s+\d+,`),
			},
		},
	})
	if twin == 0 {
		t.Fatal("the twin server was never created")
	}
}
