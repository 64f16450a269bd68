package template_test

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// The emulator's seeded templates (see internal/emulator/README.md).
const (
	ubuntuID = 1
	debianID = 3
)

func attr(name string) tfjsonpath.Path { return tfjsonpath.New(name) }

// A template is found by its label, or by its operating system fields in
// any case, and reports what the API says of it.
func TestAccTemplate_lookups(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
data "webcore_template" "by_label" {
  label = "Ubuntu 24.04 x64"
}

data "webcore_template" "by_os" {
  operating_system        = "Linux"
  operating_system_distro = "debian"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.webcore_template.by_label", attr("id"), knownvalue.Int64Exact(ubuntuID)),
				statecheck.ExpectKnownValue("data.webcore_template.by_label", attr("operating_system_distro"), knownvalue.StringExact("ubuntu")),
				statecheck.ExpectKnownValue("data.webcore_template.by_label", attr("version"), knownvalue.StringExact("24.04")),
				statecheck.ExpectKnownValue("data.webcore_template.by_label", attr("min_disk_size"), knownvalue.Int64Exact(5)),
				statecheck.ExpectKnownValue("data.webcore_template.by_label", attr("min_memory_size"), knownvalue.Int64Exact(128)),
				statecheck.ExpectKnownValue("data.webcore_template.by_label", attr("allowed_swap"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.webcore_template.by_label", attr("allow_resize_without_reboot"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.webcore_template.by_os", attr("id"), knownvalue.Int64Exact(debianID)),
				statecheck.ExpectKnownValue("data.webcore_template.by_os", attr("label"), knownvalue.StringExact("Debian 12 x64")),
				statecheck.ExpectKnownValue("data.webcore_template.by_os", attr("allow_resize_without_reboot"), knownvalue.Bool(false)),
			},
		}},
	})
}

// None or several matches is an error on the filter that lists the
// candidates, so the fix is on screen; a filter of nothing, or a label with
// operating system fields, fails at plan.
func TestAccTemplate_noSingleMatch(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `data "webcore_template" "t" { operating_system = "linux" }`,
				ExpectError: acctest.ErrorMatching("Several templates match", `operating_system = "linux"`,
					`id 1: "Ubuntu 24.04 x64"`, `id 3: "Debian 12 x64"`),
			},
			{
				Config: `data "webcore_template" "t" { label = "Ubuntu 22.04" }`,
				ExpectError: acctest.ErrorMatching("No template matches", `0 templates have label = "Ubuntu 22.04"`,
					"The templates are:", `id 1: "Ubuntu 24.04 x64"`, `id 2: "Windows Server 2022"`),
			},
			{
				Config:      `data "webcore_template" "t" {}`,
				ExpectError: acctest.ErrorMatching("At least one of these attributes must be configured"),
			},
			{
				Config: `
data "webcore_template" "t" {
  label   = "Debian 12 x64"
  version = "12"
}
`,
				ExpectError: acctest.ErrorMatching("Invalid Attribute Combination"),
			},
			{
				Config: `data "webcore_template" "t" { id = 3 }`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.webcore_template.t", attr("label"), knownvalue.StringExact("Debian 12 x64")),
					statecheck.ExpectKnownValue("data.webcore_template.t", attr("version"), knownvalue.StringExact("12")),
				},
			},
		},
	})
}

// The shipped example applies as written.
func TestAccTemplate_example(t *testing.T) {
	example, err := os.ReadFile("../../examples/data-sources/webcore_template/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: string(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("ubuntu_template_id", knownvalue.Int64Exact(ubuntuID)),
				statecheck.ExpectKnownOutputValue("debian_min_disk_size", knownvalue.Int64Exact(5)),
				statecheck.ExpectKnownOutputValue("template_2_label", knownvalue.StringExact("Windows Server 2022")),
			},
		}},
	})
}

// readmeTemplateBlock is the README's webcore_template example, as written.
func readmeTemplateBlock(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)data "webcore_template" "ubuntu" \{.*?\n\}`).Find(readme)
	if block == nil {
		t.Fatal(`README.md has no data "webcore_template" "ubuntu" block`)
	}
	return string(block)
}

// A panel with two Ubuntu 24.04 templates: the README's example, with
// most_recent, picks the highest id among equal versions, the newest version
// first; without most_recent the lookup fails and lists both. Many lookups
// of one plan share one list request.
func TestAccTemplate_mostRecentOnAPanelWithSeveralMatches(t *testing.T) {
	seeded := acctest.SeededEmulator(t, `{"webcore": {"templates": [
  {"id": 20, "label": "Ubuntu 24.04 x64 (minimal)", "operating_system": "linux", "operating_system_distro": "ubuntu", "version": "24.04", "min_disk_size": 3},
  {"id": 21, "label": "Ubuntu 24.10 x64", "operating_system": "linux", "operating_system_distro": "ubuntu", "version": "24.10"},
  {"id": 22, "label": "Ubuntu 22.04 x64", "operating_system": "linux", "operating_system_distro": "ubuntu", "version": "22.04"}
]}}`)
	const copies = 8
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: seeded.ProviderBlock + readmeTemplateBlock(t) + `
data "webcore_template" "newest_ubuntu" {
  operating_system_distro = "ubuntu"
  most_recent             = true
}

data "webcore_template" "copies" {
  count       = ` + strconv.Itoa(copies) + `
  id          = 22
}
`,
				PreConfig: func() { seeded.ClearRequests(t) },
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.webcore_template.ubuntu", attr("id"), knownvalue.Int64Exact(20)),
					statecheck.ExpectKnownValue("data.webcore_template.ubuntu", attr("min_disk_size"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue("data.webcore_template.newest_ubuntu", attr("id"), knownvalue.Int64Exact(21)),
					statecheck.ExpectKnownValue("data.webcore_template.copies[7]", attr("label"), knownvalue.StringExact("Ubuntu 22.04 x64")),
				},
				// Each Terraform command of the step reads the ten data sources
				// from one list.
				Check: seeded.CheckListedOnce("GET /templates.json", copies),
			},
			{
				Config: seeded.ProviderBlock + strings.Replace(readmeTemplateBlock(t), "most_recent", "# most_recent", 1),
				ExpectError: acctest.ErrorMatching("Several templates match", `2 templates have operating_system_distro = "ubuntu", version = "24.04"`,
					`id 1: "Ubuntu 24.04 x64"`, `id 20: "Ubuntu 24.04 x64 (minimal)"`),
			},
		},
	})
}

// A template is found by its id, and an unknown id lists the templates.
func TestAccTemplate_byID(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      `data "webcore_template" "t" { id = 99 }`,
				ExpectError: acctest.ErrorMatching("No template matches", "0 templates have id = 99", "The templates are:", `id 3: "Debian 12 x64"`),
			},
			{
				Config: `
data "webcore_template" "t" {
  id    = 3
  label = "Debian 12 x64"
}
`,
				ExpectError: acctest.ErrorMatching("Invalid Attribute Combination"),
			},
			{
				Config: `data "webcore_template" "t" { id = 3 }`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.webcore_template.t", attr("label"), knownvalue.StringExact("Debian 12 x64")),
					statecheck.ExpectKnownValue("data.webcore_template.t", attr("version"), knownvalue.StringExact("12")),
				},
			},
		},
	})
}
