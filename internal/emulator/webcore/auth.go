package webcore

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// authCacheMax bounds the cache; past it the cache starts over.
const authCacheMax = 10000

// hashPassword uses bcrypt (default cost unless Options.PasswordCost says
// otherwise): a password hash is only checked on an auth-cache miss, so its
// price is paid once per credential, not per request.
func (a *API) hashPassword(pw string) (string, error) {
	// bcrypt takes a cost below its minimum (0: not set) as its default.
	h, err := bcrypt.GenerateFromPassword([]byte(pw), a.opts.PasswordCost)
	return string(h), err
}

func checkPassword(hash, pw string) bool {
	return hash != "" && bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// checkRequestPassword is checkPassword for a request's credentials; it
// counts the comparisons (passwordChecks), the price of an auth-cache miss.
func (a *API) checkRequestPassword(hash, pw string) bool {
	if hash == "" {
		return false
	}
	a.passwordChecks.Add(1)
	if a.beforePasswordCheck != nil {
		a.beforePasswordCheck()
	}
	return checkPassword(hash, pw)
}

// hashAPIKey uses plain SHA-256: API keys are 160 random bits, so a slow
// hash adds nothing against guessing.
func hashAPIKey(key string) string {
	s := sha256.Sum256([]byte(key))
	return hex.EncodeToString(s[:])
}

func newAPIKey() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

const identifierAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// newIdentifier returns 14 lowercase alphanumerics, like the vendor's.
func newIdentifier() string {
	b := make([]byte, 14)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = identifierAlphabet[int(b[i])%len(identifierAlphabet)]
	}
	return string(b)
}

// authCache maps SHA-256(username ":" secret) to a user id, so a request with
// known credentials costs one SHA-256, never a bcrypt.
type authCache struct {
	mu sync.RWMutex
	m  map[[32]byte]int
}

func (c *authCache) reset() {
	c.mu.Lock()
	c.m = map[[32]byte]int{}
	c.mu.Unlock()
}

func (c *authCache) get(k [32]byte) (int, bool) {
	c.mu.RLock()
	id, ok := c.m[k]
	c.mu.RUnlock()
	return id, ok
}

func (c *authCache) put(k [32]byte, id int) {
	c.mu.Lock()
	if len(c.m) >= authCacheMax {
		c.m = map[[32]byte]int{}
	}
	c.m[k] = id
	c.mu.Unlock()
}

// credentialsChanged invalidates every cached credential (a.mu held for
// writing). Called on any change to a password, API key, login, email,
// status or user existence.
func (a *API) credentialsChanged() {
	// a.credGen-- would do as well (an equivalent mutant): what matters is
	// that no generation comes back, and a decrementing count never does.
	a.credGen++
	a.auth.reset()
}

// canAuthenticate: suspended and deleted users are refused (emulator choice).
func canAuthenticate(u *User) bool { return u.Status == "active" && !u.Destroying }

// authenticate returns the user id for the request's Basic credentials, or 0.
func (a *API) authenticate(r *http.Request) int {
	username, secret, ok := r.BasicAuth()
	if !ok || username == "" || secret == "" {
		return 0
	}
	key := sha256.Sum256([]byte(username + ":" + secret))
	if id, ok := a.auth.get(key); ok {
		return id
	}
	// Miss. A new client opens with several requests at once: those with the
	// same credential share one check (one bcrypt) instead of each paying it.
	// The flight is keyed by the credential's digest, so a different secret
	// never shares another's answer, and by the credential generation, so a
	// request that sees a change never joins a check begun before it.
	a.mu.RLock()
	gen := a.credGen
	a.mu.RUnlock()
	flight := string(key[:]) + strconv.FormatUint(gen, 10)
	id, _, _ := a.authFlight.Do(flight, func() (any, error) {
		return a.checkCredentials(username, secret, key, gen), nil
	})
	return id.(int)
}

// checkCredentials verifies username and secret against the users and caches
// a success, unless a credential changed since generation gen.
func (a *API) checkCredentials(username, secret string, key [32]byte, gen uint64) int {
	// Copy what the check needs and verify without holding a.mu: bcrypt is slow.
	a.mu.RLock()
	var loginUser, emailUser *User
	if id, ok := a.byLogin[strings.ToLower(username)]; ok {
		if u := a.users[id]; u.Login == username && canAuthenticate(u) {
			c := *u
			loginUser = &c
		}
	}
	if id, ok := a.byEmail[strings.ToLower(username)]; ok {
		if u := a.users[id]; canAuthenticate(u) {
			c := *u
			emailUser = &c
		}
	}
	a.mu.RUnlock()

	id := 0
	if emailUser != nil && emailUser.APIKeyHash != "" &&
		subtle.ConstantTimeCompare([]byte(emailUser.APIKeyHash), []byte(hashAPIKey(secret))) == 1 {
		id = emailUser.ID
	} else if loginUser != nil && a.checkRequestPassword(loginUser.PasswordHash, secret) {
		id = loginUser.ID
	}
	if id == 0 {
		return 0
	}
	a.mu.RLock()
	if a.credGen == gen {
		a.auth.put(key, id)
	}
	a.mu.RUnlock()
	return id
}
