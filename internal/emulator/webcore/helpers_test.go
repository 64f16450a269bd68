package webcore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

const (
	testLogin    = "admin"
	testPassword = "admin-pass-123"
	testEmail    = "admin@example.com"
	testAPIKey   = "0123456789abcdef0123456789abcdef01234567"
	testTx       = 20 * time.Millisecond
	testWait     = 5 * time.Second
)

// cred is one set of Basic credentials; the zero value sends none.
type cred struct{ user, secret string }

var (
	adminPass = cred{testLogin, testPassword}
	adminKey  = cred{testEmail, testAPIKey}
	noAuth    = cred{}
)

type testEnv struct {
	t     *testing.T
	api   *API
	store store.Store
	srv   *httptest.Server
}

func testOptions(st store.Store) Options {
	return Options{Store: st, AdminLogin: testLogin, AdminPassword: testPassword, AdminEmail: testEmail,
		AdminAPIKey: testAPIKey, TxDuration: testTx,
		// The cheapest bcrypt keeps user-heavy tests fast under -race; the cost
		// does not change any behaviour under test.
		PasswordCost: bcrypt.MinCost}
}

// newEnv starts the domain on a fresh memory store behind an httptest server.
func newEnv(t *testing.T) *testEnv {
	t.Helper()
	return newEnvOn(t, store.NewMemory())
}

func newEnvOn(t *testing.T, st store.Store) *testEnv {
	t.Helper()
	return newEnvWith(t, testOptions(st))
}

// newEnvWith starts the domain with opts behind an httptest server.
func newEnvWith(t *testing.T, opts Options) *testEnv {
	t.Helper()
	st := opts.Store
	api, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	mux := http.NewServeMux()
	api.RegisterRoutes(mux)
	api.RegisterControl(mux)
	srv := httptest.NewServer(mux)
	e := &testEnv{t: t, api: api, store: st, srv: srv}
	t.Cleanup(func() {
		srv.Close()
		if err := api.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return e
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic value.
func (r response) json(t *testing.T) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decoding %q: %v", r.body, err)
	}
	return v
}

// obj decodes a wrapped object body ({"root": {...}}) and returns the inner map.
func (r response) obj(t *testing.T, root string) map[string]any {
	t.Helper()
	m, ok := r.json(t).(map[string]any)
	if !ok {
		t.Fatalf("body %s is not an object", r.body)
	}
	inner, ok := m[root].(map[string]any)
	if !ok {
		t.Fatalf("body %s has no %q object", r.body, root)
	}
	return inner
}

// list decodes a list of wrapped objects.
func (r response) list(t *testing.T, root string) []map[string]any {
	t.Helper()
	arr, ok := r.json(t).([]any)
	if !ok {
		t.Fatalf("body %s is not an array", r.body)
	}
	out := make([]map[string]any, 0, len(arr))
	for _, el := range arr {
		m, _ := el.(map[string]any)
		inner, ok := m[root].(map[string]any)
		if !ok {
			t.Fatalf("element %v has no %q object", el, root)
		}
		out = append(out, inner)
	}
	return out
}

// do sends a request; body may be nil, a string (sent raw) or any JSON value.
func (e *testEnv) do(c cred, method, path string, body any) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.user != "" {
		req.SetBasicAuth(c.user, c.secret)
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// expect fails unless the response has the given status.
func (e *testEnv) expect(r response, status int) response {
	e.t.Helper()
	if r.status != status {
		e.t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	return r
}

// expectBody fails unless status and decoded JSON body both match.
func (e *testEnv) expectBody(r response, status int, want string) {
	e.t.Helper()
	e.expect(r, status)
	var got, exp any
	if err := json.Unmarshal(r.body, &got); err != nil {
		e.t.Fatalf("body %q: %v", r.body, err)
	}
	if err := json.Unmarshal([]byte(want), &exp); err != nil {
		e.t.Fatal(err)
	}
	if !reflect.DeepEqual(got, exp) {
		e.t.Fatalf("body %s, want %s", r.body, want)
	}
}

// eventually polls cond until it holds or testWait passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(testWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

// createUser creates a user through the API and returns its id.
func (e *testEnv) createUser(login string) int {
	e.t.Helper()
	r := e.expect(e.do(adminPass, "POST", "/users.json", map[string]any{"user": map[string]any{
		"login": login, "email": login + "@example.com", "password": "password-" + login}}), http.StatusCreated)
	return num(r.obj(e.t, "user")["id"])
}

func vmBody(overrides map[string]any) map[string]any {
	m := map[string]any{"label": "web", "hostname": "web.example.com", "template_id": templateUbuntu,
		"memory": 1024, "cpus": 1, "cpu_shares": 10, "primary_disk_size": 10, "swap_disk_size": 1}
	for k, v := range overrides {
		if v == nil {
			delete(m, k)
			continue
		}
		m[k] = v
	}
	return map[string]any{"virtual_machine": m}
}

// createVM creates a server and returns its id (the build chain runs on).
func (e *testEnv) createVM(c cred, overrides map[string]any) int {
	e.t.Helper()
	r := e.expect(e.do(c, "POST", "/virtual_machines.json", vmBody(overrides)), http.StatusCreated)
	return num(r.obj(e.t, "virtual_machine")["id"])
}

// vm fetches a server's object.
func (e *testEnv) vm(c cred, id int) map[string]any {
	e.t.Helper()
	return e.expect(e.do(c, "GET", fmt.Sprintf("/virtual_machines/%d.json", id), nil), http.StatusOK).obj(e.t, "virtual_machine")
}

// vmTxs lists a server's transactions, newest first.
func (e *testEnv) vmTxs(id int) []map[string]any {
	e.t.Helper()
	return e.expect(e.do(adminPass, "GET", fmt.Sprintf("/virtual_machines/%d/transactions.json", id), nil), http.StatusOK).list(e.t, "transaction")
}

// waitIdle waits until none of the server's transactions is pending or running.
func (e *testEnv) waitIdle(id int) {
	e.t.Helper()
	eventually(e.t, "transactions to settle", func() bool {
		for _, t := range e.vmTxs(id) {
			if t["status"] == txPending || t["status"] == txRunning {
				return false
			}
		}
		return true
	})
}

// actions returns the server's transaction actions and statuses, oldest first.
func (e *testEnv) actions(id int) []string {
	e.t.Helper()
	txs := e.vmTxs(id)
	out := make([]string, 0, len(txs))
	for i := len(txs) - 1; i >= 0; i-- {
		out = append(out, fmt.Sprintf("%s:%s", txs[i]["action"], txs[i]["status"]))
	}
	return out
}
