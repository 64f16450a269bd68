package acctest

import (
	"testing"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// EmulatorState returns everything the shared emulator holds, typed as the
// emulator dumps it (hashes, transaction timing, limits), for checks that
// the vendor API cannot answer.
func EmulatorState(t testing.TB) emulator.State {
	t.Helper()
	state, err := Emulator(t).Control().State()
	if err != nil {
		t.Fatalf("reading the emulator state: %v", err)
	}
	return state
}
