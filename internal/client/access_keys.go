package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// AccessKeyTypeBearer is the only access key type.
const AccessKeyTypeBearer = "bearer"

// AccessKeyConfiguration is the body that creates an access key.
type AccessKeyConfiguration struct {
	Type    string     // default "bearer"
	Expiry  *time.Time // nil = never expires; must be in the future
	Account string     // "/v2/accounts/{id}"; empty = the caller's account
}

// MarshalJSON sends the expiry as RFC 3339 UTC and leaves out unset fields.
func (c AccessKeyConfiguration) MarshalJSON() ([]byte, error) {
	wire := struct {
		Type    string `json:"type"`
		Expiry  string `json:"expiry,omitempty"`
		Account string `json:"account,omitempty"`
	}{Type: c.Type, Account: c.Account}
	if wire.Type == "" {
		wire.Type = AccessKeyTypeBearer
	}
	if c.Expiry != nil {
		wire.Expiry = c.Expiry.UTC().Format(time.RFC3339)
	}
	return json.Marshal(wire)
}

// AccessKey is a Webscale access key without its secret.
type AccessKey struct {
	Type       string
	Expiry     *time.Time // nil = never expires
	Account    string
	Href       string // /v2/users/{user}/access-keys/{id}
	Durability string // persistent | session
	LastUsed   *time.Time
}

// ID returns the key's id, the last segment of its href.
func (k AccessKey) ID() string { return lastSegment(k.Href) }

// accessKeyWire is the loose wire form of AccessKey and AccessKeySecret.
type accessKeyWire struct {
	Type       flexString `json:"type"`
	Expiry     flexTime   `json:"expiry"`
	Account    flexString `json:"account"`
	Href       flexString `json:"href"`
	Durability flexString `json:"durability"`
	LastUsed   flexTime   `json:"last_used"`
	SecretKey  flexString `json:"secret_key"`
}

func (w accessKeyWire) key() AccessKey {
	return AccessKey{
		Type:       string(w.Type),
		Expiry:     timePtr(w.Expiry),
		Account:    string(w.Account),
		Href:       string(w.Href),
		Durability: string(w.Durability),
		LastUsed:   timePtr(w.LastUsed),
	}
}

func timePtr(t flexTime) *time.Time {
	if t.IsZero() {
		return nil
	}
	v := t.Time
	return &v
}

// UnmarshalJSON implements json.Unmarshaler.
func (k *AccessKey) UnmarshalJSON(data []byte) error {
	var w accessKeyWire
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*k = w.key()
	return nil
}

// AccessKeySecret is an access key with its secret, returned only on create.
type AccessKeySecret struct {
	AccessKey
	SecretKey string
}

// UnmarshalJSON implements json.Unmarshaler (it would otherwise be shadowed
// by the embedded AccessKey's).
func (k *AccessKeySecret) UnmarshalJSON(data []byte) error {
	var w accessKeyWire
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*k = AccessKeySecret{AccessKey: w.key(), SecretKey: string(w.SecretKey)}
	return nil
}

func accessKeysPath(user string) string {
	if user == "" {
		user = "self"
	}
	return "/users/" + url.PathEscape(user) + "/access-keys"
}

// ListAccessKeys lists a user's access keys; user "" means "self".
func (s *Webscale) ListAccessKeys(ctx context.Context, user string) ([]AccessKey, error) {
	var keys []AccessKey
	if err := s.doJSON(ctx, webscaleRequest{method: http.MethodGet, path: accessKeysPath(user)}, &keys); err != nil {
		return nil, err
	}
	return keys, nil
}

// CreateAccessKey creates an access key and returns it with its secret,
// which can never be read again.
func (s *Webscale) CreateAccessKey(ctx context.Context, user string, cfg AccessKeyConfiguration) (*AccessKeySecret, error) {
	var key AccessKeySecret
	if err := s.doJSON(ctx, webscaleRequest{method: http.MethodPost, path: accessKeysPath(user), body: cfg}, &key); err != nil {
		return nil, err
	}
	return &key, nil
}

// DeleteAccessKey deletes an access key and returns it as it was.
func (s *Webscale) DeleteAccessKey(ctx context.Context, user, id string) (*AccessKey, error) {
	var key AccessKey
	r := webscaleRequest{method: http.MethodDelete, path: accessKeysPath(user) + "/" + url.PathEscape(id)}
	if err := s.doJSON(ctx, r, &key); err != nil {
		return nil, err
	}
	return &key, nil
}
