package user_test

import (
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// TestAccUser_createAnswered502IsSentAgain answers a user create with a 502
// from a proxy: the provider cannot know whether the API made the user, looks
// for it by login and email, finds none, and sends the create again in the
// same apply. Not parallel: it injects emulator faults.
func TestAccUser_createAnswered502IsSentAgain(t *testing.T) {
	login := randomLogin()
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			acctest.InjectFaults(t, emulator.FaultRule{Method: "POST", Path: "/users.json", Kind: emulator.FaultStatus, Status: 502, Count: 1})
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: minimalConfig(login, "resent-pw"),
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckFaultFired(t, "POST", "/users.json", emulator.FaultStatus),
					checkOnlyUserWithLogin(t, addr),
					checkPasswordWorks(t, addr, "resent-pw"),
				),
			},
		},
	})
}

// TestAccUser_retryAfterIsHonoured turns a create away with 429 and a
// Retry-After the create's timeout can afford: the provider waits it out
// and sends the create again. Not parallel: it injects emulator faults.
func TestAccUser_retryAfterIsHonoured(t *testing.T) {
	login := randomLogin()
	var turnedAwayAt, sentAgainAt int64
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			acctest.InjectFaults(t, emulator.FaultRule{Method: "POST", Path: "/users.json", Kind: emulator.FaultStatus, Status: 429, RetryAfter: 2, Count: 1})
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: minimalConfig(login, "patient-pw"),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkOnlyUserWithLogin(t, addr),
					func(*terraform.State) error {
						posts := acctest.Requests(t, "POST", "/users.json")
						for i := 1; i < len(posts); i++ {
							if posts[i-1].Fault == emulator.FaultStatus {
								turnedAwayAt, sentAgainAt = posts[i-1].Time.UnixMilli(), posts[i].Time.UnixMilli()
							}
						}
						if turnedAwayAt == 0 || sentAgainAt-turnedAwayAt < 2000 {
							return fmt.Errorf("the create was sent again %d ms after the 429, want at least the 2 s asked for", sentAgainAt-turnedAwayAt)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccUser_longRetryAfterFailsAtOnce turns a create away with a
// Retry-After longer than the create's timeout: the provider fails at once
// and says how long the API asked it to wait, rather than coming back
// early. Not parallel: it injects emulator faults.
func TestAccUser_longRetryAfterFailsAtOnce(t *testing.T) {
	login := randomLogin()
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			acctest.InjectFaults(t, emulator.FaultRule{Method: "POST", Path: "/users.json", Kind: emulator.FaultStatus, Status: 503, RetryAfter: 600, Count: 1})
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
resource "webcore_user" "test" {
  login    = %q
  email    = "%s@example.com"
  password = "patient-pw"
  timeouts {
    create = "1m"
  }
}
`, login, login),
				ExpectError: acctest.ErrorMatching("Error creating user", "503 Service Unavailable",
					"the API asked to be retried after 10m0s (Retry-After)", "left before its timeout"),
			},
		},
	})
	if posts := acctest.Requests(t, "POST", "/users.json"); len(posts) == 0 || posts[len(posts)-1].Fault != emulator.FaultStatus {
		t.Errorf("the create was sent again after the 503, or never: %+v", posts)
	}
}

// TestAccUser_redirectToPlainHTTPIsRefused points the provider at a control
// panel that redirects to plain HTTP: the provider refuses to follow, so the
// credentials never travel in clear text, and the error names the redirect.
func TestAccUser_redirectToPlainHTTPIsRefused(t *testing.T) {
	var sinkHits, sinkCredentials atomic.Int64
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sinkHits.Add(1)
		if r.Header.Get("Authorization") != "" {
			sinkCredentials.Add(1)
		}
	}))
	defer sink.Close()
	panel := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, sink.URL+r.URL.RequestURI(), http.StatusFound)
	}))
	defer panel.Close()
	caFile := filepath.Join(t.TempDir(), "panel-ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: panel.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	login := randomLogin()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
provider "webcore" {
  ca_cert_file = %q
  webcore {
    url = %q
  }
}
%s`, caFile, panel.URL, minimalConfig(login, "redirected-pw")),
				ExpectError: acctest.ErrorMatching("Error creating user", "refused a redirect to "+sink.URL+"/users.json",
					"from https to http"),
			},
		},
	})
	if sinkHits.Load() != 0 || sinkCredentials.Load() != 0 {
		t.Fatalf("the plain-HTTP server was reached %d times, %d with credentials", sinkHits.Load(), sinkCredentials.Load())
	}
}
