package applogs_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// TestAccAppLogs_ephemeral opens the ephemeral webscale_app_logs: the API
// hands out a download link on every run, and no link ever reaches the
// state file, the state or the plan, so nothing changes from one plan to
// the next. Not parallel: it keeps the working directories and counts the
// emulator's links.
func TestAccAppLogs_ephemeral(t *testing.T) {
	dir := acctest.KeepWorkingDirs(t)
	links := func() int { return len(acctest.EmulatorState(t).Webscale.Downloads) }
	var before int
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.EphemeralResources)},
		PreCheck:                 func() { acctest.PreCheck(t); before = links() },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
ephemeral "webscale_app_logs" "day" {
  provider   = webcore
  app_id     = "example-app"
  start_time = "2025-07-31T00:00:00"
  end_time   = "2025-08-01T00:00:00Z"
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{acctest.ExpectNoSecretInPlan("/download/")},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectNoSecretInState("/download/")},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckNoSecretInStateFiles(dir, "/download/"),
					func(*terraform.State) error {
						if links() == before {
							return fmt.Errorf("no download link was handed out: the ephemeral resource was never opened")
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccAppLogs_ephemeralValidation: the ephemeral resource checks its
// window at plan, like the data source.
func TestAccAppLogs_ephemeralValidation(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.EphemeralResources)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
ephemeral "webscale_app_logs" "bad" {
  provider   = webcore
  app_id     = "example-app"
  start_time = "2025-08-01T00:00:00Z"
  end_time   = "2025-07-31T00:00:00Z"
}
`,
			ExpectError: acctest.ErrorMatching("end_time must be after start_time"),
		}},
	})
}

// The data source's read timeout is accepted.
func TestAccAppLogs_readTimeout(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
data "webscale_app_logs" "test" {
  provider   = webcore
  app_id     = "example-app"
  start_time = "2025-07-31T00:00:00Z"
  end_time   = "2025-07-31T01:00:00Z"
  timeouts {
    read = "1m"
  }
}
`,
			Check: resource.TestCheckResourceAttrSet(logsAddr, "download_url"),
		}},
	})
}

// TestAccAppLogs_ephemeralExample applies the documented example, whose
// local-exec provisioner runs curl with the link in its environment. curl
// is not on every machine that runs the tests, so a stand-in on PATH
// records its arguments; the test then downloads the link it was given.
// Not parallel: it changes PATH.
func TestAccAppLogs_ephemeralExample(t *testing.T) {
	bin := t.TempDir()
	record := filepath.Join(bin, "curl-args")
	curl := "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + strconv.Quote(record) + "\n"
	if err := os.WriteFile(filepath.Join(bin, "curl"), []byte(curl), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.SkipWithout(acctest.EphemeralResources)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			ConfigFile:        config.StaticFile("../../examples/ephemeral-resources/webscale_app_logs/ephemeral-resource.tf"),
			ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectNoSecretInState("/download/")},
			Check: func(*terraform.State) error {
				args, err := os.ReadFile(record)
				if err != nil {
					return fmt.Errorf("the provisioner never ran curl: %w", err)
				}
				fields := strings.Fields(string(args))
				if len(fields) == 0 {
					return fmt.Errorf("curl was run without arguments")
				}
				link := fields[len(fields)-1]
				body, err := acctest.WebscaleClient(t).Download(context.Background(), link)
				if err != nil {
					return fmt.Errorf("the link handed to curl does not download: %w", err)
				}
				lines, err := logLines(body)
				if err != nil {
					return fmt.Errorf("the download is not log lines: %w", err)
				}
				if len(lines) == 0 {
					return fmt.Errorf("the download holds no log lines")
				}
				return nil
			},
		}},
	})
}
