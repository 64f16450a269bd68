package webscale

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// lastUsedAfterRestart is the bootstrap key's last_used as a restarted
// emulator on st reads it from the store.
func lastUsedAfterRestart(t *testing.T, st store.Store) *time.Time {
	t.Helper()
	return newEnvWithStore(t, st, testToken).api.State().AccessKeys[0].LastUsed
}

// last_used is written to the store on a key's first use and then at most
// once a minute, a minute to the nanosecond included: a restart shows a
// last_used up to a minute old.
func TestLastUsedIsPersistedAtMostOnceAMinute(t *testing.T) {
	st := store.NewMemory()
	e := newEnvWithStore(t, st, testToken)
	use := func(after time.Duration) {
		t.Helper()
		e.api.clock.offset.Store(int64(after))
		if rec := e.do(http.MethodGet, "/v2/applications", bearer(testToken), ""); rec.Code != 200 {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
	for _, step := range []struct {
		at        time.Duration
		persisted time.Duration
	}{
		{0, 0},                     // the first use
		{30 * time.Second, 0},      // within the minute: memory only
		{time.Minute, time.Minute}, // a minute after the last write
		{time.Minute + time.Second, time.Minute},
	} {
		use(step.at)
		if got := lastUsedAfterRestart(t, st); got == nil || !got.Equal(fixedNow.Add(step.persisted)) {
			t.Fatalf("after a use at +%s, the store holds last_used %v, want %v", step.at, got, fixedNow.Add(step.persisted))
		}
	}
	if got := e.api.State().AccessKeys[0].LastUsed; got == nil || !got.Equal(fixedNow.Add(time.Minute+time.Second)) {
		t.Fatalf("in memory: %v", got)
	}
}

// A key deleted while its use is being recorded is not written back.
func TestLastUsedOfADeletedKeyIsNotWritten(t *testing.T) {
	st := store.NewMemory()
	e := newEnvWithStore(t, st, testToken)
	created := decode[AccessKeySecret](t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	key := e.api.lookupToken(created.SecretKey)
	if rec := e.do(http.MethodDelete, "/v2/users/self/access-keys/2", bearer(testToken), ""); rec.Code != 200 {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body)
	}
	e.api.persistLastUsed(key)
	if n := len(newEnvWithStore(t, st, testToken).api.State().AccessKeys); n != 1 {
		t.Fatalf("a restart finds %d keys: the deleted one was written back", n)
	}
}

// The seeded world — keys, applications and the next key id — is stored
// whole, so a restart serves it without the seed file.
func TestSeededWorldSurvivesARestart(t *testing.T) {
	st := store.NewMemory()
	seed := &Seed{
		Applications: []SeedApplication{{ID: "seeded-app"}},
		AccessKeys:   []SeedAccessKey{{Secret: "seeded-secret-0123456789"}, {Secret: "seeded-secret-9876543210"}},
	}
	if _, err := New(Options{Store: st, BootstrapToken: testToken, Now: func() time.Time { return fixedNow }, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	e := newEnvWithStore(t, st, testToken) // no seed file this time
	if rec := e.do(http.MethodGet, "/v2/applications", bearer("seeded-secret-9876543210"), ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), "seeded-app") {
		t.Fatalf("after a restart: %d %s", rec.Code, rec.Body)
	}
	keys := decode[[]AccessKey](t, e.do(http.MethodGet, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	if len(keys) != 3 || !strings.HasSuffix(keys[1].Href, "/access-keys/2") || !strings.HasSuffix(keys[2].Href, "/access-keys/3") {
		t.Fatalf("seeded keys %+v, want ids 1, 2, 3", keys)
	}
	created := decode[AccessKeySecret](t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	if !strings.HasSuffix(created.Href, "/access-keys/4") {
		t.Fatalf("the next key after three seeded ones is %s, want id 4", created.Href)
	}
	if rec := e.do(http.MethodGet, "/v2/applications", bearer(testToken), ""); !strings.Contains(rec.Body.String(), `"aliases":[]`) {
		t.Fatalf("an application seeded without aliases: %s", rec.Body)
	}
}

// A restart with another bootstrap token moves the bootstrap key to it and
// keeps every other key.
func TestRestartWithANewTokenKeepsTheWorld(t *testing.T) {
	st := store.NewMemory()
	e := newEnvWithStore(t, st, testToken)
	created := decode[AccessKeySecret](t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	e = newEnvWithStore(t, st, "another-bootstrap-token")
	wantError(t, e.do(http.MethodGet, "/v2/applications", bearer(testToken), ""), 401, "unauthorized")
	for _, token := range []string{"another-bootstrap-token", created.SecretKey} {
		if rec := e.do(http.MethodGet, "/v2/applications", bearer(token), ""); rec.Code != 200 {
			t.Fatalf("a kept credential is refused: %d", rec.Code)
		}
	}
	if rec := newEnvWithStore(t, st, "another-bootstrap-token").do(http.MethodGet, "/v2/applications", bearer("another-bootstrap-token"), ""); rec.Code != 200 {
		t.Fatalf("the moved bootstrap key was not stored: %d", rec.Code)
	}
}

// Keys are listed in id order, also past 9 (ids are numbers, not text).
func TestKeysAreListedInNumericOrder(t *testing.T) {
	e := newEnv(t)
	for range 10 {
		decode[AccessKeySecret](t, e.do(http.MethodPost, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	}
	keys := decode[[]AccessKey](t, e.do(http.MethodGet, "/v2/users/self/access-keys", bearer(testToken), ""), 200)
	var ids []string
	for _, k := range keys {
		ids = append(ids, k.Href[strings.LastIndex(k.Href, "/")+1:])
	}
	if got := strings.Join(ids, ","); got != "1,2,3,4,5,6,7,8,9,10,11" {
		t.Fatalf("ids in list order: %s", got)
	}
	st := e.api.State()
	for i, k := range st.AccessKeys {
		if k.ID != fmt.Sprint(i+1) {
			t.Fatalf("state order: key %d has id %s", i, k.ID)
		}
	}
}

// Nothing is logged as a failure when nothing failed: a download served
// whole, a last_used written.
func TestNoFailureLoggedOnSuccess(t *testing.T) {
	var logs bytes.Buffer
	api, err := New(Options{Store: store.NewMemory(), BootstrapToken: testToken, Now: func() time.Time { return fixedNow },
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	api.RegisterRoutes(mux)
	e := &testEnv{t: t, api: api, mux: mux}
	if lines := download(t, e, requestLink(t, e, "start_time=2026-03-01T00:00:00&end_time=2026-03-01T06:00:00")); len(lines) == 0 {
		t.Fatal("six hours without traffic")
	}
	if strings.Contains(logs.String(), "interrupted") || strings.Contains(logs.String(), "failed") {
		t.Fatalf("a failure logged on success:\n%s", logs.String())
	}
}
