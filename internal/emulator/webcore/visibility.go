package webcore

import (
	"net/http"
	"strconv"
	"strings"
)

// Who sees what: the admin (user 1; rights are by id, not by role) sees and
// acts on everything, any other user only on their own user, servers and
// transactions. Whatever a caller may not see answers 404 exactly like what
// does not exist, so existence is never revealed.

// lockMode says whether a handler only reads (a.mu.RLock) or changes (a.mu.Lock).
type lockMode bool

const (
	reading lockMode = false
	writing lockMode = true
)

// lookup is the one way a handler reaches the object its path names: under
// a.mu, find it — none the caller may see answers 404 — and answer with what
// then makes of it.
func lookup[T any](a *API, mode lockMode, find func(*http.Request, int) *T, r *http.Request, caller int, then func(*T) reply) reply {
	if mode == writing {
		a.mu.Lock()
		defer a.mu.Unlock()
	} else {
		a.mu.RLock()
		defer a.mu.RUnlock()
	}
	obj := find(r, caller)
	if obj == nil {
		return notFound()
	}
	return then(obj)
}

func isAdmin(caller int) bool { return caller == adminUserID }

// visibleTo reports whether caller may see an object owned by owner.
func visibleTo(caller, owner int) bool { return isAdmin(caller) || caller == owner }

// findUser is the user named by the {id} path value, if the caller may see it
// (a.mu held).
func (a *API) findUser(r *http.Request, caller int) *User {
	id, ok := pathNumber(r)
	if u := a.users[id]; ok && u != nil && visibleTo(caller, u.ID) {
		return u
	}
	return nil
}

// findVM is the virtual server named by the {id} path value — its id or its
// identifier — if the caller may see it (a.mu held).
func (a *API) findVM(r *http.Request, caller int) *VirtualServer {
	ref, ok := pathID(r)
	if !ok {
		return nil
	}
	id, err := strconv.Atoi(ref)
	if err != nil {
		id = a.vmByIdentifier[ref]
	}
	if vm := a.vms[id]; vm != nil && visibleTo(caller, vm.UserID) {
		return vm
	}
	return nil
}

// findTransaction is the transaction named by the {id} path value, if the
// caller may see it (a.mu held).
func (a *API) findTransaction(r *http.Request, caller int) *Transaction {
	id, ok := pathNumber(r)
	if t := a.txs[id]; ok && t != nil && visibleTo(caller, t.UserID) {
		return t
	}
	return nil
}

// pathID is the {id} path value. Where {id} ends the route ("/users/{id}") it
// carries the format suffix, which must be a known one and is cut off; inside
// a route ("/users/{id}/user_api_keys/generate.json") it is taken as it is.
func pathID(r *http.Request) (string, bool) {
	v := r.PathValue("id")
	if !strings.HasSuffix(r.Pattern, "{id}") {
		return v, v != ""
	}
	base, _, ok := splitFormat(v)
	return base, ok && base != ""
}

func pathNumber(r *http.Request) (int, bool) {
	s, ok := pathID(r)
	n, err := strconv.Atoi(s)
	return n, ok && err == nil
}
