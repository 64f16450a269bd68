package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Bolt is a Store kept in one bbolt file. bbolt is pure Go, needs no server,
// and fsyncs every committed transaction, so an acknowledged Update survives kill -9.
type Bolt struct {
	db *bolt.DB
}

// OpenBolt opens (creating if needed) the bbolt file at path.
func OpenBolt(path string) (*Bolt, error) {
	// The timeout turns "another emulator holds this data dir" into an error instead of a hang.
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return &Bolt{db: db}, nil
}

// Update implements Store: fn's writes are one bbolt transaction, fsynced
// before Update returns and rolled back when fn fails.
func (b *Bolt) Update(fn func(tx Tx) error) error {
	return b.db.Update(func(tx *bolt.Tx) error { return fn(boltTx{tx}) })
}

// boltTx creates buckets on first write, like Memory, so callers never declare them.
type boltTx struct{ tx *bolt.Tx }

func (t boltTx) Put(bucket, key string, value []byte) error {
	bk, err := t.tx.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return err
	}
	return bk.Put([]byte(key), value)
}

func (t boltTx) Delete(bucket, key string) error {
	bk := t.tx.Bucket([]byte(bucket))
	if bk == nil {
		return nil
	}
	return bk.Delete([]byte(key))
}

// ForEach implements Store. Values are copied, so fn may keep them.
func (b *Bolt) ForEach(bucket string, fn func(key string, value []byte) error) error {
	type record struct {
		key   string
		value []byte
	}
	var records []record
	// Copy out first: fn may call Update, which would deadlock inside a read transaction.
	err := b.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(bucket))
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(k, v []byte) error {
			records = append(records, record{key: string(k), value: append([]byte(nil), v...)})
			return nil
		})
	})
	if err != nil {
		return err
	}
	for _, r := range records {
		if err := fn(r.key, r.value); err != nil {
			return err
		}
	}
	return nil
}

// Clear implements Store.
func (b *Bolt) Clear() error {
	return b.db.Update(func(tx *bolt.Tx) error {
		var names [][]byte
		if err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			names = append(names, append([]byte(nil), name...))
			return nil
		}); err != nil {
			return err
		}
		for _, name := range names {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return nil
	})
}

// Close implements Store.
func (b *Bolt) Close() error { return b.db.Close() }
