package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/provider"
)

// readsBothAPIs reads one object of each API at plan, so the provider
// connects to both.
const readsBothAPIs = `
terraform {
  required_providers {
    webcore = {
      source = "webcore/webcore"
    }
  }
}

%s

data "webcore_template" "t" {
  label = "Ubuntu 24.04 x64"
}

data "webscale_app_logs" "l" {
  provider   = webcore
  app_id     = "example-app"
  start_time = "2025-06-01T00:00:00Z"
  end_time   = "2025-06-01T01:00:00Z"
}
`

// TestAccProvider_plainHTTPWebcoreURL proves each branch of a plain-HTTP
// control panel (the emulator serves only TLS, so a plain-HTTP front of it
// stands in for one): refused at plan on webcore.url, with nothing sent;
// with allow_plain_http, or its environment variable, it works and warns
// once.
func TestAccProvider_plainHTTPWebcoreURL(t *testing.T) {
	t.Parallel()
	panel := acctest.NewPlainHTTPWebcore(t)
	cli := acctest.NewCLI(t, nil)
	block := func(extra string) string {
		return fmt.Sprintf(readsBothAPIs, fmt.Sprintf("provider \"webcore\" {\n  webcore {\n    url = %q\n%s  }\n}", panel.URL, extra))
	}

	cli.WriteConfig(block(""))
	stdout, stderr, code := cli.RunOutput("plan", "-no-color", "-input=false")
	if code == 0 || !strings.Contains(stderr, "Error: Credentials would travel in clear text") ||
		!strings.Contains(stderr, "url = \""+panel.URL+"\"") || !strings.Contains(stderr, "allow_plain_http") {
		t.Fatalf("an http:// URL without the opt-in is not refused on webcore.url (exit %d):\n%s\n%s", code, stdout, stderr)
	}
	if n := panel.BasicInTheClear(); n != 0 {
		t.Fatalf("%d requests sent credentials in clear text although the URL was refused", n)
	}

	for name, opt := range map[string]func(){
		"attribute": func() { cli.WriteConfig(block("    allow_plain_http = true\n")) },
		"environment": func() {
			cli.WriteConfig(block(""))
			cli.Setenv(provider.EnvWebcoreAllowHTTP, "true")
		},
	} {
		before := panel.BasicInTheClear()
		opt()
		stdout, stderr, code := cli.RunOutput("plan", "-no-color", "-input=false")
		if code != 0 {
			t.Fatalf("%s: the opt-in did not let the plan run (exit %d):\n%s\n%s", name, code, stdout, stderr)
		}
		if panel.BasicInTheClear() == before {
			t.Errorf("%s: the plan reached the panel through nothing but plain HTTP, yet no request arrived there", name)
		}
		out := stdout + stderr
		if strings.Count(out, "Warning: Webcore credentials travel in clear text") != 1 || strings.Contains(out, "similar warning") {
			t.Errorf("%s: want exactly one clear-text warning:\n%s", name, out)
		}
	}
}

// TestAccProvider_insecureWarnsOnce: insecure = true, or WEBCORE_INSECURE,
// warns once per provider configuration, naming both APIs it reaches
// without verifying them.
func TestAccProvider_insecureWarnsOnce(t *testing.T) {
	t.Parallel()
	cli := acctest.NewCLI(t, nil)
	info := acctest.Emulator(t).Info()
	for name, opt := range map[string]func(){
		"attribute": func() { cli.WriteConfig(fmt.Sprintf(readsBothAPIs, "provider \"webcore\" {\n  insecure = true\n}")) },
		"environment": func() {
			cli.WriteConfig(fmt.Sprintf(readsBothAPIs, ""))
			cli.Setenv(provider.EnvInsecure, "true")
		},
	} {
		opt()
		stdout, stderr, code := cli.RunOutput("plan", "-no-color", "-input=false")
		if code != 0 {
			t.Fatalf("%s: plan failed (exit %d):\n%s\n%s", name, code, stdout, stderr)
		}
		out := stdout + stderr
		if strings.Count(out, "Warning: TLS certificate verification is off") != 1 || strings.Contains(out, "similar warning") {
			t.Errorf("%s: want exactly one warning about insecure:\n%s", name, out)
		}
		for _, api := range []string{"the Webcore Cloud API (" + info.WebcoreURL, "the Webscale API (" + info.WebscaleURL} {
			if !strings.Contains(strings.Join(strings.Fields(out), " "), api) {
				t.Errorf("%s: the warning does not name %s:\n%s", name, api, out)
			}
		}
	}
	cli.Setenv(provider.EnvInsecure, "")
	cli.WriteConfig(fmt.Sprintf(readsBothAPIs, ""))
	if stdout, stderr, _ := cli.RunOutput("plan", "-no-color", "-input=false"); strings.Contains(stdout+stderr, "verification is off") {
		t.Errorf("a warning without insecure:\n%s\n%s", stdout, stderr)
	}
}
