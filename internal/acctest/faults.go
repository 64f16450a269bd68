package acctest

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// InjectFaults replaces the shared emulator's fault rules with rules (seed
// 1, so probabilistic rules are repeatable); they are cleared when the test
// ends.
func InjectFaults(t *testing.T, rules ...emulator.FaultRule) {
	t.Helper()
	control := Emulator(t).Control()
	t.Cleanup(func() {
		if err := control.ClearFaults(); err != nil {
			t.Errorf("clearing faults: %v", err)
		}
	})
	if err := control.SetFaults(1, rules); err != nil {
		t.Fatalf("injecting faults %+v: %v", rules, err)
	}
}

// LoseNextAnswer makes the emulator carry out the next method request to
// path (a route pattern such as /v2/users/*/access-keys) and then drop the
// connection without an answer.
func LoseNextAnswer(t *testing.T, method, path string) {
	t.Helper()
	InjectFaults(t, emulator.FaultRule{Method: method, Path: path, Kind: emulator.FaultCommitThenDrop, Count: 1})
}

// Requests returns the requests the emulator recorded for method and the
// exact path, oldest first.
func Requests(t *testing.T, method, path string) []emulator.RequestRecord {
	t.Helper()
	records, err := Emulator(t).Control().Requests()
	if err != nil {
		t.Fatalf("reading the emulator's request log: %v", err)
	}
	var out []emulator.RequestRecord
	for _, r := range records {
		if r.Method == method && r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// CheckAnswerWasLost asserts the emulator did drop the answer to a method
// request to path, so the test really took the lost-answer path.
func CheckAnswerWasLost(t *testing.T, method, path string) resource.TestCheckFunc {
	return CheckFaultFired(t, method, path, emulator.FaultCommitThenDrop)
}

// CheckFaultFired asserts a fault of kind answered a method request to path.
func CheckFaultFired(t *testing.T, method, path, kind string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, r := range Requests(t, method, path) {
			if r.Fault == kind {
				return nil
			}
		}
		return fmt.Errorf("no %s %s was answered by a %s fault: the fault did not fire", method, path, kind)
	}
}
