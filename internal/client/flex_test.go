package client

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

func TestFlexIntDecoding(t *testing.T) {
	for in, want := range map[string]int64{
		`1024`: 1024, `"1024"`: 1024, `" 7 "`: 7, `""`: 0, `null`: 0, `true`: 1, `false`: 0, `1024.0`: 1024, `"-3"`: -3, `1e3`: 1000,
	} {
		var got flexInt
		if err := json.Unmarshal([]byte(in), &got); err != nil || int64(got) != want {
			t.Errorf("%s → %d, %v; want %d", in, got, err, want)
		}
	}
	// 2^63 does not fit an int64: float64 rounds MaxInt64 up to it.
	for _, bad := range []string{`"abc"`, `1.5`, `{}`, `[]`, `9223372036854775808`, `9.223372036854775808e18`, `"1e19"`} {
		var got flexInt
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s accepted as %d", bad, got)
		}
	}
}

func TestFlexBoolDecoding(t *testing.T) {
	for in, want := range map[string]bool{
		`true`: true, `false`: false, `"1"`: true, `"0"`: false, `1`: true, `0`: false, `"true"`: true, `"false"`: false,
		`"t"`: true, `"f"`: false, `""`: false, `null`: false, `"yes"`: true, `2`: true,
	} {
		var got flexBool
		if err := json.Unmarshal([]byte(in), &got); err != nil || bool(got) != want {
			t.Errorf("%s → %t, %v; want %t", in, got, err, want)
		}
	}
	var got flexBool
	if err := json.Unmarshal([]byte(`"maybe"`), &got); err == nil {
		t.Error(`"maybe" accepted`)
	}
}

func TestFlexStringDecoding(t *testing.T) {
	for in, want := range map[string]string{`"abc"`: "abc", `12`: "12", `1.50`: "1.50", `true`: "true", `null`: ""} {
		var got flexString
		if err := json.Unmarshal([]byte(in), &got); err != nil || string(got) != want {
			t.Errorf("%s → %q, %v; want %q", in, got, err, want)
		}
	}
	var got flexString
	if err := json.Unmarshal([]byte(`{"a":1}`), &got); err == nil {
		t.Error("object accepted as string")
	}
}

func TestFlexTimeDecoding(t *testing.T) {
	want := time.Date(2015, 3, 18, 16, 37, 0, 0, time.UTC)
	for _, in := range []string{`"2015-03-18T16:37:00Z"`, `"2015-03-18T16:37:00.000+00:00"`, `"2015-03-18T16:37:00"`, `"2015-03-18 16:37:00 UTC"`, `1426696620`} {
		var got flexTime
		if err := json.Unmarshal([]byte(in), &got); err != nil || !got.Equal(want) {
			t.Errorf("%s → %v, %v", in, got, err)
		}
	}
	for _, in := range []string{`null`, `""`} {
		var got flexTime
		if err := json.Unmarshal([]byte(in), &got); err != nil || !got.IsZero() {
			t.Errorf("%s → %v, %v; want zero", in, got, err)
		}
	}
	out, err := json.Marshal(struct{ T flexTime }{flexTime{want}})
	if err != nil || string(out) != `{"T":"2015-03-18T16:37:00Z"}` {
		t.Errorf("marshal = %s, %v", out, err)
	}
}

func TestLooseVirtualServerDecoding(t *testing.T) {
	body := `{"virtual_machine": {"id": "12", "memory": "1024", "cpus": 2, "built": "1", "booted": 0, "locked": "false",
		"label": 42, "template_id": null, "created_at": "2026-01-02T03:04:05Z",
		"ip_addresses": [{"ip_address": {"id": 1, "address": "10.0.0.5", "netmask": "255.255.255.0", "gateway": "10.0.0.1"}}, {"id": "2", "address": "10.0.0.6"}]}}`
	var vs VirtualServer
	if err := decodeWrapped([]byte(body), &vs, "virtual_machine"); err != nil {
		t.Fatal(err)
	}
	if vs.ID != 12 || vs.Memory != 1024 || vs.CPUs != 2 || !vs.Built || vs.Booted || vs.Locked || vs.Label != "42" || vs.TemplateID != 0 {
		t.Fatalf("decoded %+v", vs)
	}
	if len(vs.IPAddresses) != 2 || vs.IPAddresses[0].Address != "10.0.0.5" || vs.IPAddresses[1].ID != 2 {
		t.Fatalf("ip addresses %+v", vs.IPAddresses)
	}
}

func TestFlexMarshalsNaturally(t *testing.T) {
	out, err := json.Marshal(struct {
		I flexInt
		B flexBool
		S flexString
	}{5, true, "x"})
	if err != nil || string(out) != `{"I":5,"B":true,"S":"x"}` {
		t.Fatalf("marshal = %s, %v", out, err)
	}
}

// The smallest int64, -2^63, is a float64 exactly, and fits; anything below
// it does not.
func TestFlexIntLimits(t *testing.T) {
	for in, want := range map[string]int64{`-9.223372036854775808e18`: math.MinInt64, `"-9223372036854775808"`: math.MinInt64} {
		var got flexInt
		if err := json.Unmarshal([]byte(in), &got); err != nil || int64(got) != want {
			t.Errorf("%s → %d, %v; want %d", in, got, err, want)
		}
	}
	var got flexInt
	if err := json.Unmarshal([]byte(`-9.2233720368547777e18`), &got); err == nil {
		t.Errorf("a value below -2^63 accepted as %d", got)
	}
}

// A value a decode error quotes is cut after 40 bytes, not before.
func TestFlexErrorsQuoteAtMost40Bytes(t *testing.T) {
	forty := `"` + strings.Repeat("x", 38) + `"`
	var got flexInt
	err := json.Unmarshal([]byte(forty), &got)
	if err == nil || err.Error() != "cannot decode "+forty+" as an integer" {
		t.Errorf("40 bytes: %v", err)
	}
	longer := `"` + strings.Repeat("y", 50) + `"`
	err = json.Unmarshal([]byte(longer), &got)
	if err == nil || err.Error() != "cannot decode "+longer[:40]+"… as an integer" {
		t.Errorf("52 bytes: %v", err)
	}
}

func TestFlexStringRefusesArrays(t *testing.T) {
	for _, in := range []string{`["s3cret"]`, ` {"a": "s3cret"}`} {
		var got flexString
		err := json.Unmarshal([]byte(in), &got)
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: %v; want a refusal that does not echo it", in, err)
		}
	}
	var got flexString = "before"
	if err := got.UnmarshalJSON([]byte(` null `)); err != nil || got != "" {
		t.Errorf("null → %q, %v", got, err)
	}
	if err := got.UnmarshalJSON([]byte(`"unterminated`)); err == nil {
		t.Error("a broken string accepted")
	}
}
