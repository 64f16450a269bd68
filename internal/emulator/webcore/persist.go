package webcore

import (
	"encoding/json"
	"fmt"
	"maps"
	"time"
)

// Store layout. The domain has a store of its own; the bucket prefix only
// keeps stores written by earlier versions (one file for every domain) readable.
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

// recordKey zero-pads ids so the store's key order is id order.
func recordKey(id int) string { return fmt.Sprintf("%012d", id) }

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
	if err := a.backfillDisks(); err != nil {
		return err
	}
	a.resumeTransactions(time.Now())
	return nil
}

// optionsTxJSON is the duration part of Options in the wire form.
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
	cfg := a.txConfig
	cfg.Default, cfg.Durations = a.opts.TxDuration, copyDurations(a.opts.ActionDurations)
	return a.save(a.newChange().putTxConfig(cfg).putTxOptions(current))
}

// load installs every stored record; it reports false for a store that was
// never seeded (a.mu held).
func (a *API) load() (bool, error) {
	found := false
	err := a.store.ForEach(bucketMeta, func(k string, v []byte) error {
		switch k {
		case metaCounters:
			found = true
			return json.Unmarshal(v, &a.next)
		case metaLimits:
			return json.Unmarshal(v, &a.limits)
		case metaCatalog:
			return loadCatalog(a, v)
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
	// Servers before users: a user's usage totals are computed from them.
	if err := loadRecords(a, bucketVMs, func() *VirtualServer { return &VirtualServer{} }); err != nil {
		return true, err
	}
	if err := loadRecords(a, bucketUsers, func() *User { return &User{} }); err != nil {
		return true, err
	}
	return true, loadRecords(a, bucketTxs, func() *Transaction { return &Transaction{} })
}

// loadRecords installs every record of one bucket, in id order.
func loadRecords[R record](a *API, bucket string, fresh func() R) error {
	return a.store.ForEach(bucket, func(_ string, v []byte) error {
		rec := fresh()
		if err := json.Unmarshal(v, rec); err != nil {
			return err
		}
		rec.install(a)
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
	return a.save(a.newChange().put(&u))
}
