package converge

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// infoLines returns the messages logged at INFO into out.
func infoLines(t *testing.T, out *bytes.Buffer) []string {
	t.Helper()
	entries, err := tflogtest.MultilineJSONDecode(out)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, e := range entries {
		if e["@level"] == "info" {
			lines = append(lines, e["@message"].(string))
		}
	}
	return lines
}

// Every step of converging a create whose answer was lost is logged at INFO
// (what TF_LOG=INFO shows), in order: the loss, the look-up, what it found
// and what was done about it.
func TestCreateStepsAreLoggedAtInfo(t *testing.T) {
	for _, tc := range []struct {
		script  []string
		discard bool
		want    []string
	}{
		{[]string{"dropped", "ok"}, false, []string{
			`the answer to creating thing "t" was lost (attempt 1): looking for it by this name`,
			`sending the create of thing "t" again (attempt 2)`,
			`created thing "t" on attempt 2`,
		}},
		{[]string{"lost"}, false, []string{
			`the answer to creating thing "t" was lost (attempt 1): looking for it by this name`,
			`found thing o1, made by the create whose answer was lost: adopting it`,
		}},
		{[]string{"lost", "ok"}, true, []string{
			`the answer to creating thing "t" was lost (attempt 1): looking for it by this name`,
			`deleted thing o1, made by a create whose answer was lost`,
			`sending the create of thing "t" again (attempt 2)`,
			`created thing "t" on attempt 2`,
		}},
	} {
		var out bytes.Buffer
		a := &api{script: tc.script}
		if got := Create(tflogtest.RootLogger(context.Background(), &out), a.spec(tc.discard)); got.Err != nil {
			t.Fatalf("%v: %v", tc.script, got.Err)
		}
		if got := infoLines(t, &out); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%v (discard %t): INFO lines\n%s\nwant\n%s", tc.script, tc.discard, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

// The same for a change: the loss, the read-back, the resend.
func TestChangeStepsAreLoggedAtInfo(t *testing.T) {
	var out bytes.Buffer
	sends, checks := 0, 0
	err := Apply(tflogtest.RootLogger(context.Background(), &out), Change{
		What:    "changing thing 1",
		Send:    func(context.Context) error { sends++; return []error{errLost, errLost, nil}[sends-1] },
		Applied: func(context.Context) (bool, error) { checks++; return checks == 2, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"the answer to changing thing 1 was lost (attempt 1): checking whether it took effect",
		"changing thing 1: the change did not take effect; sending it again (attempt 2)",
		"the answer to changing thing 1 was lost (attempt 2): checking whether it took effect",
		"changing thing 1: the change took effect",
	}
	if got := infoLines(t, &out); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("INFO lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
