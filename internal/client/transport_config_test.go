package client

import (
	"context"
	"crypto/x509"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Unset (zero or negative) settings take the documented defaults; set ones
// are kept, except a backoff cap below the first step, which is raised to it.
func TestTransportDefaults(t *testing.T) {
	for _, cfg := range []TransportConfig{{}, {Timeout: -1, RetryWaitMin: -1, RetryWaitMax: -1, MaxRetryAfter: -1}} {
		r := newTestTransport(t, cfg).retrying
		if r.HTTPClient.Timeout != DefaultTimeout || r.RetryWaitMin != DefaultRetryWaitMin || r.RetryWaitMax != DefaultRetryWaitMax {
			t.Errorf("%+v: timeout %v, waits %v–%v; want the defaults", cfg, r.HTTPClient.Timeout, r.RetryWaitMin, r.RetryWaitMax)
		}
	}
	r := newTestTransport(t, TransportConfig{Timeout: time.Second, RetryWaitMin: 2 * time.Second, RetryWaitMax: 3 * time.Second}).retrying
	if r.HTTPClient.Timeout != time.Second || r.RetryWaitMin != 2*time.Second || r.RetryWaitMax != 3*time.Second {
		t.Errorf("set values changed: timeout %v, waits %v–%v", r.HTTPClient.Timeout, r.RetryWaitMin, r.RetryWaitMax)
	}
	r = newTestTransport(t, TransportConfig{RetryWaitMin: 2 * time.Second, RetryWaitMax: time.Second}).retrying
	if r.RetryWaitMax != 2*time.Second {
		t.Errorf("a cap below the first step: %v, want it raised to 2s", r.RetryWaitMax)
	}
	r = newTestTransport(t, TransportConfig{RetryWaitMin: time.Minute}).retrying
	if r.RetryWaitMax != time.Minute {
		t.Errorf("a first step above the default cap: cap %v, want 1m", r.RetryWaitMax)
	}
}

// A call without a deadline honours a Retry-After up to MaxRetryAfter (5
// minutes by default), that one included; a longer one ends the call.
func TestMaxRetryAfterBounds(t *testing.T) {
	for _, tc := range []struct {
		cfg        TransportConfig
		retryAfter string
		retry      bool
	}{
		{TransportConfig{}, "300", true},
		{TransportConfig{}, "301", false},
		{TransportConfig{MaxRetryAfter: time.Minute}, "60", true},
		{TransportConfig{MaxRetryAfter: time.Minute}, "61", false},
	} {
		check := newTestTransport(t, tc.cfg).retrying.CheckRetry
		resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {tc.retryAfter}}}
		retry, err := check(context.Background(), resp, nil)
		var tooLong *RetryAfterError
		if retry != tc.retry || (err != nil) == tc.retry || (!tc.retry && (!errors.As(err, &tooLong) || tooLong.Deadline)) {
			t.Errorf("MaxRetryAfter %v, Retry-After %s: retry %t, err %v", tc.cfg.MaxRetryAfter, tc.retryAfter, retry, err)
		}
	}
}

// The per-attempt timeout ends an attempt the server is slow to answer.
func TestAttemptTimeout(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
			writeJSON(w, http.StatusOK, `{"user": {"id": 1}}`)
		case <-r.Context().Done():
		}
	})
	cfg := fastConfig(nil)
	cfg.Timeout, cfg.MaxRetries = 100*time.Millisecond, -1
	start := time.Now()
	_, err := newTestWebcore(t, srv.URL, cfg).GetUser(context.Background(), 1)
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v after %v; want no answer after 100ms", err, time.Since(start))
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for value, want := range map[string]time.Duration{
		"0":                             0,
		" 7 ":                           7 * time.Second,
		"9223372036":                    9223372036 * time.Second, // the most seconds a Duration holds
		"9223372037":                    time.Duration(math.MaxInt64),
		"99999999999999999":             time.Duration(math.MaxInt64),
		"Fri, 02 Jan 2026 03:04:15 GMT": 10 * time.Second,
		"Fri, 02 Jan 2026 03:00:00 GMT": 0, // already past
	} {
		if got, ok := parseRetryAfter(value, now); !ok || got != want {
			t.Errorf("%q: %v, %t; want %v", value, got, ok, want)
		}
	}
	for _, value := range []string{"", "  ", "-1", "soon", "1.5"} {
		if got, ok := parseRetryAfter(value, now); ok {
			t.Errorf("%q read as %v", value, got)
		}
	}
}

// Every 2xx is a success, whatever its body; anything else is an APIError.
func TestOnly2xxSucceeds(t *testing.T) {
	for _, status := range []int{200, 201, 202, 204, 299, 300, 304, 400} {
		srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(status) })
		err := newTestWebcore(t, srv.URL, fastConfig(nil)).UpdateUser(context.Background(), 1, UserUpdateRequest{})
		if ok := status >= 200 && status <= 299; (err == nil) != ok {
			t.Errorf("%d: err = %v", status, err)
		}
	}
}

// A response exactly as large as the client accepts is read whole.
func TestResponseAtTheSizeLimit(t *testing.T) {
	const limit = 1 << 16
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("x", limit)))
	})
	tr := newTestTransport(t, fastConfig(nil))
	tr.maxResponse = limit
	s, err := NewWebscale(tr, WebscaleConfig{URL: "https://example.com/v2", AccessToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	if data, err := s.Download(context.Background(), srv.URL+"/download/x"); err != nil || len(data) != limit {
		t.Fatalf("Download = %d bytes, %v; want all %d", len(data), err, limit)
	}
}

// When a call's deadline cuts an attempt short, the error names how the
// API answered the attempt before, not the cut one.
func TestDeadlineErrorNamesTheLastAnswer(t *testing.T) {
	var calls atomic.Int64
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			writeJSON(w, http.StatusBadGateway, `{}`)
			return
		}
		<-r.Context().Done()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := newTestWebcore(t, srv.URL, fastConfig(nil)).GetUser(ctx, 1)
	if err == nil || !strings.Contains(err.Error(), "after 2 attempts, the last one: 502 Bad Gateway") {
		t.Fatalf("err = %v", err)
	}
}

// An extra CA is trusted in addition to the system's, not instead.
func TestExtraCAKeepsTheSystemPool(t *testing.T) {
	srv := newQuietTLSServer(t, func(http.ResponseWriter, *http.Request) {})
	cfg, err := buildTLSConfig(TransportConfig{CACertPEM: pemOf(srv)})
	if err != nil {
		t.Fatal(err)
	}
	want, err := x509.SystemCertPool()
	if err != nil {
		t.Skipf("no system pool here: %v", err)
	}
	want.AppendCertsFromPEM(pemOf(srv))
	if !cfg.RootCAs.Equal(want) {
		t.Fatal("the trusted pool is not the system pool plus the extra CA")
	}
	if plain, _ := buildTLSConfig(TransportConfig{}); plain.RootCAs != nil || plain.InsecureSkipVerify {
		t.Fatal("without a CA the system's defaults must apply")
	}
}

// Each attempt's log line is named after the API it went to.
func TestAttemptLogNamesTheAPI(t *testing.T) {
	srv := newQuietTLSServer(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, `[]`) })
	cfg := fastConfig(nil)
	cfg.CACertPEM = pemOf(srv)
	for service, call := range map[string]func(Logger) error{
		"webcore": func(l Logger) error {
			cfg.Logger = l
			_, err := newTestWebcore(t, srv.URL, cfg).ListTemplates(context.Background())
			return err
		},
		"webscale": func(l Logger) error {
			cfg.Logger = l
			s, err := NewWebscale(newTestTransport(t, cfg), WebscaleConfig{URL: srv.URL + "/v2", AccessToken: testToken})
			if err != nil {
				return err
			}
			_, err = s.ListApplications(context.Background())
			return err
		},
	} {
		logger := &captureLogger{}
		if err := call(logger); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(logger.text(), service+" HTTP request ") {
			t.Errorf("%s: log %q", service, logger.text())
		}
	}
}
