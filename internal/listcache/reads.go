package listcache

import (
	"context"
	"sync"
)

// Reads serves reads of single objects that the API can both read one by
// one and list (Webcore users and virtual servers). A read alone costs one
// request, its own GET. Reads that overlap, as in a refresh of many objects
// (Terraform runs ten at a time), share one list of every object instead,
// which then answers the reads that follow while they keep coming (see the
// package comment): a refresh of N objects costs one list, N / page size
// requests, and the few reads that started before it, rather than N round
// trips.
//
// Three rules keep a listed object as good as a read one: a list started
// before a write of this provider instance (see Invalidate) answers no read
// that starts after it; an object the list lacks is read with its own GET,
// so only the API's own 404 removes it from state; and when the API refuses
// the list, every read goes back to its own GET.
type Reads[T any] struct {
	list Cache[T]

	mu         sync.Mutex
	active     int  // reads in progress
	listFailed bool // the API refused the list once: read one by one
}

// Source says how to read the one object, how to list them all, and which
// listed object is the one.
type Source[T any] struct {
	Get  func(context.Context) (*T, error)
	List func(context.Context) ([]T, error)
	Is   func(*T) bool
}

// Read returns the object: from a fresh list when one is cached, from a
// list shared with the reads running alongside when there are any, and
// otherwise, or when the list lacks it, from src.Get.
func (r *Reads[T]) Read(ctx context.Context, src Source[T]) (*T, error) {
	r.mu.Lock()
	r.active++
	overlapping, listFailed := r.active > 1, r.listFailed
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.active--
		r.mu.Unlock()
	}()

	items, ok := r.list.fresh()
	if !ok && overlapping && !listFailed {
		var err error
		if items, err = r.list.List(ctx, src.List); err == nil {
			ok = true
		} else if ctx.Err() == nil {
			r.mu.Lock()
			r.listFailed = true
			r.mu.Unlock()
		}
	}
	if ok {
		for i := range items {
			if src.Is(&items[i]) {
				return &items[i], nil
			}
		}
	}
	return src.Get(ctx)
}

// Invalidate forgets the list; call it after every write to these objects,
// successful or not.
func (r *Reads[T]) Invalidate() { r.list.Invalidate() }

// List returns every object from the list these reads share, fetched with
// list when no fresh one is cached. Data sources that need the whole list
// use it, so that they and the reads of the same plan or refresh cost one
// list call between them.
func (r *Reads[T]) List(ctx context.Context, list func(context.Context) ([]T, error)) ([]T, error) {
	return r.list.List(ctx, list)
}
