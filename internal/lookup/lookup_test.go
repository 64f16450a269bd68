package lookup

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

var numbers = Kind[int]{Singular: "number", Plural: "numbers", Describe: func(n int) string { return fmt.Sprintf("number %d", n) }}

func TestOne(t *testing.T) {
	for _, tc := range []struct {
		name          string
		matches, all  []int
		ok            bool
		summary, want string
	}{
		{"one", []int{2}, []int{1, 2}, true, "", ""},
		{"none lists every object", nil, []int{1, 2}, false, "No number matches", "0 numbers have n = \"3\". The numbers are:\n  - number 1\n  - number 2"},
		{"several lists the matches", []int{1, 2}, []int{1, 2, 3}, false, "Several numbers match", "2 numbers have n = \"3\". They are:\n  - number 1\n  - number 2"},
		{"none of none", nil, nil, false, "No number matches", "There are no numbers."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.Diagnostics
			got, ok := numbers.One(&diags, path.Root("n"), Asked(Condition("n", ptr("3")), ""), tc.matches, tc.all)
			if ok != tc.ok || (ok && got != tc.matches[0]) {
				t.Fatalf("One = %d, %v", got, ok)
			}
			if ok {
				if diags.HasError() {
					t.Fatalf("diags %v", diags)
				}
				return
			}
			if len(diags) != 1 || diags[0].Summary() != tc.summary || !strings.Contains(diags[0].Detail(), tc.want) {
				t.Fatalf("diags %q / %q; want %q / %q", diags[0].Summary(), diags[0].Detail(), tc.summary, tc.want)
			}
		})
	}
}

func TestCandidatesAreBounded(t *testing.T) {
	all := make([]int, MaxCandidates+7)
	var diags diag.Diagnostics
	numbers.NoSingleMatch(&diags, path.Root("n"), "n = 1", nil, all)
	detail := diags[0].Detail()
	if strings.Count(detail, "  - number") != MaxCandidates || !strings.Contains(detail, "and 7 more") {
		t.Fatalf("detail %s", detail)
	}
}

func ptr(s string) *string { return &s }
