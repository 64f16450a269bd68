package userapikey_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

const (
	exampleKey    = "webcore_user_api_key.kim"
	exampleUser   = "webcore_user.kim"
	exampleServer = "webcore_virtual_server.kim_web"
)

// TestAccUserAPIKey_example applies the documented example with the built
// provider, as a user runs it (every provider alias in a plugin process of
// its own, which the in-process test harness cannot give): a user, the
// user's key, and a server that an aliased provider logged in with the key
// creates as the user. A new key_rotation then replaces the key in one apply:
// the new key works, the previous one no longer does. Destroy warns that the
// key was only forgotten.
func TestAccUserAPIKey_example(t *testing.T) {
	t.Parallel()
	files := acctest.ConfigFiles(t, "../../examples/resources/webcore_user_api_key")
	files["versions.tf"] = `terraform {
  required_providers {
    webcore = { source = "webcore/webcore" }
  }
}
`
	cli := acctest.NewCLI(t, files)
	password := "-var=user_password=kim-secret"
	rotation := func(r string) string { return "-var=key_rotation=" + r }

	cli.MustRun("apply", "-auto-approve", "-no-color", password, rotation("2030-01"))
	first := readExample(t, cli)
	if first.keyUserID != first.userID {
		t.Errorf("the key's user_id is %d, the user's id %d", first.keyUserID, first.userID)
	}
	checkKeyWorks(t, first, first.apiKey)
	vm, err := acctest.AdminWebcoreClient(t).GetVirtualServer(context.Background(), first.serverID)
	if err != nil {
		t.Fatalf("reading the server: %v", err)
	}
	if vm.UserID != first.userID {
		t.Errorf("the aliased provider's server belongs to user %d, expected the key's user %d", vm.UserID, first.userID)
	}
	if _, code := cli.Run("plan", "-detailed-exitcode", "-no-color", password, rotation("2030-01")); code != 0 {
		t.Errorf("the second plan exited %d, want 0 (no changes)", code)
	}

	plan := cli.MustRun("plan", "-no-color", password, rotation("2030-02"))
	if !strings.Contains(plan, exampleKey+" must be replaced") || !strings.Contains(plan, "1 to add, 0 to change, 1 to destroy") {
		t.Errorf("a new key_rotation should plan the key's replacement and nothing else:\n%s", plan)
	}
	cli.MustRun("apply", "-auto-approve", "-no-color", password, rotation("2030-02"))
	second := readExample(t, cli)
	if second.apiKey == first.apiKey {
		t.Fatal("a new key_rotation kept the same key")
	}
	checkKeyWorks(t, second, second.apiKey)
	_, err = acctest.WebcoreClientWithAPIKey(t, first.email, first.apiKey).GetUser(context.Background(), first.userID)
	if !client.IsUnauthorized(err) {
		t.Errorf("the previous key: expected 401 Unauthorized, got %v", err)
	}
	if _, code := cli.Run("plan", "-detailed-exitcode", "-no-color", password, rotation("2030-02")); code != 0 {
		t.Errorf("the plan after the rotation exited %d, want 0 (no changes)", code)
	}

	destroy := cli.MustRun("destroy", "-auto-approve", "-no-color", password, rotation("2030-02"))
	if !strings.Contains(destroy, "only removed from the state") {
		t.Errorf("destroy did not warn that the key was only forgotten:\n%s", destroy)
	}
	if _, err := acctest.AdminWebcoreClient(t).GetUser(context.Background(), first.userID); !client.IsNotFound(err) {
		t.Errorf("the user is still there after destroy: %v", err)
	}
}

// example is what the example's state holds.
type example struct {
	userID, keyUserID int64
	email, apiKey     string
	serverID          string
}

// readExample reads the example's state with `terraform show -json`, which
// shows sensitive values too.
func readExample(t *testing.T, cli *acctest.CLI) example {
	t.Helper()
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(cli.MustRun("show", "-json")), &state); err != nil {
		t.Fatal(err)
	}
	var e example
	for _, r := range state.Values.RootModule.Resources {
		switch r.Address {
		case exampleUser:
			e.userID, _ = strconv.ParseInt(fmt.Sprint(r.Values["id"]), 10, 64)
			e.email = fmt.Sprint(r.Values["email"])
		case exampleKey:
			e.apiKey = fmt.Sprint(r.Values["api_key"])
			if n, ok := r.Values["user_id"].(float64); ok {
				e.keyUserID = int64(n)
			}
		case exampleServer:
			e.serverID = fmt.Sprint(r.Values["id"])
		}
	}
	if e.userID == 0 || len(e.apiKey) < 20 || e.serverID == "" {
		t.Fatalf("the example's state lacks the user, the key or the server: %+v", e)
	}
	return e
}

// checkKeyWorks logs in through the API with the user's email and key, and
// reads the user: the API must take the key as the user's.
func checkKeyWorks(t *testing.T, e example, key string) {
	t.Helper()
	u, err := acctest.WebcoreClientWithAPIKey(t, e.email, key).GetUser(context.Background(), e.userID)
	if err != nil {
		t.Fatalf("logging in with the user's email and key: %v", err)
	}
	if u.Email != e.email {
		t.Errorf("the key read user %q, expected %q", u.Email, e.email)
	}
}

// TestAccUserAPIKey_userGone: a key whose user was destroyed outside
// Terraform leaves the state, so the next plan generates one again.
func TestAccUserAPIKey_userGone(t *testing.T) {
	cfg := `
resource "webcore_user" "gone" {
  login    = "apikey.gone"
  email    = "apikey.gone@example.com"
  password = "gone-secret"
}

resource "webcore_user_api_key" "gone" {
  user_id = webcore_user.gone.id
}
`
	var userID string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: acctest.CaptureID("webcore_user.gone", &userID)},
			{
				PreConfig: func() {
					id, err := strconv.ParseInt(userID, 10, 64)
					if err != nil {
						t.Fatal(err)
					}
					webcore := acctest.AdminWebcoreClient(t)
					if err := webcore.DeleteUser(context.Background(), id, true); err != nil {
						t.Fatalf("force-deleting user %d: %v", id, err)
					}
					if err := webcore.WaitUserGone(context.Background(), id); err != nil {
						t.Fatalf("waiting for user %d to be gone: %v", id, err)
					}
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("webcore_user_api_key.gone", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("webcore_user.gone", plancheck.ResourceActionCreate),
					},
				},
			},
		},
	})
}

// TestAccUserAPIKey_generateAnswerLost: the answer to the generate request
// is lost after the API generated a key. The create generates again, and the
// key in state is the working one; the lost one was revoked by it.
func TestAccUserAPIKey_generateAnswerLost(t *testing.T) {
	const generate = "/users/*/user_api_keys/generate.json"
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			acctest.LoseNextAnswer(t, "POST", generate)
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "webcore_user" "lost" {
  login    = "apikey.lost"
  email    = "apikey.lost@example.com"
  password = "lost-secret"
}

resource "webcore_user_api_key" "lost" {
  user_id = webcore_user.lost.id
}
`,
			Check: func(s *terraform.State) error {
				id, err := acctest.NumericID(s, "webcore_user.lost")
				if err != nil {
					return err
				}
				path := "/users/" + strconv.FormatInt(id, 10) + "/user_api_keys/generate.json"
				if err := acctest.CheckAnswerWasLost(t, "POST", path)(s); err != nil {
					return err
				}
				if n := len(acctest.Requests(t, "POST", path)); n != 2 {
					return fmt.Errorf("%d generate requests, want 2 (the lost one and one more)", n)
				}
				key := s.RootModule().Resources["webcore_user_api_key.lost"].Primary.Attributes["api_key"]
				_, err = acctest.WebcoreClientWithAPIKey(t, "apikey.lost@example.com", key).GetUser(context.Background(), id)
				return err
			},
		}},
	})
}

// TestAccUserAPIKey_ownKeyRefused: a provider that logs in with an API key
// refuses to generate a new key for its own account, which would lock it
// out; the key it logs in with still works afterwards.
func TestAccUserAPIKey_ownKeyRefused(t *testing.T) {
	acctest.SkipUnlessAcceptance(t)
	acctest.PreCheck(t)
	info := acctest.Emulator(t).Info()
	acctest.WithoutProviderEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "webcore" {
  ca_cert_file = %q
  webcore {
    url      = %q
    username = %q
    api_key  = %q
  }
}

resource "webcore_user_api_key" "self" {
  user_id = 1
}
`, info.CACertFile, info.WebcoreURL, strings.ToUpper(info.WebcoreEmail), info.WebcoreAPIKey),
			ExpectError: acctest.ErrorMatching("This provider logs in with this user's API key", "would revoke the key this provider logs in with"),
		}},
		CheckDestroy: func(*terraform.State) error {
			_, err := acctest.WebcoreClientWithAPIKey(t, info.WebcoreEmail, info.WebcoreAPIKey).GetUser(context.Background(), 1)
			return err
		},
	})
}
