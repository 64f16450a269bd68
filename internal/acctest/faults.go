package acctest

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// LoseNextCreateAnswer makes the emulator commit the next POST to path (a
// route pattern such as /v2/users/*/access-keys) and then drop the
// connection without an answer. The fault is cleared when the test ends.
func LoseNextCreateAnswer(t *testing.T, path string) {
	t.Helper()
	control := Emulator(t).Control()
	t.Cleanup(func() {
		if err := control.ClearFaults(); err != nil {
			t.Errorf("clearing faults: %v", err)
		}
	})
	rule := emulator.FaultRule{Method: "POST", Path: path, Kind: emulator.FaultCommitThenDrop, Count: 1}
	if err := control.SetFaults(1, []emulator.FaultRule{rule}); err != nil {
		t.Fatalf("injecting commit_then_drop on POST %s: %v", path, err)
	}
}

// CheckAnswerWasLost asserts the emulator did drop the answer to a POST to
// path, so the test really took the lost-answer path.
func CheckAnswerWasLost(t *testing.T, path string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		records, err := Emulator(t).Control().Requests()
		if err != nil {
			return fmt.Errorf("reading the emulator's request log: %w", err)
		}
		for _, r := range records {
			if r.Method == "POST" && r.Path == path && r.Fault == emulator.FaultCommitThenDrop {
				return nil
			}
		}
		return fmt.Errorf("no POST %s had its response dropped: the fault did not fire", path)
	}
}
