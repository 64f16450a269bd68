package user_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// seededUsers is a world with users to look up: the examples' and more.
const seededUsers = `{"webcore": {"users": [
  {"login": "ops-lead", "email": "ops-lead@example.com", "password": "ops-lead-pw", "role_ids": [1, 2], "first_name": "Olga", "time_zone": "Europe/Berlin"},
  {"login": "ci-one", "email": "ci-one@example.com", "password": "ci-one-pw"},
  {"login": "ci-two", "email": "ci-two@example.com", "password": "ci-two-pw"},
  {"login": "ci-off", "email": "ci-off@example.com", "password": "ci-off-pw", "status": "suspended"},
  {"login": "CI-Upper", "email": "ci-upper@example.com", "password": "ci-upper-pw"}
]}}`

// Seeded user ids: the admin is 1, the file's users follow in order.
const (
	opsLeadID = "2"
	ciOneID   = "3"
	ciTwoID   = "4"
	ciOffID   = "5"
	ciUpperID = "6"
)

// identifierForm is the API's form of a user identifier.
var identifierForm = regexp.MustCompile(`^[a-z0-9]{14}$`)

func exampleConfig(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile("../../examples/data-sources/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The shipped examples apply as written on a panel that has their users.
func TestAccUserDataSource_examples(t *testing.T) {
	seeded := acctest.SeededEmulator(t, seededUsers)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: seeded.ProviderBlock + exampleConfig(t, "webcore_user/data-source.tf") + exampleConfig(t, "webcore_users/data-source.tf"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("ops_user_id", knownvalue.StringExact(opsLeadID)),
				statecheck.ExpectKnownOutputValue("ops_user_role_ids", knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(1), knownvalue.Int64Exact(2)})),
				statecheck.ExpectKnownValue("data.webcore_user.by_email", tfjsonpath.New("login"), knownvalue.StringExact("ops-lead")),
				statecheck.ExpectKnownOutputValue("ci_user_ids", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact(ciOneID), knownvalue.StringExact(ciTwoID), knownvalue.StringExact(ciUpperID)})),
				statecheck.ExpectKnownOutputValue("ci_user_emails", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("ci-one@example.com"), knownvalue.StringExact("ci-two@example.com"), knownvalue.StringExact("ci-upper@example.com")})),
			},
		}},
	})
}

// A user data source reads what the resource reads, by id, login or email
// in any case; the list filters by status and login prefix, and many
// lookups of one plan share one list request.
func TestAccUserDataSource_lookups(t *testing.T) {
	seeded := acctest.SeededEmulator(t, seededUsers)
	const copies = 6
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { seeded.ClearRequests(t) },
			Config: seeded.ProviderBlock + `
data "webcore_user" "by_id" {
  id = "2"
}

data "webcore_user" "by_login" {
  login = "OPS-LEAD"
}

data "webcore_user" "copies" {
  count = 6
  email = "CI-OFF@example.com"
}

data "webcore_users" "suspended" {
  status = "suspended"
}

data "webcore_users" "all" {}

data "webcore_users" "none" {
  login_prefix = "nobody"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.webcore_user.by_id", tfjsonpath.New("login"), knownvalue.StringExact("ops-lead")),
				statecheck.ExpectKnownValue("data.webcore_user.by_id", tfjsonpath.New("first_name"), knownvalue.StringExact("Olga")),
				statecheck.ExpectKnownValue("data.webcore_user.by_id", tfjsonpath.New("time_zone"), knownvalue.StringExact("Europe/Berlin")),
				statecheck.ExpectKnownValue("data.webcore_user.by_id", tfjsonpath.New("status"), knownvalue.StringExact("active")),
				statecheck.ExpectKnownValue("data.webcore_user.by_id", tfjsonpath.New("identifier"), knownvalue.StringRegexp(identifierForm)),
				statecheck.ExpectKnownValue("data.webcore_user.by_id", tfjsonpath.New("user_group_id"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.webcore_user.by_id", tfjsonpath.New("activated_at"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("data.webcore_user.by_login", tfjsonpath.New("id"), knownvalue.StringExact(opsLeadID)),
				statecheck.ExpectKnownValue("data.webcore_user.by_login", tfjsonpath.New("login"), knownvalue.StringExact("ops-lead")),
				statecheck.ExpectKnownValue("data.webcore_user.copies[5]", tfjsonpath.New("id"), knownvalue.StringExact(ciOffID)),
				statecheck.ExpectKnownValue("data.webcore_user.copies[5]", tfjsonpath.New("status"), knownvalue.StringExact("suspended")),
				statecheck.ExpectKnownValue("data.webcore_user.copies[5]", tfjsonpath.New("activated_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.webcore_users.suspended", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(ciOffID)})),
				statecheck.ExpectKnownValue("data.webcore_users.suspended", tfjsonpath.New("users").AtSliceIndex(0).AtMapKey("login"), knownvalue.StringExact("ci-off")),
				statecheck.ExpectKnownValue("data.webcore_users.all", tfjsonpath.New("ids"), knownvalue.ListSizeExact(6)),
				statecheck.ExpectKnownValue("data.webcore_users.all", tfjsonpath.New("users").AtSliceIndex(0).AtMapKey("role_ids"),
					knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(1)})),
				statecheck.ExpectKnownValue("data.webcore_users.none", tfjsonpath.New("ids"), knownvalue.ListSizeExact(0)),
			},
			Check: seeded.CheckListedOnce("GET /users.json", copies+5),
		}},
	})
}

// No user matching is an error on the argument that lists the users; a
// lookup needs exactly one of id, login and email, and a well-formed id.
func TestAccUserDataSource_noMatch(t *testing.T) {
	seeded := acctest.SeededEmulator(t, seededUsers)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: seeded.ProviderBlock + `data "webcore_user" "u" { login = "nobody" }`,
				ExpectError: acctest.ErrorMatching("No user matches", `0 users have login = "nobody"`, "The users are:",
					`id 2: "ops-lead" (email "ops-lead@example.com", status "active")`, `id 5: "ci-off"`),
			},
			{
				Config:      seeded.ProviderBlock + `data "webcore_user" "u" { id = "99" }`,
				ExpectError: acctest.ErrorMatching("No user matches", "0 users have id = 99"),
			},
			{
				Config:      seeded.ProviderBlock + `data "webcore_user" "u" { id = "x2" }`,
				ExpectError: acctest.ErrorMatching(`Attribute id must be a user id such as 12`),
			},
			{
				Config:      seeded.ProviderBlock + `data "webcore_user" "u" {}`,
				ExpectError: acctest.ErrorMatching("Exactly one of these attributes must be configured: [id,login,email]"),
			},
			{
				Config: seeded.ProviderBlock + `
data "webcore_user" "u" {
  login = "ops-lead"
  email = "ops-lead@example.com"
}
`,
				ExpectError: acctest.ErrorMatching("Invalid Attribute Combination"),
			},
			{
				Config:      seeded.ProviderBlock + `data "webcore_users" "u" { status = "gone" }`,
				ExpectError: acctest.ErrorMatching(`Attribute status value must be one of`),
			},
		},
	})
}

// A user the resource manages reads the same through the data source.
func TestAccUserDataSource_matchesTheResource(t *testing.T) {
	login := randomLogin()
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{{
			Config: `
resource "webcore_user" "u" {
  login      = "` + login + `"
  email      = "` + login + `@example.com"
  password   = "secret-123"
  first_name = "Dee"
  role_ids   = [2]
}

data "webcore_user" "u" {
  email = webcore_user.u.email
}
`,
			ConfigStateChecks: func() []statecheck.StateCheck {
				var checks []statecheck.StateCheck
				for _, name := range []string{"id", "identifier", "login", "first_name", "last_name", "role_ids", "billing_plan_id",
					"time_zone", "locale", "status", "created_at", "activated_at"} {
					checks = append(checks, statecheck.CompareValuePairs("webcore_user.u", tfjsonpath.New(name),
						"data.webcore_user.u", tfjsonpath.New(name), compare.ValuesSame()))
				}
				return checks
			}(),
		}},
	})
}
