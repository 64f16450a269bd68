package webscale

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// The synthetic traffic keeps the README's shape over a year of hours: 0 to
// 5 requests an hour (each count occurring), arriving within their hour in
// order, with millisecond UTC timestamps, completed `elapsed` milliseconds
// later, from a documentation address, with plausible sizes.
func TestGeneratedTrafficShape(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	counts := map[int]int{}
	var late, small, large bool
	for h := range 24 * 365 {
		hour := start.Add(time.Duration(h) * time.Hour)
		lines := hourLines("example-app", hour)
		counts[len(lines)]++
		prev := hour
		for _, l := range lines {
			arrival, err := time.Parse(logTimeLayout, l.Arrival)
			if err != nil || !strings.HasSuffix(l.Arrival, "Z") || len(l.Arrival) != len("2025-01-01T00:00:00.000Z") {
				t.Fatalf("arrival %q: %v", l.Arrival, err)
			}
			completed, err := time.Parse(logTimeLayout, l.Completed)
			if err != nil {
				t.Fatalf("completed %q: %v", l.Completed, err)
			}
			if arrival.Before(prev) || !arrival.Before(hour.Add(time.Hour)) {
				t.Fatalf("hour %s: arrival %s out of order or out of the hour", hour, l.Arrival)
			}
			prev = arrival
			late = late || arrival.Sub(hour) > 50*time.Minute
			if l.Elapsed < 1 || l.Elapsed > 800 || completed.Sub(arrival) != time.Duration(l.Elapsed)*time.Millisecond {
				t.Fatalf("elapsed %d ms, arrival %s, completed %s", l.Elapsed, l.Arrival, l.Completed)
			}
			host, ok := strings.CutPrefix(l.RequestAddress, "203.0.113.")
			if n, err := strconv.Atoi(host); !ok || err != nil || n < 1 || n > 254 {
				t.Fatalf("request address %q", l.RequestAddress)
			}
			if l.BytesIn < 200 || l.BytesIn >= 2000 || l.BytesOut < 500 || l.BytesOut >= 200500 {
				t.Fatalf("bytes in %d, out %d", l.BytesIn, l.BytesOut)
			}
			small, large = small || l.BytesOut < 10000, large || l.BytesOut > 100000
		}
	}
	for n := 0; n <= maxRequestsPerHour; n++ {
		if counts[n] == 0 {
			t.Errorf("no hour has %d requests: %v", n, counts)
		}
	}
	if len(counts) != maxRequestsPerHour+1 {
		t.Errorf("hours by request count: %v", counts)
	}
	if !late || !small || !large {
		t.Errorf("traffic does not spread: a request after minute 50 %t, small %t and large responses %t", late, small, large)
	}
}
