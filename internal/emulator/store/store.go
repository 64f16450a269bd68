// Package store keeps the emulator's state: small JSON records grouped in
// buckets. Domains hold their working copy in memory and write every change
// through a Store before they answer, so an acknowledged write is durable.
package store

import (
	"sort"
	"sync"
)

// Store persists records by bucket and key. Implementations are safe for
// concurrent use.
type Store interface {
	// Put writes (or overwrites) one record; it returns once the write is durable.
	Put(bucket, key string, value []byte) error
	// Delete removes one record; deleting a missing record is not an error.
	Delete(bucket, key string) error
	// ForEach calls fn for every record of bucket in key order.
	ForEach(bucket string, fn func(key string, value []byte) error) error
	// Clear removes every record of every bucket.
	Clear() error
	// Close releases the store.
	Close() error
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

// Put implements Store.
func (m *Memory) Put(bucket, key string, value []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.buckets[bucket]
	if b == nil {
		b = map[string][]byte{}
		m.buckets[bucket] = b
	}
	b[key] = append([]byte(nil), value...)
	return nil
}

// Delete implements Store.
func (m *Memory) Delete(bucket, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.buckets[bucket], key)
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
