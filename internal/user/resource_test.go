package user_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

const addr = "webcore_user.test"

var (
	idPattern         = regexp.MustCompile(`^[1-9][0-9]*$`)
	identifierPattern = regexp.MustCompile(`^[a-z0-9]{14}$`)
	rfc3339Pattern    = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
)

// userConfig is the full set of arguments of a webcore_user.
type userConfig struct {
	Login, Email, Password, FirstName, LastName, TimeZone, Locale, Status string
	RoleIDs                                                               []int
	UserGroupID, BillingPlanID                                            int
}

// minimalConfig is a webcore_user with only its required arguments.
func minimalConfig(login, password string) string {
	return fmt.Sprintf(`
resource "webcore_user" "test" {
  login    = %q
  email    = "%s@example.com"
  password = %q
}
`, login, login, password)
}

func (c userConfig) hcl() string {
	roles := make([]string, 0, len(c.RoleIDs))
	for _, r := range c.RoleIDs {
		roles = append(roles, fmt.Sprint(r))
	}
	return fmt.Sprintf(`
resource "webcore_user" "test" {
  login           = %q
  email           = %q
  password        = %q
  first_name      = %q
  last_name       = %q
  role_ids        = [%s]
  user_group_id   = %d
  billing_plan_id = %d
  time_zone       = %q
  locale          = %q
  status          = %q
}
`, c.Login, c.Email, c.Password, c.FirstName, c.LastName, strings.Join(roles, ", "),
		c.UserGroupID, c.BillingPlanID, c.TimeZone, c.Locale, c.Status)
}

// stateChecks asserts every attribute of the resource against c; activated
// says whether the user has ever been active.
func (c userConfig) stateChecks(activated bool) []statecheck.StateCheck {
	roles := make([]knownvalue.Check, 0, len(c.RoleIDs))
	for _, r := range c.RoleIDs {
		roles = append(roles, knownvalue.Int64Exact(int64(r)))
	}
	activatedAt := knownvalue.Check(knownvalue.Null())
	if activated {
		activatedAt = knownvalue.StringRegexp(rfc3339Pattern)
	}
	at := func(name string, check knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), check)
	}
	return []statecheck.StateCheck{
		at("id", knownvalue.StringRegexp(idPattern)),
		at("identifier", knownvalue.StringRegexp(identifierPattern)),
		at("login", knownvalue.StringExact(c.Login)),
		at("email", knownvalue.StringExact(c.Email)),
		at("password", knownvalue.StringExact(c.Password)),
		statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("password")),
		at("first_name", knownvalue.StringExact(c.FirstName)),
		at("last_name", knownvalue.StringExact(c.LastName)),
		at("role_ids", knownvalue.SetExact(roles)),
		at("user_group_id", knownvalue.Int64Exact(int64(c.UserGroupID))),
		at("billing_plan_id", knownvalue.Int64Exact(int64(c.BillingPlanID))),
		at("time_zone", knownvalue.StringExact(c.TimeZone)),
		at("locale", knownvalue.StringExact(c.Locale)),
		at("status", knownvalue.StringExact(c.Status)),
		at("created_at", knownvalue.StringRegexp(rfc3339Pattern)),
		at("activated_at", activatedAt),
	}
}

// matchesAPI checks that the API stores what c says.
func (c userConfig) matchesAPI(u *client.User) error {
	roles := make([]int, 0, len(u.RoleIDs))
	for _, r := range u.RoleIDs {
		roles = append(roles, int(r))
	}
	slices.Sort(roles)
	want := slices.Sorted(slices.Values(c.RoleIDs))
	got := userConfig{
		Login: u.Login, Email: u.Email, Password: c.Password, FirstName: u.FirstName,
		LastName: u.LastName, TimeZone: u.TimeZone, Locale: u.Locale,
		Status: u.Status, RoleIDs: roles, UserGroupID: int(u.UserGroupID), BillingPlanID: int(u.BillingPlanID),
	}
	wantCfg := c
	wantCfg.RoleIDs = want
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", wantCfg) {
		return fmt.Errorf("API user differs from the configuration:\n got  %+v\n want %+v", got, wantCfg)
	}
	return nil
}

// TestAccUser_lifecycle creates a user with every argument, updates it in
// place, imports it, and replaces it by changing its login.
func TestAccUser_lifecycle(t *testing.T) {
	created := userConfig{
		Login: randomLogin(), Password: "first-secret", FirstName: "Jane", LastName: "Doe",
		TimeZone: "Europe/London", Locale: "en", Status: "active", RoleIDs: []int{1, 2}, UserGroupID: 4, BillingPlanID: 1,
	}
	created.Email = created.Login + "@example.com"

	renamed := created
	renamed.Email = created.Login + "@example.org"
	renamed.FirstName, renamed.LastName, renamed.Locale, renamed.TimeZone = "Janet", "Smith", "de", "UTC"
	renamed.RoleIDs = []int{2}
	renamed.UserGroupID, renamed.BillingPlanID = 5, 2
	renamed.Password = "second-secret"

	suspended := renamed
	suspended.Status = "suspended"

	relogged := suspended
	relogged.Login = randomLogin()

	sameID := statecheck.CompareValue(compare.ValuesSame())
	sameIdentifier := statecheck.CompareValue(compare.ValuesSame())
	sameCreatedAt := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())

	// The plan of an in-place update knows every value that cannot change.
	knownOnUpdate := func(names ...string) []plancheck.PlanCheck {
		checks := []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}
		for _, n := range names {
			checks = append(checks, plancheck.ExpectKnownValue(addr, tfjsonpath.New(n), knownvalue.NotNull()))
		}
		return checks
	}

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: created.hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: append(created.stateChecks(true),
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					sameIdentifier.AddStateValue(addr, tfjsonpath.New("identifier")),
					sameCreatedAt.AddStateValue(addr, tfjsonpath.New("created_at")),
					newID.AddStateValue(addr, tfjsonpath.New("id")),
				),
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckAPIObject(addr, apiUser(t), created.matchesAPI),
					checkPasswordWorks(t, addr, created.Password),
				),
			},
			{
				// Re-applying the same configuration changes nothing.
				Config: created.hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: renamed.hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: knownOnUpdate("id", "identifier", "created_at", "activated_at"),
				},
				ConfigStateChecks: append(renamed.stateChecks(true),
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					sameIdentifier.AddStateValue(addr, tfjsonpath.New("identifier")),
					sameCreatedAt.AddStateValue(addr, tfjsonpath.New("created_at")),
				),
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckAPIObject(addr, apiUser(t), renamed.matchesAPI),
					checkPasswordWorks(t, addr, renamed.Password),
				),
			},
			{
				Config: suspended.hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: knownOnUpdate("id", "identifier", "created_at"),
				},
				ConfigStateChecks: append(suspended.stateChecks(true), // activated at creation
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
				),
				Check: acctest.CheckAPIObject(addr, apiUser(t), suspended.matchesAPI),
			},
			{
				// The API never returns the password: the imported state has
				// none, which is what ImportStateVerifyIgnore says.
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"password"},
			},
			{
				Config: relogged.hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: append(relogged.stateChecks(false), // created suspended
					newID.AddStateValue(addr, tfjsonpath.New("id")),
				),
				Check: acctest.CheckAPIObject(addr, apiUser(t), relogged.matchesAPI),
			},
		},
	})
}

// TestAccUser_defaults creates a user with only the required arguments and
// checks what the API and the schema fill in.
func TestAccUser_defaults(t *testing.T) {
	login := randomLogin()
	cfg := fmt.Sprintf(`
resource "webcore_user" "test" {
  login    = %[1]q
  email    = "%[1]s@example.com"
  password = "secret-1"

  timeouts {
    create = "2m"
    delete = "3m"
  }
}
`, login)
	at := func(name string, check knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), check)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					// No schema defaults: what the configuration leaves out is the
					// API's to choose, known after apply.
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("status")),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("locale")),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("first_name")),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				at("first_name", knownvalue.StringExact("")),
				at("last_name", knownvalue.StringExact("")),
				at("role_ids", knownvalue.SetSizeExact(0)),
				at("user_group_id", knownvalue.Null()),
				at("billing_plan_id", knownvalue.Null()),
				at("time_zone", knownvalue.StringExact("UTC")), // the emulator's default
				at("locale", knownvalue.StringExact("en")),
				at("status", knownvalue.StringExact("active")),
				at("activated_at", knownvalue.StringRegexp(rfc3339Pattern)),
				at("timeouts", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"create": knownvalue.StringExact("2m"),
					"update": knownvalue.Null(),
					"delete": knownvalue.StringExact("3m"),
				})),
			},
			// The create sent none of them: the API chose, and the state says what it chose.
			Check: acctest.CheckAPIObject(addr, apiUser(t), func(u *client.User) error {
				if u.Status != "active" || u.Locale != "en" || u.FirstName != "" || u.LastName != "" || u.TimeZone != "UTC" {
					return fmt.Errorf("API user %+v: want the API's defaults", u)
				}
				return nil
			}),
		}},
	})
}

// TestAccUser_suspendedThenActivated creates a suspended user (never
// activated) and activates it: activated_at appears only then.
func TestAccUser_suspendedThenActivated(t *testing.T) {
	login := randomLogin()
	cfg := func(status string) string {
		return fmt.Sprintf(`
resource "webcore_user" "test" {
  login    = %[1]q
  email    = "%[1]s@example.com"
  password = "secret-1"
  status   = %[2]q
}
`, login, status)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: cfg("suspended"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("suspended")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("activated_at"), knownvalue.Null()),
				},
			},
			{
				Config: cfg("active"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(addr, tfjsonpath.New("activated_at")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("activated_at"), knownvalue.StringRegexp(rfc3339Pattern)),
				},
			},
		},
	})
}

// TestAccUser_importSetsPassword imports a user and checks the documented
// consequence: the next plan updates the password in place, and the
// configured password then works.
func TestAccUser_importSetsPassword(t *testing.T) {
	login := randomLogin()
	cfg := minimalConfig(login, "configured-secret")
	var id int64
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{
				// Created outside Terraform with another password.
				PreConfig: func() {
					u, err := acctest.AdminWebcoreClient(t).CreateUser(context.Background(), client.UserCreateRequest{
						Login: login, Email: login + "@example.com", Password: "outside-secret",
					})
					if err != nil {
						t.Fatalf("creating the user to import: %v", err)
					}
					id = u.ID
				},
				Config:             cfg,
				ResourceName:       addr,
				ImportState:        true,
				ImportStateIdFunc:  func(*terraform.State) (string, error) { return fmt.Sprint(id), nil },
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 {
						return fmt.Errorf("imported %d objects, want 1", len(states))
					}
					if got := states[0].Attributes["login"]; got != login {
						return fmt.Errorf("imported login %q, want %q", got, login)
					}
					if pw, ok := states[0].Attributes["password"]; ok && pw != "" {
						return fmt.Errorf("imported state has a password")
					}
					return nil
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("password"), knownvalue.StringExact("configured-secret")),
					},
				},
				Check: checkPasswordWorks(t, addr, "configured-secret"),
			},
		},
	})
}

// TestAccUser_importMissing: importing an id the API does not know fails
// clearly. (A non-numeric id is refused before any API call: see
// TestAccUser_planTimeValidation.)
func TestAccUser_importMissing(t *testing.T) {
	login := randomLogin()
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:        minimalConfig(login, "secret-1"),
			ResourceName:  addr,
			ImportState:   true,
			ImportStateId: "987654",
			ExpectError:   acctest.ErrorMatching("Cannot import non-existent remote object"),
		}},
	})
}

// TestAccUser_deletedOutsideTerraform destroys the user behind Terraform's
// back: the refresh drops it and the apply creates a new one.
func TestAccUser_deletedOutsideTerraform(t *testing.T) {
	login := randomLogin()
	cfg := minimalConfig(login, "secret-1")
	var firstID int64
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(addr, tfjsonpath.New("id"))},
				Check: func(s *terraform.State) (err error) {
					firstID, err = acctest.NumericID(s, addr)
					return err
				},
			},
			{
				PreConfig: func() { destroyUser(t, firstID) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(addr, tfjsonpath.New("id"))},
			},
		},
	})
}

// TestAccUser_markedDeletedOutsideTerraform: a user whose status became
// "deleted" (a plain DELETE) still holds its login and email, so the refresh
// keeps it and the plan replaces it: the destroy finishes the deletion and the
// create then succeeds with the same login.
func TestAccUser_markedDeletedOutsideTerraform(t *testing.T) {
	login := randomLogin()
	cfg := minimalConfig(login, "secret-1")
	var firstID int64
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) (err error) {
					firstID, err = acctest.NumericID(s, addr)
					return err
				},
			},
			{
				PreConfig: func() {
					if err := acctest.AdminWebcoreClient(t).DeleteUser(context.Background(), firstID, false); err != nil {
						t.Fatalf("marking user %d deleted: %v", firstID, err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
						// Not configured: the new user's status is the API's choice.
						plancheck.ExpectUnknownValue(addr, tfjsonpath.New("status")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
				Check: func(s *terraform.State) error {
					id, err := acctest.NumericID(s, addr)
					if err == nil && id == firstID {
						err = fmt.Errorf("user id %d was reused", id)
					}
					if err == nil {
						switch _, getErr := acctest.AdminWebcoreClient(t).GetUser(context.Background(), firstID); {
						case getErr == nil:
							err = fmt.Errorf("the user marked deleted (%d) still exists", firstID)
						case !client.IsNotFound(getErr):
							err = fmt.Errorf("reading the user marked deleted (%d): %w", firstID, getErr)
						}
					}
					return err
				},
			},
		},
	})
}

// TestAccUser_apiValidationErrors: 422s from the API land on the attribute
// they are about.
func TestAccUser_apiValidationErrors(t *testing.T) {
	info := acctest.Emulator(t).Info()
	login := randomLogin()
	cfg := func(login, email string) string {
		return fmt.Sprintf(`
resource "webcore_user" "test" {
  login    = %q
  email    = %q
  password = "secret-1"
}
`, login, email)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{
				// The seeded admin holds this login.
				Config: cfg(info.WebcoreLogin, login+"@example.com"),
				ExpectError: acctest.ErrorMatching("Error creating user: invalid login",
					fmt.Sprintf("login = %q", info.WebcoreLogin), "The API rejected login: has already been taken"),
			},
			{
				Config: cfg(login, info.WebcoreEmail),
				ExpectError: acctest.ErrorMatching("Error creating user: invalid email",
					fmt.Sprintf("email = %q", info.WebcoreEmail), "The API rejected email: has already been taken"),
			},
			{
				Config: cfg(login, login+"@example.com"),
			},
			{
				// Taking the admin's email on update is refused the same way.
				Config: cfg(login, info.WebcoreEmail),
				ExpectError: acctest.ErrorMatching("Error updating user: invalid email",
					fmt.Sprintf("email = %q", info.WebcoreEmail), "The API rejected email: has already been taken"),
			},
		},
	})
}

// TestAccUser_unknownRoleIsRefusedOnRoleIDs: a role id the panel does not
// have is refused on create (nothing is created) and on update (the user
// keeps its roles), on the role_ids attribute.
func TestAccUser_unknownRoleIsRefusedOnRoleIDs(t *testing.T) {
	login := randomLogin()
	cfg := func(roles string) string {
		return fmt.Sprintf(`
resource "webcore_user" "test" {
  login    = %q
  email    = "%s@example.com"
  password = "secret-1"
  role_ids = %s
}
`, login, login, roles)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: cfg("[2, 99]"),
				ExpectError: acctest.ErrorMatching("Error creating user: invalid role_ids",
					"role_ids = [2, 99]", "The API rejected role_ids: role 99 does not exist"),
			},
			{
				Config:            cfg("[2]"),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("role_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(2)}))},
			},
			{
				Config: cfg("[1, 98]"),
				ExpectError: acctest.ErrorMatching("Error updating user: invalid role_ids",
					"role_ids = [1, 98]", "The API rejected role_ids: role 98 does not exist"),
			},
			{
				// The refused update changed nothing: the user still holds role 2.
				Config: cfg("[2]"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccUser_example applies the documented example.
func TestAccUser_example(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{{
			ConfigFile:      config.StaticFile("../../examples/resources/webcore_user/resource.tf"),
			ConfigVariables: config.Variables{"user_password": config.StringVariable("example-secret")},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("webcore_user.example", tfjsonpath.New("login"), knownvalue.StringExact("jdoe")),
				statecheck.ExpectKnownValue("webcore_user.example", tfjsonpath.New("status"), knownvalue.StringExact("active")),
			},
			Check: checkPasswordWorks(t, "webcore_user.example", "example-secret"),
		}},
	})
}
