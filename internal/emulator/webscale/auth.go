package webscale

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// lastUsedPersistEvery bounds how often a key's last_used is written to the store:
// memory is updated on every request, the store at most once a minute per key, so
// authentication never costs an fsync on the hot path.
const lastUsedPersistEvery = time.Minute

type callerKey struct{}

// caller is the authenticated access key of a request.
func caller(r *http.Request) AccessKeyRecord {
	k, _ := r.Context().Value(callerKey{}).(*accessKey)
	return k.record
}

// authenticated enforces the token rule on every Webscale path: exactly one of
// the Bearer header and the authorization query parameter, naming a live key.
func (a *API) authenticated(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		query := r.URL.Query()
		_, inQuery := query["authorization"]
		if header != "" && inQuery {
			WriteError(w, http.StatusBadRequest, "send the access token either in the Authorization header or in the authorization query parameter, not both")
			return
		}
		var token string
		switch {
		case inQuery:
			token = query.Get("authorization")
		case header != "":
			scheme, rest, _ := strings.Cut(header, " ")
			if !strings.EqualFold(scheme, "Bearer") {
				WriteError(w, http.StatusUnauthorized, "the Authorization header must use the Bearer scheme")
				return
			}
			token = strings.TrimSpace(rest)
		}
		if token == "" {
			WriteError(w, http.StatusUnauthorized, "an access token is required")
			return
		}
		key := a.lookupToken(token)
		if key == nil {
			WriteError(w, http.StatusUnauthorized, "the access token is invalid, expired or deleted")
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), callerKey{}, key)))
	})
}

// lookupToken returns the live key whose secret is token, recording its use.
func (a *API) lookupToken(token string) *accessKey {
	d := digestOf(token)
	now := a.clock.now()
	a.mu.RLock()
	key := a.byDigest[d]
	a.mu.RUnlock()
	if key == nil || (key.record.Expiry != nil && !now.Before(*key.record.Expiry)) {
		return nil
	}
	key.lastUsed.Store(now.UnixNano())
	if prev := key.lastUsedPersist.Load(); now.UnixNano()-prev >= int64(lastUsedPersistEvery) &&
		key.lastUsedPersist.CompareAndSwap(prev, now.UnixNano()) {
		a.persistLastUsed(key)
	}
	return key
}

// persistLastUsed writes a key's last_used, unless the key was deleted meanwhile.
func (a *API) persistLastUsed(key *accessKey) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.keys[key.record.ID] != key {
		return
	}
	// Write the record only: replacing the in-memory key (as putKeyLocked does) would
	// lose last_used updates that concurrent requests make to the key they hold.
	err := a.store.Update(func(tx store.Tx) error {
		return store.PutJSON(tx, bucketKeys, storeKey(key.record.ID), key.snapshot())
	})
	if err != nil {
		a.logger.Warn("webscale: persisting last_used failed", "key_id", key.record.ID, "error", err)
	}
}
