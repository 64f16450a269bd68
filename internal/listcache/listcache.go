// Package listcache shares one API list call between the concurrent and
// closely following reads of one provider instance. Cache serves objects the
// API can only list, never read one by one (Webscale access keys): without
// it, a refresh of N objects would list them N times. Reads serves objects
// the API can also read one by one (Webcore users and servers): without it,
// a refresh of N objects would cost N round trips.
package listcache

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// TTL is how long one list answers reads: long enough to serve a whole
// refresh of many objects with one API call, short enough that a later plan
// in the same provider process sees objects changed outside Terraform.
const TTL = 5 * time.Second

// Cache is one provider instance's view of one list. The zero value is
// ready to use; a Cache must not be copied.
type Cache[T any] struct {
	flight singleflight.Group

	mu         sync.Mutex
	generation uint64 // bumped by every write; a list started before is stale
	cached     []T
	cachedGen  uint64
	fetchedAt  time.Time
	hasCached  bool

	writeMu sync.Mutex
}

// List returns the list, from a fresh-enough cached one when it exists, else
// from one call of fetch shared by every concurrent caller.
func (c *Cache[T]) List(ctx context.Context, fetch func(context.Context) ([]T, error)) ([]T, error) {
	c.mu.Lock()
	gen := c.generation
	c.mu.Unlock()

	// Keyed by generation, so a caller arriving after a write never joins a
	// list call that started before it. The leader's context is used:
	// Terraform cancels all operations of a run together.
	v, err, _ := c.flight.Do(strconv.FormatUint(gen, 10), func() (any, error) {
		// Checked inside the flight, so a caller that arrives just after a
		// list call finished takes its result instead of starting another.
		if items, ok := c.cachedFor(gen); ok {
			return items, nil
		}
		started := time.Now()
		items, err := fetch(ctx)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		if c.generation == gen {
			c.cached, c.cachedGen, c.fetchedAt, c.hasCached = items, gen, started, true
		}
		c.mu.Unlock()
		return items, nil
	})
	if err != nil {
		return nil, err
	}
	return slices.Clone(v.([]T)), nil
}

// cachedFor returns the cached list if it is of generation gen and fresh.
func (c *Cache[T]) cachedFor(gen uint64) ([]T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	// <= TTL would do as well (an equivalent mutant): no test can land on
	// the TTL to the nanosecond.
	if c.hasCached && c.cachedGen == gen && c.generation == gen && time.Since(c.fetchedAt) < TTL {
		return c.cached, true
	}
	return nil, false
}

// Invalidate forgets the cached list; call it around every create and delete.
func (c *Cache[T]) Invalidate() {
	c.mu.Lock()
	// c.generation-- would do as well (an equivalent mutant): what matters
	// is that no generation comes back, and a decrementing count never does.
	c.generation++
	c.hasCached = false
	c.cached = nil
	c.mu.Unlock()
}

// LockCreates makes the creates of this instance run one at a time, so that
// one create can tell its new object from a list diff without another create
// of this provider getting in the way. Call the returned func to unlock.
func (c *Cache[T]) LockCreates() (unlock func()) {
	c.writeMu.Lock()
	return c.writeMu.Unlock
}

// fresh returns the cached list if it is of the current generation and
// fresh, without fetching.
func (c *Cache[T]) fresh() ([]T, bool) {
	c.mu.Lock()
	gen := c.generation
	c.mu.Unlock()
	return c.cachedFor(gen)
}
