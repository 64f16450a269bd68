package acctest

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// faultsHeld lets one test at a time own the shared emulator's fault rules.
// The rules are global to the emulator, so two parallel tests would replace
// (or, at cleanup, clear) each other's rules and a fault would silently not
// fire. faultsHolder lets the holder inject again (a later step) without
// waiting for itself.
var (
	faultsHeld   = make(chan struct{}, 1)
	faultsHolder atomic.Pointer[testing.T]
)

// holdFaults waits until no other test holds the emulator's fault rules and
// holds them for the rest of t; they are cleared when t ends.
func holdFaults(t *testing.T, control *emulator.ControlClient) {
	t.Helper()
	if faultsHolder.Load() == t {
		return
	}
	faultsHeld <- struct{}{}
	faultsHolder.Store(t)
	t.Cleanup(func() {
		if err := control.ClearFaults(); err != nil {
			t.Errorf("clearing faults: %v", err)
		}
		faultsHolder.Store(nil)
		<-faultsHeld
	})
}

// InjectFaults replaces the shared emulator's fault rules with rules (seed
// 1, so probabilistic rules are repeatable); they are cleared when the test
// ends. A parallel test that injects faults too waits until then.
func InjectFaults(t *testing.T, rules ...emulator.FaultRule) {
	t.Helper()
	injectFaults(t, Emulator(t).Control(), rules)
}

func injectFaults(t *testing.T, control *emulator.ControlClient, rules []emulator.FaultRule) {
	t.Helper()
	holdFaults(t, control)
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
