package hypervisor_test

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

func attr(name string) tfjsonpath.Path { return tfjsonpath.New(name) }

// The shipped example applies as written on the emulator's default world:
// hv-kvm-01 (id 1) and zone 2's only hypervisor (id 2).
func TestAccHypervisor_example(t *testing.T) {
	example, err := os.ReadFile("../../examples/data-sources/webcore_hypervisor/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: string(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("kvm01_id", knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownOutputValue("zone2_hypervisor_id", knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue("data.webcore_hypervisor.kvm01", attr("hypervisor_group_id"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue("data.webcore_hypervisor.kvm01", attr("hypervisor_type"), knownvalue.StringExact("kvm")),
				statecheck.ExpectKnownValue("data.webcore_hypervisor.kvm01", attr("online"), knownvalue.Bool(true)),
			},
		}},
	})
}

// seededHypervisors: zone 2 holds the default hypervisor 2 and 5 (online)
// and 4 (offline); zone 3 holds only 6, offline; label hv-dup is on 7 and 8.
const seededHypervisors = `{"webcore": {"hypervisors": [
  {"id": 5, "label": "hv-kvm-05", "hypervisor_group_id": 2},
  {"id": 4, "label": "hv-kvm-04", "hypervisor_group_id": 2, "online": false},
  {"id": 6, "label": "hv-kvm-06", "hypervisor_group_id": 3, "online": false, "hypervisor_type": "xen"},
  {"id": 8, "label": "hv-dup", "hypervisor_group_id": 4},
  {"id": 7, "label": "hv-dup", "hypervisor_group_id": 4}
]}}`

// In a zone the lowest id among the matches is chosen, whatever the API's
// order; online filters; many lookups of one plan share one list request.
func TestAccHypervisor_chosenInAZone(t *testing.T) {
	seeded := acctest.SeededEmulator(t, seededHypervisors)
	const copies = 6
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { seeded.ClearRequests(t) },
			Config: seeded.ProviderBlock + `
data "webcore_hypervisor" "zone2_offline" {
  hypervisor_group_id = 2
  online              = false
}

data "webcore_hypervisor" "zone3" {
  hypervisor_group_id = 3
}

data "webcore_hypervisor" "zone4" {
  count               = 6
  hypervisor_group_id = 4
  online              = true
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.webcore_hypervisor.zone2_offline", attr("id"), knownvalue.Int64Exact(4)),
				statecheck.ExpectKnownValue("data.webcore_hypervisor.zone2_offline", attr("online"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.webcore_hypervisor.zone3", attr("id"), knownvalue.Int64Exact(6)),
				statecheck.ExpectKnownValue("data.webcore_hypervisor.zone3", attr("hypervisor_type"), knownvalue.StringExact("xen")),
				statecheck.ExpectKnownValue("data.webcore_hypervisor.zone4[5]", attr("id"), knownvalue.Int64Exact(7)),
				statecheck.ExpectKnownValue("data.webcore_hypervisor.zone4[5]", attr("label"), knownvalue.StringExact("hv-dup")),
			},
			Check: seeded.CheckListedOnce("GET /hypervisors.json", copies+2),
		}},
	})
}

// No match, or one label on several hypervisors, is an error that lists
// the candidates; a label and a zone together fail at plan.
func TestAccHypervisor_noSingleMatch(t *testing.T) {
	seeded := acctest.SeededEmulator(t, seededHypervisors)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: seeded.ProviderBlock + `
data "webcore_hypervisor" "h" {
  hypervisor_group_id = 3
  online              = true
}
`,
				ExpectError: acctest.ErrorMatching("No hypervisor matches", "0 hypervisors have hypervisor_group_id = 3, online = true",
					"The hypervisors are:", `id 6: "hv-kvm-06" (hypervisor_group_id 3, online false)`),
			},
			{
				Config: seeded.ProviderBlock + `data "webcore_hypervisor" "h" { label = "hv-dup" }`,
				ExpectError: acctest.ErrorMatching("Several hypervisors match", `2 hypervisors have label = "hv-dup"`, "They are:",
					`id 7: "hv-dup"`, `id 8: "hv-dup"`),
			},
			{
				Config: seeded.ProviderBlock + `
data "webcore_hypervisor" "h" {
  label               = "hv-kvm-01"
  hypervisor_group_id = 1
}
`,
				ExpectError: acctest.ErrorMatching("Invalid Attribute Combination"),
			},
		},
	})
}
