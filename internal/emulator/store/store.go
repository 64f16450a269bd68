// Package store keeps the emulator's state: small JSON records grouped in
// buckets. A domain holds its working copy in memory and writes each change
// through one Update before it answers — one vendor request, one transaction —
// so an acknowledged write is durable and a failed one leaves nothing behind.
package store

import (
	"encoding/json"
	"sort"
	"sync"
)

// Store persists records by bucket and key. Implementations are safe for
// concurrent use.
type Store interface {
	// Update runs fn and commits every write it made through tx as one
	// transaction; it returns once they are durable. When fn or the commit
	// fails, none of them is kept. fn must not call the Store itself.
	Update(fn func(tx Tx) error) error
	// ForEach calls fn for every record of bucket in key order.
	ForEach(bucket string, fn func(key string, value []byte) error) error
	// Clear removes every record of every bucket.
	Clear() error
	// Close releases the store.
	Close() error
}

// Tx is the write side of one Update.
type Tx interface {
	// Put writes (or overwrites) one record.
	Put(bucket, key string, value []byte) error
	// Delete removes one record; deleting a missing record is not an error.
	Delete(bucket, key string) error
}

// PutJSON writes v, JSON-encoded, as one record of tx.
func PutJSON(tx Tx, bucket, key string, v any) error {
	value, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Put(bucket, key, value)
}

// Memory is a Store that lives only as long as the process.
type Memory struct {
	mu      sync.RWMutex
	buckets map[string]map[string][]byte
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	return &Memory{buckets: map[string]map[string][]byte{}}
}

// memoryTx collects the writes of one Update; they are applied together, under
// the store's lock, only once fn has succeeded.
type memoryTx struct{ writes []memoryWrite }

type memoryWrite struct {
	bucket, key string
	value       []byte // nil deletes
}

func (t *memoryTx) Put(bucket, key string, value []byte) error {
	t.writes = append(t.writes, memoryWrite{bucket, key, append([]byte{}, value...)})
	return nil
}

func (t *memoryTx) Delete(bucket, key string) error {
	t.writes = append(t.writes, memoryWrite{bucket: bucket, key: key})
	return nil
}

// Update implements Store.
func (m *Memory) Update(fn func(tx Tx) error) error {
	tx := &memoryTx{}
	if err := fn(tx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, w := range tx.writes {
		if w.value == nil {
			delete(m.buckets[w.bucket], w.key)
			continue
		}
		b := m.buckets[w.bucket]
		if b == nil {
			b = map[string][]byte{}
			m.buckets[w.bucket] = b
		}
		b[w.key] = w.value
	}
	return nil
}

// ForEach implements Store.
func (m *Memory) ForEach(bucket string, fn func(key string, value []byte) error) error {
	m.mu.RLock()
	b := m.buckets[bucket]
	keys := make([]string, 0, len(b))
	for k := range b {
		keys = append(keys, k)
	}
	values := make(map[string][]byte, len(b))
	for _, k := range keys {
		values[k] = append([]byte(nil), b[k]...)
	}
	m.mu.RUnlock()
	sort.Strings(keys)
	for _, k := range keys {
		if err := fn(k, values[k]); err != nil {
			return err
		}
	}
	return nil
}

// Clear implements Store.
func (m *Memory) Clear() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.buckets = map[string]map[string][]byte{}
	return nil
}

// Close implements Store.
func (m *Memory) Close() error { return nil }
