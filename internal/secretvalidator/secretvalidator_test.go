package secretvalidator

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestNeverQuotesTheValue runs every validator on a value that breaks its
// rule and one that keeps it: the first is an error on the attribute that
// names the rule and holds nothing of the value (nor its length).
func TestNeverQuotesTheValue(t *testing.T) {
	const marker = "SECRETMARK"
	for _, tc := range []struct {
		name      string
		v         validator.String
		bad, good string
		rule      string
	}{
		{"length", LengthBetween(6, 32), marker + strings.Repeat("x", 30), "abcdef", "must be 6 to 32 characters"},
		{"length no max", LengthBetween(20, 0), marker, strings.Repeat("é", 20), "must be at least 20 characters"},
		{"not empty", NotEmpty(), "", marker, "must not be empty"},
		{"bytes", BytesAtMost(72, "bcrypt"), marker + strings.Repeat("é", 32), strings.Repeat("é", 36), "must be at most 72 bytes long (bcrypt)"},
		{"pattern", Matches(regexp.MustCompile(`^[a-z]+$`), "must be lower-case letters"), marker + "!", "abc", "must be lower-case letters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := path.Root("webcore").AtName("password")
			resp := &validator.StringResponse{}
			tc.v.ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: types.StringValue(tc.bad)}, resp)
			if !resp.Diagnostics.HasError() {
				t.Fatalf("%q passed", tc.bad)
			}
			d := resp.Diagnostics[0]
			text := d.Summary() + d.Detail()
			if tc.bad != "" && strings.Contains(text, tc.bad) || strings.Contains(text, marker) {
				t.Errorf("the diagnostic quotes the value: %s", text)
			}
			if !strings.Contains(d.Detail(), "Attribute webcore.password "+tc.rule) || d.Summary() != Summary {
				t.Errorf("the diagnostic does not name the attribute and the rule: %s / %s", d.Summary(), d.Detail())
			}
			if wp, ok := d.(interface{ Path() path.Path }); !ok || !wp.Path().Equal(p) {
				t.Errorf("the diagnostic is not on %s", p)
			}

			resp = &validator.StringResponse{}
			for _, ok := range []types.String{types.StringValue(tc.good), types.StringNull(), types.StringUnknown()} {
				tc.v.ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: ok}, resp)
			}
			if resp.Diagnostics.HasError() {
				t.Errorf("a good, null or unknown value failed: %v", resp.Diagnostics)
			}
		})
	}
}
