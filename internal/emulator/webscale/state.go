package webscale

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// Store buckets. Secrets are never stored, only their SHA-256 digests.
const (
	bucketMeta      = "meta"
	bucketKeys      = "access_keys"
	bucketDownloads = "downloads"
	metaNextKeyID   = "next_key_id"
)

// digest is the SHA-256 of a secret (access key secret or download token).
type digest [sha256.Size]byte

func digestOf(secret string) digest { return sha256.Sum256([]byte(secret)) }

// accessKey is one access key. lastUsed is atomic so authentication only needs a read lock.
type accessKey struct {
	record          AccessKeyRecord
	lastUsed        atomic.Int64 // unix nanoseconds; 0 = never used
	lastUsedPersist atomic.Int64 // the lastUsed value last written to the store
}

// AccessKeyRecord is an access key as stored and as dumped by State.
type AccessKeyRecord struct {
	ID           string     `json:"id"`
	UserID       string     `json:"user_id"`
	Type         string     `json:"type"`
	Expiry       *time.Time `json:"expiry"`
	Account      string     `json:"account"`
	Durability   string     `json:"durability"`
	SecretSHA256 string     `json:"secret_sha256"`
	CreatedAt    time.Time  `json:"created_at"`
	LastUsed     *time.Time `json:"last_used"`
}

// DownloadRecord is one logs download link as stored and dumped; the token itself is never kept.
type DownloadRecord struct {
	TokenSHA256 string    `json:"token_sha256"`
	AppID       string    `json:"app_id"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	ExpiresAt   time.Time `json:"expires_at"`
}

func storeKey(id string) string {
	n, err := strconv.Atoi(id)
	if err != nil {
		return id
	}
	return fmt.Sprintf("%012d", n) // zero-padded so the store's key order is numeric order
}

// load reads the state from the store; it reports false when the store has never been seeded.
func (a *API) load() (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.resetMemoryLocked()
	seeded := false
	err := a.store.ForEach(bucketMeta, func(key string, value []byte) error {
		switch key {
		case metaNextKeyID:
			seeded = true
			return json.Unmarshal(value, &a.nextKeyID)
		case metaApplications:
			return loadApps(a, value)
		}
		return nil
	})
	if err != nil || !seeded {
		return false, err
	}
	err = a.store.ForEach(bucketKeys, func(_ string, value []byte) error {
		var rec AccessKeyRecord
		if err := json.Unmarshal(value, &rec); err != nil {
			return err
		}
		a.addKeyLocked(rec)
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("webscale: load access keys: %w", err)
	}
	err = a.store.ForEach(bucketDownloads, func(_ string, value []byte) error {
		var d DownloadRecord
		if err := json.Unmarshal(value, &d); err != nil {
			return err
		}
		var dg digest
		if _, err := hex.Decode(dg[:], []byte(d.TokenSHA256)); err != nil {
			return err
		}
		a.downloads[dg] = &d
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("webscale: load downloads: %w", err)
	}
	// The configured token may change between runs: the bootstrap key follows it.
	if k := a.keys[bootstrapKeyID]; k != nil && k.record.SecretSHA256 != hexDigest(a.bootstrapToken) {
		rec := k.record
		rec.SecretSHA256 = hexDigest(a.bootstrapToken)
		if err := a.saveKeyLocked(rec, a.nextKeyID); err != nil {
			return false, err
		}
	}
	return true, nil
}

// seedWorld writes the fresh world: the bootstrap key of user "self" and the seed file's part.
func (a *API) seedWorld() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.seedLocked()
}

func (a *API) resetMemoryLocked() {
	a.keys = map[string]*accessKey{}
	a.byDigest = map[digest]*accessKey{}
	a.downloads = map[digest]*DownloadRecord{}
	a.nextKeyID = 1
	a.apps = defaultApps // a world stored before applications were stored serves the defaults
}

func hexDigest(secret string) string {
	d := digestOf(secret)
	return hex.EncodeToString(d[:])
}

// saveKeyLocked stores the key and the key id counter in one transaction, then
// installs both in memory; a failed store changes nothing.
func (a *API) saveKeyLocked(rec AccessKeyRecord, nextKeyID int) error {
	err := a.store.Update(func(tx store.Tx) error {
		if err := store.PutJSON(tx, bucketKeys, storeKey(rec.ID), rec); err != nil {
			return err
		}
		return store.PutJSON(tx, bucketMeta, metaNextKeyID, nextKeyID)
	})
	if err != nil {
		return fmt.Errorf("webscale: store access key: %w", err)
	}
	if old := a.keys[rec.ID]; old != nil {
		delete(a.byDigest, mustDigest(old.record.SecretSHA256))
	}
	a.addKeyLocked(rec)
	a.nextKeyID = nextKeyID
	return nil
}

func (a *API) addKeyLocked(rec AccessKeyRecord) {
	k := &accessKey{record: rec}
	if rec.LastUsed != nil {
		k.lastUsed.Store(rec.LastUsed.UnixNano())
		k.lastUsedPersist.Store(rec.LastUsed.UnixNano())
	}
	a.keys[rec.ID] = k
	a.byDigest[mustDigest(rec.SecretSHA256)] = k
}

func mustDigest(h string) digest {
	var d digest
	_, _ = hex.Decode(d[:], []byte(h)) // only ever fed hexDigest output
	return d
}

// snapshot returns the key's record with its current last_used.
func (k *accessKey) snapshot() AccessKeyRecord {
	rec := k.record
	rec.LastUsed = nil
	if n := k.lastUsed.Load(); n != 0 {
		t := time.Unix(0, n).UTC()
		rec.LastUsed = &t
	}
	return rec
}

// State is the Webscale part of GET /_emulator/state. Secrets are never kept, so
// access keys and download links carry only SHA-256 digests.
type State struct {
	Accounts     []Account         `json:"accounts"`
	Users        []User            `json:"users"`
	Applications []Application     `json:"applications"`
	AccessKeys   []AccessKeyRecord `json:"access_keys"`
	Downloads    []DownloadRecord  `json:"downloads"`
	NextKeyID    int               `json:"next_key_id"`
	ClockOffset  string            `json:"clock_offset"`
}

// State returns a snapshot of the domain (copies, safe to keep).
func (a *API) State() State {
	a.mu.RLock()
	defer a.mu.RUnlock()
	s := State{
		Applications: append([]Application(nil), a.apps...),
		AccessKeys:   []AccessKeyRecord{},
		Downloads:    []DownloadRecord{},
		NextKeyID:    a.nextKeyID,
		ClockOffset:  time.Duration(a.clock.offset.Load()).String(),
	}
	for _, id := range []string{selfAccountID, otherAccountID} {
		s.Accounts = append(s.Accounts, seededAccounts[id])
	}
	for _, id := range []string{selfUserID, otherUserID} {
		s.Users = append(s.Users, seededUsers[id])
	}
	for _, k := range a.sortedKeysLocked() {
		s.AccessKeys = append(s.AccessKeys, k.snapshot())
	}
	for _, d := range a.downloads {
		s.Downloads = append(s.Downloads, *d)
	}
	sort.Slice(s.Downloads, func(i, j int) bool { return s.Downloads[i].ExpiresAt.Before(s.Downloads[j].ExpiresAt) })
	return s
}

func (a *API) sortedKeysLocked() []*accessKey {
	out := make([]*accessKey, 0, len(a.keys))
	for _, k := range a.keys {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b *accessKey) int { return strings.Compare(storeKey(a.record.ID), storeKey(b.record.ID)) })
	return out
}
