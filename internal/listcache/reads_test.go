package listcache

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// api counts the requests a Reads makes of it: gets by id and lists. A list
// can be held until released, so that reads overlap.
type api struct {
	objects   []object
	gets      atomic.Int32
	lists     atomic.Int32
	listErr   error
	listGate  chan struct{} // when not nil, a list waits for it to close
	listEnter chan struct{} // when not nil, a list signals it started
}

var errNotFound = errors.New("404")

func (a *api) source(id string) Source[object] {
	return Source[object]{
		Get: func(context.Context) (*object, error) {
			a.gets.Add(1)
			for _, o := range a.objects {
				if o.id == id {
					return &o, nil
				}
			}
			return nil, errNotFound
		},
		List: func(context.Context) ([]object, error) {
			a.lists.Add(1)
			if a.listEnter != nil {
				a.listEnter <- struct{}{}
			}
			if a.listGate != nil {
				<-a.listGate
			}
			return a.objects, a.listErr
		},
		Is: func(o *object) bool { return o.id == id },
	}
}

func TestReads_aloneCostsOneGet(t *testing.T) {
	var r Reads[object]
	a := &api{objects: objects("1", "2")}
	got, err := r.Read(context.Background(), a.source("2"))
	if err != nil || got.id != "2" || a.gets.Load() != 1 || a.lists.Load() != 0 {
		t.Fatalf("read = %v, %v; %d gets, %d lists; want one get", got, err, a.gets.Load(), a.lists.Load())
	}
}

// overlap starts a read that holds the list open, so that reads made
// meanwhile overlap it; release lets it finish.
func overlap(t *testing.T, r *Reads[object], a *api, id string) (release func() *object) {
	t.Helper()
	// A first read alone does its own GET and holds nothing; keep one read
	// in progress instead by making it wait inside Get.
	hold := make(chan struct{})
	inGet := make(chan struct{})
	first := a.source(id)
	get := first.Get
	first.Get = func(ctx context.Context) (*object, error) {
		close(inGet)
		<-hold
		return get(ctx)
	}
	var got *object
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var err error
		if got, err = r.Read(context.Background(), first); err != nil {
			t.Errorf("first read: %v", err)
		}
	}()
	<-inGet
	return func() *object { close(hold); wg.Wait(); return got }
}

func TestReads_overlappingReadsShareOneList(t *testing.T) {
	var r Reads[object]
	a := &api{objects: objects("1", "2", "3", "4")}
	release := overlap(t, &r, a, "1")
	for _, id := range []string{"2", "3", "4"} {
		got, err := r.Read(context.Background(), a.source(id))
		if err != nil || got.id != id {
			t.Fatalf("read %s = %v, %v", id, got, err)
		}
	}
	if got := release(); got.id != "1" {
		t.Fatalf("first read = %v", got)
	}
	// Later reads, alone again, are answered by the fresh list.
	if got, err := r.Read(context.Background(), a.source("3")); err != nil || got.id != "3" {
		t.Fatalf("later read = %v, %v", got, err)
	}
	if a.gets.Load() != 1 || a.lists.Load() != 1 {
		t.Fatalf("%d gets, %d lists for 5 reads; want the first read's get and one list", a.gets.Load(), a.lists.Load())
	}
}

// An object the list lacks is read by itself: only its own 404 counts.
func TestReads_missingFromTheListIsConfirmedByGet(t *testing.T) {
	var r Reads[object]
	a := &api{objects: objects("1", "2")}
	release := overlap(t, &r, a, "1")
	defer release()
	a.objects = objects("1") // "2" disappears from the list, and from the API
	if _, err := r.Read(context.Background(), a.source("2")); !errors.Is(err, errNotFound) {
		t.Fatalf("err = %v, want the get's 404", err)
	}
	a.objects = objects("1", "3")
	r.Invalidate()
	// "3" is in the API but, say, on a page the list missed: the get finds it.
	list := a.source("3")
	list.List = func(context.Context) ([]object, error) { a.lists.Add(1); return objects("1"), nil }
	if got, err := r.Read(context.Background(), list); err != nil || got.id != "3" {
		t.Fatalf("read = %v, %v", got, err)
	}
	if a.gets.Load() != 2 { // one for each missing object (the held first read has not got yet)
		t.Fatalf("%d gets, want 2", a.gets.Load())
	}
}

// A write forgets the list: a read after it never sees the list from before.
func TestReads_invalidateAfterAWrite(t *testing.T) {
	var r Reads[object]
	a := &api{objects: objects("1", "2")}
	release := overlap(t, &r, a, "1")
	if _, err := r.Read(context.Background(), a.source("2")); err != nil {
		t.Fatal(err)
	}
	release()
	a.objects = []object{{id: "1"}, {id: "2-renamed"}}
	r.Invalidate()
	// Alone, with no fresh list: its own get, which sees the write.
	if _, err := r.Read(context.Background(), a.source("2")); !errors.Is(err, errNotFound) {
		t.Fatalf("read after the write = %v, want the API's current answer (404)", err)
	}
	if a.lists.Load() != 1 || a.gets.Load() != 2 {
		t.Fatalf("%d lists, %d gets", a.lists.Load(), a.gets.Load())
	}
}

// A list that was in flight when a write happened answers only the reads
// that started before the write.
func TestReads_listStartedBeforeAWriteIsNotKept(t *testing.T) {
	var r Reads[object]
	a := &api{objects: objects("1", "2"), listGate: make(chan struct{}), listEnter: make(chan struct{}, 1)}
	release := overlap(t, &r, a, "1")
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := r.Read(context.Background(), a.source("2")); err != nil {
			t.Errorf("read: %v", err)
		}
	}()
	<-a.listEnter
	r.Invalidate() // a write while the list is in flight
	close(a.listGate)
	<-done
	release()
	a.listGate, a.listEnter = nil, nil
	if _, err := r.Read(context.Background(), a.source("2")); err != nil {
		t.Fatal(err)
	}
	if a.gets.Load() != 2 {
		t.Fatalf("%d gets: the read after the write used the list from before it", a.gets.Load())
	}
}

// When the API refuses the list, reads go one by one, and the list is not
// asked for again.
func TestReads_refusedListFallsBackToGets(t *testing.T) {
	var r Reads[object]
	a := &api{objects: objects("1", "2", "3"), listErr: errors.New("403")}
	release := overlap(t, &r, a, "1")
	for _, id := range []string{"2", "3"} {
		if got, err := r.Read(context.Background(), a.source(id)); err != nil || got.id != id {
			t.Fatalf("read %s = %v, %v", id, got, err)
		}
	}
	release()
	if a.lists.Load() != 1 || a.gets.Load() != 3 {
		t.Fatalf("%d lists, %d gets; want one refused list, then gets", a.lists.Load(), a.gets.Load())
	}
}

// A list ages out after TTL with no read: a read alone after that pause goes
// back to its own get.
func TestReads_listAgesOut(t *testing.T) {
	var r Reads[object]
	clock := fakeClockOf(&r.list)
	a := &api{objects: objects("1", "2")}
	release := overlap(t, &r, a, "1")
	if _, err := r.Read(context.Background(), a.source("2")); err != nil {
		t.Fatal(err)
	}
	release()
	clock.advance(TTL - time.Nanosecond)
	if _, err := r.Read(context.Background(), a.source("2")); err != nil || a.gets.Load() != 1 {
		t.Fatalf("just within TTL: %v, %d gets; want the list's answer", err, a.gets.Load())
	}
	clock.advance(TTL) // counted from that last read
	if _, err := r.Read(context.Background(), a.source("2")); err != nil {
		t.Fatal(err)
	}
	if a.gets.Load() != 2 || a.lists.Load() != 1 {
		t.Fatalf("%d gets, %d lists; want the read after the pause to get", a.gets.Load(), a.lists.Load())
	}
}

// One list answers a whole refresh, however long it lasts, as long as the
// reads keep coming: a refresh of N objects costs one list, not one per TTL.
func TestReads_listAnswersEveryReadOfALongRefresh(t *testing.T) {
	var r Reads[object]
	clock := fakeClockOf(&r.list)
	ids := make([]string, 600)
	for i := range ids {
		ids[i] = strconv.Itoa(i)
	}
	a := &api{objects: objects(ids...)}
	release := overlap(t, &r, a, ids[0])
	for _, id := range ids[1:] {
		clock.advance(TTL / 5) // 600 reads over two minutes: 24 TTLs
		if got, err := r.Read(context.Background(), a.source(id)); err != nil || got.id != id {
			t.Fatalf("read %s = %v, %v", id, got, err)
		}
	}
	release()
	if a.gets.Load() != 1 || a.lists.Load() != 1 {
		t.Fatalf("%d gets, %d lists for %d reads; want the first read's get and one list", a.gets.Load(), a.lists.Load(), len(ids))
	}
}

// However busy, a list answers reads for at most MaxAge after it was asked
// for; then reads that overlap share a new one.
func TestReads_listIsAskedForAgainAfterMaxAge(t *testing.T) {
	var r Reads[object]
	clock := fakeClockOf(&r.list)
	a := &api{objects: objects("1", "2")}
	release := overlap(t, &r, a, "1")
	defer release()
	for elapsed := time.Duration(0); elapsed < MaxAge-TTL; elapsed += TTL / 2 {
		if _, err := r.Read(context.Background(), a.source("2")); err != nil {
			t.Fatal(err)
		}
		clock.advance(TTL / 2)
	}
	if a.lists.Load() != 1 {
		t.Fatalf("%d lists within MaxAge, want 1", a.lists.Load())
	}
	clock.advance(TTL) // past MaxAge, though the list was read TTL/2 ago
	if _, err := r.Read(context.Background(), a.source("2")); err != nil {
		t.Fatal(err)
	}
	if a.lists.Load() != 2 || a.gets.Load() != 0 {
		t.Fatalf("%d lists, %d gets after MaxAge; want a second list (the held read overlaps)", a.lists.Load(), a.gets.Load())
	}
}

// A list that took longer than TTL to arrive (many pages at a rate limit)
// still answers the reads waiting for it and those right after.
func TestReads_slowListStillAnswers(t *testing.T) {
	var r Reads[object]
	clock := fakeClockOf(&r.list)
	a := &api{objects: objects("1", "2", "3")}
	src := a.source("2")
	list := src.List
	src.List = func(ctx context.Context) ([]object, error) {
		clock.advance(3 * TTL)
		return list(ctx)
	}
	release := overlap(t, &r, a, "1")
	if got, err := r.Read(context.Background(), src); err != nil || got.id != "2" {
		t.Fatalf("read = %v, %v", got, err)
	}
	release()
	clock.advance(TTL - time.Nanosecond)
	if _, err := r.Read(context.Background(), a.source("3")); err != nil {
		t.Fatal(err)
	}
	if a.gets.Load() != 1 || a.lists.Load() != 1 {
		t.Fatalf("%d gets, %d lists; want the slow list to answer the read after it", a.gets.Load(), a.lists.Load())
	}
}

// List shares one list call with the reads that follow it within the TTL,
// and a write makes the next List call the API again.
func TestReads_listIsSharedWithReads(t *testing.T) {
	var r Reads[object]
	a := &api{objects: objects("1", "2")}
	src := a.source("2")
	for range 3 {
		if all, err := r.List(context.Background(), src.List); err != nil || len(all) != 2 {
			t.Fatalf("List = %v, %v", all, err)
		}
	}
	if got, err := r.Read(context.Background(), src); err != nil || got.id != "2" {
		t.Fatalf("read = %v, %v", got, err)
	}
	if a.lists.Load() != 1 || a.gets.Load() != 0 {
		t.Fatalf("%d lists, %d gets; want one list serving everything", a.lists.Load(), a.gets.Load())
	}
	r.Invalidate()
	if _, err := r.List(context.Background(), src.List); err != nil || a.lists.Load() != 2 {
		t.Fatalf("after a write: %v, %d lists; want a second list", err, a.lists.Load())
	}
}
