package webcore

import (
	"encoding/json"
	"strings"
)

// The working set lives in memory: the records plus indexes (login, email,
// identifier, active transactions), usage totals and pre-encoded user bodies.
// Records become current only through install, after their change was stored,
// which keeps every index in step.

// initMemory empties the working state (a.mu held).
func (a *API) initMemory() {
	a.users = map[int]*User{}
	a.byLogin = map[string]int{}
	a.byEmail = map[string]int{}
	a.vms = map[int]*VirtualServer{}
	a.vmByIdentifier = map[string]int{}
	a.diskOwner = map[int]int{}
	a.txs = map[int]*Transaction{}
	a.txIDs = nil
	a.active = map[int]*Transaction{}
	// The defaults, as a world stored before catalogs were stored serves them.
	cat, limits := (*Seed)(nil).world()
	cat.install(a)
	a.limits = limits
	a.txConfig = txConfig{Default: a.opts.TxDuration, Durations: copyDurations(a.opts.ActionDurations), FailActions: map[string]string{}}
	a.next = counters{}
	a.unsaved = map[string]storedWrite{}
}

func (u *User) storedAt() (string, string) { return bucketUsers, recordKey(u.ID) }

// install makes u the current version of its user. A change of what
// authentication reads (or a new user) clears the auth cache.
func (u *User) install(a *API) {
	old := a.users[u.ID]
	if old != nil {
		a.unindexUser(old)
	}
	a.users[u.ID] = u
	a.byLogin[strings.ToLower(u.Login)] = u.ID
	a.byEmail[strings.ToLower(u.Email)] = u.ID
	a.refreshUsage(u.ID)
	if old == nil || !sameCredentials(old, u) {
		a.credentialsChanged()
	}
}

// sameCredentials: everything authenticate reads of a user is unchanged.
func sameCredentials(a, b *User) bool {
	return a.Login == b.Login && a.Email == b.Email && a.PasswordHash == b.PasswordHash &&
		a.APIKeyHash == b.APIKeyHash && canAuthenticate(a) == canAuthenticate(b)
}

func (a *API) uninstallUser(id int) {
	if old := a.users[id]; old != nil {
		a.unindexUser(old)
		delete(a.users, id)
		a.credentialsChanged()
	}
}

func (a *API) unindexUser(u *User) {
	delete(a.byLogin, strings.ToLower(u.Login))
	delete(a.byEmail, strings.ToLower(u.Email))
}

// refreshUsage recomputes a user's used_* totals from their servers and the
// pre-encoded GET body, so the hot GET path only writes bytes.
func (a *API) refreshUsage(userID int) {
	u := a.users[userID]
	if u == nil {
		return
	}
	u.usedCPUs, u.usedMemory, u.usedDiskSize = 0, 0, 0
	for _, vm := range a.vms {
		if vm.UserID == userID {
			u.usedCPUs += vm.CPUs
			u.usedMemory += vm.Memory
			u.usedDiskSize += vm.PrimaryDiskSize + vm.SwapDiskSize
		}
	}
	b, err := json.Marshal(struct {
		User userView `json:"user"`
	}{viewUser(u)})
	if err == nil {
		u.body = b
	}
}

func (vm *VirtualServer) storedAt() (string, string) { return bucketVMs, recordKey(vm.ID) }

func (vm *VirtualServer) install(a *API) {
	old := a.vms[vm.ID]
	a.vms[vm.ID] = vm
	a.vmByIdentifier[vm.Identifier] = vm.ID
	for _, d := range vm.Disks {
		a.diskOwner[d.ID] = vm.ID
	}
	a.refreshUsage(vm.UserID)
	if old != nil && old.UserID != vm.UserID { // handed over: the previous owner's totals drop
		a.refreshUsage(old.UserID)
	}
}

func (a *API) uninstallVM(id int) {
	if vm := a.vms[id]; vm != nil {
		delete(a.vmByIdentifier, vm.Identifier)
		for _, d := range vm.Disks {
			delete(a.diskOwner, d.ID)
		}
		delete(a.vms, id)
		a.refreshUsage(vm.UserID)
	}
}

func (t *Transaction) storedAt() (string, string) { return bucketTxs, recordKey(t.ID) }

func (t *Transaction) install(a *API) {
	if _, ok := a.txs[t.ID]; !ok {
		a.txIDs = append(a.txIDs, t.ID)
	}
	a.txs[t.ID] = t
	if t.active() {
		a.active[t.ID] = t
	} else {
		delete(a.active, t.ID)
	}
}
