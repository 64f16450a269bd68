package application_test

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

// The shipped example applies as written: shop-app serves shop.example.com,
// and its id feeds webscale_app_logs.
func TestAccApplication_example(t *testing.T) {
	example, err := os.ReadFile("../../examples/data-sources/webscale_application/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: string(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("shop_app_id", knownvalue.StringExact("shop-app")),
				statecheck.ExpectKnownOutputValue("shop_aliases", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("shop.example.com")})),
				statecheck.ExpectKnownValue("data.webscale_app_logs.shop", attr("download_url"), knownvalue.NotNull()),
			},
		}},
	})
}

// An application is found by its id or any of its aliases in any case; many
// lookups of one plan share one list request; no match, or an alias two
// applications serve, is an error that lists the candidates.
func TestAccApplication_lookups(t *testing.T) {
	seeded := acctest.SeededEmulator(t, `{"webscale": {"applications": [
  {"id": "blog", "aliases": ["blog.example.org", "shared.example.org"]},
  {"id": "wiki", "aliases": ["wiki.example.org", "shared.example.org"]},
  {"id": "bare", "aliases": []}
]}}`)
	const copies = 6
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: seeded.ProviderBlock + `
data "webscale_application" "a" {
  provider = webcore
  alias    = "shared.example.org"
}
`,
				ExpectError: acctest.ErrorMatching("Several applications match", `2 applications have the alias "shared.example.org"`,
					"They are:", `"blog" (aliases "blog.example.org", "shared.example.org")`, `"wiki"`),
			},
			{
				Config: seeded.ProviderBlock + `
data "webscale_application" "a" {
  provider = webcore
  id       = "nope"
}
`,
				ExpectError: acctest.ErrorMatching("No application matches", `0 applications have id = "nope"`, "The applications are:",
					`"example-app" (aliases "www.example.com", "example.com")`, `"bare" (aliases none)`),
			},
			{
				Config: seeded.ProviderBlock + `
data "webscale_application" "a" {
  provider = webcore
}
`,
				ExpectError: acctest.ErrorMatching("Exactly one of these attributes must be configured: [id,alias]"),
			},
			{
				PreConfig: func() { seeded.ClearRequests(t) },
				Config: seeded.ProviderBlock + `
data "webscale_application" "wiki" {
  provider = webcore
  count    = 6
  alias    = "WIKI.example.org"
}

data "webscale_application" "blog" {
  provider = webcore
  id       = "blog"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.webscale_application.wiki[5]", attr("id"), knownvalue.StringExact("wiki")),
					statecheck.ExpectKnownValue("data.webscale_application.wiki[5]", attr("name"), knownvalue.StringExact("wiki")),
					statecheck.ExpectKnownValue("data.webscale_application.blog", attr("aliases"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("blog.example.org"), knownvalue.StringExact("shared.example.org")})),
					statecheck.ExpectKnownValue("data.webscale_application.blog", attr("account"), knownvalue.StringExact("/v2/accounts/1")),
					statecheck.ExpectKnownValue("data.webscale_application.blog", attr("alias"), knownvalue.Null()),
				},
				Check: seeded.CheckListedOnce("GET /v2/applications", copies+1),
			},
		},
	})
}
