package provider_test

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	sdkacctest "github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/provider"
)

// everySecretConfig holds one object of each kind that carries a secret: a
// user's password, a server's root password, a key's secret and a log
// download link.
func everySecretConfig(name string) string {
	return fmt.Sprintf(`
variable "user_password" {
  type      = string
  sensitive = true
}

variable "root_password" {
  type      = string
  sensitive = true
}

resource "webcore_user" "test" {
  login    = %[1]q
  email    = "%[1]s@example.com"
  password = var.user_password
}

resource "webcore_virtual_server" "test" {
  label                 = %[1]q
  hostname              = "logcheck"
  template_id           = 1
  memory                = 512
  cpus                  = 1
  cpu_shares            = 1
  primary_disk_size     = 5
  initial_root_password = var.root_password
}

resource "webscale_access_key" "test" {
  provider   = webcore
  expires_at = "2099-01-01T00:00:00Z"
}

data "webscale_app_logs" "test" {
  provider   = webcore
  app_id     = "example-app"
  start_time = "2025-06-01T00:00:00Z"
  end_time   = "2025-06-01T01:00:00Z"
}
`, name)
}

// TestAccProvider_noSecretInTraceLog applies and destroys one object of each
// kind with TF_LOG=TRACE, once per way the provider authenticates to each API
// (Basic with a password or an API key; the Webscale token in the
// Authorization header or the authorization query parameter), and looks for
// every secret in the CLI's and the provider's log: the admin's password and
// API key (also as the Basic header would encode them), the Webscale token,
// the user's and the root password, the key's secret and the download link.
// Not parallel: it sets the process's environment and TF_LOG.
func TestAccProvider_noSecretInTraceLog(t *testing.T) {
	acctest.SkipUnlessAcceptance(t)
	for _, tc := range []struct {
		name         string
		webcoreKey   bool // Basic email:api_key instead of login:password
		tokenInQuery bool
	}{
		{name: "password_and_bearer"},
		{name: "api_key_and_query_token", webcoreKey: true, tokenInQuery: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acctest.PreCheck(t)
			info := acctest.Emulator(t).Info()
			if tc.webcoreKey {
				t.Setenv(provider.EnvWebcoreUsername, info.WebcoreEmail)
				t.Setenv(provider.EnvWebcorePassword, "")
				t.Setenv(provider.EnvWebcoreAPIKey, info.WebcoreAPIKey)
			}
			t.Setenv(provider.EnvWebscaleTokenInQuery, fmt.Sprint(tc.tokenInQuery))
			logs := acctest.CaptureLogs(t)
			if err := acctest.Emulator(t).Control().ClearRequests(); err != nil {
				t.Fatal(err)
			}

			const userPassword, rootPassword = "user-pw-trace-31", "root-pw-trace-47"
			// A failure names a secret by its index here (0 the admin's
			// password … 6 the Basic API-key credentials; then the key's
			// secret, the download link and its capability).
			secrets := []string{
				info.WebcorePassword, info.WebcoreAPIKey, info.WebscaleToken, userPassword, rootPassword,
				basicCredentials(info.WebcoreLogin, info.WebcorePassword),
				basicCredentials(info.WebcoreEmail, info.WebcoreAPIKey),
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					// Variables, as a user would pass them: the test harness logs
					// a configuration's text at TRACE, the CLI does not.
					Config: everySecretConfig(sdkacctest.RandomWithPrefix("tf-acc-log")),
					ConfigVariables: config.Variables{
						"user_password": config.StringVariable(userPassword),
						"root_password": config.StringVariable(rootPassword),
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						collectSecret("webscale_access_key.test", "secret", &secrets),
						collectDownloadLink("data.webscale_app_logs.test", &secrets),
						func(s *terraform.State) error { return acctest.CheckNoSecretInLogs(logs, secrets...)(s) },
						checkWebscaleAuth(t, tc.tokenInQuery),
					),
				}},
				// After the destroy: its requests are logged too, and as clean.
				CheckDestroy: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) error { return acctest.CheckNoSecretInLogs(logs, secrets...)(s) },
					checkLogsHold(logs, "DELETE", "the destroy's requests"),
				),
			})
		})
	}
}

// basicCredentials is the value of a Basic Authorization header for user and
// secret, as it would appear were a header ever logged.
func basicCredentials(user, secret string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + secret))
}

// collectSecret appends the attribute of addr, which must be set, to secrets.
func collectSecret(addr, attribute string, secrets *[]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok || rs.Primary.Attributes[attribute] == "" {
			return fmt.Errorf("%s.%s is not in the state", addr, attribute)
		}
		*secrets = append(*secrets, rs.Primary.Attributes[attribute])
		return nil
	}
}

// collectDownloadLink appends the download URL of addr to secrets, and its
// capability (the last path segment) alone, should the URL be logged in
// pieces.
func collectDownloadLink(addr string, secrets *[]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if err := collectSecret(addr, "download_url", secrets)(s); err != nil {
			return err
		}
		link, err := url.Parse((*secrets)[len(*secrets)-1])
		if err != nil {
			return err
		}
		*secrets = append(*secrets, path.Base(link.Path))
		return nil
	}
}

// checkWebscaleAuth asserts that every Webscale request the emulator saw
// since the case began carried the token where the case put it: proof that
// the case ran the way it says. (The Webcore side needs none: with
// WEBCORE_PASSWORD empty, only the API key can have logged in.)
func checkWebscaleAuth(t *testing.T, tokenInQuery bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		records, err := acctest.Emulator(t).Control().Requests()
		if err != nil {
			return err
		}
		seen := 0
		for _, r := range records {
			if !strings.HasPrefix(r.Path, "/v2/") {
				continue
			}
			seen++
			if inHeader := r.AuthHeader == "Bearer"; r.AuthQuery != tokenInQuery || inHeader == tokenInQuery {
				return fmt.Errorf("%s %s: auth header %q, auth query %t; want the token in the query: %t",
					r.Method, r.Path, r.AuthHeader, r.AuthQuery, tokenInQuery)
			}
		}
		if seen == 0 {
			return fmt.Errorf("the emulator saw no Webscale request")
		}
		return nil
	}
}

// checkLogsHold asserts that one of the log files CaptureLogs collects in dir
// holds want (what says what it is).
func checkLogsHold(dir, want, what string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		files, err := filepath.Glob(filepath.Join(dir, "*.log"))
		if err != nil {
			return err
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				return err
			}
			if strings.Contains(string(data), want) {
				return nil
			}
		}
		return fmt.Errorf("no log under %s holds %s (%q)", dir, what, want)
	}
}
