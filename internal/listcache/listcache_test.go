package listcache

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// object is what the cached list holds in these tests.
type object struct{ id string }

func objects(ids ...string) []object {
	out := make([]object, len(ids))
	for i, id := range ids {
		out[i] = object{id: id}
	}
	return out
}

func TestCache_concurrentReadsShareOneListCall(t *testing.T) {
	var d Cache[object]
	var calls atomic.Int32
	release := make(chan struct{})
	fetch := func(context.Context) ([]object, error) {
		calls.Add(1)
		<-release
		return objects("1", "2"), nil
	}

	var wg sync.WaitGroup
	results := make([][]object, 50)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := d.List(context.Background(), fetch)
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
	if _, err := d.List(context.Background(), fetch); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("want 1 list call for 51 reads, got %d", n)
	}
	for i, r := range results {
		if len(r) != 2 {
			t.Fatalf("reader %d got %d objects, want 2", i, len(r))
		}
	}
}

func TestCache_invalidateForcesANewList(t *testing.T) {
	var d Cache[object]
	var calls atomic.Int32
	fetch := func(context.Context) ([]object, error) {
		calls.Add(1)
		return objects("1"), nil
	}
	for range 3 {
		if _, err := d.List(context.Background(), fetch); err != nil {
			t.Fatal(err)
		}
	}
	d.Invalidate()
	if _, err := d.List(context.Background(), fetch); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 2 {
		t.Fatalf("want 2 list calls (one before, one after invalidate), got %d", n)
	}
}

// A list that started before a create must not be cached after it: it may
// lack the new key, and a read would then drop that key from state.
func TestCache_listStartedBeforeInvalidateIsNotCached(t *testing.T) {
	var d Cache[object]
	var calls atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	slow := func(context.Context) ([]object, error) {
		calls.Add(1)
		close(started)
		<-release
		return objects("1"), nil
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := d.List(context.Background(), slow); err != nil {
			t.Errorf("list: %v", err)
		}
	}()
	<-started
	d.Invalidate() // a create happened meanwhile
	close(release)
	<-done

	fresh := func(context.Context) ([]object, error) {
		calls.Add(1)
		return objects("1", "2"), nil
	}
	got, err := d.List(context.Background(), fresh)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || calls.Load() != 2 {
		t.Fatalf("want a fresh list with the new object, got %d objects after %d calls", len(got), calls.Load())
	}
}

func TestCache_callersCannotAlterTheCache(t *testing.T) {
	var d Cache[object]
	fetch := func(context.Context) ([]object, error) { return objects("1"), nil }
	first, _ := d.List(context.Background(), fetch)
	first[0].id = "changed"
	second, _ := d.List(context.Background(), fetch)
	if second[0].id != "1" {
		t.Fatalf("cache was modified through a returned slice: %q", second[0].id)
	}
}

// fakeClock is a clock a test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// fakeClockOf sets a fake clock on c and returns it.
func fakeClockOf[T any](c *Cache[T]) *fakeClock {
	clock := &fakeClock{now: time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)}
	c.now = clock.read
	return clock
}

func (f *fakeClock) read() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// A list answers every read while they keep coming, each within TTL of the
// one before, and none after TTL without one.
func TestCache_listAnswersWhileReadsKeepComing(t *testing.T) {
	var d Cache[object]
	clock := fakeClockOf(&d)
	var calls atomic.Int32
	fetch := func(context.Context) ([]object, error) {
		calls.Add(1)
		return objects("1"), nil
	}
	for range 100 { // 100 reads over 8 TTLs
		if _, err := d.List(context.Background(), fetch); err != nil {
			t.Fatal(err)
		}
		clock.advance(TTL * 2 / 5)
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("%d list calls while reads kept coming, want 1", n)
	}
	clock.advance(TTL)
	if _, err := d.List(context.Background(), fetch); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 2 {
		t.Fatalf("%d list calls after a pause of TTL, want 2", n)
	}
}
