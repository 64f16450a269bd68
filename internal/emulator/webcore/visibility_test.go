package webcore

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestLookup_WritersExcludeReaders: a writing lookup holds the domain's lock
// alone while it answers — no reader gets in to see a half-made change — and a
// reading one shares it with other readers.
func TestLookup_WritersExcludeReaders(t *testing.T) {
	a := newEnv(t).api
	find := func(*http.Request, int) *User { return a.users[adminUserID] }
	r := httptest.NewRequest(http.MethodGet, "/users/1.json", nil)
	for mode, readersGetIn := range map[lockMode]bool{writing: false, reading: true} {
		gotIn := false
		lookup(a, mode, find, r, adminUserID, func(*User) reply {
			if gotIn = a.mu.TryRLock(); gotIn {
				a.mu.RUnlock()
			}
			return reply{}
		})
		if gotIn != readersGetIn {
			t.Errorf("writing %v: a reader got in: %v", mode, gotIn)
		}
	}
}
