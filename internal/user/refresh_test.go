package user_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// manyUsersConfig is 30 users of varied attributes under prefix.
func manyUsersConfig(prefix string) string {
	return fmt.Sprintf(`
resource "webcore_user" "many" {
  count      = 30
  login      = "%[1]s-${count.index}"
  email      = "%[1]s-${count.index}@example.com"
  password   = "many-pw-${count.index}"
  first_name = "User ${count.index}"
  last_name  = count.index %% 3 == 0 ? "" : "Many"
  status     = count.index %% 4 == 0 ? "suspended" : "active"
  time_zone  = count.index %% 2 == 0 ? "UTC" : "Europe/Berlin"
}
`, prefix)
}

// TestAccUser_refreshOfManyUsersSharesLists refreshes 30 users, some of
// them changed, suspended, marked deleted or destroyed behind Terraform's
// back: with Terraform's default parallelism the reads are served by the
// paged user list, and the state is the same as when every user is read by
// itself. Not parallel: it counts the emulator's requests.
func TestAccUser_refreshOfManyUsersSharesLists(t *testing.T) {
	prefix := randomLogin()
	var ids map[int]int64
	changeOutside := func() {
		api := acctest.AdminWebcoreClient(t)
		ctx := context.Background()
		renamed, suspended := "Renamed", "suspended"
		if err := api.UpdateUser(ctx, ids[1], client.UserUpdateRequest{FirstName: &renamed, Status: &suspended}); err != nil {
			t.Fatal(err)
		}
		if err := api.DeleteUser(ctx, ids[2], false); err != nil { // marked deleted, still readable
			t.Fatal(err)
		}
		if err := api.DeleteUser(ctx, ids[3], true); err != nil { // destroyed
			t.Fatal(err)
		}
		if err := api.WaitUserGone(ctx, ids[3]); err != nil {
			t.Fatal(err)
		}
	}
	steps := []resource.TestStep{{
		Config: manyUsersConfig(prefix),
		Check:  acctest.CaptureCountIDs("webcore_user.many", &ids, 1, 2, 3),
	}}
	steps = append(steps, acctest.BatchedRefreshSteps(t, "webcore_user",
		acctest.Routes{List: "GET /users.json", Get: "GET /users/{id}"}, changeOutside)...)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps:                    steps,
	})
}

// TestAccUser_refreshOfOneUserIsOneRead: a single user still costs exactly
// one request, its own GET. Not parallel: it counts the emulator's requests.
func TestAccUser_refreshOfOneUserIsOneRead(t *testing.T) {
	login := randomLogin()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{Config: minimalConfig(login, "one-user-pw-1")},
			{
				PreConfig:    func() { acctest.ClearRequests(t) },
				RefreshState: true,
				Check: func(*terraform.State) error {
					counters := acctest.APICalls(t)
					if total := sum(counters); total != 1 || counters["GET /users/{id}"] != 1 {
						return fmt.Errorf("refreshing one user made %d requests (%v), want its one GET", total, counters)
					}
					return nil
				},
			},
		},
	})
}

func sum(counters map[string]int) int {
	total := 0
	for _, n := range counters {
		total += n
	}
	return total
}
