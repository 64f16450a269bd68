package applogs_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// The data source with every optional argument left out (end_time,
// timeouts): the window is open (its id ends in "/"), and the link
// downloads the lines up to now.
func TestAccAppLogs_minimal(t *testing.T) {
	start := time.Now().UTC().Add(-2 * time.Hour).Truncate(time.Second).Format(time.RFC3339)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: logsConfig("example-app", start, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(logsAddr, tfjsonpath.New("id"), knownvalue.StringExact("example-app/"+start+"/")),
			},
			Check: func(s *terraform.State) error {
				lines, err := linesFromState(t, s)
				if err != nil {
					return err
				}
				if len(lines) == 0 {
					return fmt.Errorf("the last two hours of example-app have no log lines")
				}
				return nil
			},
		}},
	})
}

// The ephemeral resource with every optional argument left out (end_time):
// it is opened, so the API hands out a link. Not parallel: it counts the
// emulator's links.
func TestAccAppLogs_ephemeralMinimal(t *testing.T) {
	links := func() int { return len(acctest.EmulatorState(t).Webscale.Downloads) }
	var before int
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.EphemeralResources)},
		PreCheck:                 func() { acctest.PreCheck(t); before = links() },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
ephemeral "webscale_app_logs" "recent" {
  provider   = webcore
  app_id     = "example-app"
  start_time = "2025-07-31T00:00:00Z"
}
`,
			Check: func(*terraform.State) error {
				if links() == before {
					return fmt.Errorf("no download link was handed out: the ephemeral resource was never opened")
				}
				return nil
			},
		}},
	})
}
