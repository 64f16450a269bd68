// Package listcache shares one API list call between the concurrent and
// closely following reads of one provider instance. Cache serves objects the
// API can only list, never read one by one (Webscale access keys): without
// it, a refresh of N objects would list them N times. Reads serves objects
// the API can also read one by one (Webcore users and servers): without it,
// a refresh of N objects would cost N round trips.
//
// A list answers reads for as long as they keep coming: until TTL passes
// with no read answered from it, at most MaxAge after it was asked for, and
// never after a write of this instance (Invalidate). So one list serves a
// whole refresh, however long Terraform takes over it, while a read after a
// pause sees the API as it is now. Terraform configures the provider anew
// for each command, and for each walk of one (an apply plans, then
// applies), with fresh lists: a list never outlives the walk that fetched
// it, also in an acceptance test, whose provider process serves every step.
package listcache

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// TTL is how long one list answers reads after the last read it answered:
// far longer than the gaps between the reads of one refresh, short enough
// that a read after a pause asks the API again.
const TTL = 5 * time.Second

// MaxAge bounds how long one list answers reads, however busy: a refresh of
// thousands of objects takes a minute or two, and a list older than this is
// asked for again.
const MaxAge = 10 * time.Minute

// Cache is one provider instance's view of one list. The zero value is
// ready to use; a Cache must not be copied.
type Cache[T any] struct {
	flight singleflight.Group

	mu         sync.Mutex
	generation uint64 // bumped by every write; a list started before is stale
	cached     []T
	cachedGen  uint64
	fetchedAt  time.Time // when the cached list was asked for
	lastUsed   time.Time // when it last answered a read
	hasCached  bool

	writeMu sync.Mutex

	// now tells the time; nil means time.Now. Tests set a fake clock.
	now func() time.Time
}

func (c *Cache[T]) clock() time.Time {
	if c.now == nil {
		return time.Now()
	}
	return c.now()
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
		started := c.clock()
		items, err := fetch(ctx)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		if c.generation == gen {
			// Idle from when it arrived: a list that took long to fetch
			// (many pages at a rate limit) still answers the reads waiting.
			c.cached, c.cachedGen, c.fetchedAt, c.lastUsed, c.hasCached = items, gen, started, c.clock(), true
		}
		c.mu.Unlock()
		return items, nil
	})
	if err != nil {
		return nil, err
	}
	return slices.Clone(v.([]T)), nil
}

// cachedFor returns the cached list if it is of generation gen and fresh,
// and counts the read it answers as a use.
func (c *Cache[T]) cachedFor(gen uint64) ([]T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock()
	if c.hasCached && c.cachedGen == gen && c.generation == gen &&
		now.Sub(c.lastUsed) < TTL && now.Sub(c.fetchedAt) < MaxAge {
		c.lastUsed = now
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
