package template_test

import (
	"os"
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
			},
		}},
	})
}
