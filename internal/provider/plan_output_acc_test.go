package provider_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// TestAccProvider_sensitiveValuesHiddenInPlan reads the plan as a user does,
// the CLI's text, with one object of each kind that holds a secret: every
// sensitive attribute shows as (sensitive value), known (the passwords) or
// not (a key's secret, a download link read during apply), and no secret of
// the configuration is printed. Terraform decides what to hide from the
// schema's Sensitive flags alone, so this fails if one is dropped.
func TestAccProvider_sensitiveValuesHiddenInPlan(t *testing.T) {
	t.Parallel()
	const userPassword, rootPassword = "user-pw-plan-52", "root-pw-plan-68"
	out := acctest.PlanOutput(t, `
terraform {
  required_providers {
    webcore = {
      source = "webcore/webcore"
    }
  }
}

resource "webcore_user" "test" {
  login    = "planoutput"
  email    = "planoutput@example.com"
  password = "`+userPassword+`"
}

resource "webcore_virtual_server" "test" {
  label                 = "planoutput"
  hostname              = "planoutput"
  template_id           = 1
  memory                = 512
  cpus                  = 1
  cpu_shares            = 1
  primary_disk_size     = 5
  initial_root_password = "`+rootPassword+`"
}

resource "webcore_user_api_key" "test" {
  user_id = webcore_user.test.id
}

resource "webscale_access_key" "test" {
  provider   = webcore
  expires_at = "2099-01-01T00:00:00Z"
}

# Read during apply (it waits for the key), so the plan lists its attributes.
data "webscale_app_logs" "test" {
  provider   = webcore
  app_id     = "example-app"
  start_time = "2025-06-01T00:00:00Z"
  end_time   = "2025-06-01T01:00:00Z"
  depends_on = [webscale_access_key.test]
}
`)
	for _, attribute := range []string{"password", "initial_root_password", "secret", "download_url", "api_key"} {
		if !regexp.MustCompile(`(?m)^\s*\+ ` + attribute + ` += \(sensitive value\)$`).MatchString(out) {
			t.Errorf("the plan does not show %s as (sensitive value):\n%s", attribute, out)
		}
	}
	for _, secret := range []string{userPassword, rootPassword} {
		if strings.Contains(out, secret) {
			t.Errorf("the plan prints a configured secret:\n%s", out)
		}
	}
}
