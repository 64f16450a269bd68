package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	goversion "github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/provider"
)

// secretMarker is in every bad value below; it must appear nowhere.
const secretMarker = "Mrk7QzSecret"

// badSecret is one sensitive or write-only attribute set to a value that
// fails (at validation or at the API), and how the error must read.
type badSecret struct {
	attribute string // "<object>.<attribute>", "provider.<block>.<attribute>" for the provider's
	value     string
	writeOnly bool           // needs Terraform 1.11 (an ephemeral variable feeds it)
	object    string         // the configuration around var.secret
	want      *regexp.Regexp // the error, naming the attribute
}

// badSecrets covers every configurable sensitive or write-only attribute
// (TestBadSecretsCoverEverySensitiveAttribute keeps it so).
var badSecrets = []badSecret{
	{
		attribute: "webcore_user.password", value: secretMarker + strings.Repeat("x", 70),
		object: `resource "webcore_user" "t" {
  login    = "secretcheck"
  email    = "secretcheck@example.com"
  password = var.secret
}`,
		want: regexp.MustCompile(`Error: Invalid sensitive value(?s:.*)Attribute password must be at most 72 bytes`),
	},
	{
		attribute: "webcore_user.password_wo", value: secretMarker + "-" + strings.Repeat("x", 70), writeOnly: true,
		object: `resource "webcore_user" "t" {
  login               = "secretcheck"
  email               = "secretcheck@example.com"
  password_wo         = var.secret
  password_wo_version = 1
}`,
		want: regexp.MustCompile(`Error: Invalid sensitive value(?s:.*)Attribute password_wo must be at most 72 bytes`),
	},
	{
		attribute: "webcore_virtual_server.initial_root_password", value: secretMarker + "!",
		object: virtualServerWith("initial_root_password"),
		want:   regexp.MustCompile(`Error: Invalid sensitive value(?s:.*)Attribute initial_root_password must be 6 to 32 characters`),
	},
	{
		attribute: "webcore_virtual_server.initial_root_password_wo", value: secretMarker + "!", writeOnly: true,
		object: virtualServerWith("initial_root_password_wo"),
		want:   regexp.MustCompile(`Error: Invalid sensitive value(?s:.*)Attribute initial_root_password_wo must be 6 to 32 characters`),
	},
	// The provider's credentials have no rule but "not empty": a wrong one
	// is refused by the API, and that error must not echo it either.
	{
		attribute: "provider.webcore.password", value: secretMarker + "-wrong-password",
		object: webcoreReadWith("password = var.secret"),
		want:   regexp.MustCompile(`credentials rejected(?s:.*)webcore.password`),
	},
	{
		attribute: "provider.webcore.api_key", value: secretMarker + "0123456789abcdef0123456789",
		object: webcoreReadWith(`username = "admin@example.com"
    api_key  = var.secret`),
		want: regexp.MustCompile(`credentials rejected(?s:.*)webcore.api_key`),
	},
	{
		attribute: "provider.webscale.access_token", value: secretMarker + "-wrong-token",
		object: `provider "webcore" {
  webscale {
    access_token = var.secret
  }
}

data "webscale_app_logs" "t" {
  provider   = webcore
  app_id     = "example-app"
  start_time = "2025-06-01T00:00:00Z"
  end_time   = "2025-06-01T01:00:00Z"
}`,
		want: regexp.MustCompile(`credentials rejected(?s:.*)webscale.access_token`),
	},
}

// webcoreReadWith is a provider block whose webcore block holds settings,
// and a data source that reads the API with them at plan.
func webcoreReadWith(settings string) string {
	return `provider "webcore" {
  webcore {
    ` + settings + `
  }
}

data "webcore_template" "t" {
  label = "Ubuntu 24.04 x64"
}`
}

func virtualServerWith(attribute string) string {
	return fmt.Sprintf(`resource "webcore_virtual_server" "t" {
  label             = "secretcheck"
  hostname          = "secretcheck"
  template_id       = 1
  memory            = 512
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 5
  %s = var.secret
}`, attribute)
}

// TestAccProvider_noSensitiveValueInDiagnostics plans every sensitive and
// write-only attribute with a bad value holding a marker, as a user would
// (a sensitive variable, the real CLI, TF_LOG_PROVIDER=TRACE), and finds the
// marker neither in what the CLI prints (stdout and stderr) nor in the
// provider's log, while the error still names the attribute.
func TestAccProvider_noSensitiveValueInDiagnostics(t *testing.T) {
	cli := acctest.NewCLI(t, nil)
	writeOnly := cliSupportsWriteOnly(t, cli)
	logs := t.TempDir()
	cli.Setenv("TF_LOG_PROVIDER", "TRACE")
	for i, tc := range badSecrets {
		t.Run(tc.attribute, func(t *testing.T) {
			if tc.writeOnly && !writeOnly {
				t.Skip("write-only attributes need Terraform 1.11 or OpenTofu 1.11")
			}
			variable := "  sensitive = true\n"
			if tc.writeOnly {
				variable += "  ephemeral = true\n"
			}
			cli.WriteConfig(fmt.Sprintf(`terraform {
  required_providers {
    webcore = {
      source = "webcore/webcore"
    }
  }
}

variable "secret" {
  type      = string
%s}

%s
`, variable, tc.object))
			logFile := filepath.Join(logs, fmt.Sprintf("%d.log", i))
			cli.Setenv("TF_LOG_PATH", logFile)
			cli.Setenv("TF_VAR_secret", tc.value)
			stdout, stderr, code := cli.RunOutput("plan", "-no-color", "-input=false")
			out := stdout + stderr
			if code != 1 || !tc.want.MatchString(out) {
				t.Errorf("want the plan to fail with %s (exit %d):\n%s", tc.want, code, out)
			}
			if strings.Contains(out, secretMarker) {
				t.Errorf("the CLI prints the sensitive value:\n%s", out)
			}
			log, err := os.ReadFile(logFile)
			if err != nil {
				t.Fatal(err)
			}
			// The provider's own lines, so the check cannot pass on a log without them.
			if !strings.Contains(string(log), "provider.terraform-provider-webcore") {
				t.Fatalf("no provider line in %s: the check would read nothing of the provider's", logFile)
			}
			if strings.Contains(string(log), secretMarker) {
				t.Errorf("the TRACE log holds the sensitive value (%s)", logFile)
			}
		})
	}
}

// cliSupportsWriteOnly reports whether the suite's CLI takes write-only
// attributes: Terraform 1.11 and OpenTofu 1.11 do.
func cliSupportsWriteOnly(t *testing.T, cli *acctest.CLI) bool {
	t.Helper()
	out := cli.MustRun("version", "-json")
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("version -json: %v\n%s", err, out)
	}
	parsed, err := goversion.NewVersion(v.Version)
	if err != nil {
		t.Fatal(err)
	}
	return !parsed.LessThan(goversion.Must(goversion.NewVersion("1.11.0")))
}

// TestBadSecretsCoverEverySensitiveAttribute keeps badSecrets complete: every
// sensitive or write-only attribute a configuration can set, in the provider
// block and in every resource, data source and ephemeral resource, has a case.
func TestBadSecretsCoverEverySensitiveAttribute(t *testing.T) {
	server := providerserver.NewProtocol6(provider.New("test")())()
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("schema: %v %v", err, resp.Diagnostics)
	}
	var found []string
	var walk func(prefix string, b *tfprotov6.SchemaBlock)
	walk = func(prefix string, b *tfprotov6.SchemaBlock) {
		for _, a := range b.Attributes {
			if (a.Sensitive || a.WriteOnly) && (a.Optional || a.Required) {
				found = append(found, prefix+a.Name)
			}
		}
		for _, nb := range b.BlockTypes {
			walk(prefix+nb.TypeName+".", nb.Block)
		}
	}
	walk("provider.", resp.Provider.Block)
	for _, schemas := range []map[string]*tfprotov6.Schema{resp.ResourceSchemas, resp.DataSourceSchemas, resp.EphemeralResourceSchemas} {
		for name, s := range schemas {
			walk(name+".", s.Block)
		}
	}
	var covered []string
	for _, tc := range badSecrets {
		covered = append(covered, tc.attribute)
		if !strings.Contains(tc.value, secretMarker) {
			t.Errorf("%s: the bad value holds no marker", tc.attribute)
		}
	}
	slices.Sort(found)
	slices.Sort(covered)
	if !slices.Equal(found, covered) {
		t.Errorf("sensitive or write-only attributes a configuration sets:\n %v\ncases in badSecrets:\n %v", found, covered)
	}
}
