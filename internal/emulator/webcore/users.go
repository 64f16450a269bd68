package webcore

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"
)

func isAdmin(caller int) bool { return caller == adminUserID }

// bump returns a timestamp strictly after prev, so every PUT visibly
// changes updated_at even within one millisecond.
func bump(prev time.Time) time.Time {
	t := time.Now().UTC().Truncate(time.Millisecond)
	if !t.After(prev) {
		t = prev.Add(time.Millisecond)
	}
	return t
}

// refuseAfter returns how a PUT handler refuses a request: store first
// (the object with its bumped updated_at, which moves even on a refused PUT),
// then write the refusal; a failed store answers 500 instead.
func refuseAfter(w http.ResponseWriter, store func() error) func(writeRefusal func()) {
	return func(writeRefusal func()) {
		if err := store(); err != nil {
			internalError(w, err)
			return
		}
		writeRefusal()
	}
}

// userID parses the {id} path value of a user route.
func userID(r *http.Request, suffixed bool) (int, bool) {
	s, ok := parseID(r, suffixed)
	if !ok {
		return 0, false
	}
	id, err := strconv.Atoi(s)
	return id, err == nil
}

// visibleUser: the admin sees every user, others only themselves (a.mu held).
func (a *API) visibleUser(caller, id int) *User {
	if !isAdmin(caller) && caller != id {
		return nil
	}
	return a.users[id]
}

func (a *API) showUser(w http.ResponseWriter, r *http.Request, caller int) {
	id, ok := userID(r, true)
	if !ok {
		notFound(w)
		return
	}
	a.mu.RLock()
	u := a.visibleUser(caller, id)
	var body []byte
	if u != nil {
		body = u.body // immutable once built: safe to use after unlocking
	}
	a.mu.RUnlock()
	if body == nil {
		notFound(w)
		return
	}
	replyBytes(w, r, http.StatusOK, body, "")
}

func (a *API) listUsers(w http.ResponseWriter, r *http.Request, caller int) {
	a.mu.RLock()
	var bodies [][]byte
	for _, id := range sortedKeys(a.users) {
		if isAdmin(caller) || id == caller {
			bodies = append(bodies, a.users[id].body)
		}
	}
	a.mu.RUnlock()
	page, fe := paginate(r, bodies)
	if fe != nil {
		unprocessable(w, fe)
		return
	}
	// The list is the users' pre-encoded bodies joined: no re-encoding.
	out := append([]byte{'['}, bytes.Join(page, []byte{','})...)
	replyBytes(w, r, http.StatusOK, append(out, ']'), "users")
}

// userFields are the optional, freely editable user attributes.
func readUserFields(p params, fe fieldErrors, u *User) {
	for key, dst := range map[string]*string{"first_name": &u.FirstName, "last_name": &u.LastName, "time_zone": &u.TimeZone, "locale": &u.Locale} {
		if p.has(key) {
			s, _ := p.str(key)
			if len(s) > 255 {
				fe.add(key, "is too long (maximum is 255 characters)")
				continue
			}
			*dst = s
		}
	}
	if p.has("role_ids") {
		ids, err := p.intList("role_ids")
		if err != nil {
			fe.add("role_ids", err.Error())
		} else {
			u.RoleIDs = ids
		}
	}
	for key, dst := range map[string]**int{"user_group_id": &u.UserGroupID, "billing_plan_id": &u.BillingPlanID} {
		if _, present := p[key]; present && p[key] == nil {
			*dst = nil
			continue
		}
		if n, ok := p.optInt(fe, key); ok {
			if n < 1 {
				fe.add(key, "must be greater than 0")
				continue
			}
			*dst = &n
		}
	}
}

// taken reports whether another user already has this login or email.
func (a *API) taken(index map[string]int, value string, self int) bool {
	id, ok := index[strings.ToLower(value)]
	return ok && id != self
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request, caller int) {
	if !isAdmin(caller) {
		forbidden(w, "Only the administrator can create users")
		return
	}
	p, err := readParams(r, "user")
	if err != nil {
		unprocessable(w, fieldErrors{"base": {err.Error()}})
		return
	}
	fe := fieldErrors{}
	u := &User{Status: "active", Locale: "en", TimeZone: "UTC", RoleIDs: []int{}}
	u.Login, _ = p.str("login")
	u.Email, _ = p.str("email")
	password, _ := p.str("password")
	validateLogin(fe, u.Login)
	validateEmail(fe, u.Email)
	validatePassword(fe, password)
	if p.has("status") {
		u.Status, _ = p.str("status")
		validateUserStatus(fe, u.Status)
	}
	readUserFields(p, fe, u)
	a.mu.RLock()
	a.checkUnique(fe, u, 0)
	a.mu.RUnlock()
	if len(fe) > 0 {
		unprocessable(w, fe)
		return
	}
	// Hash outside the lock: bcrypt is deliberately slow.
	if u.PasswordHash, err = a.hashPassword(password); err != nil {
		internalError(w, err)
		return
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	a.checkUnique(fe, u, 0) // again: another request may have won meanwhile
	if len(fe) > 0 {
		unprocessable(w, fe)
		return
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	u.ID, u.Identifier, u.CreatedAt, u.UpdatedAt = a.nextID(&a.next.User), newIdentifier(), now, now
	if u.Status == "active" {
		u.ActivatedAt = &now
	}
	if err := a.saveMeta(); err != nil {
		internalError(w, err)
		return
	}
	if err := a.commitUser(u); err != nil {
		internalError(w, err)
		return
	}
	a.credentialsChanged()
	w.Header().Set("Location", "/users/"+strconv.Itoa(u.ID)+".json")
	replyBytes(w, r, http.StatusCreated, u.body, "")
}

func (a *API) checkUnique(fe fieldErrors, u *User, self int) {
	if len(fe["login"]) == 0 && a.taken(a.byLogin, u.Login, self) {
		fe.add("login", msgTaken)
	}
	if len(fe["email"]) == 0 && a.taken(a.byEmail, u.Email, self) {
		fe.add("email", msgTaken)
	}
}

func (a *API) updateUser(w http.ResponseWriter, r *http.Request, caller int) {
	id, ok := userID(r, true)
	if !ok {
		notFound(w)
		return
	}
	p, perr := readParams(r, "user")
	fe := fieldErrors{}
	if perr != nil {
		fe.add("base", perr.Error())
	}
	var newHash string
	if p.has("password") {
		pw, _ := p.str("password")
		validatePassword(fe, pw)
		if len(fe["password"]) == 0 {
			h, err := a.hashPassword(pw) // before locking: bcrypt is slow
			if err != nil {
				internalError(w, err)
				return
			}
			newHash = h
		}
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	old := a.visibleUser(caller, id)
	if old == nil {
		notFound(w)
		return
	}
	// updated_at moves on every PUT, even one that fails (vendor behaviour).
	bumped := *old
	bumped.UpdatedAt = bump(old.UpdatedAt)
	fail := refuseAfter(w, func() error { return a.commitUser(&bumped) })
	if old.Status == "deleted" {
		fail(func() { forbidden(w, "User is deleted") })
		return
	}
	u := bumped
	if login, ok := p.str("login"); ok && login != old.Login {
		fe.add("login", "cannot be changed")
	}
	if p.has("email") {
		u.Email, _ = p.str("email")
		validateEmail(fe, u.Email)
		if len(fe["email"]) == 0 && a.taken(a.byEmail, u.Email, id) {
			fe.add("email", msgTaken)
		}
	}
	if p.has("status") {
		u.Status, _ = p.str("status")
		validateUserStatus(fe, u.Status)
		if id == adminUserID && u.Status != "active" {
			fe.add("status", "cannot be changed for the administrator")
		}
	}
	readUserFields(p, fe, &u)
	if len(fe) > 0 {
		fail(func() { unprocessable(w, fe) })
		return
	}
	if newHash != "" {
		u.PasswordHash = newHash
	}
	if u.Status == "active" && u.ActivatedAt == nil {
		t := u.UpdatedAt
		u.ActivatedAt = &t
	}
	if err := a.commitUser(&u); err != nil {
		internalError(w, err)
		return
	}
	if newHash != "" || u.Email != old.Email || u.Status != old.Status {
		a.credentialsChanged()
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) deleteUser(w http.ResponseWriter, r *http.Request, caller int) {
	id, ok := userID(r, true)
	if !ok {
		notFound(w)
		return
	}
	p, err := readParams(r, "user")
	if err != nil {
		unprocessable(w, fieldErrors{"base": {err.Error()}})
		return
	}
	force := false
	if p.has("force") {
		force, _ = p.boolean("force")
	} else if q := r.URL.Query().Get("force"); q != "" {
		force, _ = params{"force": q}.boolean("force")
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	old := a.visibleUser(caller, id)
	switch {
	case old == nil:
		notFound(w)
		return
	case !isAdmin(caller):
		forbidden(w, "Only the administrator can delete users")
		return
	case id == adminUserID:
		forbidden(w, "The administrator cannot be deleted")
		return
	}
	u := *old
	now := time.Now().UTC().Truncate(time.Millisecond)
	u.UpdatedAt = bump(old.UpdatedAt)
	u.Status = "deleted"
	if u.DeletedAt == nil {
		u.DeletedAt = &now
	}
	// First DELETE marks the user deleted; a forced or second one destroys.
	if force || old.Status == "deleted" {
		if old.Destroying {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		for _, vm := range a.vms {
			if vm.UserID == id {
				forbidden(w, "User has active virtual servers")
				return
			}
		}
		u.Destroying = true
		if err := a.commitUser(&u); err != nil {
			internalError(w, err)
			return
		}
		if err := a.queueChain(parentUser, id, id, []txSpec{{action: "destroy_user"}}); err != nil {
			internalError(w, err)
			return
		}
	} else if err := a.commitUser(&u); err != nil {
		internalError(w, err)
		return
	}
	a.credentialsChanged()
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) generateAPIKey(w http.ResponseWriter, r *http.Request, caller int) {
	id, ok := userID(r, false)
	if !ok {
		notFound(w)
		return
	}
	key := newAPIKey()
	a.mu.Lock()
	defer a.mu.Unlock()
	old := a.visibleUser(caller, id)
	if old == nil {
		notFound(w)
		return
	}
	u := *old
	u.APIKeyHash = hashAPIKey(key)
	u.UpdatedAt = bump(old.UpdatedAt)
	if err := a.commitUser(&u); err != nil {
		internalError(w, err)
		return
	}
	a.credentialsChanged()
	writeJSON(w, http.StatusCreated, map[string]string{"api_key": key})
}
