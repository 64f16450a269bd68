package webscale

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// AccessKey is the API's view of a key (AccessKeyConfiguration + href, durability, last_used).
type AccessKey struct {
	Href       string  `json:"href"`
	Type       string  `json:"type"`
	Expiry     *string `json:"expiry"`
	Account    string  `json:"account"`
	Durability string  `json:"durability"`
	LastUsed   *string `json:"last_used"`
}

// AccessKeySecret is the create response: the only place the secret ever appears.
type AccessKeySecret struct {
	AccessKey
	SecretKey string `json:"secret_key"`
}

// accessKeyConfiguration is the create request body.
type accessKeyConfiguration struct {
	Type    string  `json:"type"`
	Expiry  *string `json:"expiry"`
	Account string  `json:"account"`
}

func formatTime(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func toAccessKey(rec AccessKeyRecord) AccessKey {
	return AccessKey{
		Href:       userHref(rec.UserID) + "/access-keys/" + rec.ID,
		Type:       rec.Type,
		Expiry:     formatTime(rec.Expiry),
		Account:    rec.Account,
		Durability: rec.Durability,
		LastUsed:   formatTime(rec.LastUsed),
	}
}

// resolveUser maps the {user} path segment to a user the caller may act on:
// only the caller itself, as "self" or by id. Anyone else is 404, like an unknown user.
func resolveUser(r *http.Request) (User, string, bool) {
	self := caller(r).UserID
	id := r.PathValue("user")
	if id == "self" {
		id = self
	}
	if id != self {
		return User{}, "", false
	}
	u, ok := seededUsers[id]
	return u, id, ok
}

func (a *API) showUser(w http.ResponseWriter, r *http.Request) {
	u, _, ok := resolveUser(r)
	if !ok {
		WriteError(w, http.StatusNotFound, "user not found")
		return
	}
	httpjson.Write(w, http.StatusOK, u)
}

func (a *API) showAccount(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("account_id")
	if accountHref(id) != caller(r).Account {
		WriteError(w, http.StatusNotFound, "account not found")
		return
	}
	httpjson.Write(w, http.StatusOK, seededAccounts[id])
}

func (a *API) listAccessKeys(w http.ResponseWriter, r *http.Request) {
	_, userID, ok := resolveUser(r)
	if !ok {
		WriteError(w, http.StatusNotFound, "user not found")
		return
	}
	a.mu.RLock()
	out := []AccessKey{}
	for _, k := range a.sortedKeysLocked() {
		if k.record.UserID == userID {
			out = append(out, toAccessKey(k.snapshot()))
		}
	}
	a.mu.RUnlock()
	httpjson.Write(w, http.StatusOK, out)
}

func (a *API) createAccessKey(w http.ResponseWriter, r *http.Request) {
	_, userID, ok := resolveUser(r)
	if !ok {
		WriteError(w, http.StatusNotFound, "user not found")
		return
	}
	var cfg accessKeyConfiguration
	if err := json.NewDecoder(r.Body).Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		WriteError(w, http.StatusBadRequest, "the body must be an AccessKeyConfiguration JSON object")
		return
	}
	now := a.clock.now()
	rec := AccessKeyRecord{UserID: userID, Type: "bearer", Account: caller(r).Account, Durability: "persistent",
		CreatedAt: now.UTC().Truncate(time.Second)}
	if cfg.Type != "" && cfg.Type != "bearer" {
		WriteError(w, http.StatusBadRequest, `type must be "bearer"`)
		return
	}
	if cfg.Expiry != nil {
		expiry, err := time.Parse(time.RFC3339, *cfg.Expiry)
		if err != nil {
			WriteError(w, http.StatusBadRequest, "expiry must be an RFC 3339 timestamp")
			return
		}
		if !expiry.After(now) {
			WriteError(w, http.StatusBadRequest, "expiry must be in the future")
			return
		}
		expiry = expiry.UTC()
		rec.Expiry = &expiry
	}
	if cfg.Account != "" && cfg.Account != rec.Account {
		WriteError(w, http.StatusForbidden, "an access key can only be created for your own account")
		return
	}
	secret := rand.Text() + rand.Text() // two 128-bit random strings, 52 base32 characters
	rec.SecretSHA256 = hexDigest(secret)

	a.mu.Lock()
	rec.ID = strconv.Itoa(a.nextKeyID)
	err := a.saveKeyLocked(rec, a.nextKeyID+1)
	a.mu.Unlock()
	if err != nil {
		a.logger.Error("webscale: create access key", "error", err)
		WriteError(w, http.StatusInternalServerError, "storing the access key failed")
		return
	}
	httpjson.Write(w, http.StatusOK, AccessKeySecret{AccessKey: toAccessKey(rec), SecretKey: secret})
}

func (a *API) deleteAccessKey(w http.ResponseWriter, r *http.Request) {
	_, userID, ok := resolveUser(r)
	if !ok {
		WriteError(w, http.StatusNotFound, "user not found")
		return
	}
	id := r.PathValue("key_id")
	a.mu.Lock()
	key := a.keys[id]
	if key == nil || key.record.UserID != userID {
		a.mu.Unlock()
		WriteError(w, http.StatusNotFound, "access key not found")
		return
	}
	if err := a.store.Update(func(tx store.Tx) error { return tx.Delete(bucketKeys, storeKey(id)) }); err != nil {
		a.mu.Unlock()
		a.logger.Error("webscale: delete access key", "error", err)
		WriteError(w, http.StatusInternalServerError, "deleting the access key failed")
		return
	}
	delete(a.keys, id)
	delete(a.byDigest, mustDigest(key.record.SecretSHA256))
	a.mu.Unlock()
	httpjson.Write(w, http.StatusOK, toAccessKey(key.snapshot()))
}
