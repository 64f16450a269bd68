// Package webcore emulates the Webcore Cloud API (OnApp-compatible): users,
// virtual servers, transactions, templates and hypervisors, with HTTP Basic
// authentication and a background engine that advances transactions on a
// real clock.
//
// Shape: routes are registered in RegisterRoutes; vendor wraps every handler
// (auth, format suffix) and writes the reply it returns. A handler finds its
// object or answers notFound (visibility.go), checks the rules (validate.go,
// timestamps.go, limits in virtual_servers.go), builds a change and ends with
// commit (change.go): one request, one store transaction, installed in memory
// only after it is durable. The engine (engine.go) commits each transition the
// same way.
package webcore

import (
	"errors"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// Options configure the Webcore domain.
type Options struct {
	Store           store.Store
	AdminLogin      string // seeded admin user, id 1
	AdminPassword   string
	AdminEmail      string
	AdminAPIKey     string                   // 40 hex chars; valid as the password with AdminEmail as the username
	TxDuration      time.Duration            // one transaction step; default 1s
	ActionDurations map[string]time.Duration // per-action overrides keyed by action name
	Logger          *slog.Logger             // engine events; never secrets
	PasswordCost    int                      // bcrypt cost of stored passwords; 0 = bcrypt.DefaultCost (tests use bcrypt.MinCost)
	Seed            *Seed                    // the seed file's part for this domain: applied to every fresh world; nil = defaults
}

// API is the Webcore domain: vendor routes, control routes and the
// transaction engine.
type API struct {
	opts  Options
	store store.Store
	log   *slog.Logger

	// mu guards everything below; handlers read under RLock, every change
	// (including the engine's) happens under Lock.
	mu             sync.RWMutex
	users          map[int]*User
	byLogin        map[string]int // lower-cased login → id
	byEmail        map[string]int // lower-cased email → id
	vms            map[int]*VirtualServer
	vmByIdentifier map[string]int
	diskOwner      map[int]int // disk id → server id
	txs            map[int]*Transaction
	txIDs          []int                // ascending; transactions are never removed
	active         map[int]*Transaction // pending or running
	templates      map[int]*Template
	templateList   []*Template
	hypervisors    []*Hypervisor
	limits         Limits
	txConfig       txConfig
	next           counters
	// lookups are the catalog's roles and zones (lookups.go).
	lookups lookupCatalog
	// unsaved holds engine steps the store refused, by bucket/key; see applyStep.
	unsaved map[string]storedWrite
	// credGen changes whenever any credential-relevant user field changes;
	// a cache fill computed against an older generation is dropped.
	credGen uint64

	auth authCache
	// authFlight makes concurrent cache misses with the same credential share one check.
	authFlight singleflight.Group
	// passwordChecks counts bcrypt comparisons; beforePasswordCheck, set only
	// by tests, runs before each one so that a test can hold it.
	passwordChecks      atomic.Int64
	beforePasswordCheck func()

	wake      chan struct{}
	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

// New builds the domain: it loads state from opts.Store when the store holds
// some, otherwise seeds the world, then resumes unfinished transactions.
func New(opts Options) (*API, error) {
	if opts.Store == nil {
		return nil, errors.New("webcore: Options.Store is required")
	}
	if opts.AdminPassword == "" {
		return nil, errors.New("webcore: Options.AdminPassword is required")
	}
	if opts.AdminLogin == "" {
		opts.AdminLogin = "admin"
	}
	if opts.AdminEmail == "" {
		opts.AdminEmail = "admin@webcore.test"
	}
	if opts.TxDuration <= 0 {
		opts.TxDuration = time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	a := &API{
		opts:  opts,
		store: opts.Store,
		log:   opts.Logger,
		wake:  make(chan struct{}, 1),
		stop:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	a.auth.reset()
	a.mu.Lock()
	err := a.loadOrSeed()
	a.mu.Unlock()
	if err != nil {
		return nil, err
	}
	go a.runEngine()
	return a, nil
}

// Name is the domain's key in the state dump and its path under /_emulator/.
func (a *API) Name() string { return "webcore" }

// Close stops the transaction engine; it is idempotent. The store is the
// caller's to close.
func (a *API) Close() error {
	a.closeOnce.Do(func() {
		close(a.stop)
		<-a.done
	})
	return nil
}

// Reset wipes this domain's records and seeds the world again (ids restart).
func (a *API) Reset() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	defer a.kick()                          // the engine drops the old world's schedule
	if err := a.store.Clear(); err != nil { // the domain's own store: nothing else lives in it
		return err
	}
	a.initMemory()
	a.credentialsChanged()
	return a.seed()
}

// RegisterRoutes registers the vendor routes. Webcore paths carry a format
// suffix, so collections are registered in their literal suffixed forms.
func (a *API) RegisterRoutes(mux *http.ServeMux) {
	for _, f := range []string{".json", ".xml"} {
		mux.HandleFunc("GET /users"+f, a.vendor(a.listUsers))
		mux.HandleFunc("POST /users"+f, a.vendor(a.createUser))
		mux.HandleFunc("GET /virtual_machines"+f, a.vendor(a.listVMs))
		mux.HandleFunc("POST /virtual_machines"+f, a.vendor(a.createVM))
		mux.HandleFunc("GET /transactions"+f, a.vendor(a.listTransactions))
		mux.HandleFunc("GET /templates"+f, a.vendor(a.listTemplates))
		mux.HandleFunc("GET /hypervisors"+f, a.vendor(a.listHypervisors))
		mux.HandleFunc("POST /users/{id}/user_api_keys/generate"+f, a.vendor(a.generateAPIKey))
		mux.HandleFunc("GET /profile"+f, a.vendor(a.showProfile))
		mux.HandleFunc("GET /roles"+f, a.vendor(a.listRoles))
		mux.HandleFunc("GET /hypervisor_zones"+f, a.vendor(a.listHypervisorZones))
	}
	mux.HandleFunc("GET /users/{id}", a.vendor(a.showUser))
	mux.HandleFunc("PUT /users/{id}", a.vendor(a.updateUser))
	mux.HandleFunc("DELETE /users/{id}", a.vendor(a.deleteUser))
	mux.HandleFunc("GET /virtual_machines/{id}", a.vendor(a.showVM))
	mux.HandleFunc("PUT /virtual_machines/{id}", a.vendor(a.updateVM))
	mux.HandleFunc("DELETE /virtual_machines/{id}", a.vendor(a.deleteVM))
	mux.HandleFunc("GET /virtual_machines/{id}/{sub}", a.vendor(a.showVMSub))
	mux.HandleFunc("POST /virtual_machines/{id}/{action}", a.vendor(a.vmAction))
	mux.HandleFunc("GET /settings/disks/{id}", a.vendor(a.showDisk))
	mux.HandleFunc("PUT /settings/disks/{id}", a.vendor(a.resizeDisk))
	mux.HandleFunc("GET /transactions/{id}", a.vendor(a.showTransaction))
	mux.HandleFunc("GET /templates/{id}", a.vendor(a.showTemplate))
	mux.HandleFunc("GET /hypervisors/{id}", a.vendor(a.showHypervisor))
}

// RegisterControl registers the domain's emulator-only routes under
// /_emulator/webcore/.
func (a *API) RegisterControl(mux *http.ServeMux) {
	mux.HandleFunc("GET /_emulator/webcore/transactions", a.controlGet(func() any { return a.txConfig.toJSON() }))
	mux.HandleFunc("PUT /_emulator/webcore/transactions", controlPut(a, a.txConfigChange))
	mux.HandleFunc("GET /_emulator/webcore/limits", a.controlGet(func() any { return a.limits }))
	mux.HandleFunc("PUT /_emulator/webcore/limits", controlPut(a, a.limitsChange))
}

// State is the Webcore part of GET /_emulator/state: every record as stored,
// password and API key hashes included (never the secrets themselves).
type State struct {
	Users             []User            `json:"users"`            // ascending id
	VirtualServers    []VirtualServer   `json:"virtual_machines"` // ascending id
	Transactions      []Transaction     `json:"transactions"`     // ascending id
	Templates         []Template        `json:"templates"`
	Hypervisors       []Hypervisor      `json:"hypervisors"`
	Roles             []Role            `json:"roles"`
	HypervisorZones   []HypervisorZone  `json:"hypervisor_zones"`
	Limits            Limits            `json:"limits"`
	TransactionConfig TransactionConfig `json:"transaction_config"`
}

// State returns a snapshot of the domain (copies, safe to keep).
func (a *API) State() State {
	a.mu.RLock()
	defer a.mu.RUnlock()
	d := State{Limits: a.limits, TransactionConfig: a.txConfig.toJSON()}
	for _, t := range a.templateList {
		d.Templates = append(d.Templates, *t)
	}
	for _, hv := range a.hypervisors {
		d.Hypervisors = append(d.Hypervisors, *hv)
	}
	d.Roles = append(d.Roles, a.lookups.roles...)
	d.HypervisorZones = append(d.HypervisorZones, a.lookups.zones...)
	for _, id := range sortedKeys(a.users) {
		d.Users = append(d.Users, *a.users[id])
	}
	for _, id := range sortedKeys(a.vms) {
		d.VirtualServers = append(d.VirtualServers, *a.vms[id])
	}
	for _, id := range a.txIDs {
		d.Transactions = append(d.Transactions, *a.txs[id])
	}
	return d
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return keys
}
