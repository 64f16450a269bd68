package webscale

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

const testToken = "bootstrap-token-for-tests"

// fixedNow is the base clock of every test domain.
var fixedNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

type testEnv struct {
	t     *testing.T
	api   *API
	mux   *http.ServeMux
	store store.Store
}

func newEnv(t *testing.T) *testEnv {
	t.Helper()
	return newEnvWithStore(t, store.NewMemory(), testToken)
}

func newEnvWithStore(t *testing.T, st store.Store, token string) *testEnv {
	t.Helper()
	api, err := New(Options{Store: st, BootstrapToken: token, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	api.RegisterRoutes(mux)
	api.RegisterControl(mux)
	return &testEnv{t: t, api: api, mux: mux, store: st}
}

// do sends a request; auth is "" (none), "Bearer <tok>" for a header, or "?<tok>" for the query parameter.
func (e *testEnv) do(method, target, auth, body string) *httptest.ResponseRecorder {
	e.t.Helper()
	if strings.HasPrefix(auth, "?") {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		target += sep + "authorization=" + auth[1:]
	}
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Host = "emulator.test:8443"
	if strings.HasPrefix(auth, "Bearer ") || strings.HasPrefix(auth, "Basic ") {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, req)
	return rec
}

func bearer(tok string) string { return "Bearer " + tok }

// wantError checks status and the Webscale error envelope.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, typ string) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	var env struct {
		Status int `json:"status"`
		Error  struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil {
		t.Fatalf("error body is not the envelope: %v: %s", err, rec.Body)
	}
	if env.Status != status || env.Error.Type != typ || env.Error.Message == "" {
		t.Fatalf("envelope = %+v, want status %d type %q with a message", env, status, typ)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type = %q", ct)
	}
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder, want int) T {
	t.Helper()
	if rec.Code != want {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, want, rec.Body)
	}
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %s: %v", rec.Body, err)
	}
	return v
}

func TestAuthRules(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name, target, auth string
		status             int
		typ                string
	}{
		{"bearer header", "/v2/applications", bearer(testToken), 200, ""},
		{"query parameter", "/v2/applications", "?" + testToken, 200, ""},
		{"scheme is case-insensitive", "/v2/applications", "Bearer " + testToken, 200, ""},
		{"none", "/v2/applications", "", 401, "unauthorized"},
		{"unknown token", "/v2/applications", bearer("nope"), 401, "unauthorized"},
		{"unknown token in query", "/v2/applications", "?nope", 401, "unauthorized"},
		{"empty query token", "/v2/applications", "?", 401, "unauthorized"},
		{"basic scheme", "/v2/applications", "Basic dXNlcjpwYXNz", 401, "unauthorized"},
		{"unknown path without token", "/v2/no/such/thing", "", 401, "unauthorized"},
		{"bare /v2 without token", "/v2", "", 401, "unauthorized"},
		{"unknown path with token", "/v2/no/such/thing", bearer(testToken), 404, "not_found"},
		{"download-less logs without token", "/v2/app/example-app/logs?start_time=2026-01-01", "", 401, "unauthorized"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := e.do(http.MethodGet, c.target, c.auth, "")
			if c.typ == "" {
				if rec.Code != c.status {
					t.Fatalf("status = %d, want %d: %s", rec.Code, c.status, rec.Body)
				}
				return
			}
			wantError(t, rec, c.status, c.typ)
		})
	}
}

func TestAuthBothWaysIsBadRequest(t *testing.T) {
	e := newEnv(t)
	req := httptest.NewRequest(http.MethodGet, "/v2/applications?authorization="+testToken, nil)
	req.Header.Set("Authorization", bearer(testToken))
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, req)
	wantError(t, rec, http.StatusBadRequest, "bad_request")
	if strings.Contains(rec.Body.String(), testToken) {
		t.Fatal("error message echoes the token")
	}
}

func TestWrongMethodIsMethodNotAllowedAfterAuth(t *testing.T) {
	e := newEnv(t)
	wantError(t, e.do(http.MethodPut, "/v2/applications", "", ""), 401, "unauthorized")
	wantError(t, e.do(http.MethodPut, "/v2/applications", bearer(testToken), ""), 405, "method_not_allowed")
	wantError(t, e.do(http.MethodPost, "/download/abc", "", ""), 405, "method_not_allowed")
}

func TestUserAndAccount(t *testing.T) {
	e := newEnv(t)
	for _, id := range []string{"self", selfUserID} {
		u := decode[User](t, e.do(http.MethodGet, "/v2/users/"+id, bearer(testToken), ""), 200)
		if u.Href != "/v2/users/100" || u.Account != "/v2/accounts/1" {
			t.Fatalf("user %s = %+v", id, u)
		}
	}
	wantError(t, e.do(http.MethodGet, "/v2/users/"+otherUserID, bearer(testToken), ""), 404, "not_found")
	acct := decode[Account](t, e.do(http.MethodGet, "/v2/accounts/1", bearer(testToken), ""), 200)
	if acct.Href != "/v2/accounts/1" {
		t.Fatalf("account = %+v", acct)
	}
	wantError(t, e.do(http.MethodGet, "/v2/accounts/2", bearer(testToken), ""), 404, "not_found")
}

func TestApplications(t *testing.T) {
	e := newEnv(t)
	apps := decode[[]Application](t, e.do(http.MethodGet, "/v2/applications", bearer(testToken), ""), 200)
	if len(apps) != 2 || apps[0].Name != "example-app" || apps[1].Name != "shop-app" {
		t.Fatalf("applications = %+v", apps)
	}
	app := decode[Application](t, e.do(http.MethodGet, "/v2/applications/shop-app", bearer(testToken), ""), 200)
	if app.Href != "/v2/applications/shop-app" || app.Account != "/v2/accounts/1" || len(app.Aliases) == 0 {
		t.Fatalf("app = %+v", app)
	}
	wantError(t, e.do(http.MethodGet, "/v2/applications/other-app", bearer(testToken), ""), 404, "not_found")
	wantError(t, e.do(http.MethodGet, "/v2/applications/nope", bearer(testToken), ""), 404, "not_found")
}

func TestAccessKeyLifecycle(t *testing.T) {
	e := newEnv(t)
	keys := decode[[]map[string]any](t, e.do(http.MethodGet, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	if len(keys) != 1 || keys[0]["href"] != "/v2/users/100/access-keys/1" || keys[0]["expiry"] != nil {
		t.Fatalf("seeded keys = %v", keys)
	}
	if _, leaked := keys[0]["secret_key"]; leaked {
		t.Fatal("list must never include secret_key")
	}
	if keys[0]["last_used"] == nil {
		t.Fatal("last_used must be set by the request that listed it")
	}

	created := decode[AccessKeySecret](t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken),
		`{"type":"bearer","expiry":"2026-03-11T00:00:00Z","account":"/v2/accounts/1"}`), 200)
	if created.SecretKey == "" || created.Href != "/v2/users/100/access-keys/2" || *created.Expiry != "2026-03-11T00:00:00Z" ||
		created.Durability != "persistent" || created.LastUsed != nil {
		t.Fatalf("created = %+v", created)
	}
	// A new key is a credential at once, via either way of sending it.
	if rec := e.do(http.MethodGet, "/v2/applications", "?"+created.SecretKey, ""); rec.Code != 200 {
		t.Fatalf("new key rejected: %d", rec.Code)
	}
	keys = decode[[]map[string]any](t, e.do(http.MethodGet, "/v2/users/100/access-keys", bearer(created.SecretKey), ""), 200)
	if len(keys) != 2 || keys[1]["last_used"] != "2026-03-10T12:00:00Z" {
		t.Fatalf("keys after create = %v", keys)
	}
	for _, k := range keys {
		if _, leaked := k["secret_key"]; leaked {
			t.Fatal("list must never include secret_key")
		}
	}

	deleted := decode[AccessKey](t, e.do(http.MethodDelete, "/v2/users/self/access-keys/2", bearer(testToken), ""), 200)
	if deleted.Href != created.Href {
		t.Fatalf("deleted = %+v", deleted)
	}
	wantError(t, e.do(http.MethodGet, "/v2/applications", bearer(created.SecretKey), ""), 401, "unauthorized")
	wantError(t, e.do(http.MethodDelete, "/v2/users/self/access-keys/2", bearer(testToken), ""), 404, "not_found")
	wantError(t, e.do(http.MethodDelete, "/v2/users/self/access-keys/99", bearer(testToken), ""), 404, "not_found")
}

func TestAccessKeyCreateWithoutBodyNeverExpires(t *testing.T) {
	e := newEnv(t)
	created := decode[AccessKeySecret](t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	if created.Expiry != nil || created.Type != "bearer" || created.Account != "/v2/accounts/1" {
		t.Fatalf("created = %+v", created)
	}
}

func TestAccessKeyCreateValidation(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		body   string
		status int
		typ    string
	}{
		{`{"expiry":"2026-03-10T12:00:00Z"}`, 400, "bad_request"}, // now is not the future
		{`{"expiry":"2020-01-01T00:00:00Z"}`, 400, "bad_request"},
		{`{"expiry":"tomorrow"}`, 400, "bad_request"},
		{`{"type":"basic"}`, 400, "bad_request"},
		{`{"expiry":`, 400, "bad_request"},
		{`{"account":"/v2/accounts/2"}`, 403, "forbidden"},
	}
	for _, c := range cases {
		wantError(t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), c.body), c.status, c.typ)
	}
	wantError(t, e.do(http.MethodPost, "/v2/users/"+otherUserID+"/access-keys", bearer(testToken), `{}`), 404, "not_found")
	wantError(t, e.do(http.MethodGet, "/v2/users/"+otherUserID+"/access-keys", bearer(testToken), ""), 404, "not_found")
	if keys := e.api.State().AccessKeys; len(keys) != 1 {
		t.Fatalf("rejected creates must not add keys: %d keys", len(keys))
	}
}

func TestAccessKeyExpiryFollowsTheClock(t *testing.T) {
	e := newEnv(t)
	created := decode[AccessKeySecret](t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken),
		`{"expiry":"2026-03-10T13:00:00Z"}`), 200)
	if rec := e.do(http.MethodGet, "/v2/applications", bearer(created.SecretKey), ""); rec.Code != 200 {
		t.Fatalf("before expiry: %d", rec.Code)
	}
	if rec := e.do(http.MethodPut, "/_emulator/webscale/clock", "", `{"offset":"1h"}`); rec.Code != 204 {
		t.Fatalf("set clock: %d %s", rec.Code, rec.Body)
	}
	wantError(t, e.do(http.MethodGet, "/v2/applications", bearer(created.SecretKey), ""), 401, "unauthorized")
	// The bootstrap key never expires.
	if rec := e.do(http.MethodGet, "/v2/applications", bearer(testToken), ""); rec.Code != 200 {
		t.Fatalf("bootstrap key after clock move: %d", rec.Code)
	}
	clk := decode[clockState](t, e.do(http.MethodGet, "/_emulator/webscale/clock", "", ""), 200)
	if clk.Offset != "1h0m0s" || clk.Now != "2026-03-10T13:00:00Z" {
		t.Fatalf("clock = %+v", clk)
	}
	if rec := e.do(http.MethodPut, "/_emulator/webscale/clock", "", `{"offset":"soon"}`); rec.Code != 400 {
		t.Fatalf("bad offset: %d", rec.Code)
	}
}

func TestConcurrentAuthAndWrites(t *testing.T) {
	e := newEnv(t)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				if rec := e.do(http.MethodGet, "/v2/users/self/access-keys", bearer(testToken), ""); rec.Code != 200 {
					t.Errorf("list: %d", rec.Code)
				}
				rec := e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), "")
				if rec.Code != 200 {
					t.Errorf("create: %d", rec.Code)
				}
			}
		}()
	}
	wg.Wait()
	if n := len(e.api.State().AccessKeys); n != 1+8*20 {
		t.Fatalf("keys = %d", n)
	}
}

func requestLink(t *testing.T, e *testEnv, query string) string {
	t.Helper()
	resp := decode[logsResponse](t, e.do(http.MethodGet, "/v2/app/example-app/logs?"+query, bearer(testToken), ""), 200)
	prefix := "https://emulator.test:8443/download/"
	if !strings.HasPrefix(resp.DownloadURL, prefix) || len(resp.DownloadURL) < len(prefix)+40 {
		t.Fatalf("download_url = %q", resp.DownloadURL)
	}
	return strings.TrimPrefix(resp.DownloadURL, "https://emulator.test:8443")
}

func TestLogsValidation(t *testing.T) {
	e := newEnv(t)
	for _, q := range []string{
		"", "end_time=2026-03-01T00:00:00", "start_time=yesterday", "start_time=2026-03-01T00:00:00&end_time=garbage",
		"start_time=2026-03-02T00:00:00&end_time=2026-03-01T00:00:00",
	} {
		wantError(t, e.do(http.MethodGet, "/v2/app/example-app/logs?"+q, bearer(testToken), ""), 400, "bad_request")
	}
	for _, app := range []string{"other-app", "no-such-app"} {
		wantError(t, e.do(http.MethodGet, "/v2/app/"+app+"/logs?start_time=2026-03-01", bearer(testToken), ""), 404, "not_found")
	}
}

func download(t *testing.T, e *testEnv, path string) []LogLine {
	t.Helper()
	rec := e.do(http.MethodGet, path, "", "")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("download: %d %q %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	var lines []LogLine
	sc := bufio.NewScanner(rec.Body)
	for sc.Scan() {
		var l LogLine
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	return lines
}

func TestLogsDownloadIsDeterministicAndInWindow(t *testing.T) {
	e := newEnv(t)
	window := "start_time=2026-03-01T00:00:00&end_time=2026-03-02T00:00:00"
	first := download(t, e, requestLink(t, e, window))
	// Same window with explicit UTC offset: same content from a different link.
	second := download(t, e, requestLink(t, e, "start_time=2026-03-01T00:00:00Z&end_time=2026-03-02T00:00:00%2B00:00"))
	if len(first) < 10 {
		t.Fatalf("a day of logs has only %d lines", len(first))
	}
	a, _ := json.Marshal(first)
	b, _ := json.Marshal(second)
	if !bytes.Equal(a, b) {
		t.Fatal("the same window must give the same logs")
	}
	start, end := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	var prev time.Time
	for _, l := range first {
		arrival, err := time.Parse(time.RFC3339, l.Arrival)
		if err != nil {
			t.Fatal(err)
		}
		completed, err := time.Parse(time.RFC3339, l.Completed)
		if err != nil {
			t.Fatal(err)
		}
		if arrival.Before(start) || !arrival.Before(end) || arrival.Before(prev) || completed.Before(arrival) {
			t.Fatalf("line out of window or order: %+v", l)
		}
		prev = arrival
		if l.RequestMethod == "" || l.RequestPath == "" || l.ResponseStatusCode == 0 || l.Country == "" {
			t.Fatalf("incomplete line %+v", l)
		}
	}
	// A sub-window holds exactly the matching lines of the bigger one.
	sub := download(t, e, requestLink(t, e, "start_time=2026-03-01T06:00:00&end_time=2026-03-01T07:30:00"))
	var want []LogLine
	for _, l := range first {
		if l.Arrival >= "2026-03-01T06:00:00" && l.Arrival < "2026-03-01T07:30:00" {
			want = append(want, l)
		}
	}
	x, _ := json.Marshal(sub)
	y, _ := json.Marshal(want)
	if !bytes.Equal(x, y) {
		t.Fatalf("sub-window differs:\n%s\n%s", x, y)
	}
	// Another app has other traffic.
	resp := decode[logsResponse](t, e.do(http.MethodGet, "/v2/app/shop-app/logs?"+window, bearer(testToken), ""), 200)
	shop := download(t, e, strings.TrimPrefix(resp.DownloadURL, "https://emulator.test:8443"))
	z, _ := json.Marshal(shop)
	if bytes.Equal(a, z) {
		t.Fatal("two apps must not share their logs")
	}
}

func TestLogsEndDefaultsToNow(t *testing.T) {
	e := newEnv(t)
	lines := download(t, e, requestLink(t, e, "start_time=2026-03-10T00:00:00"))
	for _, l := range lines {
		if l.Arrival >= "2026-03-10T12:00:00" {
			t.Fatalf("log line from the future: %+v", l)
		}
	}
	if len(lines) == 0 {
		t.Fatal("twelve hours without traffic")
	}
}

func TestDownloadLinkExpiresAfter15Minutes(t *testing.T) {
	e := newEnv(t)
	link := requestLink(t, e, "start_time=2026-03-01T00:00:00&end_time=2026-03-01T01:00:00")
	e.api.clock.offset.Store(int64(15*time.Minute - time.Second))
	download(t, e, link)
	e.api.clock.offset.Store(int64(15 * time.Minute))
	wantError(t, e.do(http.MethodGet, link, "", ""), 410, "gone")
	wantError(t, e.do(http.MethodGet, "/download/not-a-token", "", ""), 404, "not_found")
}

func TestStatePersistsInTheStore(t *testing.T) {
	st := store.NewMemory()
	e := newEnvWithStore(t, st, testToken)
	created := decode[AccessKeySecret](t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	link := requestLink(t, e, "start_time=2026-03-01T00:00:00&end_time=2026-03-01T02:00:00")
	before := download(t, e, link)

	reloaded := newEnvWithStore(t, st, testToken)
	if rec := reloaded.do(http.MethodGet, "/v2/applications", bearer(created.SecretKey), ""); rec.Code != 200 {
		t.Fatalf("created key after reload: %d", rec.Code)
	}
	after := download(t, reloaded, link)
	if len(before) != len(after) {
		t.Fatal("download link content changed across reload")
	}
	next := decode[AccessKeySecret](t, reloaded.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	if next.Href != "/v2/users/100/access-keys/3" {
		t.Fatalf("ids must continue after reload: %s", next.Href)
	}
	keys := reloaded.api.State().AccessKeys
	if keys[0].LastUsed == nil {
		t.Fatal("last_used of the bootstrap key was not persisted")
	}

	// A new bootstrap token replaces the old one on the same key.
	rotated := newEnvWithStore(t, st, "rotated-token")
	wantError(t, rotated.do(http.MethodGet, "/v2/applications", bearer(testToken), ""), 401, "unauthorized")
	if rec := rotated.do(http.MethodGet, "/v2/applications", bearer("rotated-token"), ""); rec.Code != 200 {
		t.Fatalf("rotated bootstrap token: %d", rec.Code)
	}
}

func TestResetReseeds(t *testing.T) {
	e := newEnv(t)
	created := decode[AccessKeySecret](t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	link := requestLink(t, e, "start_time=2026-03-01T00:00:00")
	e.api.clock.offset.Store(int64(time.Hour))
	if err := e.api.Reset(); err != nil {
		t.Fatal(err)
	}
	wantError(t, e.do(http.MethodGet, "/v2/applications", bearer(created.SecretKey), ""), 401, "unauthorized")
	wantError(t, e.do(http.MethodGet, link, "", ""), 404, "not_found")
	again := decode[AccessKeySecret](t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	if again.Href != "/v2/users/100/access-keys/2" {
		t.Fatalf("ids must restart after reset: %s", again.Href)
	}
	if s := e.api.State(); s.ClockOffset != "0s" {
		t.Fatalf("reset must zero the clock offset: %s", s.ClockOffset)
	}
}

func TestStateHoldsNoSecrets(t *testing.T) {
	e := newEnv(t)
	created := decode[AccessKeySecret](t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	link := requestLink(t, e, "start_time=2026-03-01T00:00:00")
	dump, err := json.Marshal(e.api.State())
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{testToken, created.SecretKey, strings.TrimPrefix(link, "/download/")} {
		if strings.Contains(string(dump), secret) {
			t.Fatalf("state dump contains a secret")
		}
	}
	var s State
	if err := json.Unmarshal(dump, &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Accounts) != 2 || len(s.Users) != 2 || len(s.Applications) != 3 || len(s.AccessKeys) != 2 || len(s.Downloads) != 1 {
		t.Fatalf("state = %+v", s)
	}
}

func TestNewValidatesOptions(t *testing.T) {
	if _, err := New(Options{BootstrapToken: "x"}); err == nil {
		t.Fatal("missing store accepted")
	}
	if _, err := New(Options{Store: store.NewMemory()}); err == nil {
		t.Fatal("missing token accepted")
	}
}

func TestWriteLogLinesBeforeLogsBeginIsEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := writeLogLines(&buf, "example-app", logsBegin.Add(-48*time.Hour), logsBegin); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Fatalf("logs before the apps existed: %q", buf.String())
	}
}

// failingStore accepts reads and refuses writes once broken is set.
type failingStore struct {
	store.Store
	broken bool
}

func (f *failingStore) Update(fn func(tx store.Tx) error) error {
	if f.broken {
		return errors.New("disk full")
	}
	return f.Store.Update(fn)
}

func TestStoreFailureIsInternalErrorAndChangesNothing(t *testing.T) {
	st := &failingStore{Store: store.NewMemory()}
	e := newEnvWithStore(t, st, testToken)
	created := decode[AccessKeySecret](t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	st.broken = true
	wantError(t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), ""), 500, "internal")
	wantError(t, e.do(http.MethodDelete, "/v2/users/self/access-keys/2", bearer(testToken), ""), 500, "internal")
	wantError(t, e.do(http.MethodGet, "/v2/app/example-app/logs?start_time=2026-03-01", bearer(testToken), ""), 500, "internal")
	if rec := e.do(http.MethodGet, "/v2/applications", bearer(created.SecretKey), ""); rec.Code != 200 {
		t.Fatalf("a failed delete must keep the key working: %d", rec.Code)
	}
	if s := e.api.State(); len(s.AccessKeys) != 2 || len(s.Downloads) != 0 {
		t.Fatalf("failed writes changed memory: %d keys, %d downloads", len(s.AccessKeys), len(s.Downloads))
	}
}

// TestPersistingLastUsedKeepsTheKeyInMemory: writing last_used to the store must not
// swap the in-memory key, or a use recorded by a request still holding it is lost.
func TestPersistingLastUsedKeepsTheKeyInMemory(t *testing.T) {
	e := newEnv(t)
	held := e.api.lookupToken(testToken) // the first use is persisted at once
	if held == nil {
		t.Fatal("bootstrap token refused")
	}
	later := fixedNow.Add(30 * time.Second)
	held.lastUsed.Store(later.UnixNano()) // what a concurrent request holding the key records
	if got := e.api.State().AccessKeys[0].LastUsed; got == nil || !got.Equal(later) {
		t.Fatalf("last_used = %v, want %v", got, later)
	}
}

// TestExpiredDownloadRecordsArePurged: an expired link answers 410 for an
// hour, then its record is deleted, from memory and from the store, when the
// next link is made; a link still valid is kept.
func TestExpiredDownloadRecordsArePurged(t *testing.T) {
	st := store.NewMemory()
	e := newEnvWithStore(t, st, testToken)
	old := requestLink(t, e, "start_time=2026-03-01T00:00:00&end_time=2026-03-01T01:00:00")
	stored := func() int {
		n := 0
		if err := st.ForEach(bucketDownloads, func(string, []byte) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}

	e.api.clock.offset.Store(int64(downloadLifetime + purgeAfter))
	fresh := requestLink(t, e, "start_time=2026-03-01T00:00:00&end_time=2026-03-01T01:00:00")
	wantError(t, e.do(http.MethodGet, old, "", ""), 410, "gone") // expired an hour ago: still told so
	if n := stored(); n != 2 {
		t.Fatalf("%d records stored, want 2 before the purge", n)
	}

	e.api.clock.offset.Store(int64(downloadLifetime + purgeAfter + time.Second))
	requestLink(t, e, "start_time=2026-03-01T00:00:00&end_time=2026-03-01T01:00:00")
	wantError(t, e.do(http.MethodGet, old, "", ""), 404, "not_found")
	download(t, e, fresh)
	if n := stored(); n != 2 || len(e.api.downloads) != 2 {
		t.Fatalf("%d records stored, %d in memory, want 2 (the purged one gone)", n, len(e.api.downloads))
	}
	if n := len(newEnvWithStore(t, st, testToken).api.downloads); n != 2 {
		t.Fatalf("the purge did not reach the store: %d records reloaded", n)
	}
}
