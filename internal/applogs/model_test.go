package applogs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestParseLogTime(t *testing.T) {
	cases := map[string]time.Time{
		"2015-07-31T00:00:00":       time.Date(2015, 7, 31, 0, 0, 0, 0, time.UTC), // the vendor's form: UTC
		"2015-07-31T02:00:00+02:00": time.Date(2015, 7, 31, 0, 0, 0, 0, time.UTC),
		"2015-07-31T00:00:00Z":      time.Date(2015, 7, 31, 0, 0, 0, 0, time.UTC),
		"2015-07-31T00:00:00.5":     time.Date(2015, 7, 31, 0, 0, 0, 5e8, time.UTC),
	}
	for in, want := range cases {
		got, err := parseLogTime(in)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("parseLogTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "yesterday", "2015-07-31", "2015-13-01T00:00:00", "31/07/2015 00:00"} {
		if _, err := parseLogTime(bad); err == nil {
			t.Errorf("parseLogTime(%q) accepted a bad value", bad)
		}
	}
}

func TestToReadRequest_window(t *testing.T) {
	m := windowModel{AppID: types.StringValue("example-app"), StartTime: types.StringValue("2025-06-01T00:00:00"),
		EndTime: types.StringValue("2025-06-01T03:00:00+01:00")}
	r, diags := m.ToReadRequest(context.Background())
	if diags.HasError() {
		t.Fatal(diags)
	}
	if got, want := r.id(), "example-app/2025-06-01T00:00:00Z/2025-06-01T02:00:00Z"; got != want {
		t.Fatalf("id = %q, want %q", got, want)
	}
	m.EndTime = types.StringNull()
	if r, _ = m.ToReadRequest(context.Background()); r.End != nil || !strings.HasSuffix(r.id(), "Z/") {
		t.Fatalf("an open window has no end: %+v %q", r, r.id())
	}
}

func TestToReadRequest_reversedWindowFails(t *testing.T) {
	m := windowModel{AppID: types.StringValue("a"), StartTime: types.StringValue("2025-06-02T00:00:00"),
		EndTime: types.StringValue("2025-06-01T00:00:00")}
	if _, diags := m.ToReadRequest(context.Background()); !diags.HasError() || !strings.Contains(diags[0].Summary(), "after start_time") {
		t.Fatalf("want an end-after-start error, got %v", diags)
	}
}

func TestToReadRequest_fractionalSecondsWidenTheWindow(t *testing.T) {
	// Both ends within one second: sent truncated, the window would be empty.
	m := windowModel{AppID: types.StringValue("a"), StartTime: types.StringValue("2025-06-01T00:00:00.5Z"),
		EndTime: types.StringValue("2025-06-01T00:00:00.9Z")}
	r, diags := m.ToReadRequest(context.Background())
	if diags.HasError() {
		t.Fatal(diags)
	}
	if got, want := r.id(), "a/2025-06-01T00:00:00Z/2025-06-01T00:00:01Z"; got != want {
		t.Fatalf("id = %q, want %q (start rounded down, end rounded up)", got, want)
	}
}
