package webcore

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

func TestXML_GetsAndRequestBodies(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, nil)
	r := e.expect(e.do(adminPass, "GET", "/users/1.xml", nil), http.StatusOK)
	body := string(r.body)
	for _, want := range []string{`<?xml version="1.0" encoding="UTF-8"?>`, "<user>\n", `<id type="integer">1</id>`,
		"<login>admin</login>", `<role_ids type="array">`, `<role_id type="integer">1</role_id>`, `<user_group_id nil="true"/>`,
		`<created_at type="datetime">`, "</user>"} {
		if !strings.Contains(body, want) {
			t.Fatalf("user XML lacks %q:\n%s", want, body)
		}
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") {
		t.Fatalf("Content-Type %q", ct)
	}
	list := string(e.expect(e.do(adminPass, "GET", "/users.xml", nil), http.StatusOK).body)
	if !strings.Contains(list, `<users type="array">`) || !strings.Contains(list, "  <user>") {
		t.Fatalf("users XML:\n%s", list)
	}
	vm := string(e.expect(e.do(adminPass, "GET", fmt.Sprintf("/virtual_machines/%d.xml", id), nil), http.StatusOK).body)
	for _, want := range []string{"<virtual_machine>", `<built type="boolean">false</built>`, `<ip_addresses type="array">`, "<ip_address>", "<address>10.20."} {
		if !strings.Contains(vm, want) {
			t.Fatalf("VS XML lacks %q:\n%s", want, vm)
		}
	}
	notAcceptable := `{"errors":["XML request bodies are not supported; send JSON to the .json path"]}`
	e.expectBody(e.do(adminPass, "POST", "/users.xml", "<user><login>x</login></user>"), http.StatusNotAcceptable, notAcceptable)
	// Any non-GET on an .xml path, even one whose last segment is only the suffix.
	e.expectBody(e.do(adminPass, "DELETE", "/users/.xml", nil), http.StatusNotAcceptable, notAcceptable)
	req := func(ct string) response {
		httpReq, _ := http.NewRequest("PUT", e.srv.URL+"/users/1.json", strings.NewReader("<user/>"))
		httpReq.SetBasicAuth(testLogin, testPassword)
		httpReq.Header.Set("Content-Type", ct)
		res, err := e.srv.Client().Do(httpReq)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = res.Body.Close() }()
		return response{status: res.StatusCode}
	}
	if got := req("application/xml").status; got != http.StatusNotAcceptable {
		t.Fatalf("XML PUT status %d", got)
	}
}

func TestRestart_ResumesBuildChain(t *testing.T) {
	st := store.NewMemory()
	first := newEnvOn(t, st)
	// A long provisioning step gives the test a wide window to stop in.
	first.expect(first.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{
		"default_duration": "10ms", "durations": map[string]any{"provisioning": "800ms"}}), http.StatusNoContent)
	id := first.createVM(adminPass, nil)
	userID := first.createUser("henry")
	eventually(t, "provisioning to run", func() bool {
		return slices.Contains(first.actions(id), "provisioning:running")
	})
	if err := first.api.Close(); err != nil {
		t.Fatal(err)
	}

	second := newEnvOn(t, st)
	// Nothing advanced while no engine ran; the running step restarted.
	got := second.actions(id)
	if !slices.Equal(got[:2], []string{"build_disk:complete", "provisioning:running"}) {
		t.Fatalf("after restart %v", got)
	}
	second.waitIdle(id)
	if vm := second.vm(adminPass, id); vm["built"] != true || vm["booted"] != true {
		t.Fatalf("after resumed build %v", vm)
	}
	// Users, credentials, ids and the tx config survived.
	second.expect(second.do(cred{"henry", "password-henry"}, "GET", fmt.Sprintf("/users/%d.json", userID), nil), http.StatusOK)
	second.expect(second.do(adminKey, "GET", "/users/1.json", nil), http.StatusOK)
	if next := second.createUser("ivy"); next != userID+1 {
		t.Fatalf("id after restart %d, want %d", next, userID+1)
	}
	second.expectBody(second.do(noAuth, "GET", "/_emulator/webcore/transactions", nil), http.StatusOK,
		`{"default_duration":"10ms","durations":{"provisioning":"800ms"},"fail_actions":{}}`)
}

// TestRestart_RunningStepStartsAgainWithNewDurations: a step running when
// the process stopped starts again from its beginning, with the durations of
// the new start; the steps after it wait for it as before.
func TestRestart_RunningStepStartsAgainWithNewDurations(t *testing.T) {
	st := store.NewMemory()
	first := newEnvOn(t, st)
	first.expect(first.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{
		"durations": map[string]any{"build_disk": "1h"}}), http.StatusNoContent)
	id := first.createVM(adminPass, nil)
	if got := first.actions(id); !slices.Equal(got[:2], []string{"build_disk:running", "provisioning:pending"}) {
		t.Fatalf("before restart %v", got)
	}
	if err := first.api.Close(); err != nil {
		t.Fatal(err)
	}

	restart := time.Now().Truncate(time.Millisecond) // as step times are
	opts := testOptions(st)
	opts.ActionDurations = map[string]time.Duration{"build_disk": 10 * time.Millisecond}
	second, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = second.Close() }()
	steps := func() []Transaction { return second.State().Transactions }
	if tx := steps()[0]; tx.Action != "build_disk" || tx.StartedAt == nil || tx.StartedAt.Before(restart) {
		t.Fatalf("the running step did not start again at the restart: %+v", tx)
	}
	eventually(t, "the build to finish", func() bool {
		return !slices.ContainsFunc(steps(), func(tx Transaction) bool { return tx.Status != txComplete })
	})
}

// TestRestart_SeededCatalogSurvivesWithoutTheSeed: seeded templates and
// hypervisors are stored with the world, so a restart without the seed file
// serves them still.
func TestRestart_SeededCatalogSurvivesWithoutTheSeed(t *testing.T) {
	st := store.NewMemory()
	opts := testOptions(st)
	opts.Seed = &Seed{
		Templates:   []SeedTemplate{{ID: 42, Label: "Rocky Linux 9 x64", OperatingSystem: "linux"}},
		Hypervisors: []SeedHypervisor{{ID: 7, Label: "hv-edge-01", HypervisorGroupID: 3}},
	}
	first, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	second := newEnvOn(t, st)
	for path, want := range map[string]string{"/templates.json": "Rocky Linux 9 x64", "/hypervisors.json": "hv-edge-01"} {
		if body := string(second.expect(second.do(adminPass, "GET", path, nil), http.StatusOK).body); !strings.Contains(body, want) {
			t.Errorf("GET %s after a restart without the seed lacks %q: %s", path, want, body)
		}
	}
}

// TestRestart_ChangedTxOptionsWin: a restart with other --tx-duration /
// --tx-action-duration values uses them; stored fail_actions survive.
func TestRestart_ChangedTxOptionsWin(t *testing.T) {
	st := store.NewMemory()
	first := newEnvOn(t, st)
	first.expect(first.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{
		"durations": map[string]any{"provisioning": "800ms"}, "fail_actions": map[string]any{"build_disk": "disk full"}}), http.StatusNoContent)
	if err := first.api.Close(); err != nil {
		t.Fatal(err)
	}

	opts := testOptions(st)
	opts.TxDuration = 7 * time.Millisecond
	opts.ActionDurations = map[string]time.Duration{"build_disk": 3 * time.Millisecond}
	second, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"default_duration":"7ms","durations":{"build_disk":"3ms"},"fail_actions":{"build_disk":"disk full"}}`
	if got, _ := json.Marshal(second.State().TransactionConfig); string(got) != want {
		t.Fatalf("tx config after a restart with new options = %s, want %s", got, want)
	}
	second.mu.Lock()
	cfg := second.txConfig
	cfg.Default = time.Second // as if set through the control API
	err = second.save(second.newChange().putTxConfig(cfg))
	second.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if err := second.Close(); err != nil {
		t.Fatal(err)
	}

	// Same options again: the control-API setting survives.
	third, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = third.Close() }()
	if d := third.State().TransactionConfig.DefaultDuration; *d != "1s" {
		t.Fatalf("default duration after a restart with unchanged options = %s, want 1s", *d)
	}
}

func TestReset_AndState(t *testing.T) {
	e := newEnv(t)
	e.createUser("jack")
	e.createVM(adminPass, nil)
	raw, err := json.Marshal(e.api.State())
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	if strings.Contains(s, testPassword) || strings.Contains(s, "password-jack") || strings.Contains(s, testAPIKey) {
		t.Fatalf("State leaks a secret: %s", s)
	}
	if !strings.Contains(s, `"password_hash":"$2a$`) || !strings.Contains(s, `"build_disk"`) {
		t.Fatalf("State lacks hashes or transactions: %s", s)
	}
	if err := e.api.Reset(); err != nil {
		t.Fatal(err)
	}
	if n := len(e.expect(e.do(adminPass, "GET", "/users.json", nil), http.StatusOK).list(t, "user")); n != 1 {
		t.Fatalf("%d users after reset", n)
	}
	e.expect(e.do(cred{"jack", "password-jack"}, "GET", "/users.json", nil), http.StatusUnauthorized)
	if n := len(e.expect(e.do(adminPass, "GET", "/transactions.json", nil), http.StatusOK).list(t, "transaction")); n != 0 {
		t.Fatalf("%d transactions after reset", n)
	}
	if id := e.createUser("kate"); id != 2 {
		t.Fatalf("first id after reset %d", id)
	}
}

// TestConcurrency drives every kind of request at once; run with -race.
func TestConcurrency(t *testing.T) {
	e := newEnv(t)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/limits", map[string]any{"max_virtual_servers": 100, "max_memory": 1 << 20, "max_cpus": 1000}), http.StatusNoContent)
	var wg sync.WaitGroup
	ids := make(chan int, 40)
	errs := make(chan string, 400)
	check := func(r response, want int, what string) {
		if r.status != want {
			errs <- fmt.Sprintf("%s: status %d body %s", what, r.status, r.body)
		}
	}
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				r := e.do(adminKey, "POST", "/virtual_machines.json", vmBody(map[string]any{"label": fmt.Sprintf("w%d-%d", w, i)}))
				check(r, http.StatusCreated, "create")
				if r.status == http.StatusCreated {
					ids <- num(r.obj(t, "virtual_machine")["id"])
				}
				check(e.do(adminPass, "GET", "/users/1.json", nil), http.StatusOK, "get user")
				check(e.do(adminPass, "GET", "/virtual_machines.json", nil), http.StatusOK, "list")
				check(e.do(adminPass, "PUT", "/users/1.json", map[string]any{"first_name": fmt.Sprint(w)}), http.StatusNoContent, "put user")
				check(e.do(adminPass, "GET", "/transactions.json?page=1&per_page=5", nil), http.StatusOK, "txs")
			}
		}()
	}
	wg.Wait()
	close(ids)
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
	seen := map[int]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("id %d handed out twice", id)
		}
		seen[id] = true
		e.waitIdle(id)
		if vm := e.vm(adminPass, id); vm["built"] != true {
			t.Fatalf("server %d not built: %v", id, vm)
		}
	}
	if len(seen) != 40 {
		t.Fatalf("%d servers created, want 40", len(seen))
	}
}

// BenchmarkGetUser measures the hot path: cached auth + pre-encoded body.
func BenchmarkGetUser(b *testing.B) {
	api, err := New(testOptions(store.NewMemory()))
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = api.Close() }()
	mux := http.NewServeMux()
	api.RegisterRoutes(mux)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("GET", "/users/1.json", nil)
			req.SetBasicAuth(testEmail, testAPIKey)
			w := newDiscardWriter()
			mux.ServeHTTP(w, req)
			if w.status != http.StatusOK {
				b.Fatalf("status %d", w.status)
			}
		}
	})
}

// discardWriter is a minimal ResponseWriter so the benchmark measures the
// handler, not httptest.ResponseRecorder's buffering.
type discardWriter struct {
	h      http.Header
	status int
}

func newDiscardWriter() *discardWriter        { return &discardWriter{h: http.Header{}} }
func (d *discardWriter) Header() http.Header  { return d.h }
func (d *discardWriter) WriteHeader(code int) { d.status = code }
func (d *discardWriter) Write(p []byte) (int, error) {
	if d.status == 0 {
		d.status = http.StatusOK
	}
	return len(p), nil
}

// flakyStore fails every write while fail is set.
type flakyStore struct {
	store.Store
	fail atomic.Bool
}

func (f *flakyStore) Update(fn func(tx store.Tx) error) error {
	if f.fail.Load() {
		return errors.New("disk on fire")
	}
	return f.Store.Update(fn)
}

func TestStoreFailure_AnswersErrorAndKeepsMemory(t *testing.T) {
	st := &flakyStore{Store: store.NewMemory()}
	e := newEnvOn(t, st)
	st.fail.Store(true)
	r := e.do(adminPass, "POST", "/users.json", map[string]any{"login": "lena", "email": "lena@example.com", "password": "secret-1"})
	e.expect(r, http.StatusInternalServerError)
	e.expect(e.do(adminPass, "PUT", "/users/1.json", map[string]any{"first_name": "Changed"}), http.StatusInternalServerError)
	st.fail.Store(false)
	users := e.expect(e.do(adminPass, "GET", "/users.json", nil), http.StatusOK).list(t, "user")
	if len(users) != 1 || users[0]["first_name"] != "Admin" {
		t.Fatalf("a failed write changed memory: %v", users)
	}
}

func TestRestart_AdminCredentialsFollowOptions(t *testing.T) {
	st := store.NewMemory()
	first, err := New(testOptions(st))
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	opts := testOptions(st)
	opts.AdminPassword, opts.AdminAPIKey = "another-pass", "ffffffffffffffffffffffffffffffffffffffff"
	second, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = second.Close() }()
	if second.Name() != "webcore" {
		t.Fatalf("Name %q", second.Name())
	}
	for c, want := range map[cred]int{
		{testLogin, "another-pass"}: 1, {testEmail, opts.AdminAPIKey}: 1, adminPass: 0, adminKey: 0,
	} {
		req, _ := http.NewRequest("GET", "/users/1.json", nil)
		req.SetBasicAuth(c.user, c.secret)
		if got := second.authenticate(req); got != want {
			t.Errorf("%s: authenticated as %d, want %d", c.user, got, want)
		}
	}
}

func TestUsers_FailedDestroyCanBeRetried(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("mike")
	path := fmt.Sprintf("/users/%d.json", id)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{"fail_actions": map[string]any{"destroy_user": ""}}), http.StatusNoContent)
	e.expect(e.do(adminPass, "DELETE", path, map[string]any{"force": "1"}), http.StatusNoContent)
	eventually(t, "destroy_user to fail", func() bool {
		txs := e.expect(e.do(adminPass, "GET", "/transactions.json", nil), http.StatusOK).list(t, "transaction")
		return txs[0]["status"] == txFailed
	})
	e.expect(e.do(adminPass, "GET", path, nil), http.StatusOK)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{"fail_actions": map[string]any{}}), http.StatusNoContent)
	e.expect(e.do(adminPass, "DELETE", path, nil), http.StatusNoContent)
	eventually(t, "user to be destroyed", func() bool { return e.do(adminPass, "GET", path, nil).status == http.StatusNotFound })
}

func TestStoreFailure_EngineStillAdvances(t *testing.T) {
	st := &flakyStore{Store: store.NewMemory()}
	e := newEnvOn(t, st)
	id := e.createVM(adminPass, nil)
	st.fail.Store(true)
	e.waitIdle(id)
	st.fail.Store(false)
	if got := e.actions(id); len(got) != 4 || got[3] != "startup_virtual_machine:complete" {
		t.Fatalf("chain %v", got)
	}
	// The steps taken while the store failed are written once it works again.
	memory := stateJSON(t, e.api)
	eventually(t, "the engine to store its steps", func() bool {
		e.api.mu.RLock()
		defer e.api.mu.RUnlock()
		return len(e.api.unsaved) == 0
	})
	if onDisk := stateJSON(t, reloaded(t, st.Store)); onDisk != memory {
		t.Fatalf("disk differs from memory:\nmemory %s\ndisk   %s", memory, onDisk)
	}
}

// TestSeed_CatalogDefaults: a seeded template or hypervisor that leaves out
// its optional fields gets the defaults the emulator's README gives: an
// active template that allows swap, an online KVM hypervisor.
func TestSeed_CatalogDefaults(t *testing.T) {
	opts := testOptions(store.NewMemory())
	opts.Seed = &Seed{
		Templates:   []SeedTemplate{{ID: 42, Label: "Rocky Linux 9 x64", OperatingSystem: "linux"}},
		Hypervisors: []SeedHypervisor{{ID: 7, Label: "hv-edge-01", HypervisorGroupID: 3}},
	}
	api, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = api.Close() }()
	tmpl := api.templates[42]
	if tmpl == nil || tmpl.State != "active" || !tmpl.AllowedSwap || tmpl.AllowResizeWithoutReboot {
		t.Errorf("seeded template %+v; want active, swap allowed, no resize without reboot", tmpl)
	}
	i := slices.IndexFunc(api.hypervisors, func(hv *Hypervisor) bool { return hv.ID == 7 })
	if i < 0 || api.hypervisors[i].HypervisorType != "kvm" || !api.hypervisors[i].Online {
		t.Errorf("seeded hypervisors %v; want 7, an online kvm one", api.hypervisors)
	}
}
