package user_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// checkOnlyUserWithLogin asserts the API has exactly one user with the
// login of the resource at addr, and that it is the one in state.
func checkOnlyUserWithLogin(t *testing.T, addr string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		id, err := acctest.NumericID(s, addr)
		if err != nil {
			return err
		}
		login := s.RootModule().Resources[addr].Primary.Attributes["login"]
		users, err := acctest.AdminWebcoreClient(t).ListUsers(context.Background())
		if err != nil {
			return fmt.Errorf("listing users: %w", err)
		}
		var found []string
		for _, u := range users {
			if strings.EqualFold(u.Login, login) {
				found = append(found, strconv.FormatInt(u.ID, 10))
			}
		}
		if len(found) != 1 || found[0] != strconv.FormatInt(id, 10) {
			return fmt.Errorf("users with login %q: %v; want exactly the one in state, %d", login, found, id)
		}
		return nil
	}
}

// TestAccUser_createResponseLost loses the answer to the POST that creates
// the user: the provider finds the user by its login, adopts it instead of
// orphaning it, and carries on as a normal create (the explicit empty role
// list is still converged). Not parallel: it injects an emulator fault.
func TestAccUser_createResponseLost(t *testing.T) {
	cfg := userConfig{
		Login: randomLogin(), Password: "lost-answer-pw", FirstName: "Lost", LastName: "Answer",
		TimeZone: "UTC", Locale: "en", Status: "active", RoleIDs: []int{}, UserGroupID: 4, BillingPlanID: 1,
	}
	cfg.Email = cfg.Login + "@example.com"
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			acctest.LoseNextAnswer(t, "POST", "/users.json")
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:            cfg.hcl(),
				ConfigStateChecks: cfg.stateChecks(true),
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckAnswerWasLost(t, "POST", "/users.json"),
					checkOnlyUserWithLogin(t, addr),
					acctest.CheckAPIObject(addr, apiUser(t), cfg.matchesAPI),
					checkPasswordWorks(t, addr, cfg.Password),
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
