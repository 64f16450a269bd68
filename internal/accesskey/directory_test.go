package accesskey

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

func keys(ids ...string) []client.AccessKey {
	out := make([]client.AccessKey, len(ids))
	for i, id := range ids {
		out[i] = client.AccessKey{Href: "/v2/users/100/access-keys/" + id, Type: "bearer"}
	}
	return out
}

func TestKeyDirectory_concurrentReadsShareOneListCall(t *testing.T) {
	var d keyDirectory
	var calls atomic.Int32
	release := make(chan struct{})
	fetch := func(context.Context) ([]client.AccessKey, error) {
		calls.Add(1)
		<-release
		return keys("1", "2"), nil
	}

	var wg sync.WaitGroup
	results := make([][]client.AccessKey, 50)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := d.list(context.Background(), fetch)
			if err != nil {
				t.Errorf("list: %v", err)
			}
			results[i] = got
		}()
	}
	// Let the readers pile up behind the one call, then answer it.
	for calls.Load() == 0 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()

	// A read right after is served from the cache.
	if _, err := d.list(context.Background(), fetch); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("want 1 list call for 51 reads, got %d", n)
	}
	for i, r := range results {
		if len(r) != 2 {
			t.Fatalf("reader %d got %d keys, want 2", i, len(r))
		}
	}
}

func TestKeyDirectory_invalidateForcesANewList(t *testing.T) {
	var d keyDirectory
	var calls atomic.Int32
	fetch := func(context.Context) ([]client.AccessKey, error) {
		calls.Add(1)
		return keys("1"), nil
	}
	for range 3 {
		if _, err := d.list(context.Background(), fetch); err != nil {
			t.Fatal(err)
		}
	}
	d.invalidate()
	if _, err := d.list(context.Background(), fetch); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 2 {
		t.Fatalf("want 2 list calls (one before, one after invalidate), got %d", n)
	}
}

// A list that started before a create must not be cached after it: it may
// lack the new key, and a read would then drop that key from state.
func TestKeyDirectory_listStartedBeforeInvalidateIsNotCached(t *testing.T) {
	var d keyDirectory
	var calls atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	slow := func(context.Context) ([]client.AccessKey, error) {
		calls.Add(1)
		close(started)
		<-release
		return keys("1"), nil
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := d.list(context.Background(), slow); err != nil {
			t.Errorf("list: %v", err)
		}
	}()
	<-started
	d.invalidate() // a create happened meanwhile
	close(release)
	<-done

	fresh := func(context.Context) ([]client.AccessKey, error) {
		calls.Add(1)
		return keys("1", "2"), nil
	}
	got, err := d.list(context.Background(), fresh)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || calls.Load() != 2 {
		t.Fatalf("want a fresh list with the new key, got %d keys after %d calls", len(got), calls.Load())
	}
}

func TestKeyDirectory_callersCannotAlterTheCache(t *testing.T) {
	var d keyDirectory
	fetch := func(context.Context) ([]client.AccessKey, error) { return keys("1"), nil }
	first, _ := d.list(context.Background(), fetch)
	first[0].Href = "changed"
	second, _ := d.list(context.Background(), fetch)
	if second[0].ID() != "1" {
		t.Fatalf("cache was modified through a returned slice: %q", second[0].Href)
	}
}

func TestDirectoryFor_onePerClient(t *testing.T) {
	a, b := &client.Webscale{}, &client.Webscale{}
	if first, again := directoryFor(a), directoryFor(a); first != again {
		t.Error("the same client must get the same directory")
	}
	if directoryFor(a) == directoryFor(b) {
		t.Error("different clients (provider instances) must not share a directory")
	}
}
