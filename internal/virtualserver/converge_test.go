package virtualserver_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// serverPath is the API path of the server of addr, as the request log has it.
func serverPath(s *terraform.State) (string, error) {
	id, err := acctest.ID(s, addr)
	return "/virtual_machines/" + id + ".json", err
}

// TestAccVirtualServer_lostResize loses the answer to the PUT that resizes a
// server: the provider does not send it again into the server's lock (a
// 403), but waits for the resize the PUT queued, reads the server back and
// finds the change applied. Not parallel: it injects emulator faults.
func TestAccVirtualServer_lostResize(t *testing.T) {
	label := randomName()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{Config: smallServer(label, 256)},
			{
				PreConfig: func() { acctest.LoseNextAnswer(t, "PUT", "/virtual_machines/*.json") },
				Config:    smallServer(label, 512),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("memory"), knownvalue.Int64Exact(512)),
					statecheck.ExpectKnownValue(addr, attr("locked"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) error {
						path, err := serverPath(s)
						if err != nil {
							return err
						}
						puts := acctest.Requests(t, "PUT", path)
						if len(puts) != 1 || puts[0].Fault != emulator.FaultCommitThenDrop {
							return fmt.Errorf("PUT %s: %d requests %+v; want the one whose answer was lost, not sent again", path, len(puts), puts)
						}
						return nil
					},
					acctest.CheckAPIObject(addr, apiServer(t), func(vs *client.VirtualServer) error {
						if vs.Memory != 512 {
							return fmt.Errorf("memory = %d, want 512", vs.Memory)
						}
						return nil
					}),
					checkCompletedTransaction(t, addr, "resize_vm_without_reboot"),
				),
			},
		},
	})
}

// TestAccVirtualServer_lostDelete loses the answer to the DELETE of a
// server: the destroy still ends in one run, with the server gone. Not
// parallel: it injects emulator faults.
func TestAccVirtualServer_lostDelete(t *testing.T) {
	label := randomName()
	var path string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkServersDestroyed(t),
			func(*terraform.State) error { return acctest.CheckAnswerWasLost(t, "DELETE", path)(nil) },
		),
		Steps: []resource.TestStep{
			{
				Config: smallServer(label, 256),
				Check: func(s *terraform.State) (err error) {
					path, err = serverPath(s)
					return err
				},
			},
			{
				PreConfig: func() { acctest.LoseNextAnswer(t, "DELETE", "/virtual_machines/*.json") },
				Config:    smallServer(label, 256),
				Destroy:   true,
			},
		},
	})
}

// TestAccVirtualServer_waitSurvives500Burst answers the build wait's polls
// with a burst of 500s (the vendor's "an error occurred", often transient):
// the create rides it out, and the server is built, not tainted. Not
// parallel: it injects emulator faults.
func TestAccVirtualServer_waitSurvives500Burst(t *testing.T) {
	label := randomName()
	const polls = "/virtual_machines/*/transactions.json"
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			acctest.InjectFaults(t, emulator.FaultRule{Method: "GET", Path: polls, Kind: emulator.FaultStatus, Status: 500, Count: 12})
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: smallServer(label, 256),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("built"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, attr("booted"), knownvalue.Bool(true)),
				},
				Check: func(s *terraform.State) error {
					id, err := acctest.ID(s, addr)
					if err != nil {
						return err
					}
					var fiveHundreds int
					for _, r := range acctest.Requests(t, "GET", "/virtual_machines/"+id+"/transactions.json") {
						if r.Fault == emulator.FaultStatus {
							fiveHundreds++
						}
					}
					if fiveHundreds != 12 {
						return fmt.Errorf("%d polls were answered 500, want the whole burst of 12", fiveHundreds)
					}
					return nil
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
