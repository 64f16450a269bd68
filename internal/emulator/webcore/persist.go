package webcore

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// Bucket names carry the domain prefix: the store is shared with other domains.
const (
	bucketUsers = "webcore_users"
	bucketVMs   = "webcore_virtual_machines"
	bucketTxs   = "webcore_transactions"
	bucketMeta  = "webcore_meta"

	metaCounters = "counters"
	metaLimits   = "limits"
	metaTxConfig = "tx_config"
	// metaTxOptions records the Options durations of the last start, to tell
	// whether the command line changed them since.
	metaTxOptions = "tx_options"
)

var allBuckets = []string{bucketUsers, bucketVMs, bucketTxs, bucketMeta}

// recordKey zero-pads ids so the store's key order is id order.
func recordKey(id int) string { return fmt.Sprintf("%012d", id) }

func (a *API) put(bucket, key string, v any) error {
	return a.store.Update(func(tx store.Tx) error { return store.PutJSON(tx, bucket, key, v) })
}

func (a *API) delete(bucket, key string) error {
	return a.store.Update(func(tx store.Tx) error { return tx.Delete(bucket, key) })
}

// nextID allocates an id from one counter; saveMeta must follow before the
// request is answered so ids are never reused after a restart.
func (a *API) nextID(c *int) int {
	*c++
	return *c
}

func (a *API) saveMeta() error {
	if err := a.put(bucketMeta, metaCounters, a.next); err != nil {
		return err
	}
	if err := a.put(bucketMeta, metaLimits, a.limits); err != nil {
		return err
	}
	return a.put(bucketMeta, metaTxConfig, a.txConfig.toJSON())
}

// commitUser persists u and installs it as the current version (a.mu held).
// Callers pass a modified copy, so a failed write leaves memory untouched.
func (a *API) commitUser(u *User) error {
	if err := a.put(bucketUsers, recordKey(u.ID), u); err != nil {
		return err
	}
	if old := a.users[u.ID]; old != nil {
		delete(a.byLogin, strings.ToLower(old.Login))
		delete(a.byEmail, strings.ToLower(old.Email))
	}
	a.installUser(u)
	return nil
}

func (a *API) installUser(u *User) {
	a.users[u.ID] = u
	a.byLogin[strings.ToLower(u.Login)] = u.ID
	a.byEmail[strings.ToLower(u.Email)] = u.ID
	a.encodeUser(u)
}

func (a *API) removeUser(id int) error {
	if err := a.delete(bucketUsers, recordKey(id)); err != nil {
		return err
	}
	if old := a.users[id]; old != nil {
		delete(a.byLogin, strings.ToLower(old.Login))
		delete(a.byEmail, strings.ToLower(old.Email))
	}
	delete(a.users, id)
	return nil
}

// encodeUser refreshes the pre-encoded GET body of u.
func (a *API) encodeUser(u *User) {
	b, err := json.Marshal(struct {
		User userView `json:"user"`
	}{viewUser(u)})
	if err == nil {
		u.body = b
	}
}

// refreshUsage recomputes a user's used_* totals from their servers.
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
	a.encodeUser(u)
}

func (a *API) commitVM(vm *VirtualServer) error {
	if err := a.put(bucketVMs, recordKey(vm.ID), vm); err != nil {
		return err
	}
	a.vms[vm.ID] = vm
	a.vmByIdentifier[vm.Identifier] = vm.ID
	a.refreshUsage(vm.UserID)
	return nil
}

func (a *API) removeVM(id int) error {
	if err := a.delete(bucketVMs, recordKey(id)); err != nil {
		return err
	}
	if vm := a.vms[id]; vm != nil {
		delete(a.vmByIdentifier, vm.Identifier)
		delete(a.vms, id)
		a.refreshUsage(vm.UserID)
	}
	return nil
}

func (a *API) commitTx(t *Transaction) error {
	if err := a.put(bucketTxs, recordKey(t.ID), t); err != nil {
		return err
	}
	a.installTx(t)
	return nil
}

func (a *API) installTx(t *Transaction) {
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

// loadOrSeed fills memory from the store, or seeds an empty world (a.mu held).
func (a *API) loadOrSeed() error {
	a.initMemory()
	found, err := a.load()
	if err != nil {
		return err
	}
	if !found {
		return a.seed()
	}
	if err := a.applyAdminOptions(); err != nil {
		return err
	}
	if err := a.applyTxOptions(); err != nil {
		return err
	}
	a.resumeTransactions(time.Now())
	return nil
}

// optionsTxJSON is the duration part of Options in txConfig's wire form.
func (a *API) optionsTxJSON() TransactionConfig {
	return txConfig{Default: a.opts.TxDuration, Durations: a.opts.ActionDurations}.toJSON()
}

// applyTxOptions: when Options.TxDuration or ActionDurations differ from the
// last start's (the command line changed), they replace the stored durations;
// otherwise durations set through the control API survive the restart. Stored
// fail_actions always survive (a.mu held).
func (a *API) applyTxOptions() error {
	var last *TransactionConfig
	if err := a.store.ForEach(bucketMeta, func(k string, v []byte) error {
		if k != metaTxOptions {
			return nil
		}
		last = &TransactionConfig{}
		return json.Unmarshal(v, last)
	}); err != nil {
		return err
	}
	current := a.optionsTxJSON()
	if last != nil && last.DefaultDuration != nil && *last.DefaultDuration == *current.DefaultDuration &&
		maps.Equal(last.Durations, current.Durations) {
		return nil
	}
	a.txConfig.Default, a.txConfig.Durations = a.opts.TxDuration, copyDurations(a.opts.ActionDurations)
	if err := a.saveMeta(); err != nil {
		return err
	}
	return a.put(bucketMeta, metaTxOptions, current)
}

func (a *API) load() (bool, error) {
	found := false
	err := a.store.ForEach(bucketMeta, func(k string, v []byte) error {
		switch k {
		case metaCounters:
			found = true
			return json.Unmarshal(v, &a.next)
		case metaLimits:
			return json.Unmarshal(v, &a.limits)
		case metaTxConfig:
			var c TransactionConfig
			if err := json.Unmarshal(v, &c); err != nil {
				return err
			}
			return a.txConfig.apply(c)
		}
		return nil
	})
	if err != nil || !found {
		return found, err
	}
	if err := a.store.ForEach(bucketVMs, func(_ string, v []byte) error {
		vm := &VirtualServer{}
		if err := json.Unmarshal(v, vm); err != nil {
			return err
		}
		a.vms[vm.ID] = vm
		a.vmByIdentifier[vm.Identifier] = vm.ID
		return nil
	}); err != nil {
		return true, err
	}
	if err := a.store.ForEach(bucketUsers, func(_ string, v []byte) error {
		u := &User{}
		if err := json.Unmarshal(v, u); err != nil {
			return err
		}
		a.installUser(u)
		a.refreshUsage(u.ID)
		return nil
	}); err != nil {
		return true, err
	}
	return true, a.store.ForEach(bucketTxs, func(_ string, v []byte) error {
		t := &Transaction{}
		if err := json.Unmarshal(v, t); err != nil {
			return err
		}
		a.installTx(t)
		return nil
	})
}

// applyAdminOptions makes the admin's stored credentials match Options: the
// flags and the ready file are the truth after a restart (a.mu held).
func (a *API) applyAdminOptions() error {
	old := a.users[adminUserID]
	if old == nil {
		return nil
	}
	u := *old
	changed := false
	if u.Login != a.opts.AdminLogin || u.Email != a.opts.AdminEmail {
		u.Login, u.Email, changed = a.opts.AdminLogin, a.opts.AdminEmail, true
	}
	if !checkPassword(u.PasswordHash, a.opts.AdminPassword) {
		h, err := a.hashPassword(a.opts.AdminPassword)
		if err != nil {
			return err
		}
		u.PasswordHash, changed = h, true
	}
	if a.opts.AdminAPIKey != "" && u.APIKeyHash != hashAPIKey(a.opts.AdminAPIKey) {
		u.APIKeyHash, changed = hashAPIKey(a.opts.AdminAPIKey), true
	}
	if !changed {
		return nil
	}
	return a.commitUser(&u)
}
