package accesskey

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/converge"
	"github.com/webcore/terraform-provider-webcore/internal/listcache"
)

// fakeKeys is an in-memory key API whose create can lose its response after
// committing, like the emulator's commit_then_drop fault.
type fakeKeys struct {
	mu           sync.Mutex
	keys         []client.AccessKey
	next         int
	createErr    error // returned by create; the key is still created when commit is true
	fails        int   // creates that fail with createErr; 0: all of them
	creates      int
	commit       bool
	listErrAt    int // the nth list call (1-based) fails; 0 = never
	lists        int
	deleteErr    error
	sneakIn      *client.AccessKey // appears during the create, as if made by someone else
	duringCreate func()            // runs inside the create, e.g. to end the operation's context
	deletedIDs   []string
}

func (f *fakeKeys) ListAccessKeys(ctx context.Context, _ string) ([]client.AccessKey, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	if f.lists == f.listErrAt {
		return nil, errors.New("connection reset")
	}
	return append([]client.AccessKey(nil), f.keys...), nil
}

func (f *fakeKeys) CreateAccessKey(_ context.Context, _ string, cfg client.AccessKeyConfiguration) (*client.AccessKeySecret, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sneakIn != nil {
		f.keys = append(f.keys, *f.sneakIn)
	}
	if f.duringCreate != nil {
		f.duringCreate()
	}
	f.creates++
	failing := f.createErr != nil && (f.fails == 0 || f.creates <= f.fails)
	if failing && !f.commit {
		return nil, f.createErr
	}
	f.next++
	k := client.AccessKey{Href: "/v2/users/100/access-keys/" + strconv.Itoa(100+f.next), Type: "bearer",
		Expiry: cfg.Expiry, Account: "/v2/accounts/1", Durability: "persistent"}
	f.keys = append(f.keys, k)
	if failing {
		return nil, f.createErr
	}
	return &client.AccessKeySecret{AccessKey: k, SecretKey: "s3cret"}, nil
}

func (f *fakeKeys) DeleteAccessKey(ctx context.Context, _ string, id string) (*client.AccessKey, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.deleteErr != nil {
		return nil, f.deleteErr
	}
	for i, k := range f.keys {
		if k.ID() == id {
			f.keys = append(f.keys[:i], f.keys[i+1:]...)
			f.deletedIDs = append(f.deletedIDs, id)
			return &k, nil
		}
	}
	return nil, &client.APIError{StatusCode: 404, Kind: client.KindNotFound}
}

var errDropped = errors.New("webscale: POST /users/self/access-keys: EOF")

// keys builds access keys with the given ids.
func keys(ids ...string) []client.AccessKey {
	out := make([]client.AccessKey, len(ids))
	for i, id := range ids {
		out[i] = client.AccessKey{Href: "/v2/users/100/access-keys/" + id, Type: "bearer"}
	}
	return out
}

// create runs createKey's work against f with a fresh list cache.
func create(ctx context.Context, f *fakeKeys, cfg client.AccessKeyConfiguration) (*client.AccessKeySecret, error) {
	out := createKeyOutcome(ctx, f, &listcache.Cache[client.AccessKey]{}, cfg)
	return out.Object, out.Err
}

func newFake() *fakeKeys { return &fakeKeys{keys: keys("1")} }

func TestCreateKey_success(t *testing.T) {
	f := newFake()
	got, err := create(context.Background(), f, client.AccessKeyConfiguration{})
	if err != nil {
		t.Fatal(err)
	}
	if got.SecretKey != "s3cret" || got.ID() != "101" {
		t.Fatalf("unexpected key %+v", got)
	}
}

// A key whose create answer was lost is useless (its secret is gone): it is
// deleted, and another is created in the same apply.
func TestCreateKey_lostResponseDeletesTheKeyAndCreatesAnother(t *testing.T) {
	f := newFake()
	f.createErr, f.commit, f.fails = errDropped, true, 1
	got, err := create(context.Background(), f, client.AccessKeyConfiguration{})
	if err != nil || got == nil || got.ID() != "102" || got.SecretKey != "s3cret" {
		t.Fatalf("got %+v, %v; want key 102 with its secret", got, err)
	}
	if len(f.deletedIDs) != 1 || f.deletedIDs[0] != "101" || len(f.keys) != 2 {
		t.Fatalf("deleted %v, keys %v; want the orphan 101 deleted and 102 kept", f.deletedIDs, f.keys)
	}
}

// A create that keeps losing its answer ends in an error that says what
// was tried, the cause kept in the error chain; no orphan is left.
func TestCreateKey_lostResponsesUntilTheDeadline(t *testing.T) {
	f := newFake()
	f.createErr, f.commit = errDropped, true
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := create(ctx, f, client.AccessKeyConfiguration{})
	var lost *converge.Lost
	if !errors.As(err, &lost) || !errors.Is(err, errDropped) {
		t.Fatalf("want a converge.Lost with its cause in the chain, got %v", err)
	}
	if len(f.keys) != 1 || f.keys[0].ID() != "1" {
		t.Fatalf("orphan keys were left: %v", f.keys)
	}
	msg := err.Error()
	for _, want := range []string{"did not succeed in", "within the timeout", "deleted key(s) 101", "secret"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}

func TestCreateKey_lostResponseWithoutCommitIsSentAgain(t *testing.T) {
	f := newFake()
	f.createErr, f.fails = errDropped, 1
	got, err := create(context.Background(), f, client.AccessKeyConfiguration{})
	if err != nil || got.ID() != "101" || f.creates != 2 {
		t.Fatalf("got %+v, %v after %d creates; want the second create's key 101", got, err, f.creates)
	}
	if len(f.deletedIDs) != 0 {
		t.Fatalf("nothing should have been deleted, deleted %v", f.deletedIDs)
	}
}

func TestCreateKey_rejectedRequestIsNotReconciled(t *testing.T) {
	f := newFake()
	f.createErr = &client.APIError{StatusCode: 400, Kind: client.KindValidation, Message: "expiry must be in the future"}
	_, err := create(context.Background(), f, client.AccessKeyConfiguration{})
	if !client.IsValidation(err) || isLost(err) {
		t.Fatalf("want the API's validation error as is, got %v", err)
	}
	if f.lists != 1 {
		t.Fatalf("want only the list before the POST, got %d lists", f.lists)
	}
}

func TestCreateKey_serverErrorIsReconciled(t *testing.T) {
	f := newFake()
	f.createErr, f.commit, f.fails = &client.APIError{StatusCode: 502, Kind: client.KindServer}, true, 1
	got, err := create(context.Background(), f, client.AccessKeyConfiguration{})
	if err != nil || len(f.deletedIDs) != 1 || len(f.keys) != 2 || got.ID() != "102" {
		t.Fatalf("a 5xx may follow a committed create and must be reconciled; err=%v deleted=%v keys=%v", err, f.deletedIDs, f.keys)
	}
}

func TestCreateKey_keysWithOtherSettingsAreLeftAlone(t *testing.T) {
	f := newFake()
	f.createErr, f.commit, f.fails = errDropped, true, 1
	expiry := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	other := keys("99")[0]
	f.sneakIn = &other // never expires: not what this create asked for
	out := createKeyOutcome(context.Background(), f, &listcache.Cache[client.AccessKey]{}, client.AccessKeyConfiguration{Expiry: &expiry})
	if out.Err != nil || out.Lost == nil {
		t.Fatalf("want a key made after a lost answer, got %+v", out)
	}
	if len(f.deletedIDs) != 1 || f.deletedIDs[0] != "101" {
		t.Fatalf("want only key 101 deleted, deleted %v", f.deletedIDs)
	}
	if !strings.Contains(out.Lost.Note, "99 appeared meanwhile with other settings") {
		t.Errorf("the record of the look-up should mention the key left alone: %q", out.Lost.Note)
	}
}

func TestCreateKey_failedCleanupNamesTheLeftoverKey(t *testing.T) {
	f := newFake()
	f.createErr, f.commit = errDropped, true
	f.deleteErr = errors.New("connection refused")
	_, err := create(context.Background(), f, client.AccessKeyConfiguration{})
	if err == nil || !strings.Contains(err.Error(), "created key(s) 101 but deleting them failed") {
		t.Fatalf("want the leftover key named, got %v", err)
	}
}

func TestCreateKey_failedCheckSaysAKeyMayExist(t *testing.T) {
	f := newFake()
	f.createErr, f.commit = errDropped, true
	f.listErrAt = 2 // the list after the lost POST
	_, err := create(context.Background(), f, client.AccessKeyConfiguration{})
	if err == nil || !strings.Contains(err.Error(), "may exist") {
		t.Fatalf("want a may-exist warning, got %v", err)
	}
}

func TestCreateKey_lostCreateIsSettledEvenAfterTheOperationContextEnded(t *testing.T) {
	f := newFake()
	ctx, cancel := context.WithCancel(context.Background())
	// 101 is committed by a POST whose answer the deadline cuts off.
	f.createErr, f.commit, f.duringCreate = context.DeadlineExceeded, true, cancel
	_, err := create(ctx, f, client.AccessKeyConfiguration{})
	if !isLost(err) || len(f.deletedIDs) != 1 || f.deletedIDs[0] != "101" {
		t.Fatalf("want key 101 deleted despite the ended context; err=%v deleted=%v", err, f.deletedIDs)
	}
}

// isLost reports whether err says the create's answer was lost.
func isLost(err error) bool {
	var lost *converge.Lost
	return errors.As(err, &lost)
}

// A key found after a lost create is this create's only when it has the
// settings asked for: the account when one was named, and the expiry to the
// second (or none).
func TestMatchesConfiguration(t *testing.T) {
	at := time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)
	later := at.Add(time.Hour)
	sameSecond := at.Add(400 * time.Millisecond)
	for _, tc := range []struct {
		name string
		key  client.AccessKey
		cfg  client.AccessKeyConfiguration
		want bool
	}{
		{"no expiry either side", client.AccessKey{Account: "/v2/accounts/1"}, client.AccessKeyConfiguration{}, true},
		{"the account asked for", client.AccessKey{Account: "/v2/accounts/1"}, client.AccessKeyConfiguration{Account: "/v2/accounts/1"}, true},
		{"another account", client.AccessKey{Account: "/v2/accounts/2"}, client.AccessKeyConfiguration{Account: "/v2/accounts/1"}, false},
		{"an expiry asked for, none on the key", client.AccessKey{}, client.AccessKeyConfiguration{Expiry: &at}, false},
		{"none asked for, one on the key", client.AccessKey{Expiry: &at}, client.AccessKeyConfiguration{}, false},
		{"the same second", client.AccessKey{Expiry: &at}, client.AccessKeyConfiguration{Expiry: &sameSecond}, true},
		{"another expiry", client.AccessKey{Expiry: &later}, client.AccessKeyConfiguration{Expiry: &at}, false},
	} {
		if got := matchesConfiguration(tc.key, tc.cfg); got != tc.want {
			t.Errorf("%s: matches = %t, want %t", tc.name, got, tc.want)
		}
	}
}
