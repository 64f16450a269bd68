package webscale

import (
	"bufio"
	"encoding/json"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// logsBegin is when the seeded applications started serving traffic; there are no logs before it.
var logsBegin = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// maxRequestsPerHour bounds the synthetic traffic: each hour has 0..maxRequestsPerHour requests.
const maxRequestsPerHour = 5

// LogLine is one request in a logs download (one NDJSON line).
type LogLine struct {
	Arrival            string `json:"arrival"`
	Completed          string `json:"completed"`
	RequestAddress     string `json:"request_address"`
	RequestMethod      string `json:"request_method"`
	RequestPath        string `json:"request_path"`
	RequestQuery       string `json:"request_query"`
	Protocol           string `json:"protocol"`
	ResponseStatusCode int    `json:"response_status_code"`
	BytesIn            int    `json:"bytes_in"`
	BytesOut           int    `json:"bytes_out"`
	Elapsed            int    `json:"elapsed"`
	Referrer           string `json:"referrer"`
	Useragent          string `json:"useragent"`
	CacheSource        string `json:"cache_source"`
	Country            string `json:"country"`
}

const logTimeLayout = "2006-01-02T15:04:05.000Z07:00"

var (
	logMethods   = []string{"GET", "GET", "GET", "GET", "POST", "HEAD"}
	logPaths     = []string{"/", "/products", "/products/42", "/cart", "/checkout", "/static/app.css", "/static/app.js", "/search"}
	logQueries   = []string{"", "", "", "page=2", "q=shoes", "utm_source=newsletter"}
	logProtocols = []string{"HTTP/1.1", "HTTP/2.0", "HTTP/2.0"}
	logStatuses  = []int{200, 200, 200, 200, 200, 304, 301, 404, 500}
	logReferrers = []string{"", "", "https://www.google.com/", "https://www.example.com/"}
	logAgents    = []string{
		"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
		"curl/8.5.0",
	}
	logCacheSources = []string{"origin", "cache", "cache", "edge"}
	logCountries    = []string{"US", "DE", "NL", "GB", "JP", "BR"}
)

// hourLines returns the requests of app during the hour starting at hour, in arrival order.
// They depend only on (app, hour): a PRNG seeded with their hash.
func hourLines(app string, hour time.Time) []LogLine {
	h := fnv.New64a()
	_, _ = io.WriteString(h, app)
	seed := h.Sum64()
	rng := rand.New(rand.NewPCG(seed, uint64(hour.Unix()))) //nolint:gosec // synthetic log lines seeded by app and hour so that every read returns the same lines; no secret is drawn
	n := rng.IntN(maxRequestsPerHour + 1)
	offsets := make([]time.Duration, n)
	for i := range offsets {
		offsets[i] = time.Duration(rng.Int64N(int64(time.Hour/time.Millisecond))) * time.Millisecond
	}
	slices.Sort(offsets)
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	lines := make([]LogLine, n)
	for i, off := range offsets {
		arrival := hour.Add(off)
		elapsed := 1 + rng.IntN(800)
		lines[i] = LogLine{
			Arrival:            arrival.Format(logTimeLayout),
			Completed:          arrival.Add(time.Duration(elapsed) * time.Millisecond).Format(logTimeLayout),
			RequestAddress:     "203.0.113." + strconv.Itoa(1+rng.IntN(254)),
			RequestMethod:      pick(logMethods),
			RequestPath:        pick(logPaths),
			RequestQuery:       pick(logQueries),
			Protocol:           pick(logProtocols),
			ResponseStatusCode: logStatuses[rng.IntN(len(logStatuses))],
			BytesIn:            200 + rng.IntN(1800),
			BytesOut:           500 + rng.IntN(200000),
			Elapsed:            elapsed,
			Referrer:           pick(logReferrers),
			Useragent:          pick(logAgents),
			CacheSource:        pick(logCacheSources),
			Country:            pick(logCountries),
		}
	}
	return lines
}

// LogLinesFor returns app's requests that arrived in [start, end), in
// arrival order: exactly what a download of that window serves, so tests can
// compare a download with it.
func LogLinesFor(app string, start, end time.Time) []LogLine {
	var out []LogLine
	_ = eachLogLine(app, start, end, func(line LogLine) error { // fn never fails
		out = append(out, line)
		return nil
	})
	return out
}

// writeLogLines streams app's requests that arrived in [start, end) as NDJSON.
func writeLogLines(w io.Writer, app string, start, end time.Time) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	if err := eachLogLine(app, start, end, func(line LogLine) error { return enc.Encode(line) }); err != nil {
		return err
	}
	return bw.Flush()
}

// eachLogLine calls fn for app's requests that arrived in [start, end), in order.
func eachLogLine(app string, start, end time.Time, fn func(LogLine) error) error {
	if start.Before(logsBegin) {
		start = logsBegin
	}
	for hour := start.Truncate(time.Hour); hour.Before(end); hour = hour.Add(time.Hour) {
		for _, line := range hourLines(app, hour) {
			arrival, _ := time.Parse(logTimeLayout, line.Arrival)
			if arrival.Before(start) || !arrival.Before(end) {
				continue
			}
			if err := fn(line); err != nil {
				return err
			}
		}
	}
	return nil
}
