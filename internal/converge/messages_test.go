package converge

import (
	"errors"
	"strings"
	"testing"
)

// The error of a failed create names the object, counts the sends in words
// and lists what was tried, deletions included, and nothing that was not.
func TestLostErrorSaysWhatWasTried(t *testing.T) {
	cause := errors.New("EOF")
	for _, tc := range []struct {
		name      string
		lost      Lost
		want, not []string
	}{
		{
			name: "a named object, sent once, nothing tried",
			lost: Lost{Words: Words{Noun: "user", Plural: "users", Name: `"alice"`}, Sends: 1, Cause: cause},
			want: []string{`Creating user "alice" did not succeed in 1 attempt;`, "failed with: EOF."},
			not:  []string{"What was tried", "attempts", "deleted"},
		},
		{
			name: "an unnamed object, sent three times, with history and deletions",
			lost: Lost{Words: Words{Noun: "key", Plural: "keys"}, Sends: 3, Cause: cause, GaveUp: true,
				History: []string{"attempt 1 was not processed"}, Deleted: []string{"7", "8"}},
			want: []string{"Creating key did not succeed in 3 attempts within the timeout;",
				"What was tried: attempt 1 was not processed; deleted key(s) 7, 8, made by sends whose answer (and secret) was lost."},
		},
		{
			name: "history without deletions",
			lost: Lost{Words: Words{Noun: "key", Plural: "keys"}, Sends: 2, Cause: cause, History: []string{"attempt 1 failed: no"}},
			want: []string{"What was tried: attempt 1 failed: no."},
			not:  []string{"deleted", "within the timeout"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := tc.lost.Error()
			for _, want := range tc.want {
				if !strings.Contains(msg, want) {
					t.Errorf("%q lacks %q", msg, want)
				}
			}
			for _, not := range tc.not {
				if strings.Contains(msg, not) {
					t.Errorf("%q has %q", msg, not)
				}
			}
		})
	}
}
