package seedfile

import (
	"strings"
	"testing"
)

// shapes has a field of every kind the scan walks into.
type shapes struct {
	Ptr   *item   `json:"ptr"`
	Pair  [2]item `json:"pair"`
	Items []item  `json:"items"`
	Plain int     `json:"-"`
	Named int
}

// An unknown field is refused wherever it is — in a struct, behind a
// pointer, in an element of a slice or an array — with its path, its line
// and the names it could have been.
func TestDecodeRefusesUnknownFieldsAtAnyDepth(t *testing.T) {
	for data, want := range map[string]string{
		"{\n\"ptr\": {\"name\": \"a\",\n \"nope\": 1}}":      `f.json:3: ptr.nope: unknown field (allowed: name, tags)`,
		"{\"pair\": [{\"name\": \"a\"},\n\n {\"nope\": 1}]}": `f.json:3: pair[1].nope: unknown field (allowed: name, tags)`,
		"{\"items\": [\n{\"nope\": 1}]}":                     `f.json:2: items[0].nope: unknown field (allowed: name, tags)`,
		"{\"Named\": 1,\n\"Plain\": 2}":                      `f.json:2: Plain: unknown field (allowed: ptr, pair, items, Named)`,
		"{\"Named\": 1, \"-\": 2}":                           `f.json:1: -: unknown field (allowed: ptr, pair, items, Named)`,
	} {
		_, err := Decode("f.json", []byte(data), &shapes{})
		if err == nil || err.Error() != want {
			t.Errorf("%q: err = %v, want %s", data, err, want)
		}
	}
	var s shapes
	if _, err := Decode("f.json", []byte(`{"ptr": {"name": "p"}, "pair": [{"name": "a"}, {"tags": ["t"]}], "Named": 3}`), &s); err != nil ||
		s.Ptr.Name != "p" || s.Pair[1].Tags[0] != "t" || s.Named != 3 {
		t.Fatalf("decoded %+v, %v", s, err)
	}
}

// A value on the line after its key's colon is on that line, trailing
// spaces or not; a path with no line of its own takes its parent's, up to
// the top level.
func TestLinesSkipSeparators(t *testing.T) {
	ix, err := Decode("f.json", []byte("{\"items\": \n\n  [{\"name\":\t\r\n \"a\"}]}"), &shapes{})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{"items": 3, "items[0].name": 4, "items[7]": 3} {
		if got := ix.Line(path); got != want {
			t.Errorf("Line(%q) = %d, want %d", path, got, want)
		}
	}
	var list []item
	ix, err = Decode("f.json", []byte("\n\n[{\"name\": \"a\"}]"), &list)
	if err != nil {
		t.Fatal(err)
	}
	if got := ix.Line("[5]"); got != 3 {
		t.Errorf("Line([5]) of a top-level array = %d, want its line, 3", got)
	}
}

// A file cut short, or with data after the object, is an error with a
// line, never a crash.
func TestDecodeTruncatedAndTrailingData(t *testing.T) {
	for data, want := range map[string]string{
		"{\"items\": [\n":         "f.json:2: invalid JSON: the file ends too early",
		"{\"items\":\n":           "f.json:2: invalid JSON: the file ends too early",
		"{\"items\": []}\n\n{}":   "f.json:3: unexpected data after the top-level object",
		"{\"items\": []}  \n  \t": "",
	} {
		_, err := Decode("f.json", []byte(data), &shapes{})
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("%q: error %q, want %q", data, got, want)
		}
	}
	if _, err := Decode("f.json", []byte("{\"items\": [{\"name\": 7}]}"), &shapes{}); err == nil || !strings.Contains(err.Error(), "items[0].name: must be a string") {
		t.Errorf("type error: %v", err)
	}
	// An array where a string belongs is named by its own path, not its first element's.
	if _, err := Decode("f.json", []byte("{\"items\": [{\"name\": [\"a\"]}]}"), &shapes{}); err == nil || err.Error() != "f.json:1: items[0].name: must be a string, not array" {
		t.Errorf("array for a string: %v", err)
	}
}
