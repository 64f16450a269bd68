package client

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDecodeLooseUser(t *testing.T) {
	body := `{"ID": "7", "login": 42, "role_ids": ["3", 1, true], "user_group_id": null,
		"created_at": "2026-01-02 03:04:05 UTC", "activated_at": "", "unknown_field": {"a": 1}}`
	var u User
	if err := json.Unmarshal([]byte(body), &u); err != nil {
		t.Fatal(err)
	}
	if u.ID != 7 {
		t.Errorf("id = %d: keys match case-insensitively, as in encoding/json", u.ID)
	}
	if u.Login != "42" || u.UserGroupID != 0 {
		t.Errorf("login %q, user_group_id %d", u.Login, u.UserGroupID)
	}
	if len(u.RoleIDs) != 3 || u.RoleIDs[0] != 3 || u.RoleIDs[1] != 1 || u.RoleIDs[2] != 1 {
		t.Errorf("role_ids = %v, want [3 1 1]", u.RoleIDs)
	}
	if !u.CreatedAt.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) || !u.ActivatedAt.IsZero() {
		t.Errorf("created_at %s, activated_at %s", u.CreatedAt, u.ActivatedAt)
	}
}

func TestDecodeLooseErrorNamesTheField(t *testing.T) {
	var u User
	err := json.Unmarshal([]byte(`{"id": 1, "user_group_id": "many"}`), &u)
	if err == nil || !strings.Contains(err.Error(), "user_group_id") {
		t.Fatalf("error %v does not name the field", err)
	}
	// A secret-bearing string field never echoes an object it cannot read.
	err = json.Unmarshal([]byte(`{"login": {"secret": "s3cr3t"}}`), &u)
	if err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Fatalf("error %v: want a refusal that does not echo the value", err)
	}
}

func TestDecodeLooseWantsAStructPointer(t *testing.T) {
	var n int
	if err := decodeLoose([]byte(`{}`), &n); err == nil {
		t.Fatal("a pointer to an int was accepted")
	}
	var u User
	if err := decodeLoose([]byte(`null`), &u); err != nil || u.ID != 0 {
		t.Fatalf("null: %v %+v", err, u)
	}
}

// looseEveryKind has a field of every kind decodeLoose reads.
type looseEveryKind struct {
	I       int             `json:"i"`
	I64     int64           `json:"i64"`
	B       bool            `json:"b"`
	S       string          `json:"s"`
	T       time.Time       `json:"t"`
	PI      *int64          `json:"pi"`
	PT      *time.Time      `json:"pt"`
	PNull   *int64          `json:"pnull"`
	L       []int64         `json:"l"`
	LNull   []string        `json:"lnull"`
	Bytes   []byte          `json:"bytes"`
	Raw     json.RawMessage `json:"raw"`
	F       float64         `json:"f"`
	M       map[string]int  `json:"m"`
	Dash    int             `json:"-"`
	NoTag   int
	private int
}

func TestDecodeLooseEveryKind(t *testing.T) {
	var v looseEveryKind
	one := int64(1)
	v.PNull, v.LNull, v.private = &one, []string{"stale"}, 5
	body := `{"i": "3", "i64": 4.0, "b": "yes", "s": 5, "t": "2026-01-02 03:04:05 UTC", "pi": "6",
		"pt": "2026-01-02T03:04:05Z", "pnull": null, "l": ["1", 2, true], "lnull": null, "bytes": "aGk=",
		"raw": {"x": [1]}, "f": 1.5, "m": {"a": 1}, "-": 9, "Dash": 9, "NoTag": 9, "private": 9}`
	if err := decodeLoose([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if v.I != 3 || v.I64 != 4 || !v.B || v.S != "5" || !v.T.Equal(when) {
		t.Errorf("scalars: %+v", v)
	}
	if v.PI == nil || *v.PI != 6 || v.PT == nil || !v.PT.Equal(when) || v.PNull != nil {
		t.Errorf("pointers: pi %v, pt %v, pnull %v", v.PI, v.PT, v.PNull)
	}
	if !reflect.DeepEqual(v.L, []int64{1, 2, 1}) || v.LNull != nil || string(v.Bytes) != "hi" {
		t.Errorf("slices: l %v, lnull %v, bytes %q", v.L, v.LNull, v.Bytes)
	}
	if string(v.Raw) != `{"x": [1]}` || v.F != 1.5 || v.M["a"] != 1 {
		t.Errorf("as encoding/json: raw %s, f %v, m %v", v.Raw, v.F, v.M)
	}
	if v.Dash != 0 || v.NoTag != 0 || v.private != 5 {
		t.Errorf("fields without a JSON name were set: %+v", v)
	}
}

// A value a field cannot hold is an error naming the field, at any depth.
func TestDecodeLooseErrorsEveryKind(t *testing.T) {
	for _, body := range []string{
		`{"i": "x"}`, `{"b": "maybe"}`, `{"s": {}}`, `{"t": "someday"}`, `{"pi": "x"}`, `{"pt": "someday"}`,
		`{"l": ["x"]}`, `{"l": "1,2"}`, `{"bytes": "%%"}`, `{"m": [1]}`, `{"f": "1.5"}`, `[1]`,
	} {
		var v looseEveryKind
		err := decodeLoose([]byte(body), &v)
		name, _, _ := strings.Cut(strings.TrimPrefix(body, `{"`), `"`)
		if err == nil || (body[0] == '{' && !strings.HasPrefix(err.Error(), name+": ")) {
			t.Errorf("%s: err = %v, want one naming %s", body, err, name)
		}
	}
}
