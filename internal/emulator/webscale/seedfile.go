package webscale

import (
	"encoding/json"
	"regexp"
	"strconv"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/seedfile"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// Seed is the "webscale" part of a seed file: applications and access keys a
// fresh world holds besides the defaults. Options.Seed nil means the defaults alone.
type Seed struct {
	Applications []SeedApplication `json:"applications"`
	AccessKeys   []SeedAccessKey   `json:"access_keys"`
	// ReplaceDefaults drops the default applications (the file's top-level
	// "replace_defaults"); the bootstrap key, the accounts and the users stay.
	ReplaceDefaults bool `json:"-"`
}

// SeedApplication is an application; its id is its name, as in
// /v2/app/{id}/logs. Account defaults to yours (/v2/accounts/1).
type SeedApplication struct {
	ID      string   `json:"id"`
	Aliases []string `json:"aliases"`
	Account string   `json:"account"`
}

// SeedAccessKey is an access key of user self whose secret is known in
// advance; expires_at (RFC 3339) may be absent (never expires) or past (expired).
type SeedAccessKey struct {
	Secret    string  `json:"secret"`
	ExpiresAt *string `json:"expires_at"`
}

var (
	appIDPattern  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`)
	aliasPattern  = regexp.MustCompile(`^[A-Za-z0-9*]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$`)
	secretPattern = regexp.MustCompile(`^[\x21-\x7e]{16,256}$`)
)

// Check reports what is wrong with s, under the path at ("webscale"). The
// bootstrap token is taken: a seeded secret must differ from it.
func (s *Seed) Check(p *seedfile.Problems, at, bootstrapToken string) {
	ids := map[string]string{}
	if !s.ReplaceDefaults {
		for _, app := range defaultApps {
			ids[app.Name] = "a default application"
		}
	}
	for i, app := range s.Applications {
		path := seedfile.Item(seedfile.Field(at, "applications"), i)
		switch owner, dup := ids[app.ID]; {
		case !appIDPattern.MatchString(app.ID):
			p.Add(seedfile.Field(path, "id"), "must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit")
		case dup:
			p.Add(seedfile.Field(path, "id"), "%q is already %s's id (set \"replace_defaults\": true to drop the defaults)", app.ID, owner)
		default:
			ids[app.ID] = path
		}
		for j, alias := range app.Aliases {
			if !aliasPattern.MatchString(alias) {
				p.Add(seedfile.Item(seedfile.Field(path, "aliases"), j), "%q is not a host name", alias)
			}
		}
		if app.Account != "" && app.Account != accountHref(selfAccountID) && app.Account != accountHref(otherAccountID) {
			p.Add(seedfile.Field(path, "account"), "must be %s (yours, the default) or %s (another account's: invisible to you)",
				accountHref(selfAccountID), accountHref(otherAccountID))
		}
	}

	secrets := map[string]string{bootstrapToken: "the bootstrap key (webscale_token)"}
	for i, k := range s.AccessKeys {
		path := seedfile.Item(seedfile.Field(at, "access_keys"), i)
		switch owner, dup := secrets[k.Secret]; {
		case !secretPattern.MatchString(k.Secret):
			p.Add(seedfile.Field(path, "secret"), "must be 16-256 printable ASCII characters without spaces")
		case dup:
			p.Add(seedfile.Field(path, "secret"), "is already the secret of %s", owner)
		default:
			secrets[k.Secret] = path
		}
		if k.ExpiresAt != nil {
			if _, err := time.Parse(time.RFC3339, *k.ExpiresAt); err != nil {
				p.Add(seedfile.Field(path, "expires_at"), "%q is not an RFC 3339 timestamp such as 2030-12-31T23:59:59Z", *k.ExpiresAt)
			}
		}
	}
}

// apps lists the applications a fresh world starts with.
func (s *Seed) apps() []Application {
	var out []Application
	if s == nil || !s.ReplaceDefaults {
		out = append(out, defaultApps...)
	}
	if s == nil {
		return out
	}
	for _, app := range s.Applications {
		account := app.Account
		if account == "" {
			account = accountHref(selfAccountID)
		}
		aliases := app.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		out = append(out, Application{Href: "/v2/applications/" + app.ID, Name: app.ID, Aliases: aliases, Account: account})
	}
	return out
}

// keys are the access keys a fresh world starts with: the bootstrap key (id 1)
// and the seed's, ids 2, 3, … in file order.
func (s *Seed) keys(bootstrapToken string, now time.Time) []AccessKeyRecord {
	key := func(id int, secret string) AccessKeyRecord {
		return AccessKeyRecord{ID: strconv.Itoa(id), UserID: selfUserID, Type: "bearer", Account: accountHref(selfAccountID),
			Durability: "persistent", SecretSHA256: hexDigest(secret), CreatedAt: now.UTC().Truncate(time.Second)}
	}
	out := []AccessKeyRecord{key(1, bootstrapToken)}
	if s == nil {
		return out
	}
	for i, k := range s.AccessKeys {
		rec := key(i+2, k.Secret)
		if k.ExpiresAt != nil {
			if t, err := time.Parse(time.RFC3339, *k.ExpiresAt); err == nil { // Check refused any other
				t = t.UTC()
				rec.Expiry = &t
			}
		}
		out = append(out, rec)
	}
	return out
}

// metaApplications stores the applications with the world, so a restart on a
// data dir serves what was seeded.
const metaApplications = "applications"

// seedLocked writes a fresh world — the seeded keys, the key id counter and the
// applications — in one store transaction, then installs it.
func (a *API) seedLocked() error {
	keys := a.seed.keys(a.bootstrapToken, a.clock.now())
	apps := a.seed.apps()
	err := a.store.Update(func(tx store.Tx) error {
		for _, rec := range keys {
			if err := store.PutJSON(tx, bucketKeys, storeKey(rec.ID), rec); err != nil {
				return err
			}
		}
		if err := store.PutJSON(tx, bucketMeta, metaApplications, apps); err != nil {
			return err
		}
		return store.PutJSON(tx, bucketMeta, metaNextKeyID, len(keys)+1)
	})
	if err != nil {
		return err
	}
	a.resetMemoryLocked()
	for _, rec := range keys {
		a.addKeyLocked(rec)
	}
	a.apps, a.nextKeyID = apps, len(keys)+1
	return nil
}

func loadApps(a *API, v []byte) error { return json.Unmarshal(v, &a.apps) }

// visibleApp returns the application when the caller's account owns it.
// Other accounts' apps are reported exactly like unknown ones (no existence leak).
func (a *API) visibleApp(id, account string) (Application, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	for _, app := range a.apps {
		if app.Name == id && app.Account == account {
			return app, true
		}
	}
	return Application{}, false
}
