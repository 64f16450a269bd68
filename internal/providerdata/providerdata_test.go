package providerdata

import (
	"testing"
	"time"
)

// Each provider instance (an aliased provider with another token) has its
// own access key list, and every object of one instance shares it.
func TestAccessKeys_onePerProviderInstance(t *testing.T) {
	a, b := New(nil, "", nil, "", nil), New(nil, "", nil, "", nil)
	if first, again := a.AccessKeys(), a.AccessKeys(); first != again {
		t.Error("the same provider instance must always give the same list cache")
	}
	if a.AccessKeys() == b.AccessKeys() {
		t.Error("different provider instances must not share a list cache")
	}
}

func TestNow_followsTheInstanceClock(t *testing.T) {
	later := time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := New(nil, "", nil, "", func() time.Time { return later }).Now(); !got.Equal(later) {
		t.Errorf("Now() = %s, want the injected clock's %s", got, later)
	}
	var unconfigured *Clients
	if got := unconfigured.Now(); time.Since(got) > time.Minute || time.Until(got) > time.Minute {
		t.Errorf("an unconfigured provider's Now() = %s, want the real time", got)
	}
}
