package webcore

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// recordingStore remembers the writes of every committed Update.
type recordingStore struct {
	store.Store
	mu      sync.Mutex
	commits [][]recordedWrite
}

type recordedWrite struct {
	bucket, key string
	value       []byte // nil: a delete
}

type recordingTx struct {
	store.Tx
	writes *[]recordedWrite
}

func (t recordingTx) Put(bucket, key string, value []byte) error {
	*t.writes = append(*t.writes, recordedWrite{bucket, key, value})
	return t.Tx.Put(bucket, key, value)
}

func (t recordingTx) Delete(bucket, key string) error {
	*t.writes = append(*t.writes, recordedWrite{bucket: bucket, key: key})
	return t.Tx.Delete(bucket, key)
}

func (s *recordingStore) Update(fn func(tx store.Tx) error) error {
	var writes []recordedWrite
	err := s.Store.Update(func(tx store.Tx) error { return fn(recordingTx{tx, &writes}) })
	if err == nil {
		s.mu.Lock()
		s.commits = append(s.commits, writes)
		s.mu.Unlock()
	}
	return err
}

// commitsWith returns the commits that wrote (or deleted) bucket/key.
func (s *recordingStore) commitsWith(bucket, key string) [][]recordedWrite {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out [][]recordedWrite
	for _, c := range s.commits {
		if slices.ContainsFunc(c, func(w recordedWrite) bool { return w.bucket == bucket && w.key == key }) {
			out = append(out, c)
		}
	}
	return out
}

// keys lists a commit's writes as "bucket/key" ("-bucket/key" for a delete).
func keys(c []recordedWrite) []string {
	out := make([]string, 0, len(c))
	for _, w := range c {
		k := w.bucket + "/" + w.key
		if w.value == nil {
			k = "-" + k
		}
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// stateJSON is the domain's state dump as compared across a failure or a reload.
func stateJSON(t *testing.T, a *API) string {
	t.Helper()
	b, err := json.Marshal(a.State())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// reloaded builds a second domain from what st holds, to compare disk with memory.
func reloaded(t *testing.T, st store.Store) *API {
	t.Helper()
	a, err := New(testOptions(st))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// TestVMCreate_ServerAndBuildChainAreOneCommit: the server, its whole build
// chain and the id counters are written by one store transaction.
func TestVMCreate_ServerAndBuildChainAreOneCommit(t *testing.T) {
	st := &recordingStore{Store: store.NewMemory()}
	e := newEnvOn(t, st)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{"default_duration": "10s"}), http.StatusNoContent)
	id := e.createVM(adminPass, nil)
	commits := st.commitsWith(bucketVMs, recordKey(id))
	if len(commits) != 1 {
		t.Fatalf("the server was written by %d commits, want 1", len(commits))
	}
	want := []string{"webcore_meta/counters", "webcore_transactions/000000000001", "webcore_transactions/000000000002",
		"webcore_transactions/000000000003", "webcore_transactions/000000000004", "webcore_virtual_machines/000000000001"}
	if got := keys(commits[0]); !slices.Equal(got, want) {
		t.Fatalf("create commit wrote %v, want %v", got, want)
	}
	// The engine then starts the first step, in a commit of its own.
	if starts := st.commitsWith(bucketTxs, recordKey(1)); len(starts) != 2 || !slices.Equal(keys(starts[1]), []string{"webcore_transactions/000000000001"}) {
		t.Fatalf("commits of transaction 1: %v", starts)
	}
}

// TestVMCreate_FailedCommitLeavesNothing: when the store refuses the create,
// neither the server nor any part of its chain is stored or visible, and no id
// was used up.
func TestVMCreate_FailedCommitLeavesNothing(t *testing.T) {
	st := &flakyStore{Store: store.NewMemory()}
	e := newEnvOn(t, st)
	st.fail.Store(true)
	e.expect(e.do(adminPass, "POST", "/virtual_machines.json", vmBody(nil)), http.StatusInternalServerError)
	st.fail.Store(false)
	for _, bucket := range []string{bucketVMs, bucketTxs} {
		if err := st.ForEach(bucket, func(k string, _ []byte) error { return fmt.Errorf("%s/%s is stored", bucket, k) }); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(e.expect(e.do(adminPass, "GET", "/virtual_machines.json", nil), http.StatusOK).list(t, "virtual_machine")); n != 0 {
		t.Fatalf("%d servers visible after a failed create", n)
	}
	if n := len(e.expect(e.do(adminPass, "GET", "/transactions.json", nil), http.StatusOK).list(t, "transaction")); n != 0 {
		t.Fatalf("%d transactions visible after a failed create", n)
	}
	if id := e.createVM(adminPass, nil); id != 1 {
		t.Fatalf("first server after a failed create has id %d, want 1", id)
	}
}

// TestStoreFailure_EveryWriteAnswers500AndMemoryEqualsDisk: each kind of write
// refused by the store answers 500 and changes nothing, in memory or on disk.
func TestStoreFailure_EveryWriteAnswers500AndMemoryEqualsDisk(t *testing.T) {
	st := &flakyStore{Store: store.NewMemory()}
	e := newEnvOn(t, st)
	nina := e.createUser("nina")
	vm := e.createVM(adminPass, nil)
	e.waitIdle(vm)
	before := stateJSON(t, e.api)

	st.fail.Store(true)
	user, server := fmt.Sprintf("/users/%d", nina), fmt.Sprintf("/virtual_machines/%d", vm)
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"POST", "/users.json", map[string]any{"login": "olga", "email": "olga@example.com", "password": "secret-1"}},
		{"PUT", user + ".json", map[string]any{"first_name": "Nina"}},
		{"PUT", user + ".json", map[string]any{"login": "renamed"}}, // refused, but updated_at must move: 500
		{"DELETE", user + ".json", nil},
		{"DELETE", user + ".json?force=1", nil},
		{"POST", user + "/user_api_keys/generate.json", nil},
		{"POST", "/virtual_machines.json", vmBody(nil)},
		{"PUT", server + ".json", map[string]any{"label": "renamed"}},
		{"PUT", server + ".json", map[string]any{"memory": 2048}},
		{"PUT", server + ".json", map[string]any{"cpu_shares": 0}}, // refused, but updated_at must move: 500
		{"POST", server + "/reboot.json", nil},
		{"DELETE", server + ".json", nil},
		{"PUT", "/_emulator/webcore/limits", map[string]any{"max_cpus": 1}},
		{"PUT", "/_emulator/webcore/transactions", map[string]any{"default_duration": "1s"}},
	} {
		r := e.do(adminPass, c.method, c.path, c.body)
		if r.status != http.StatusInternalServerError || !strings.Contains(string(r.body), "disk on fire") {
			t.Errorf("%s %s with a failing store: %d %s", c.method, c.path, r.status, r.body)
		}
	}
	if after := stateJSON(t, e.api); after != before {
		t.Fatalf("failed writes changed memory:\nbefore %s\nafter  %s", before, after)
	}
	st.fail.Store(false)
	if onDisk := stateJSON(t, reloaded(t, st.Store)); onDisk != before {
		t.Fatalf("disk differs from memory:\nmemory %s\ndisk   %s", before, onDisk)
	}
	if id := e.createUser("olga"); id != nina+1 {
		t.Fatalf("user id after failed creates %d, want %d", id, nina+1)
	}
}

// TestEngine_StepStatusAndEffectAreOneCommit: a finished step is stored
// together with what it did to its object.
func TestEngine_StepStatusAndEffectAreOneCommit(t *testing.T) {
	st := &recordingStore{Store: store.NewMemory()}
	e := newEnvOn(t, st)
	vm := e.createVM(adminPass, nil)
	e.waitIdle(vm)
	txs := e.vmTxs(vm) // newest first: startup, configure_operating_system, provisioning, build_disk
	built := st.commitsWith(bucketTxs, recordKey(num(txs[1]["id"])))
	if got, want := keys(built[len(built)-1]), []string{"webcore_transactions/000000000003", "webcore_virtual_machines/000000000001"}; !slices.Equal(got, want) {
		t.Fatalf("configure_operating_system completed in a commit of %v, want %v", got, want)
	}
	var stored VirtualServer
	for _, w := range built[len(built)-1] {
		if w.bucket == bucketVMs {
			_ = json.Unmarshal(w.value, &stored)
		}
	}
	if !stored.Built || stored.State != "delivered" {
		t.Fatalf("server stored with the completed step: %+v", stored)
	}

	e.expect(e.do(adminPass, "DELETE", fmt.Sprintf("/virtual_machines/%d.json", vm), nil), http.StatusCreated)
	eventually(t, "server to be destroyed", func() bool {
		return e.do(adminPass, "GET", fmt.Sprintf("/virtual_machines/%d.json", vm), nil).status == http.StatusNotFound
	})
	if removed := st.commitsWith(bucketVMs, recordKey(vm)); !slices.Contains(keys(removed[len(removed)-1]), "-webcore_virtual_machines/000000000001") ||
		len(removed[len(removed)-1]) != 2 {
		t.Fatalf("destroy completed in a commit of %v", keys(removed[len(removed)-1]))
	}

	id := e.createUser("pete")
	e.expect(e.do(adminPass, "DELETE", fmt.Sprintf("/users/%d.json?force=1", id), nil), http.StatusNoContent)
	eventually(t, "user to be destroyed", func() bool {
		return e.do(adminPass, "GET", fmt.Sprintf("/users/%d.json", id), nil).status == http.StatusNotFound
	})
	removed := st.commitsWith(bucketUsers, recordKey(id))
	if got := keys(removed[len(removed)-1]); len(got) != 2 || got[0] != "-webcore_users/000000000002" || !strings.HasPrefix(got[1], "webcore_transactions/") {
		t.Fatalf("destroy_user completed in a commit of %v", got)
	}
}

// TestEngine_IdleNeitherWakesNorWrites: with nothing running and nothing
// waiting to be written, the engine sets no timer and makes no store
// transaction.
func TestEngine_IdleNeitherWakesNorWrites(t *testing.T) {
	st := &recordingStore{Store: store.NewMemory()}
	a := reloaded(t, st)
	a.mu.Lock()
	st.mu.Lock()
	before := len(st.commits)
	st.mu.Unlock()
	next, wake := a.advance(time.Now())
	a.mu.Unlock()
	st.mu.Lock()
	defer st.mu.Unlock()
	if wake || len(st.commits) != before {
		t.Fatalf("an idle engine wakes (%v at %v) or writes (%d commits)", wake, next, len(st.commits)-before)
	}
}
