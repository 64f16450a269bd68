package tfmodel

import (
	"strings"
	"testing"
)

func TestParseID(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"12", 12, true},
		{"9007199254740993", 9007199254740993, true},
		{"", 0, false},
		{"abc", 0, false},
		{"0", 0, false},
		{"-3", 0, false},
		{"12.json", 0, false},
		{" 12", 0, false},
	} {
		got, err := ParseID("webcore_user", tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseID(%q) = %d, %v; want %d, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "numeric id") {
			t.Errorf("ParseID(%q) error %q does not say an id is numeric", tc.in, err)
		}
	}
}
