package webcore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

func (a *API) showUser(r *http.Request, caller int) reply {
	return lookup(a, reading, a.findUser, r, caller, func(u *User) reply {
		return ok(json.RawMessage(u.body)) // immutable once built: safe to write after unlocking
	})
}

func (a *API) listUsers(r *http.Request, caller int) reply {
	a.mu.RLock()
	defer a.mu.RUnlock()
	var bodies [][]byte
	for _, id := range sortedKeys(a.users) {
		if visibleTo(caller, id) {
			bodies = append(bodies, a.users[id].body)
		}
	}
	page, fe := paginate(r, bodies)
	if fe != nil {
		return unprocessable(fe)
	}
	// The list is the users' pre-encoded bodies joined: no re-encoding.
	list := append([]byte{'['}, bytes.Join(page, []byte{','})...)
	return okList(json.RawMessage(append(list, ']')), "users")
}

// readUserFields reads the optional, freely editable user attributes.
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

// checkRoles refuses sent role_ids that name no role the panel has, one
// message per unknown id (the spec is silent: emulator README, Users). a.mu held.
func (a *API) checkRoles(fe fieldErrors, p params, ids []int) {
	if !p.has("role_ids") || len(fe["role_ids"]) > 0 {
		return
	}
	for _, id := range ids {
		if !slices.ContainsFunc(a.lookups.roles, func(r Role) bool { return r.ID == id }) {
			fe.add("role_ids", fmt.Sprintf("role %d does not exist", id))
		}
	}
}

// taken reports whether another user already has this login or email.
func (a *API) taken(index map[string]int, value string, self int) bool {
	id, ok := index[strings.ToLower(value)]
	return ok && id != self
}

func (a *API) checkUnique(fe fieldErrors, u *User, self int) {
	if len(fe["login"]) == 0 && a.taken(a.byLogin, u.Login, self) {
		fe.add("login", msgTaken)
	}
	if len(fe["email"]) == 0 && a.taken(a.byEmail, u.Email, self) {
		fe.add("email", msgTaken)
	}
}

func (a *API) createUser(r *http.Request, caller int) reply {
	if !isAdmin(caller) {
		return forbidden("Only the administrator can create users")
	}
	p, err := readParams(r, "user")
	if err != nil {
		return unprocessable(fieldErrors{"base": {err.Error()}})
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
	a.checkRoles(fe, p, u.RoleIDs)
	a.mu.RUnlock()
	if len(fe) > 0 {
		return unprocessable(fe)
	}
	// Hash outside the lock: bcrypt is deliberately slow.
	if u.PasswordHash, err = a.hashPassword(password); err != nil {
		return failed(err)
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	a.checkUnique(fe, u, 0) // again: another request may have won meanwhile
	if len(fe) > 0 {
		return unprocessable(fe)
	}
	c := a.newChange()
	now := nowMillis()
	u.ID, u.Identifier, u.CreatedAt, u.UpdatedAt = c.nextID(&c.next.User), newIdentifier(), now, now
	if u.Status == "active" {
		u.ActivatedAt = &now
	}
	return a.commit(c.put(u), func() reply {
		return created(json.RawMessage(u.body), "/users/"+strconv.Itoa(u.ID)+".json")
	})
}

func (a *API) updateUser(r *http.Request, caller int) reply {
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
				return failed(err)
			}
			newHash = h
		}
	}

	return lookup(a, writing, a.findUser, r, caller, func(old *User) reply {
		touched := old.changed() // what a refused PUT stores
		if old.Status == "deleted" {
			return a.failedPUTStillMovesUpdatedAt(touched, forbidden("User is deleted"))
		}
		u := *touched
		if login, ok := p.str("login"); ok && login != old.Login {
			fe.add("login", "cannot be changed")
		}
		if p.has("email") {
			u.Email, _ = p.str("email")
			validateEmail(fe, u.Email)
			if len(fe["email"]) == 0 && a.taken(a.byEmail, u.Email, u.ID) {
				fe.add("email", msgTaken)
			}
		}
		if p.has("status") {
			u.Status, _ = p.str("status")
			validateUserStatus(fe, u.Status)
			if u.ID == adminUserID && u.Status != "active" {
				fe.add("status", "cannot be changed for the administrator")
			}
		}
		readUserFields(p, fe, &u)
		a.checkRoles(fe, p, u.RoleIDs)
		if len(fe) > 0 {
			return a.failedPUTStillMovesUpdatedAt(touched, unprocessable(fe))
		}
		if newHash != "" {
			u.PasswordHash = newHash
		}
		if u.Status == "active" && u.ActivatedAt == nil {
			t := u.UpdatedAt
			u.ActivatedAt = &t
		}
		return a.commit(a.newChange().put(&u), noContent)
	})
}

// deleteUser: the first DELETE marks the user deleted; a forced or second one
// queues destroy_user, which removes the user when it completes.
func (a *API) deleteUser(r *http.Request, caller int) reply {
	p, err := readParams(r, "user")
	if err != nil {
		return unprocessable(fieldErrors{"base": {err.Error()}})
	}
	force := false
	if p.has("force") {
		force, _ = p.boolean("force")
	} else if q := r.URL.Query().Get("force"); q != "" {
		force, _ = params{"force": q}.boolean("force")
	}

	return lookup(a, writing, a.findUser, r, caller, func(old *User) reply {
		switch {
		case !isAdmin(caller):
			return forbidden("Only the administrator can delete users")
		case old.ID == adminUserID:
			return forbidden("The administrator cannot be deleted")
		}
		u := old.changed()
		u.Status = "deleted"
		if u.DeletedAt == nil {
			now := nowMillis()
			u.DeletedAt = &now
		}
		c := a.newChange()
		if force || old.Status == "deleted" {
			if old.Destroying {
				return noContent()
			}
			if a.ownsServers(old.ID) {
				return forbidden("User has active virtual servers")
			}
			u.Destroying = true
			c.queueChain(parentUser, u.ID, u.ID, []txSpec{{action: "destroy_user"}})
		}
		return a.commit(c.put(u), noContent)
	})
}

// ownsServers reports whether any server belongs to the user (a.mu held).
func (a *API) ownsServers(userID int) bool {
	for _, vm := range a.vms {
		if vm.UserID == userID {
			return true
		}
	}
	return false
}

func (a *API) generateAPIKey(r *http.Request, caller int) reply {
	key := newAPIKey()
	return lookup(a, writing, a.findUser, r, caller, func(old *User) reply {
		u := old.changed()
		u.APIKeyHash = hashAPIKey(key)
		return a.commit(a.newChange().put(u), func() reply {
			// The key is shown this once, and always as JSON (also on an .xml path).
			return reply{status: http.StatusCreated, body: map[string]string{"api_key": key}, jsonOnly: true}
		})
	})
}
