package accesskey

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// listTTL is how long one list of keys answers reads: long enough to serve a
// whole refresh of many keys with one API call, short enough that a later plan
// in the same provider process sees keys changed outside Terraform.
const listTTL = 5 * time.Second

// keyLister fetches the caller's access keys from the API.
type keyLister func(ctx context.Context) ([]client.AccessKey, error)

// keyDirectory is the per-provider-instance view of the caller's access keys.
// The API has no GET for one key, so every Read needs the list: the directory
// shares one list call between concurrent and closely following reads, and
// serialises creates so a lost create response can be reconciled by diffing
// lists without other creates of this provider getting in the way.
type keyDirectory struct {
	flight singleflight.Group

	mu         sync.Mutex
	generation uint64 // bumped by every create/delete; a list started before is stale
	cached     []client.AccessKey
	cachedGen  uint64
	fetchedAt  time.Time
	hasCached  bool

	createMu sync.Mutex
}

// list returns the caller's keys, from a fresh-enough cached list when one
// exists, else from one API call shared by every concurrent caller.
func (d *keyDirectory) list(ctx context.Context, fetch keyLister) ([]client.AccessKey, error) {
	d.mu.Lock()
	gen := d.generation
	d.mu.Unlock()

	// Keyed by generation, so a caller arriving after a create or delete never
	// joins a list call that started before it. The leader's context is used:
	// Terraform cancels all operations of a run together.
	v, err, _ := d.flight.Do(strconv.FormatUint(gen, 10), func() (any, error) {
		// Checked inside the flight, so a caller that arrives just after a
		// list call finished takes its result instead of starting another.
		if keys, ok := d.cachedFor(gen); ok {
			return keys, nil
		}
		started := time.Now()
		keys, err := fetch(ctx)
		if err != nil {
			return nil, err
		}
		d.mu.Lock()
		if d.generation == gen {
			d.cached, d.cachedGen, d.fetchedAt, d.hasCached = keys, gen, started, true
		}
		d.mu.Unlock()
		return keys, nil
	})
	if err != nil {
		return nil, err
	}
	return slices.Clone(v.([]client.AccessKey)), nil
}

// cachedFor returns the cached list if it is of generation gen and fresh.
func (d *keyDirectory) cachedFor(gen uint64) ([]client.AccessKey, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.hasCached && d.cachedGen == gen && d.generation == gen && time.Since(d.fetchedAt) < listTTL {
		return d.cached, true
	}
	return nil, false
}

// invalidate forgets the cached list; called around every create and delete.
func (d *keyDirectory) invalidate() {
	d.mu.Lock()
	d.generation++
	d.hasCached = false
	d.cached = nil
	d.mu.Unlock()
}

// directories holds one keyDirectory per configured Webscale client, i.e. per
// provider instance (an aliased provider with another token gets its own):
// the framework builds a new resource value for every request, so the shared
// state cannot live in the resource itself. A provider process serves one
// Terraform run, so the map stays small.
var directories = struct {
	mu   sync.Mutex
	byWS map[*client.Webscale]*keyDirectory
}{byWS: map[*client.Webscale]*keyDirectory{}}

// directoryFor returns the directory shared by every access key resource of
// the provider instance that owns ws.
func directoryFor(ws *client.Webscale) *keyDirectory {
	directories.mu.Lock()
	defer directories.mu.Unlock()
	d, ok := directories.byWS[ws]
	if !ok {
		d = &keyDirectory{}
		directories.byWS[ws] = d
	}
	return d
}
