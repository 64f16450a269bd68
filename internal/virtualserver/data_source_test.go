package virtualserver_test

import (
	"context"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// serverWorld is a seeded emulator with servers to look up, made through
// the API: the examples' (db-01, batch-1, batch-2, of the admin) and one of
// the seeded user ops (id 2), batch-3. ids maps labels to server ids.
func serverWorld(t *testing.T) (*acctest.Seeded, map[string]int64) {
	t.Helper()
	seeded := acctest.SeededEmulator(t, `{"webcore": {"users": [
  {"login": "ops", "email": "ops@example.com", "password": "ops-password"}
]}}`)
	ids := map[string]int64{}
	admin, ops := seeded.Admin(t), seeded.Client(t, "ops", "ops-password")
	for _, s := range []struct {
		label string
		as    *client.Webcore
	}{{"db-01", admin}, {"batch-1", admin}, {"batch-2", admin}, {"batch-3", ops}} {
		vs, err := s.as.CreateVirtualServer(context.Background(), client.VirtualServerCreateRequest{
			Label: s.label, Hostname: s.label, TemplateID: 1, Memory: 512, CPUs: 1, CPUShares: 10, PrimaryDiskSize: 10,
		})
		if err != nil {
			t.Fatalf("creating %s: %v", s.label, err)
		}
		if _, err := s.as.WaitVirtualServerReady(context.Background(), vs.ID, 0, true); err != nil {
			t.Fatalf("building %s: %v", s.label, err)
		}
		ids[s.label] = vs.ID
	}
	return seeded, ids
}

func exampleConfig(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile("../../examples/data-sources/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// ipv4 is the form of an address the emulator assigns.
var ipv4 = regexp.MustCompile(`^10\.20\.\d+\.\d+$`)

func idString(id int64) knownvalue.Check { return knownvalue.StringExact(strconv.FormatInt(id, 10)) }

// The shipped examples apply as written on a panel that has their servers.
func TestAccVirtualServerDataSource_examples(t *testing.T) {
	seeded, ids := serverWorld(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: seeded.ProviderBlock + exampleConfig(t, "webcore_virtual_server/data-source.tf") +
				exampleConfig(t, "webcore_virtual_servers/data-source.tf"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("db_ip_address", knownvalue.StringRegexp(ipv4)),
				statecheck.ExpectKnownOutputValue("db_owner_user_id", knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownOutputValue("batch_server_ids", knownvalue.ListExact([]knownvalue.Check{
					idString(ids["batch-1"]), idString(ids["batch-2"]), idString(ids["batch-3"])})),
				statecheck.ExpectKnownOutputValue("batch_ip_addresses", knownvalue.MapSizeExact(3)),
			},
		}},
	})
}

// A server data source reads what the resource reads, by id, identifier or
// label; the list filters by owner and label prefix, and many lookups of
// one plan share one list request.
func TestAccVirtualServerDataSource_lookups(t *testing.T) {
	seeded, ids := serverWorld(t)
	const copies = 6
	db := strconv.FormatInt(ids["db-01"], 10)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { seeded.ClearRequests(t) },
			Config: seeded.ProviderBlock + `
data "webcore_virtual_server" "by_id" {
  id = "` + db + `"
}

data "webcore_virtual_server" "by_identifier" {
  identifier = data.webcore_virtual_server.by_id.identifier
}

data "webcore_virtual_server" "copies" {
  count = 6
  label = "batch-3"
}

data "webcore_virtual_servers" "of_ops" {
  user_id = 2
}

data "webcore_virtual_servers" "admins_batch" {
  user_id      = 1
  label_prefix = "batch-"
}

data "webcore_virtual_servers" "none" {
  label_prefix = "Batch-"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.webcore_virtual_server.by_id", tfjsonpath.New("label"), knownvalue.StringExact("db-01")),
				statecheck.ExpectKnownValue("data.webcore_virtual_server.by_id", tfjsonpath.New("template_id"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue("data.webcore_virtual_server.by_id", tfjsonpath.New("memory"), knownvalue.Int64Exact(512)),
				statecheck.ExpectKnownValue("data.webcore_virtual_server.by_id", tfjsonpath.New("primary_disk_size"), knownvalue.Int64Exact(10)),
				statecheck.ExpectKnownValue("data.webcore_virtual_server.by_id", tfjsonpath.New("power_state"), knownvalue.StringExact("running")),
				statecheck.ExpectKnownValue("data.webcore_virtual_server.by_id", tfjsonpath.New("built"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.webcore_virtual_server.by_id", tfjsonpath.New("ip_addresses").AtSliceIndex(0).AtMapKey("address"), knownvalue.StringRegexp(ipv4)),
				statecheck.CompareValuePairs("data.webcore_virtual_server.by_id", tfjsonpath.New("ip_address"),
					"data.webcore_virtual_server.by_identifier", tfjsonpath.New("ip_address"), compare.ValuesSame()),
				statecheck.ExpectKnownValue("data.webcore_virtual_server.by_identifier", tfjsonpath.New("id"), knownvalue.StringExact(db)),
				statecheck.ExpectKnownValue("data.webcore_virtual_server.copies[5]", tfjsonpath.New("user_id"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue("data.webcore_virtual_servers.of_ops", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{idString(ids["batch-3"])})),
				statecheck.ExpectKnownValue("data.webcore_virtual_servers.of_ops", tfjsonpath.New("virtual_servers").AtSliceIndex(0).AtMapKey("hostname"), knownvalue.StringExact("batch-3")),
				statecheck.ExpectKnownValue("data.webcore_virtual_servers.admins_batch", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
					idString(ids["batch-1"]), idString(ids["batch-2"])})),
				statecheck.ExpectKnownValue("data.webcore_virtual_servers.none", tfjsonpath.New("ids"), knownvalue.ListSizeExact(0)),
			},
			Check: seeded.CheckListedOnce("GET /virtual_machines.json", copies+5),
		}},
	})
}

// None or several servers matching is an error on the argument that lists
// the candidates; a lookup needs exactly one of id, identifier and label.
func TestAccVirtualServerDataSource_noSingleMatch(t *testing.T) {
	seeded, ids := serverWorld(t)
	dup, err := seeded.Admin(t).CreateVirtualServer(context.Background(), client.VirtualServerCreateRequest{
		Label: "db-01", Hostname: "db-01b", TemplateID: 1, Memory: 512, CPUs: 1, CPUShares: 10, PrimaryDiskSize: 10,
	})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: seeded.ProviderBlock + `data "webcore_virtual_server" "s" { label = "db-01" }`,
				ExpectError: acctest.ErrorMatching("Several virtual servers match", `2 virtual servers have label = "db-01"`, "They are:",
					`id `+strconv.FormatInt(ids["db-01"], 10)+`: "db-01"`, `id `+strconv.FormatInt(dup.ID, 10)+`: "db-01" (identifier`, `hostname "db-01b"`),
			},
			{
				Config:      seeded.ProviderBlock + `data "webcore_virtual_server" "s" { label = "web-99" }`,
				ExpectError: acctest.ErrorMatching("No virtual server matches", `0 virtual servers have label = "web-99"`, "The virtual servers are:", `"batch-3"`),
			},
			{
				Config:      seeded.ProviderBlock + `data "webcore_virtual_server" "s" { identifier = "nope" }`,
				ExpectError: acctest.ErrorMatching("No virtual server matches", `identifier = "nope"`),
			},
			{
				Config:      seeded.ProviderBlock + `data "webcore_virtual_server" "s" {}`,
				ExpectError: acctest.ErrorMatching("Exactly one of these attributes must be configured: [id,identifier,label]"),
			},
		},
	})
}
