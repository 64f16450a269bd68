package acctest

import (
	"io"
	"testing"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// TestInjectFaults_parallelTestsDoNotReplaceEachOthersRules: while one test
// holds fault rules, a parallel test that injects its own waits; the first
// test's rule stays in force until it ends, then the second's is.
func TestInjectFaults_parallelTestsDoNotReplaceEachOthersRules(t *testing.T) {
	// An emulator of its own: the shared one would need a Terraform CLI, which a unit test has no use for.
	srv, err := emulator.Start(emulator.Config{Listen: "127.0.0.1:0", LogOutput: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	control := srv.Control()
	first := emulator.FaultRule{Method: "GET", Path: "/first", Kind: emulator.FaultDrop}
	second := emulator.FaultRule{Method: "GET", Path: "/second", Kind: emulator.FaultDrop}
	inForce := func(t *testing.T) string {
		rules, err := control.Faults()
		if err != nil {
			t.Fatal(err)
		}
		if len(rules) != 1 {
			return ""
		}
		return rules[0].Path
	}
	firstHolds := make(chan struct{})
	t.Run("group", func(t *testing.T) {
		t.Run("first", func(t *testing.T) {
			t.Parallel()
			injectFaults(t, control, []emulator.FaultRule{first})
			close(firstHolds)
			// Long enough for the second test's injection to land, were it not held back.
			for deadline := time.Now().Add(300 * time.Millisecond); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				if got := inForce(t); got != first.Path {
					t.Fatalf("rules in force %q while the first test holds them, want %q", got, first.Path)
				}
			}
			injectFaults(t, control, []emulator.FaultRule{first}) // a later step of the holder does not wait for itself
		})
		t.Run("second", func(t *testing.T) {
			t.Parallel()
			<-firstHolds
			injectFaults(t, control, []emulator.FaultRule{second})
			if got := inForce(t); got != second.Path {
				t.Fatalf("rules in force %q, want the second test's %q", got, second.Path)
			}
		})
	})
	if got := inForce(t); got != "" {
		t.Errorf("rules %q still in force after both tests ended", got)
	}
}
