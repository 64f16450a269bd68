package accesskey_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// The managed key with every optional argument left out: a never-expiring
// key of the caller's account, and a second plan that changes nothing.
func TestAccAccessKey_minimal(t *testing.T) {
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             keyGone(t, &id),
		Steps: []resource.TestStep{{
			Config: keyConfig(""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("expires_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("account"), knownvalue.StringExact("/v2/accounts/1")),
				statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("secret"), knownvalue.StringRegexp(regexp.MustCompile(`^\S{20,}$`))),
			},
			Check: resource.ComposeTestCheckFunc(acctest.CaptureID(keyAddr, &id), keyExists(t, &id)),
		}},
	})
}

// The ephemeral key with every optional argument left out (ttl, account):
// Open fills in the default ttl, which the result reports, and the key's
// secret works for an aliased provider. The preconditions fail the run
// unless ttl is the documented default and expires_at is an hour away.
func TestAccAccessKey_ephemeralMinimal(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.EphemeralResources)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
ephemeral "webscale_access_key" "run" {
  provider = webcore
}

provider "webcore" {
  alias = "run"
  webscale {
    access_token = ephemeral.webscale_access_key.run.secret
  }
}

data "webscale_app_logs" "run" {
  provider   = webcore.run
  app_id     = "example-app"
  start_time = "2025-03-01T00:00:00Z"
  end_time   = "2025-03-01T01:00:00Z"

  lifecycle {
    precondition {
      condition     = ephemeral.webscale_access_key.run.ttl == "1h0m0s"
      error_message = "the ephemeral key's ttl is not the default 1h0m0s"
    }
    precondition {
      condition = (timecmp(ephemeral.webscale_access_key.run.expires_at, timeadd(plantimestamp(), "55m")) > 0 &&
      timecmp(ephemeral.webscale_access_key.run.expires_at, timeadd(plantimestamp(), "65m")) < 0)
      error_message = "the ephemeral key does not expire an hour from now"
    }
    precondition {
      condition     = ephemeral.webscale_access_key.run.account == "/v2/accounts/1"
      error_message = "the ephemeral key is not of the caller's account"
    }
  }
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.webscale_app_logs.run", tfjsonpath.New("download_url"),
					knownvalue.StringRegexp(regexp.MustCompile(`^https://`))),
			},
		}},
	})
}
