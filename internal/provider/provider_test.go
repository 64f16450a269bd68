package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// These tests configure the provider explicitly (no environment), so each
// one shows exactly which setting produced which error.

func TestAccProvider_webscaleObjectWithoutWebscaleSettings(t *testing.T) {
	info := acctest.Emulator(t).Info()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "webcore" {
  ca_cert_file = %q
  webcore {
    url      = %q
    username = %q
    password = %q
  }
}

data "webscale_app_logs" "x" {
  provider   = webcore
  app_id     = "example-app"
  start_time = "2015-07-31T00:00:00Z"
}
`, info.CACertFile, info.WebcoreURL, info.WebcoreLogin, info.WebcorePassword),
			ExpectError: regexp.MustCompile(`(?s)Webscale API not configured.*WEBSCALE_ACCESS_TOKEN`),
		}},
	})
}

func TestAccProvider_webcoreObjectWithoutWebcoreSettings(t *testing.T) {
	info := acctest.Emulator(t).Info()
	resource.ParallelTest(t, resource.TestCase{
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

resource "webcore_user" "x" {
  login    = "nowebcore"
  email    = "nowebcore@example.com"
  password = "secret123"
}
`, info.CACertFile, info.WebscaleURL, info.WebscaleToken),
			ExpectError: regexp.MustCompile(`(?s)Webcore Cloud API not configured.*WEBCORE_URL`),
		}},
	})
}

func TestAccProvider_partialWebcoreSettingsNameTheMissingOne(t *testing.T) {
	info := acctest.Emulator(t).Info()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "webcore" {
  ca_cert_file = %q
  webcore {
    url = %q
  }
}

resource "webcore_user" "x" {
  login    = "partial"
  email    = "partial@example.com"
  password = "secret123"
}
`, info.CACertFile, info.WebcoreURL),
			ExpectError: regexp.MustCompile(`(?s)Missing Webcore setting.*WEBCORE_USERNAME`),
		}},
	})
}

func TestAccProvider_webscaleURLMustBeHTTPS(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "webcore" {
  webscale {
    url          = "http://api.webscale.com/v2"
    access_token = "irrelevant"
  }
}

data "webscale_app_logs" "x" {
  provider   = webcore
  app_id     = "example-app"
  start_time = "2015-07-31T00:00:00Z"
}
`,
			ExpectError: regexp.MustCompile(`(?s)Unsupported URL scheme.*must use https`),
		}},
	})
}

func TestAccProvider_passwordAndAPIKeyConflict(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "webcore" {
  webcore {
    url      = "https://cloud.example.com"
    username = "admin"
    password = "secret123"
    api_key  = "0123456789abcdef"
  }
}

resource "webcore_user" "x" {
  login    = "conflict"
  email    = "conflict@example.com"
  password = "secret123"
}
`,
			ExpectError: regexp.MustCompile(`(?s)password.*api_key|api_key.*password`),
		}},
	})
}

func TestAccProvider_wrongWebcoreCredentials(t *testing.T) {
	info := acctest.Emulator(t).Info()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "webcore" {
  ca_cert_file = %q
  webcore {
    url      = %q
    username = %q
    password = "wrong-password-1"
  }
}

resource "webcore_user" "x" {
  login    = "wrongcreds"
  email    = "wrongcreds@example.com"
  password = "secret123"
}
`, info.CACertFile, info.WebcoreURL, info.WebcoreLogin),
			ExpectError: regexp.MustCompile(`credentials rejected`),
		}},
	})
}

func TestAccProvider_wrongWebscaleToken(t *testing.T) {
	info := acctest.Emulator(t).Info()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "webcore" {
  ca_cert_file = %q
  webscale {
    url          = %q
    access_token = "not-a-real-token"
  }
}

data "webscale_app_logs" "x" {
  provider   = webcore
  app_id     = "example-app"
  start_time = "2015-07-31T00:00:00Z"
}
`, info.CACertFile, info.WebscaleURL),
			ExpectError: regexp.MustCompile(`credentials rejected`),
		}},
	})
}

func TestAccProvider_untrustedCertificateIsReported(t *testing.T) {
	info := acctest.Emulator(t).Info()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// No ca_cert_file: the emulator's self-signed CA is not trusted.
			Config: fmt.Sprintf(`
provider "webcore" {
  webscale {
    url          = %q
    access_token = %q
  }
}

data "webscale_app_logs" "x" {
  provider   = webcore
  app_id     = "example-app"
  start_time = "2015-07-31T00:00:00Z"
}
`, info.WebscaleURL, info.WebscaleToken),
			ExpectError: regexp.MustCompile(`certificate`),
		}},
	})
}
