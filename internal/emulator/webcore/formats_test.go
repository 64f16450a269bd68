package webcore

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// XML arrays as Rails writes them: wrapped objects name themselves, one
// level in; other elements take the array's singular name, an object with
// one plain field included.
func TestXMLArrays(t *testing.T) {
	e := newEnv(t)
	users := string(e.expect(e.do(adminPass, "GET", "/users.xml", nil), http.StatusOK).body)
	for _, want := range []string{
		"<users type=\"array\">\n  <user>\n    <id type=\"integer\">1</id>\n",
		"    <role_ids type=\"array\">\n      <role_id type=\"integer\">1</role_id>\n    </role_ids>\n",
		"  </user>\n</users>\n",
	} {
		if !strings.Contains(users, want) {
			t.Fatalf("users XML lacks %q:\n%s", want, users)
		}
	}
	got, err := jsonToXML([]byte(`{"box": {"things": [{"count": 3}, {"thing": {"id": 1}}]}}`), "")
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<box>
  <things type="array">
    <thing>
      <count type="integer">3</count>
    </thing>
    <thing>
      <id type="integer">1</id>
    </thing>
  </things>
</box>
`
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// Without page or per_page a list is whole, however long; either one alone
// pages; each must be at least 1.
func TestPaginateEdges(t *testing.T) {
	items := make([]int, 250)
	for i := range items {
		items[i] = i + 1
	}
	for query, want := range map[string][]int{
		"":                    items,
		"other=1":             items,
		"per_page=1":          {1},
		"page=1&per_page=1":   {1},
		"page=2":              items[100:200],
		"page=250&per_page=1": {250},
	} {
		got, fe := paginate(httptest.NewRequest(http.MethodGet, "/users.json?"+query, nil), items)
		if fe != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %d items, %v", query, len(got), fe)
		}
	}
	for _, query := range []string{"page=0", "per_page=0", "per_page=-1", "page=x"} {
		if _, fe := paginate(httptest.NewRequest(http.MethodGet, "/users.json?"+query, nil), items); fe == nil {
			t.Errorf("%q accepted", query)
		}
	}
}

// Integers: numbers, numeric strings and integral floats within 32 bits.
func TestParamsInteger(t *testing.T) {
	for in, want := range map[string]int{
		`2147483647.0`: 2147483647, `-2147483647.0`: -2147483647, `1e3`: 1000, `"12"`: 12, `" 7 "`: 7, `"4.0"`: 4,
	} {
		p := paramsOf(t, `{"n": `+in+`}`)
		if got, err := p.integer("n"); err != nil || got != want {
			t.Errorf("%s → %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{`2147483648.0`, `-2147483648.5`, `1.5`, `"abc"`, `true`, `"1e400"`} {
		p := paramsOf(t, `{"n": `+in+`}`)
		if got, err := p.integer("n"); err == nil {
			t.Errorf("%s accepted as %d", in, got)
		}
	}
}

// paramsOf reads body as a request's params.
func paramsOf(t *testing.T, body string) params {
	t.Helper()
	p, err := readParams(httptest.NewRequest(http.MethodPost, "/x.json", strings.NewReader(body)), "x")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Zero is a valid duration and a valid limit; only negative ones are
// refused.
func TestControlAcceptsZero(t *testing.T) {
	e := newEnv(t)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{"default_duration": "0s", "durations": map[string]string{"build_disk": "0s"}}), http.StatusNoContent)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{"durations": map[string]string{"build_disk": "-1ms"}}), http.StatusBadRequest)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{"default_duration": "-1ms"}), http.StatusBadRequest)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/limits", map[string]any{"max_virtual_servers": 0, "max_memory": 0, "max_cpus": 0}), http.StatusNoContent)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/limits", map[string]any{"max_cpus": -1}), http.StatusBadRequest)
	e.expectBody(e.do(noAuth, "GET", "/_emulator/webcore/limits", nil), http.StatusOK, `{"max_virtual_servers":0,"max_memory":0,"max_cpus":0}`)
}
