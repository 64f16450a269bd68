// Package webscale emulates the Webscale API v2 (see shared/spec/webscale-api.md):
// bearer or query-parameter token auth, access keys, application logs downloads,
// and a small seeded world of accounts, users and applications.
//
// Shape: routes are in RegisterRoutes, each behind authenticated (auth.go);
// errors use the Webscale envelope (WriteError), answers httpjson.Write. State
// lives in memory; every change is one store.Update before the answer
// (saveKeyLocked stores a key with the id counter), installed in memory after.
package webscale

import (
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// Options configures the Webscale domain.
type Options struct {
	Store          store.Store
	BootstrapToken string           // the seeded access key's secret for user "self"; never expires
	Now            func() time.Time // optional, for tests; default time.Now
	Logger         *slog.Logger     // optional
	Seed           *Seed            // the seed file's part for this domain: applied to every fresh world; nil = defaults
}

// API is the Webscale domain: its routes, its state and its control routes.
type API struct {
	store          store.Store
	bootstrapToken string
	seed           *Seed
	clock          clock
	logger         *slog.Logger

	mu        sync.RWMutex
	keys      map[string]*accessKey      // by id
	byDigest  map[digest]*accessKey      // by SHA-256 of the secret: auth costs one hash, not a password KDF
	downloads map[digest]*DownloadRecord // by SHA-256 of the download token
	nextKeyID int
	apps      []Application // as GET /v2/applications lists them; replaced only by a reset
}

// New loads the domain's state from opts.Store, seeding it on first use.
func New(opts Options) (*API, error) {
	if opts.Store == nil {
		return nil, errors.New("webscale: Options.Store is required")
	}
	if opts.BootstrapToken == "" {
		return nil, errors.New("webscale: Options.BootstrapToken is required")
	}
	a := &API{store: opts.Store, bootstrapToken: opts.BootstrapToken, seed: opts.Seed, logger: opts.Logger}
	a.clock.base = opts.Now
	if a.clock.base == nil {
		a.clock.base = time.Now
	}
	if a.logger == nil {
		a.logger = slog.New(slog.DiscardHandler)
	}
	seeded, err := a.load()
	if err != nil {
		return nil, err
	}
	if !seeded {
		if err := a.seedWorld(); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Name is the domain's key in the state dump and its path under /_emulator/.
func (a *API) Name() string { return "webscale" }

// Reset wipes access keys and download links and re-seeds the world; key ids restart at 1.
func (a *API) Reset() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.clock.offset.Store(0)
	// Under the lock: a key created between Clear and the re-seed would be in the
	// store but not in memory, and come back after a restart.
	if err := a.store.Clear(); err != nil {
		return err
	}
	return a.seedLocked()
}

// Close implements the emulator's Domain interface; the domain has no background work.
func (a *API) Close() error { return nil }

// RegisterRoutes adds the Webscale API routes. Every /v2 path, known or not, authenticates
// first, so an unknown path without a token answers 401, not 404.
func (a *API) RegisterRoutes(mux *http.ServeMux) {
	routes := []struct {
		method, pattern string
		handler         http.HandlerFunc
	}{
		{http.MethodGet, "/v2/accounts/{account_id}", a.showAccount},
		{http.MethodGet, "/v2/users/{user}", a.showUser},
		{http.MethodGet, "/v2/users/{user}/access-keys", a.listAccessKeys},
		{http.MethodPost, "/v2/users/{user}/access-keys", a.createAccessKey},
		{http.MethodDelete, "/v2/users/{user}/access-keys/{key_id}", a.deleteAccessKey},
		{http.MethodGet, "/v2/applications", a.listApplications},
		{http.MethodGet, "/v2/applications/{app_id}", a.showApplication},
		{http.MethodGet, "/v2/app/{app_id}/logs", a.requestLogs},
	}
	seen := map[string]bool{}
	for _, rt := range routes {
		mux.Handle(rt.method+" "+rt.pattern, a.authenticated(rt.handler))
		if !seen[rt.pattern] {
			seen[rt.pattern] = true
			mux.Handle(rt.pattern, a.authenticated(methodNotAllowed))
		}
	}
	mux.Handle("/v2", a.authenticated(notFound))
	mux.Handle("/v2/", a.authenticated(notFound))
	// Download links are capabilities: the token in the path is the credential.
	mux.HandleFunc("GET /download/{token}", a.download)
	mux.HandleFunc("/download/{token}", methodNotAllowed)
}

// RegisterControl adds the domain's control routes under /_emulator/webscale/.
func (a *API) RegisterControl(mux *http.ServeMux) {
	mux.HandleFunc("PUT /_emulator/webscale/clock", a.putClock)
	mux.HandleFunc("GET /_emulator/webscale/clock", a.getClock)
}

func notFound(w http.ResponseWriter, _ *http.Request) {
	WriteError(w, http.StatusNotFound, "resource not found")
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	WriteError(w, http.StatusMethodNotAllowed, "method "+r.Method+" is not allowed on this path")
}
