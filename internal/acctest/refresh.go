package acctest

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// Routes names the emulator counters of one object type: its list and its
// read of one object, e.g. "GET /users.json" and "GET /users/{id}".
type Routes struct {
	List, Get string
}

// MaxLoneReads bounds the reads of a batched refresh that still cost their
// own GET: the first ones, before others overlap them, and each object the
// list lacks.
const MaxLoneReads = 5

// BatchedRefreshSteps are two refresh steps for a non-parallel test whose
// earlier steps applied many objects of resourceType. The first refreshes
// as Terraform does by default, ten reads at a time, which the provider
// serves from one shared list: it checks that at most MaxLoneReads reads
// cost a GET. The second refreshes with -parallelism=1, so that no reads
// overlap and each costs exactly one GET, and fails unless it produced the
// same state as the first. changeOutside runs before the first, to change
// objects behind Terraform's back so that both refreshes have something to
// read. Both steps expect a non-empty plan afterwards, since the
// configuration no longer matches.
func BatchedRefreshSteps(t *testing.T, resourceType string, routes Routes, changeOutside func()) []resource.TestStep {
	var batched map[string]map[string]string
	counts := func() (lists, gets int) {
		counters := APICalls(t)
		return counters[routes.List], counters[routes.Get]
	}
	return []resource.TestStep{
		{
			PreConfig: func() {
				changeOutside()
				ClearRequests(t)
			},
			RefreshState:       true,
			ExpectNonEmptyPlan: true,
			Check: func(s *terraform.State) error {
				lists, gets := counts()
				if lists == 0 || gets > MaxLoneReads {
					return fmt.Errorf("refreshing %d %s made %d list and %d single reads; want the reads served by lists, at most %d single",
						len(objectsOf(s, resourceType)), resourceType, lists, gets, MaxLoneReads)
				}
				batched = objectsOf(s, resourceType)
				return nil
			},
		},
		{
			PreConfig: func() {
				t.Setenv("TF_CLI_ARGS_refresh", "-parallelism=1")
				ClearRequests(t)
			},
			RefreshState:       true,
			ExpectNonEmptyPlan: true,
			Check: func(s *terraform.State) error {
				lists, gets := counts()
				oneByOne := objectsOf(s, resourceType)
				if lists != 0 || gets != len(oneByOne) {
					return fmt.Errorf("refreshing %d %s one at a time made %d list and %d single reads; want no list, one read each",
						len(oneByOne), resourceType, lists, gets)
				}
				return sameObjects(batched, oneByOne)
			},
		},
	}
}

// objectsOf returns the attributes of every resourceType object in s, by
// address.
func objectsOf(s *terraform.State, resourceType string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for addr, rs := range s.RootModule().Resources {
		if rs.Type == resourceType {
			out[addr] = rs.Primary.Attributes
		}
	}
	return out
}

// sameObjects reports the first difference between the states of a batched
// and a one-by-one refresh.
func sameObjects(batched, oneByOne map[string]map[string]string) error {
	if len(batched) == 0 {
		return fmt.Errorf("the batched refresh left no objects: the comparison proves nothing")
	}
	if !slices.Equal(slices.Sorted(maps.Keys(batched)), slices.Sorted(maps.Keys(oneByOne))) {
		return fmt.Errorf("the refreshes kept different objects: %v from lists, %v one by one",
			slices.Sorted(maps.Keys(batched)), slices.Sorted(maps.Keys(oneByOne)))
	}
	for addr, attrs := range batched {
		for _, name := range slices.Sorted(maps.Keys(attrs)) {
			if attrs[name] != oneByOne[addr][name] {
				return fmt.Errorf("%s.%s is %q from the list but %q read by itself", addr, name, attrs[name], oneByOne[addr][name])
			}
		}
		if len(attrs) != len(oneByOne[addr]) {
			return fmt.Errorf("%s has %d attributes from the list but %d read by itself", addr, len(attrs), len(oneByOne[addr]))
		}
	}
	return nil
}
