package role_test

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

func attr(name string) tfjsonpath.Path { return tfjsonpath.New(name) }

// The shipped example applies as written: the default role "User" (id 2)
// is granted to the user it creates.
func TestAccRole_example(t *testing.T) {
	example, err := os.ReadFile("../../examples/data-sources/webcore_role/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	seeded := acctest.SeededEmulator(t, "{}")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          seeded.ProviderBlock + string(example),
			ConfigVariables: config.Variables{"user_password": config.StringVariable("example-secret")},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("user_role_id", knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue("webcore_user.support", attr("role_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(2)})),
				statecheck.ExpectKnownValue("data.webcore_role.user", attr("identifier"), knownvalue.StringExact("user")),
				statecheck.ExpectKnownValue("data.webcore_role.user", attr("system"), knownvalue.Bool(true)),
			},
		}},
	})
}

// A seeded role is found by its label, many lookups of one plan share one
// list request, and a label no role (or several) has is an error that
// lists the candidates.
func TestAccRole_lookups(t *testing.T) {
	seeded := acctest.SeededEmulator(t, `{"webcore": {"roles": [
  {"id": 3, "label": "Support", "identifier": "support"},
  {"id": 4, "label": "Twin", "identifier": "twin-a"},
  {"id": 5, "label": "Twin", "identifier": "twin-b"}
]}}`)
	const copies = 6
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      seeded.ProviderBlock + `data "webcore_role" "r" { label = "administrator" }`,
				ExpectError: acctest.ErrorMatching("No role matches", `0 roles have label = "administrator"`, "The roles are:", `id 1: "Administrator" (identifier "administrator")`, `id 3: "Support"`),
			},
			{
				Config:      seeded.ProviderBlock + `data "webcore_role" "r" { label = "Twin" }`,
				ExpectError: acctest.ErrorMatching("Several roles match", `2 roles have label = "Twin"`, "They are:", `id 4: "Twin" (identifier "twin-a")`, `id 5: "Twin"`),
			},
			{
				PreConfig: func() { seeded.ClearRequests(t) },
				Config: seeded.ProviderBlock + `
data "webcore_role" "support" {
  count = 6
  label = "Support"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.webcore_role.support[0]", attr("id"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue("data.webcore_role.support[5]", attr("system"), knownvalue.Bool(false)),
				},
				Check: seeded.CheckListedOnce("GET /roles.json", copies),
			},
		},
	})
}
