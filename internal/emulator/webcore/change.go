package webcore

import (
	"encoding/json"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// One vendor request is one store transaction. A handler builds a change —
// the new versions of the records it touches, made as copies of the ones in
// memory, and the ids it allocates — and ends with commit: the change goes to
// the store in one transaction and is installed in memory only once that
// succeeded, so a store error answers 500 and leaves memory equal to disk. A
// server create stores the server, its whole build chain and the id counters
// together; an engine transition stores a step's status together with its
// effect (applyStep).

// change is one commit's worth of writes; built and committed with a.mu held.
type change struct {
	next   counters // the id counters as this change leaves them
	writes []write
	queued bool // a transaction chain was queued: the engine starts it after the commit
}

// write is one record of a change.
type write struct {
	bucket, key string
	value       any          // nil deletes the record
	install     func(a *API) // makes the write current in memory; nil for records memory does not hold
}

// record is a stored object: where it is stored and how it becomes current.
type record interface {
	storedAt() (bucket, key string)
	install(a *API)
}

func (a *API) newChange() *change { return &change{next: a.next} }

// nextID allocates an id from one of the change's counters: c.nextID(&c.next.User).
func (c *change) nextID(counter *int) int {
	*counter++
	return *counter
}

// put stores rec as the current version of its object.
func (c *change) put(rec record) *change {
	bucket, key := rec.storedAt()
	c.writes = append(c.writes, write{bucket: bucket, key: key, value: rec, install: rec.install})
	return c
}

func (c *change) removeUser(id int) *change {
	c.writes = append(c.writes, write{bucket: bucketUsers, key: recordKey(id), install: func(a *API) { a.uninstallUser(id) }})
	return c
}

func (c *change) removeVM(id int) *change {
	c.writes = append(c.writes, write{bucket: bucketVMs, key: recordKey(id), install: func(a *API) { a.uninstallVM(id) }})
	return c
}

func (c *change) putLimits(l Limits) *change {
	c.writes = append(c.writes, write{bucket: bucketMeta, key: metaLimits, value: l, install: func(a *API) { a.limits = l }})
	return c
}

func (c *change) putTxConfig(cfg txConfig) *change {
	c.writes = append(c.writes, write{bucket: bucketMeta, key: metaTxConfig, value: cfg.toJSON(), install: func(a *API) { a.txConfig = cfg }})
	return c
}

// putTxOptions records the Options durations of this start (see applyTxOptions).
func (c *change) putTxOptions(j TransactionConfig) *change {
	c.writes = append(c.writes, write{bucket: bucketMeta, key: metaTxOptions, value: j})
	return c
}

// commit is how a vendor request ends: save c, then answer; a store error
// answers 500 and changes nothing (a.mu held).
func (a *API) commit(c *change, answer func() reply) reply {
	if err := a.save(c); err != nil {
		return failed(err)
	}
	return answer()
}

// save stores c in one store transaction and then installs it in memory; on
// error nothing changed (a.mu held).
func (a *API) save(c *change) error {
	writes, err := a.encode(c)
	if err == nil {
		err = a.storeWrites(writes)
	}
	if err != nil {
		return err
	}
	a.install(c)
	return nil
}

// applyStep commits an engine transition. The engine cannot refuse time
// passing: when the store fails, the step still happens in memory and its
// writes wait in a.unsaved. Every later store transaction writes them first —
// the engine retries within unsavedRetryEvery, and a request's commit carries
// them too — so disk catches up with memory as soon as the store works again.
// Only in that window does memory run ahead of disk. (a.mu held)
func (a *API) applyStep(c *change) {
	writes, err := a.encode(c)
	if err == nil {
		err = a.storeWrites(writes)
	}
	if err != nil {
		a.log.Error("webcore: storing a transaction step failed; the engine retries", "err", err)
		for _, w := range writes {
			a.unsaved[w.bucket+"/"+w.key] = w
		}
	}
	a.install(c)
}

// unsavedRetryEvery is how soon the engine writes unsaved steps again.
const unsavedRetryEvery = 100 * time.Millisecond

// retryUnsaved writes the steps the store refused before, if any (a.mu held).
func (a *API) retryUnsaved() {
	if len(a.unsaved) > 0 {
		_ = a.storeWrites(nil) // still failing: they stay unsaved for the next try
	}
}

// storedWrite is a write encoded for the store; a nil value deletes.
type storedWrite struct {
	bucket, key string
	value       []byte
}

// encode turns c into store writes, the id counters included when they moved.
func (a *API) encode(c *change) ([]storedWrite, error) {
	writes := c.writes
	if c.next != a.next {
		writes = append(writes[:len(writes):len(writes)], write{bucket: bucketMeta, key: metaCounters, value: c.next})
	}
	out := make([]storedWrite, 0, len(writes))
	for _, w := range writes {
		sw := storedWrite{bucket: w.bucket, key: w.key}
		if w.value != nil {
			b, err := json.Marshal(w.value)
			if err != nil {
				return nil, err
			}
			sw.value = b
		}
		out = append(out, sw)
	}
	return out, nil
}

// storeWrites writes the unsaved engine steps and then writes in one store
// transaction (a.mu held).
func (a *API) storeWrites(writes []storedWrite) error {
	err := a.store.Update(func(tx store.Tx) error {
		for _, w := range a.unsaved {
			if err := w.writeTo(tx); err != nil {
				return err
			}
		}
		for _, w := range writes {
			if err := w.writeTo(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		clear(a.unsaved)
	}
	return err
}

func (w storedWrite) writeTo(tx store.Tx) error {
	if w.value == nil {
		return tx.Delete(w.bucket, w.key)
	}
	return tx.Put(w.bucket, w.key, w.value)
}

// install makes a stored change current in memory (a.mu held).
func (a *API) install(c *change) {
	a.next = c.next
	for _, w := range c.writes {
		if w.install != nil {
			w.install(a)
		}
	}
	if c.queued {
		a.advance(time.Now()) // the first step of a queued chain starts at once
		a.kick()
	}
}
