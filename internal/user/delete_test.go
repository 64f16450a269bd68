package user_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// destroyDuration makes destroy_user slow enough that a destroy which did
// not wait would leave the user readable for CheckDestroy to see.
const destroyDuration = 1500 * time.Millisecond

// TestAccUser_deleteWaitsAndTimesOut: destroying waits for the API's
// destroy_user transaction (CheckDestroy finds a 404 right after), and the
// delete timeout bounds that wait. Not parallel: it slows destroy_user for
// the whole shared emulator.
func TestAccUser_deleteWaitsAndTimesOut(t *testing.T) {
	control := acctest.Emulator(t).Control()
	if err := control.SetWebcoreTransactions(emulator.WebcoreTransactions{
		Durations: map[string]time.Duration{"destroy_user": destroyDuration},
	}); err != nil {
		t.Fatalf("slowing destroy_user: %v", err)
	}
	t.Cleanup(func() {
		// An empty map clears the per-action override set above.
		if err := control.SetWebcoreTransactions(emulator.WebcoreTransactions{Durations: map[string]time.Duration{}}); err != nil {
			t.Errorf("restoring transaction durations: %v", err)
		}
	})

	login := randomLogin()
	cfg := func(timeouts string) string {
		return fmt.Sprintf(`
resource "webcore_user" "test" {
  login    = %[1]q
  email    = "%[1]s@example.com"
  password = "secret-1"
  %[2]s
}
`, login, timeouts)
	}
	shortDelete := cfg(`timeouts { delete = "300ms" }`)
	var firstID int64
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: shortDelete,
				Check: func(s *terraform.State) (err error) {
					firstID, err = acctest.NumericID(s, addr)
					return err
				},
			},
			{
				Config:      shortDelete,
				Destroy:     true,
				ExpectError: acctest.ErrorMatching("Error waiting for the user to be destroyed", "gave up waiting for user", "context deadline exceeded"),
			},
			{
				// Once destroy_user has finished, the user is gone and the
				// next apply creates it again.
				PreConfig: func() {
					if err := acctest.AdminWebcoreClient(t).WaitUserGone(context.Background(), firstID); err != nil {
						t.Fatalf("waiting for user %d: %v", firstID, err)
					}
				},
				Config: cfg(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// TestAccUser_deleteRefusedWhileTheUserOwnsServers: the API refuses to
// destroy a user who still owns virtual servers, and the error names them
// instead of a generic hint. Once the server is gone, the destroy works.
func TestAccUser_deleteRefusedWhileTheUserOwnsServers(t *testing.T) {
	login := randomLogin()
	const password = "owner-pw-1"
	var serverID int64
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{Config: minimalConfig(login, password)},
			{
				// The user creates a server of their own, outside Terraform.
				PreConfig: func() {
					build := false
					vs, err := acctest.WebcoreClient(t, login, password).CreateVirtualServer(context.Background(), client.VirtualServerCreateRequest{
						Label: "owned-by-" + login, Hostname: "owned", TemplateID: 1, Memory: 128, CPUs: 1, CPUShares: 1,
						PrimaryDiskSize: 5, RequiredVirtualMachineBuild: &build,
					})
					if err != nil {
						t.Fatalf("creating the user's server: %v", err)
					}
					serverID = vs.ID
				},
				Config:  minimalConfig(login, password),
				Destroy: true,
				ExpectError: acctest.ErrorMatching("Error deleting user: it still owns virtual servers",
					"because the user owns virtual servers", `("owned-by-`+login+`")`),
			},
			{
				PreConfig: func() {
					ctx := context.Background()
					admin := acctest.AdminWebcoreClient(t)
					if err := admin.DeleteVirtualServer(ctx, serverID, client.KeepBackups); err != nil {
						t.Fatalf("deleting the user's server: %v", err)
					}
					if err := admin.WaitVirtualServerGone(ctx, serverID); err != nil {
						t.Fatalf("waiting for the server to go: %v", err)
					}
				},
				Config: minimalConfig(login, password),
			},
		},
	})
}
