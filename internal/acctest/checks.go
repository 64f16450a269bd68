package acctest

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// ID returns the id of the resource at addr in state.
func ID(s *terraform.State, addr string) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s is not in state", addr)
	}
	return rs.Primary.ID, nil
}

// NumericID returns the numeric API id of the resource at addr in state.
func NumericID(s *terraform.State, addr string) (int64, error) {
	id, err := ID(s, addr)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(id, 10, 64)
}

// CaptureID is a check that stores the id of the resource at addr in *id,
// for later steps and checks.
func CaptureID(addr string, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) (err error) {
		*id, err = ID(s, addr)
		return err
	}
}

// CaptureCountIDs is a check that stores, in *ids, the numeric ids of the
// given instances of a counted resource (addr[i], kept as addr.i in
// terraform.State), for later steps and checks.
func CaptureCountIDs(addr string, ids *map[int]int64, indices ...int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		*ids = map[int]int64{}
		for _, i := range indices {
			id, err := NumericID(s, fmt.Sprintf("%s.%d", addr, i))
			if err != nil {
				return err
			}
			(*ids)[i] = id
		}
		return nil
	}
}

// APIReader reads the object of a resource's state id through the API, as
// the admin would, behind Terraform's back.
type APIReader[T any] func(ctx context.Context, id string) (*T, error)

// CheckAPIObject runs check on the object the API has for the resource at
// addr.
func CheckAPIObject[T any](addr string, read APIReader[T], check func(*T) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := ID(s, addr)
		if err != nil {
			return err
		}
		object, err := read(context.Background(), id)
		if err != nil {
			return fmt.Errorf("%s: reading %s through the API: %w", addr, id, err)
		}
		return check(object)
	}
}

// CheckDestroyed is a CheckDestroy: every resource of resourceType in the
// last state must be gone from the API (client.IsNotFound); describe says
// what remains, as in "user 12 still exists with status \"active\"".
func CheckDestroyed[T any](resourceType string, read APIReader[T], describe func(*T) string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			if rs.Type != resourceType {
				continue
			}
			object, err := read(context.Background(), rs.Primary.ID)
			switch {
			case client.IsNotFound(err):
				continue
			case err != nil:
				return fmt.Errorf("%s: reading %s %s: %w", addr, resourceType, rs.Primary.ID, err)
			default:
				return fmt.Errorf("%s: %s", addr, describe(object))
			}
		}
		return nil
	}
}

// ErrorMatching builds an ExpectError pattern from phrases that must appear
// in order. The CLI wraps diagnostics at 78 columns, so any run of spaces
// in a phrase may become a line break.
func ErrorMatching(phrases ...string) *regexp.Regexp {
	parts := make([]string, 0, len(phrases))
	for _, p := range phrases {
		words := strings.Fields(p)
		for i, w := range words {
			words[i] = regexp.QuoteMeta(w)
		}
		parts = append(parts, strings.Join(words, `\s+`))
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

// ClearRequests empties the emulator's request log and counters, so that
// APICalls counts from here.
func ClearRequests(t *testing.T) {
	t.Helper()
	if err := Emulator(t).Control().ClearRequests(); err != nil {
		t.Fatalf("clearing the emulator's requests: %v", err)
	}
}

// APICalls returns the emulator's request counters, keyed by
// "METHOD ROUTE-PATTERN", to compare before and after a step.
func APICalls(t *testing.T) map[string]int {
	t.Helper()
	counters, err := Emulator(t).Control().Counters()
	if err != nil {
		t.Fatalf("reading the emulator's request counters: %v", err)
	}
	return counters
}
