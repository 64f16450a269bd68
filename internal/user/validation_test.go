package user_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// TestAccUser_planTimeValidation feeds one invalid value per validator and
// checks that each is refused at plan time, on its attribute, without a
// single API call. Not parallel: it reads the emulator's request counters,
// and Go runs it before any parallel test resumes.
func TestAccUser_planTimeValidation(t *testing.T) {
	valid := map[string]string{
		"login": `"valid.login_1"`, "email": `"valid@example.com"`, "password": `"secret-1"`,
	}
	with := func(name, value string) string {
		args := maps.Clone(valid)
		args[name] = value
		var b strings.Builder
		b.WriteString("resource \"webcore_user\" \"test\" {\n")
		for _, k := range []string{"login", "email", "password", "status", "role_ids"} {
			if v, ok := args[k]; ok {
				fmt.Fprintf(&b, "  %s = %s\n", k, v)
			}
		}
		b.WriteString("}\n")
		return b.String()
	}
	invalid := func(name, value string, phrases ...string) resource.TestStep {
		return resource.TestStep{
			Config:      with(name, value),
			PlanOnly:    true,
			ExpectError: acctest.ErrorMatching(append([]string{fmt.Sprintf("%s = %s", name, value)}, phrases...)...),
		}
	}

	before := acctest.APICalls(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			invalid("login", `"has space"`, "must contain only letters, digits, underscores"),
			invalid("login", `"a"`, "string length must be between 2 and 40, got: 1"),
			invalid("login", fmt.Sprintf("%q", strings.Repeat("x", 41)), "string length must be between 2 and 40, got: 41"),
			invalid("login", `"-dash"`, "must not start with a hyphen (-) or an at sign (@)"),
			invalid("login", `"@at"`, "must not start with a hyphen (-) or an at sign (@)"),
			invalid("email", `"not-an-email"`, "must be an email address"),
			invalid("email", `"two words@example.com"`, "must be an email address"),
			invalid("password", `"12345"`, "Attribute password must be at least 6 characters", "the value is sensitive"),
			invalid("password", fmt.Sprintf("%q", strings.Repeat("é", 36)+"x"), "Attribute password must be at most 72 bytes long"),
			invalid("status", `"deleted"`, `value must be one of: ["active" "suspended"]`),
			invalid("role_ids", `[0]`, "value must be at least 1, got: 0"),
			{
				Config:        with("login", `"valid.login_1"`),
				ResourceName:  "webcore_user.test",
				ImportState:   true,
				ImportStateId: "not-a-number",
				ExpectError:   acctest.ErrorMatching("Invalid import id", `numeric id`, `got "not-a-number"`),
			},
		},
	})
	after := acctest.APICalls(t)
	if !maps.Equal(before, after) {
		t.Errorf("plan-time validation reached the API:\n before %v\n after  %v", before, after)
	}
	// The counters do see API calls, so the comparison above can fail.
	if _, err := acctest.AdminWebcoreClient(t).GetUser(context.Background(), 1); err != nil {
		t.Fatalf("reading the admin user: %v", err)
	}
	if maps.Equal(after, acctest.APICalls(t)) {
		t.Error("the emulator's counters did not move after an API call")
	}
}
