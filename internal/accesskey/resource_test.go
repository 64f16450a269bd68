package accesskey_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

const keyAddr = "webscale_access_key.test"

// inHours is an expiry n hours from now, in whole seconds as the API keeps it.
func inHours(n int) string {
	return time.Now().Add(time.Duration(n) * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
}

func keyConfig(expiresAt string) string {
	expiry := ""
	if expiresAt != "" {
		expiry = fmt.Sprintf("expires_at = %q", expiresAt)
	}
	return fmt.Sprintf(`
resource "webscale_access_key" "test" {
  provider = webcore
  %s
}
`, expiry)
}

func TestAccAccessKey_lifecycle(t *testing.T) {
	var first, second, third string
	expiry1, expiry2 := inHours(48), inHours(72)
	idChanges := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             keyGone(t, &first, &second, &third),
		Steps: []resource.TestStep{
			{
				Config: keyConfig(expiry1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^\d+$`))),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("href"), knownvalue.StringRegexp(regexp.MustCompile(`^/v2/users/[^/]+/access-keys/\d+$`))),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("type"), knownvalue.StringExact("bearer")),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("durability"), knownvalue.StringExact("persistent")),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("account"), knownvalue.StringExact("/v2/accounts/1")),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(expiry1)),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("secret"), knownvalue.StringRegexp(regexp.MustCompile(`^\S{20,}$`))),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("last_used"), knownvalue.Null()),
					statecheck.ExpectSensitiveValue(keyAddr, tfjsonpath.New("secret")),
					idChanges.AddStateValue(keyAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(keyAddr, &first), keyExists(t, &first)),
			},
			{
				// Import verifies every attribute but the secret, which the
				// API never returns after create.
				ResourceName:            keyAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"secret"},
			},
			{
				// The same instant spelt with another offset is not a change.
				Config: keyConfig(strings.Replace(mustShift(t, expiry1, 2), "Z", "+02:00", 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionUpdate),
					// Only the spelling changes: nothing else is "known after apply".
					plancheck.ExpectKnownValue(keyAddr, tfjsonpath.New("last_used"), knownvalue.Null()),
				}},
				Check: idUnchanged(keyAddr, &first),
			},
			{
				// Keys cannot be edited: another expiry means a new key.
				Config: keyConfig(expiry2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(expiry2)),
					idChanges.AddStateValue(keyAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(keyAddr, &second), keyGone(t, &first), keyExists(t, &second)),
			},
			{
				// Removing the expiry also replaces the key, with one that never expires.
				Config: keyConfig(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("expires_at"), knownvalue.Null()),
					idChanges.AddStateValue(keyAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(keyAddr, &third), keyGone(t, &second)),
			},
		},
	})
}

// mustShift re-spells an RFC 3339 UTC time h hours later on the wall clock,
// so that with a +h offset it names the same instant.
func mustShift(t *testing.T, rfc3339 string, h int) string {
	t.Helper()
	v, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		t.Fatal(err)
	}
	return v.Add(time.Duration(h) * time.Hour).Format(time.RFC3339)
}

// idUnchanged checks that the resource still has the id captured earlier.
func idUnchanged(addr string, id *string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		if got := s.RootModule().Resources[addr].Primary.ID; got != *id {
			return fmt.Errorf("id changed from %s to %s", *id, got)
		}
		return nil
	}
}

func TestAccAccessKey_importedKeyHasNullSecretAndEmptyPlan(t *testing.T) {
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             keyGone(t, &id),
		Steps: []resource.TestStep{
			{
				// A key made elsewhere (e.g. in the control panel) is imported.
				PreConfig: func() {
					created, err := acctest.WebscaleClient(t).CreateAccessKey(context.Background(), "self", client.AccessKeyConfiguration{})
					if err != nil {
						t.Fatal(err)
					}
					id = created.ID()
				},
				Config:             keyConfig(""),
				ResourceName:       keyAddr,
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateIdFunc:  func(*terraform.State) (string, error) { return id, nil },
			},
			{
				Config: keyConfig(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("secret"), knownvalue.Null()),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("type"), knownvalue.StringExact("bearer")),
				},
			},
			{
				ResourceName:  keyAddr,
				ImportState:   true,
				ImportStateId: "999999",
				ExpectError:   regexp.MustCompile(`(?i)cannot import non-existent remote object`),
			},
		},
	})
}

func TestAccAccessKey_deletedOutsideTerraformIsRecreated(t *testing.T) {
	var first, second string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             keyGone(t, &first, &second),
		Steps: []resource.TestStep{
			{
				Config: keyConfig(inHours(24)),
				Check:  acctest.CaptureID(keyAddr, &first),
			},
			{
				PreConfig: func() {
					if _, err := acctest.WebscaleClient(t).DeleteAccessKey(context.Background(), "self", first); err != nil {
						t.Fatal(err)
					}
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{PostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionCreate),
				}},
			},
			{
				Config: keyConfig(inHours(24)),
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(keyAddr, &second), keyExists(t, &second),
					func(*terraform.State) error {
						if second == first {
							return fmt.Errorf("want a new key, still %s", first)
						}
						return nil
					}),
			},
		},
	})
}

func TestAccAccessKey_expiryMustBeInTheFuture(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      keyConfig("2020-01-01T00:00:00Z"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Access key expiry must be in the future`),
			},
			{
				Config:      keyConfig("next tuesday"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?i)RFC ?3339`),
			},
			{
				Config: `
resource "webscale_access_key" "test" {
  provider = webcore
  account  = "accounts/1"
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`/v2/accounts/1`),
			},
		},
	})
}

// A past expires_at on a live key would replace it with a key the API
// refuses to create: it fails at plan, and the working key is not deleted.
func TestAccAccessKey_pastExpiryOnALiveKeyFailsAtPlan(t *testing.T) {
	var id string
	live := inHours(24)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             keyGone(t, &id),
		Steps: []resource.TestStep{
			{
				Config: keyConfig(live),
				Check:  acctest.CaptureID(keyAddr, &id),
			},
			{
				Config:      keyConfig("2020-01-01T00:00:00Z"),
				ExpectError: regexp.MustCompile(`Access key expiry must be in the future`),
			},
			{
				// Nothing was deleted: the working key is still there.
				Config: keyConfig(live),
				Check:  resource.ComposeTestCheckFunc(idUnchanged(keyAddr, &id), keyExists(t, &id)),
			},
		},
	})
}

// The create and delete timeouts are accepted and bound the work.
func TestAccAccessKey_timeouts(t *testing.T) {
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             keyGone(t, &id),
		Steps: []resource.TestStep{{
			Config: `
resource "webscale_access_key" "test" {
  provider = webcore
  timeouts {
    create = "2m"
    delete = "2m"
  }
}
`,
			Check: resource.ComposeTestCheckFunc(acctest.CaptureID(keyAddr, &id), keyExists(t, &id)),
		}},
	})
}

// An expired key no longer authenticates. It stays in state with a warning
// (see ModifyPlan for why it is not re-created), a new expiry replaces it and
// deletes the dead key, and destroy works with an expiry in the past. The
// provider of this test tells the time by a clock the test moves.
func TestAccAccessKey_expiredKeyIsReplaced(t *testing.T) {
	var first, second string
	var clock acctest.ShiftedClock
	expiry, later := inHours(1), inHours(3)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactoriesWithClock(clock.Now),
		CheckDestroy:             keyGone(t, &first, &second),
		Steps: []resource.TestStep{
			{
				Config: keyConfig(expiry),
				Check:  acctest.CaptureID(keyAddr, &first),
			},
			{
				// Two hours later the key has expired: plans still work (with a
				// warning) and change nothing.
				PreConfig: func() { clock.Set(2 * time.Hour) },
				Config:    keyConfig(expiry),
				PlanOnly:  true,
			},
			{
				Config: keyConfig(later),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(keyAddr, &second), keyGone(t, &first), keyExists(t, &second)),
			},
			{
				// Destroy works even when the configured expiry has passed.
				PreConfig: func() { clock.Set(4 * time.Hour) },
				Config:    keyConfig(later),
				Destroy:   true,
			},
		},
	})
}

// One refresh of 50 keys lists the keys once: all reads of one provider
// instance share one list call (internal/listcache). The count is exact because
// the refresh step runs a single `terraform refresh` before Check, and
// nothing else uses the emulator while this non-parallel test runs.
func TestAccAccessKey_fiftyKeysOneListPerRefresh(t *testing.T) {
	const listRoute = "GET /v2/users/{user}/access-keys"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
resource "webscale_access_key" "many" {
  provider = webcore
  count    = 50
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("webscale_access_key.many[49]", tfjsonpath.New("type"), knownvalue.StringExact("bearer")),
				},
			},
			{
				PreConfig:    func() { acctest.ClearRequests(t) },
				RefreshState: true,
				Check: func(*terraform.State) error {
					counters := acctest.APICalls(t)
					if got := counters[listRoute]; got != 1 {
						return fmt.Errorf("refreshing 50 keys made %d list calls, want 1 (counters: %v)", got, counters)
					}
					return nil
				},
			},
		},
	})
}

// A create whose answer is lost after the API made the key converges in one
// apply and leaves no key behind: the provider finds the lost key by diffing
// lists, deletes it (its secret is gone), creates another and keeps that one,
// whose secret works.
func TestAccAccessKey_lostCreateResponseIsReconciled(t *testing.T) {
	var before []string
	var id string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             keyGone(t, &id),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					before = keyIDs(t)
					acctest.LoseNextAnswer(t, "POST", "/v2/users/*/access-keys")
				},
				Config: keyConfig(inHours(24)),
				Check: resource.ComposeTestCheckFunc(
					acctest.CheckAnswerWasLost(t, "POST", "/v2/users/self/access-keys"),
					acctest.CaptureID(keyAddr, &id),
					keyExists(t, &id),
					func(*terraform.State) error {
						// Exactly one key more than before: the lost one was deleted.
						after := keyIDs(t)
						if len(after) != len(before)+1 || slices.Contains(before, id) {
							return fmt.Errorf("keys before the lost create %v, after %v: want only the new key %s added", before, after, id)
						}
						return nil
					},
					secretWorks(t, keyAddr),
				),
			},
		},
	})
}

// secretWorks checks that the secret of the key at addr authenticates a
// Webscale request.
func secretWorks(t *testing.T, addr string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		if _, err := acctest.WebscaleClientWithToken(t, rs.Primary.Attributes["secret"]).ListApplications(context.Background()); err != nil {
			return fmt.Errorf("the secret of %s does not authenticate: %w", addr, err)
		}
		return nil
	}
}

// The key's secret works as a token at once: an aliased provider configured
// with it reads application logs. The data source depends on the key, so it
// is read during apply, once the secret is known.
func TestAccAccessKey_secretIsAWorkingCredential(t *testing.T) {
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             keyGone(t, &id),
		Steps: []resource.TestStep{
			{
				Config: credentialConfig,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.webscale_app_logs.bykey", tfjsonpath.New("download_url"),
						knownvalue.StringRegexp(regexp.MustCompile(`^https://[^/]+/download/\S+$`))),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID("webscale_access_key.k", &id), downloadWorks(t, "data.webscale_app_logs.bykey"),
					secretNotLogged("webscale_access_key.k")),
			},
			{
				// The key authenticated the logs request, which the API records.
				RefreshState: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{PostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: resource.TestCheckResourceAttrSet("webscale_access_key.k", "last_used"),
			},
		},
	})
}

const credentialConfig = `
resource "webscale_access_key" "k" {
  provider = webcore
}

# URL and CA come from the environment; only the token is the new key's.
provider "webcore" {
  alias = "bykey"
  webscale {
    access_token = webscale_access_key.k.secret
  }
}

data "webscale_app_logs" "bykey" {
  provider   = webcore.bykey
  app_id     = "example-app"
  start_time = "2025-03-01T00:00:00"
  end_time   = "2025-03-01T06:00:00"
  depends_on = [webscale_access_key.k]
}
`

// downloadWorks fetches a data source's download_url and expects log lines.
func downloadWorks(t *testing.T, addr string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		body, err := acctest.WebscaleClient(t).Download(context.Background(), rs.Primary.Attributes["download_url"])
		if err != nil {
			return err
		}
		if !strings.Contains(string(body), `"request_path"`) {
			return fmt.Errorf("the download holds no log lines: %d bytes", len(body))
		}
		return nil
	}
}

// The shipped example applies as written.
func TestAccAccessKey_example(t *testing.T) {
	example, err := os.ReadFile("../../examples/resources/webscale_access_key/resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             keyGone(t, &id),
		Steps: []resource.TestStep{{
			Config: string(example),
			Check:  resource.ComposeTestCheckFunc(acctest.CaptureID("webscale_access_key.example", &id), keyExists(t, &id)),
		}},
	})
}

// With token_in_query the key calls carry the token only in the query, and
// neither the provider's token nor a created key's secret reaches the
// emulator's log. Not parallel: it reads the emulator's request log.
func TestAccAccessKey_tokenInQuery(t *testing.T) {
	control := func() *emulator.ControlClient { return acctest.Emulator(t).Control() }
	var id string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             keyGone(t, &id),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if err := control().ClearRequests(); err != nil {
					t.Fatal(err)
				}
			},
			Config: keyConfig(inHours(24)) + `
provider "webcore" {
  webscale {
    token_in_query = true
  }
}
`,
			Check: resource.ComposeTestCheckFunc(acctest.CaptureID(keyAddr, &id), secretNotLogged(keyAddr),
				func(*terraform.State) error {
					records, err := control().Requests()
					if err != nil {
						return err
					}
					methods := map[string]bool{}
					for _, r := range records {
						if !strings.Contains(r.Path, "/access-keys") {
							continue
						}
						methods[r.Method] = true
						if r.AuthHeader != "" || !r.AuthQuery {
							return fmt.Errorf("%s %s: auth header %q, auth query %v; want the query only", r.Method, r.Path, r.AuthHeader, r.AuthQuery)
						}
					}
					if !methods["GET"] || !methods["POST"] {
						return fmt.Errorf("want list and create calls recorded, got methods %v", methods)
					}
					return nil
				}),
		}},
	})
}

// secretNotLogged checks that neither the provider's token nor the key's
// secret appears in the emulator's log.
func secretNotLogged(addr string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		log := acctest.EmulatorLog()
		if secret := rs.Primary.Attributes["secret"]; secret == "" || strings.Contains(log, secret) {
			return fmt.Errorf("the key's secret is empty or in the emulator's log")
		}
		if strings.Contains(log, os.Getenv("WEBSCALE_ACCESS_TOKEN")) {
			return fmt.Errorf("the provider's token is in the emulator's log")
		}
		return nil
	}
}
