package user_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// writeOnlyConfig is a user whose write-only password, at version, comes
// from an ephemeral variable, as it would from a secret store: the
// configuration holds no literal for the plan to quote.
func writeOnlyConfig(login string, version int) string {
	return fmt.Sprintf(`
variable "password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "webcore_user" "test" {
  login               = %q
  email               = "%s@example.com"
  password_wo         = var.password
  password_wo_version = %d
}
`, login, login, version)
}

// password sets the ephemeral variable of writeOnlyConfig.
func password(p string) config.Variables {
	return config.Variables{"password": config.StringVariable(p)}
}

// TestAccUser_writeOnlyPassword creates a user with password_wo and rotates
// it by bumping password_wo_version: each password works at once, and
// neither is ever in the state file, the state, the plan or the TRACE log.
// Not parallel: it keeps the working directories to read the state files,
// and the logs.
func TestAccUser_writeOnlyPassword(t *testing.T) {
	login := randomLogin()
	const first, second = "wo-first-pw-7", "wo-second-pw-8"
	dir := acctest.KeepWorkingDirs(t)
	logs := acctest.CaptureLogs(t)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.WriteOnlyArguments)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:          writeOnlyConfig(login, 1),
				ConfigVariables: password(first),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.ExpectNoSecretInPlan(first),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("password_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("password"), knownvalue.Null()),
					acctest.ExpectNoSecretInState(first),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkPasswordWorks(t, addr, first),
					acctest.CheckNoSecretInStateFiles(dir, first),
				),
			},
			{
				// The same version: Terraform cannot compare the value, and
				// nothing is planned.
				Config:          writeOnlyConfig(login, 1),
				ConfigVariables: password(second),
				PlanOnly:        true,
			},
			{
				Config:          writeOnlyConfig(login, 2),
				ConfigVariables: password(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					acctest.ExpectNoSecretInPlan(first, second),
				}},
				ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectNoSecretInState(first, second)},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkPasswordWorks(t, addr, second),
					checkPasswordRefused(t, addr, first),
					acctest.CheckNoSecretInStateFiles(dir, first, second),
					acctest.CheckNoSecretInLogs(logs, first, second),
				),
			},
		},
	})
}

// checkPasswordRefused asserts the user of addr can no longer log in with
// password.
func checkPasswordRefused(t *testing.T, addr, password string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := acctest.NumericID(s, addr)
		if err != nil {
			return err
		}
		login := s.RootModule().Resources[addr].Primary.Attributes["login"]
		if _, err := acctest.WebcoreClient(t, login, password).GetUser(context.Background(), id); err == nil {
			return fmt.Errorf("%s can still log in with the old password", login)
		}
		return nil
	}
}

// TestAccUser_passwordRequiredToCreate: a new user needs password or
// password_wo, checked at plan on the attribute; both at once conflict.
func TestAccUser_passwordRequiredToCreate(t *testing.T) {
	login := randomLogin()
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "webcore_user" "test" {
  login = %q
  email = "%s@example.com"
}
`, login, login),
			PlanOnly:    true,
			ExpectError: acctest.ErrorMatching("Missing password", `with webcore_user.test`, "A new user needs a password: set password_wo"),
		}},
	})
}

// TestAccUser_passwordAndWriteOnlyPasswordConflict needs Terraform 1.11,
// where password_wo can be set at all.
func TestAccUser_passwordAndWriteOnlyPasswordConflict(t *testing.T) {
	login := randomLogin()
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.WriteOnlyArguments)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "webcore_user" "test" {
  login       = %q
  email       = "%s@example.com"
  password    = "plain-pw-1"
  password_wo = "wo-pw-2"
}
`, login, login),
			PlanOnly:    true,
			ExpectError: acctest.ErrorMatching("Invalid Attribute Combination"),
		}},
	})
}

// TestAccUser_writeOnlyPasswordNeedsTerraform111: on an older CLI, which
// would keep it in the state, password_wo is refused at plan, clearly.
func TestAccUser_writeOnlyPasswordNeedsTerraform111(t *testing.T) {
	login := randomLogin()
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWith(acctest.WriteOnlyArguments)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "webcore_user" "test" {
  login       = %q
  email       = "%s@example.com"
  password_wo = "wo-pw-3"
}
`, login, login),
			PlanOnly:    true,
			ExpectError: acctest.ErrorMatching("WriteOnly Attribute Not Allowed", "password_wo", "Terraform 1.11 and later"),
		}},
	})
}

// TestAccUser_exampleWriteOnly applies the documented write-only example:
// the password works and is nowhere in the state.
func TestAccUser_exampleWriteOnly(t *testing.T) {
	const example, secret = "webcore_user.jsmith", "example-wo-secret"
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.WriteOnlyArguments)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{{
			ConfigFile:      config.StaticFile("../../examples/resources/webcore_user/resource_write_only.tf"),
			ConfigVariables: config.Variables{"jsmith_password": config.StringVariable(secret)},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{acctest.ExpectNoSecretInPlan(secret)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectNoSecretInState(secret)},
			Check:             checkPasswordWorks(t, example, secret),
		}},
	})
}
