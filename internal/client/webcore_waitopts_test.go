package client

import (
	"testing"
	"time"
)

// Unset wait options take the defaults; a cap below the first delay is
// raised to it; a multiplier of 1 (a steady poll) is kept.
func TestWaitOptionsDefaults(t *testing.T) {
	for in, want := range map[WaitOptions]WaitOptions{
		{}:                                      {Initial: DefaultWaitInitial, Multiplier: DefaultWaitMultiplier, Max: DefaultWaitMax},
		{Initial: -1, Multiplier: 0.5, Max: -1}: {Initial: DefaultWaitInitial, Multiplier: DefaultWaitMultiplier, Max: DefaultWaitMax},
		{Initial: time.Second, Multiplier: 1, Max: 2 * time.Second}: {Initial: time.Second, Multiplier: 1, Max: 2 * time.Second},
		{Initial: 2 * time.Second, Multiplier: 2, Max: time.Second}: {Initial: 2 * time.Second, Multiplier: 2, Max: 2 * time.Second},
		{Initial: 5 * time.Second}:                                  {Initial: 5 * time.Second, Multiplier: DefaultWaitMultiplier, Max: 5 * time.Second},
	} {
		if got := in.withDefaults(); got != want {
			t.Errorf("%+v → %+v, want %+v", in, got, want)
		}
	}
}
