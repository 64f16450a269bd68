package accesskey_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// TestAccAccessKey_ephemeral opens an ephemeral key, hands its secret to an
// aliased provider's webscale.access_token and reads app logs through that
// provider. The aliased provider talks to the emulator through a proxy that
// records the token, so the test knows the secret: afterwards that key is
// gone (deleted on close) and the secret is nowhere in the state file or
// the state. Not parallel: it keeps the working directories.
func TestAccAccessKey_ephemeral(t *testing.T) {
	proxy := acctest.NewWebscaleProxy(t)
	dir := acctest.KeepWorkingDirs(t)
	var before []string
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.EphemeralResources)},
		PreCheck:                 func() { acctest.PreCheck(t); before = keyIDs(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
ephemeral "webscale_access_key" "run" {
  provider = webcore
  ttl      = "15m"
}

provider "webcore" {
  alias        = "run"
  ca_cert_file = %q
  webscale {
    url          = %q
    access_token = ephemeral.webscale_access_key.run.secret
  }
}

data "webscale_app_logs" "run" {
  provider   = webcore.run
  app_id     = "example-app"
  start_time = "2025-03-01T00:00:00"
  end_time   = "2025-03-01T06:00:00"
}
`, proxy.CACertFile, proxy.URL),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.webscale_app_logs.run", tfjsonpath.New("id"),
					knownvalue.StringExact("example-app/2025-03-01T00:00:00Z/2025-03-01T06:00:00Z")),
			},
			Check: func(s *terraform.State) error {
				tokens := proxy.Tokens()
				if len(tokens) == 0 {
					return fmt.Errorf("no request went through the aliased provider: the test proves nothing")
				}
				for _, token := range tokens {
					_, err := acctest.WebscaleClientWithToken(t, token).ListApplications(context.Background())
					if err == nil {
						return fmt.Errorf("the ephemeral key still authenticates after the run: it was not deleted")
					}
					if !client.IsUnauthorized(err) {
						return fmt.Errorf("checking that the ephemeral key was deleted: %w", err)
					}
					for addr, rs := range s.RootModule().Resources {
						for name, value := range rs.Primary.Attributes {
							if value == token {
								return fmt.Errorf("%s.%s holds the ephemeral key's secret", addr, name)
							}
						}
					}
				}
				if after := keyIDs(t); !slices.Equal(after, before) {
					return fmt.Errorf("keys before the run %v, after %v: the ephemeral key was left behind", before, after)
				}
				return acctest.CheckNoSecretInStateFiles(dir, tokens...)(s)
			},
		}},
	})
}

// An ephemeral key's ttl is checked at plan.
func TestAccAccessKey_ephemeralTTLValidated(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.EphemeralResources)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
ephemeral "webscale_access_key" "k" {
  provider = webcore
  ttl      = "30s"
}
`,
				ExpectError: acctest.ErrorMatching("Invalid ttl", "ttl is 30s; it must be from 1m0s to 168h0m0s"),
			},
			{
				Config: `
ephemeral "webscale_access_key" "k" {
  provider = webcore
  ttl      = "an hour"
}
`,
				ExpectError: acctest.ErrorMatching("Invalid Time Duration String Value"),
			},
		},
	})
}

// TestAccAccessKey_ephemeralExample applies the documented example: logs are
// read through the provider configured with the short-lived key, and no key
// is left behind. Not parallel: it compares the user's keys before and after.
func TestAccAccessKey_ephemeralExample(t *testing.T) {
	// Read rather than given as ConfigFile: plugin-testing refuses a
	// configuration file with a provider block when the test case has
	// provider factories.
	example, err := os.ReadFile("../../examples/ephemeral-resources/webscale_access_key/ephemeral-resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	var before []string
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.EphemeralResources)},
		PreCheck:                 func() { acctest.PreCheck(t); before = keyIDs(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: string(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.webscale_app_logs.first_hours", tfjsonpath.New("download_url"),
					knownvalue.StringRegexp(regexp.MustCompile(`^https://`))),
			},
			Check: func(*terraform.State) error {
				if after := keyIDs(t); !slices.Equal(after, before) {
					return fmt.Errorf("keys before the run %v, after %v: the ephemeral key was left behind", before, after)
				}
				return nil
			},
		}},
	})
}
