package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// Objects that make the provider use one API each.
const (
	appLogsUsingWebscale = `
data "webscale_app_logs" "x" {
  provider   = webcore
  app_id     = "example-app"
  start_time = "2015-07-31T00:00:00Z"
}
`
	userUsingWebcore = `
resource "webcore_user" "x" {
  login    = "configcase"
  email    = "configcase@example.com"
  password = "secret123"
}
`
)

// TestAccProvider_configurationErrors configures the provider explicitly (no
// environment, whatever an earlier test's PreCheck set), so each case shows
// which setting produced which error.
func TestAccProvider_configurationErrors(t *testing.T) {
	acctest.WithoutProviderEnv(t)
	info := acctest.Emulator(t).Info()
	cases := map[string]struct {
		provider string // body of the provider block
		object   string
		want     string
	}{
		"webscale object without webscale settings": {
			provider: fmt.Sprintf(`ca_cert_file = %q
  webcore {
    url      = %q
    username = %q
    password = %q
  }`, info.CACertFile, info.WebcoreURL, info.WebcoreLogin, info.WebcorePassword),
			object: appLogsUsingWebscale,
			want:   `(?s)Webscale API not configured.*WEBSCALE_ACCESS_TOKEN`,
		},
		"webcore object without webcore settings": {
			provider: fmt.Sprintf(`ca_cert_file = %q
  webscale {
    url          = %q
    access_token = %q
  }`, info.CACertFile, info.WebscaleURL, info.WebscaleToken),
			object: userUsingWebcore,
			want:   `(?s)Webcore Cloud API not configured.*WEBCORE_URL`,
		},
		"partial webcore settings name the missing one": {
			provider: fmt.Sprintf(`ca_cert_file = %q
  webcore {
    url = %q
  }`, info.CACertFile, info.WebcoreURL),
			object: userUsingWebcore,
			want:   `(?s)Missing Webcore setting.*WEBCORE_USERNAME`,
		},
		"webscale url must be https": {
			provider: `webscale {
    url          = "http://api.webscale.com/v2"
    access_token = "irrelevant"
  }`,
			object: appLogsUsingWebscale,
			want:   `(?s)Unsupported URL scheme.*must use https`,
		},
		"password and api_key conflict": {
			provider: `webcore {
    url      = "https://cloud.example.com"
    username = "admin"
    password = "secret123"
    api_key  = "0123456789abcdef"
  }`,
			object: userUsingWebcore,
			want:   `(?s)password.*api_key|api_key.*password`,
		},
		"max_requests_per_second out of range": {
			provider: `webscale {
    url                     = "https://api.webscale.com/v2"
    access_token            = "irrelevant"
    max_requests_per_second = 0
  }`,
			object: appLogsUsingWebscale,
			want:   `(?s)max_requests_per_second.*between 0\.1`,
		},
		"wrong webcore credentials": {
			provider: fmt.Sprintf(`ca_cert_file = %q
  webcore {
    url      = %q
    username = %q
    password = "wrong-password-1"
  }`, info.CACertFile, info.WebcoreURL, info.WebcoreLogin),
			object: userUsingWebcore,
			want:   `credentials rejected`,
		},
		"wrong webscale token": {
			provider: fmt.Sprintf(`ca_cert_file = %q
  webscale {
    url          = %q
    access_token = "not-a-real-token"
  }`, info.CACertFile, info.WebscaleURL),
			object: appLogsUsingWebscale,
			want:   `credentials rejected`,
		},
		"untrusted certificate is reported": {
			// No ca_cert_file: the emulator's self-signed CA is not trusted.
			provider: fmt.Sprintf(`webscale {
    url          = %q
    access_token = %q
  }`, info.WebscaleURL, info.WebscaleToken),
			object: appLogsUsingWebscale,
			want:   `certificate`,
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      "provider \"webcore\" {\n  " + c.provider + "\n}\n" + c.object,
					ExpectError: regexp.MustCompile(c.want),
				}},
			})
		})
	}
}

// TestAccProvider_strayWebcoreURL: a WEBCORE_URL left in the shell does not
// break a configuration that only uses Webscale; Webcore's settings are
// checked only by an object that needs Webcore. Not parallel: it sets the
// process environment.
func TestAccProvider_strayWebcoreURL(t *testing.T) {
	acctest.WithoutProviderEnv(t)
	info := acctest.Emulator(t).Info()
	t.Setenv("WEBCORE_URL", "https://stray.example.com")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "webcore" {
  ca_cert_file = %q
  webscale {
    url          = %q
    access_token = %q
  }
}
`, info.CACertFile, info.WebscaleURL, info.WebscaleToken) + appLogsUsingWebscale,
		}},
	})
}
