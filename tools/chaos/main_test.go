package main

import (
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webcore"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webscale"
	"github.com/webcore/terraform-provider-webcore/tools/internal/harness"
)

// shareOf works out which share of requests with method each fault kind answers,
// trying the rules in order as the emulator does (first that fires wins).
func shareOf(rules []emulator.FaultRule, method string) map[string]float64 {
	shares := map[string]float64{}
	reach := 1.0
	for _, r := range rules {
		if r.Method != "" && r.Method != method {
			continue
		}
		fire := reach * *r.Probability
		key := r.Kind
		if r.Status != 0 {
			key += " " + strconv.Itoa(r.Status)
		}
		shares[key] += fire
		reach -= fire
	}
	return shares
}

func TestFaultMixAnswersIssue10Shares(t *testing.T) {
	rules := faultMix()
	near := func(got, want float64) bool { return math.Abs(got-want) < 1e-9 }
	get := shareOf(rules, "GET")
	if !near(get["status 503"], 0.15) || !near(get["status 429"], 0.05) || !near(get["drop"], 0.04) || get["commit_then_drop"] != 0 {
		t.Errorf("GET shares = %v", get)
	}
	for _, method := range []string{"POST", "DELETE"} {
		shares := shareOf(rules, method)
		// The general faults share what commit_then_drop leaves: 97 % of their targets.
		if !near(shares["commit_then_drop"], 0.03) || !near(shares["status 503"], 0.97*0.15) || !near(shares["drop"], 0.97*0.04) {
			t.Errorf("%s shares = %v", method, shares)
		}
	}
	for _, r := range rules {
		if r.Path != "*" || (r.Kind == emulator.FaultStatus && r.RetryAfter != 1) {
			t.Errorf("rule %+v: want every vendor path, Retry-After 1", r)
		}
	}
}

// The mix must be a body the emulator accepts: it validates rules as it installs them.
func TestFaultMixIsAcceptedByTheEmulator(t *testing.T) {
	srv, err := emulator.Start(emulator.Config{Listen: "127.0.0.1:0", LogOutput: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = srv.Close() }()
	if err := srv.Control().SetFaults(1, faultMix()); err != nil {
		t.Fatal(err)
	}
}

func TestErrorSummaries(t *testing.T) {
	output := `webcore_user.chaos[15]: Creating...

Error: User may have been created

  with webcore_user.chaos[15],
  on main.tf line 12, in resource "webcore_user" "chaos":
  12: resource "webcore_user" "chaos" {

Creating user "chaos-user-15" failed (webcore: POST /users.json: 503 Service
Unavailable). Run apply again.

Second paragraph, not reported.

Error: Invalid provider configuration

Provider "registry.terraform.io/webcore/webcore" requires explicit configuration.
`
	got := errorSummaries(output)
	want := []string{
		`webcore_user.chaos[15]: User may have been created: Creating user "chaos-user-15" failed (webcore: POST /users.json: 503 Service Unavailable). Run apply again.`,
		`Invalid provider configuration: Provider "registry.terraform.io/webcore/webcore" requires explicit configuration.`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDuplicatesAndLeftovers(t *testing.T) {
	fresh := emulator.State{
		Webcore:  webcore.State{Users: []webcore.User{{ID: 1, Login: "admin"}}},
		Webscale: webscale.State{AccessKeys: []webscale.AccessKeyRecord{{ID: "1"}}},
	}
	s := seededFrom(fresh)
	after := emulator.State{
		Webcore: webcore.State{
			Users: []webcore.User{
				{ID: 1, Login: "admin"},
				{ID: 2, Login: "chaos-user-00"},
				{ID: 3, Login: "CHAOS-USER-00"},                    // the API compares logins case-insensitively
				{ID: 4, Login: "chaos-user-00", Destroying: true},  // on its way out
				{ID: 5, Login: "chaos-user-00", Status: "deleted"}, // marked deleted
			},
			VirtualServers: []webcore.VirtualServer{{ID: 1, Label: "chaos-vs-00"}, {ID: 2, Label: "chaos-vs-00"}, {ID: 3, Label: "chaos-vs-00"}, {ID: 4, Label: "chaos-vs-01"}},
		},
		Webscale: webscale.State{AccessKeys: []webscale.AccessKeyRecord{{ID: "1"}, {ID: "2"}, {ID: "3"}, {ID: "4"}}},
	}
	inState := accessKeyIDs([]*tfjson.StateResource{
		{Type: "webscale_access_key", AttributeValues: map[string]any{"id": "2"}},
		{Type: "webcore_user", AttributeValues: map[string]any{"id": "3"}},
	})
	if got := duplicates(after, s, inState); got != (objectCounts{users: 1, servers: 2, keys: 2}) || got.String() != "1 user, 2 servers, 2 keys" {
		t.Errorf("duplicates = %+v (%s)", got, got)
	}
	if got := leftovers(after, s); got != (objectCounts{users: 3, servers: 4, keys: 3}) {
		t.Errorf("leftovers = %+v", got)
	}
	if got := leftovers(fresh, s); got.total() != 0 || got.String() != "none" {
		t.Errorf("a fresh emulator has leftovers: %+v", got)
	}
}

func TestRowsSayWhatWentWrong(t *testing.T) {
	ok := chaosResult{seed: 1, maxApplies: 4, applies: 1, grew: true, nextPlan: harness.PlanEmpty, destroyed: true, elapsed: 20 * time.Second}
	if !ok.converged() || strings.Join(ok.cells(), "|") != "1|1|yes|0|yes|yes|20s" {
		t.Errorf("converged row = %v", ok.cells())
	}
	bad := chaosResult{seed: 2, maxApplies: 4, duplicates: objectCounts{keys: 1}, nextPlan: harness.PlanChanges, left: objectCounts{servers: 2}}
	if bad.converged() || strings.Join(bad.cells(), "|") != "2|not in 4|no|1 (1 key)|no|no: failed, left 2 servers|0s" {
		t.Errorf("unconverged row = %v", bad.cells())
	}
	limited := chaosResult{seed: 3, maxApplies: 4, applies: 1, grew: true, nextPlan: harness.PlanEmpty, destroyed: true, rateLimit: 20, rateBurst: 5}
	if !limited.converged() || limited.cells()[0] != "3 at 20 req/s, burst 5" {
		t.Errorf("rate-limited row = %v", limited.cells())
	}
	outage := outageResult{run: 1, outage: 15 * time.Second, killed: true, tainted: []string{"webcore_virtual_server.chaos[0]"}, nextPlan: harness.PlanChanges}
	if outage.rodeItOut() || strings.Join(outage.cells(), "|") != "1|15s|no|1 (webcore_virtual_server.chaos[0])|0|no|0s" {
		t.Errorf("outage row = %v", outage.cells())
	}
}

func TestParseSeeds(t *testing.T) {
	seeds, err := parseSeeds(" 1 2,3 ")
	if err != nil || len(seeds) != 3 || seeds[2] != 3 {
		t.Errorf("parseSeeds = %v, %v", seeds, err)
	}
	for _, bad := range []string{"", "one", "-1"} {
		if _, err := parseSeeds(bad); err == nil {
			t.Errorf("parseSeeds(%q) accepted", bad)
		}
	}
}
