package seedfile

import (
	"strings"
	"testing"
)

type item struct {
	Name string   `json:"name"`
	Tags []string `json:"tags"`
}

type doc struct {
	Items []item           `json:"items"`
	Extra map[string]int   `json:"extra"`
	Any   any              `json:"any"`
	Ptr   *struct{ N int } `json:"ptr"`
}

func TestDecodeRemembersEveryPathsLine(t *testing.T) {
	data := []byte("{\n  \"items\": [\n    {\"name\": \"a\"},\n    {\"name\": \"b\",\n     \"tags\": [\"x\",\n       \"y\"]}\n  ],\n  \"extra\": {\"k\": 1},\n  \"any\": {\"whatever\": [1, {\"deep\": true}]}\n}")
	var d doc
	ix, err := Decode("f.json", data, &d)
	if err != nil {
		t.Fatal(err)
	}
	for path, line := range map[string]int{
		"items": 2, "items[0]": 3, "items[0].name": 3, "items[1].name": 4, "items[1].tags": 5, "items[1].tags[1]": 6,
		"extra.k": 8, "any.whatever[1].deep": 9, "items[1].no_such_field": 4, "": 1,
	} {
		if got := ix.Line(path); got != line {
			t.Errorf("Line(%q) = %d, want %d", path, got, line)
		}
	}
	if len(d.Items) != 2 || d.Items[1].Tags[1] != "y" || d.Extra["k"] != 1 {
		t.Fatalf("decoded %+v", d)
	}
}

func TestDecodeNamesTheIndexedPathOfAWrongType(t *testing.T) {
	data := []byte("{\"items\": [{\"tags\": [\"x\"]},\n {\"tags\": [\"x\",\n 7]}]}")
	_, err := Decode("f.json", data, &doc{})
	if err == nil || err.Error() != "f.json:3: items[1].tags[1]: must be a string, not number" {
		t.Fatalf("err = %v", err)
	}
}

func TestErrListsEveryProblemWithItsLine(t *testing.T) {
	ix, err := Decode("f.json", []byte("{\n\"items\": [{\"name\": \"\"}]}"), &doc{})
	if err != nil {
		t.Fatal(err)
	}
	var p Problems
	p.Add(Field(Item("items", 0), "name"), "is %s", "required")
	p.Add("", "is empty")
	got := ix.Err("f.json", p).Error()
	if want := "f.json:2: items[0].name: is required\nf.json:1: the top level: is empty"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if ix.Err("f.json", nil) != nil {
		t.Fatal("no problems, no error")
	}
	if !strings.Contains(Item("a", 3), "a[3]") || Field("", "x") != "x" {
		t.Fatal("paths")
	}
}
