package webcore

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

func TestUsers_CreateReadList(t *testing.T) {
	e := newEnv(t)
	r := e.expect(e.do(adminPass, "POST", "/users.json", map[string]any{"user": map[string]any{
		"login": "carol.x", "email": "carol@example.com", "password": "secret-1", "first_name": "Carol",
		"role_ids": []any{1, "2"}, "billing_plan_id": "7", "unknown_field": "ignored"}}), http.StatusCreated)
	u := r.obj(t, "user")
	id := num(u["id"])
	if got := r.header.Get("Location"); got != fmt.Sprintf("/users/%d.json", id) {
		t.Fatalf("Location %q", got)
	}
	if strings.Contains(string(r.body), "secret-1") || strings.Contains(string(r.body), `"password"`) || strings.Contains(string(r.body), "password_hash") {
		t.Fatalf("response leaks the password: %s", r.body)
	}
	if !regexp.MustCompile(`^[a-z0-9]{14}$`).MatchString(u["identifier"].(string)) {
		t.Fatalf("identifier %v", u["identifier"])
	}
	if u["status"] != "active" || u["locale"] != "en" || num(u["billing_plan_id"]) != 7 || fmt.Sprint(u["role_ids"]) != "[1 2]" {
		t.Fatalf("user %v", u)
	}
	got := e.expect(e.do(adminPass, "GET", fmt.Sprintf("/users/%d.json", id), nil), http.StatusOK).obj(t, "user")
	if got["login"] != "carol.x" || got["first_name"] != "Carol" {
		t.Fatalf("GET user %v", got)
	}
	list := e.expect(e.do(adminPass, "GET", "/users.json", nil), http.StatusOK).list(t, "user")
	if len(list) != 2 || num(list[0]["id"]) != 1 || num(list[1]["id"]) != id {
		t.Fatalf("list %v", list)
	}
}

func TestUsers_Paging(t *testing.T) {
	e := newEnv(t)
	for _, l := range []string{"u1", "u2", "u3", "u4"} {
		e.createUser(l)
	}
	page := e.expect(e.do(adminPass, "GET", "/users.json?page=2&per_page=2", nil), http.StatusOK).list(t, "user")
	if len(page) != 2 || page[0]["login"] != "u2" || page[1]["login"] != "u3" {
		t.Fatalf("page 2 = %v", page)
	}
	if n := len(e.expect(e.do(adminPass, "GET", "/users.json?page=9&per_page=2", nil), http.StatusOK).list(t, "user")); n != 0 {
		t.Fatalf("page past the end has %d users", n)
	}
	e.expectBody(e.do(adminPass, "GET", "/users.json?page=0", nil), http.StatusUnprocessableEntity,
		`{"errors":{"page":["must be a positive integer"]}}`)
}

// TestPaginate_HugeValuesNeverPanic: page and per_page near MaxInt once overflowed
// (page-1)*per_page into a small start and start+per_page into a negative bound.
func TestPaginate_HugeValuesNeverPanic(t *testing.T) {
	items := []int{1, 2, 3, 4, 5}
	for query, want := range map[string][]int{
		"page=9223372036854775806&per_page=9223372036854775807": {},
		"page=1&per_page=9223372036854775807":                   {1, 2, 3, 4, 5},
		"page=9223372036854775807&per_page=2":                   {},
		"page=3&per_page=2":                                     {5},
		"page=2&per_page=3":                                     {4, 5},
		"per_page=5":                                            {1, 2, 3, 4, 5},
		"page=2&per_page=5":                                     {},
	} {
		got, fe := paginate(httptest.NewRequest(http.MethodGet, "/users.json?"+query, nil), items)
		if fe != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v %v, want %v", query, got, fe, want)
		}
	}
	// Four items times a per_page of 2^62 overflows to 0: the count of pages must not.
	four := items[:4]
	if got, fe := paginate(httptest.NewRequest(http.MethodGet, "/users.json?per_page=4611686018427387904", nil), four); fe != nil || !reflect.DeepEqual(got, four) {
		t.Errorf("per_page=2^62 over 4 items: got %v %v", got, fe)
	}
}

func TestUsers_CreateValidation(t *testing.T) {
	e := newEnv(t)
	e.createUser("taken")
	for name, tc := range map[string]struct {
		body map[string]any
		want string
	}{
		"all missing": {map[string]any{},
			`{"errors":{"login":["can't be blank"],"email":["can't be blank"],"password":["can't be blank"]}}`},
		"short login and password": {map[string]any{"login": "a", "email": "a@example.com", "password": "12345"},
			`{"errors":{"login":["is too short (minimum is 2 characters)"],"password":["is too short (minimum is 6 characters)"]}}`},
		"login leading dash": {map[string]any{"login": "-bad", "email": "b@example.com", "password": "123456"},
			`{"errors":{"login":["is invalid"]}}`},
		"login leading at": {map[string]any{"login": "@bad", "email": "b@example.com", "password": "123456"},
			`{"errors":{"login":["is invalid"]}}`},
		"login bad char": {map[string]any{"login": "bad name", "email": "b@example.com", "password": "123456"},
			`{"errors":{"login":["is invalid"]}}`},
		"login too long": {map[string]any{"login": strings.Repeat("x", 41), "email": "b@example.com", "password": "123456"},
			`{"errors":{"login":["is too long (maximum is 40 characters)"]}}`},
		"bad email and status": {map[string]any{"login": "okay", "email": "not-an-email", "password": "123456", "status": "zombie"},
			`{"errors":{"email":["is invalid"],"status":["is not included in the list"]}}`},
		"taken": {map[string]any{"login": "TAKEN", "email": "taken@example.com", "password": "123456"},
			`{"errors":{"login":["has already been taken"],"email":["has already been taken"]}}`},
		"bad number": {map[string]any{"login": "okay", "email": "okay@example.com", "password": "123456", "billing_plan_id": "lots"},
			`{"errors":{"billing_plan_id":["is not a number"]}}`},
		"unknown roles": {map[string]any{"login": "okay", "email": "okay@example.com", "password": "123456", "role_ids": []any{2, 7, "8"}},
			`{"errors":{"role_ids":["role 7 does not exist","role 8 does not exist"]}}`},
	} {
		t.Run(name, func(t *testing.T) {
			e.expectBody(e.do(adminPass, "POST", "/users.json", map[string]any{"user": tc.body}), http.StatusUnprocessableEntity, tc.want)
		})
	}
	e.expectBody(e.do(adminPass, "POST", "/users.json", "{not json"), http.StatusUnprocessableEntity,
		`{"errors":{"base":["body is not a JSON object"]}}`)
}

func TestUsers_UpdateWrappedUnwrappedAndLoginChange(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("dave")
	path := fmt.Sprintf("/users/%d.json", id)
	e.expect(e.do(adminPass, "PUT", path, map[string]any{"user": map[string]any{"first_name": "Dave", "login": "dave"}}), http.StatusNoContent)
	e.expect(e.do(adminPass, "PUT", path, map[string]any{"last_name": "Jones", "user_group_id": "4"}), http.StatusNoContent)
	u := e.expect(e.do(adminPass, "GET", path, nil), http.StatusOK).obj(t, "user")
	if u["first_name"] != "Dave" || u["last_name"] != "Jones" || num(u["user_group_id"]) != 4 {
		t.Fatalf("after PUTs: %v", u)
	}

	before := u["updated_at"]
	e.expectBody(e.do(adminPass, "PUT", path, map[string]any{"user": map[string]any{"login": "david"}}),
		http.StatusUnprocessableEntity, `{"errors":{"login":["cannot be changed"]}}`)
	after := e.expect(e.do(adminPass, "GET", path, nil), http.StatusOK).obj(t, "user")
	if after["updated_at"] == before {
		t.Fatalf("updated_at %v not bumped by a failing PUT", before)
	}
	if after["login"] != "dave" {
		t.Fatalf("login changed to %v", after["login"])
	}

	e.createUser("erin")
	e.expectBody(e.do(adminPass, "PUT", path, map[string]any{"email": "erin@example.com", "password": "123"}), http.StatusUnprocessableEntity,
		`{"errors":{"email":["has already been taken"],"password":["is too short (minimum is 6 characters)"]}}`)
	e.expectBody(e.do(adminPass, "PUT", "/users/1.json", map[string]any{"status": "suspended"}), http.StatusUnprocessableEntity,
		`{"errors":{"status":["cannot be changed for the administrator"]}}`)
	e.expectBody(e.do(adminPass, "PUT", "/users/999.json", map[string]any{}), http.StatusNotFound, `{"errors":["Resource not found"]}`)
}

// A role id that names no role is refused on update too, and the user keeps
// the roles it had; the roles a seed file adds are accepted.
func TestUsers_RoleIDsMustNameRoles(t *testing.T) {
	opts := testOptions(store.NewMemory())
	opts.Seed = &Seed{Roles: []SeedRole{{ID: 7, Label: "Auditor"}}}
	e := newEnvWith(t, opts)
	id := e.createUser("frank")
	path := fmt.Sprintf("/users/%d.json", id)
	e.expect(e.do(adminPass, "PUT", path, map[string]any{"role_ids": []any{2, 7}}), http.StatusNoContent)
	e.expectBody(e.do(adminPass, "PUT", path, map[string]any{"role_ids": []any{1, 9}}), http.StatusUnprocessableEntity,
		`{"errors":{"role_ids":["role 9 does not exist"]}}`)
	u := e.expect(e.do(adminPass, "GET", path, nil), http.StatusOK).obj(t, "user")
	if fmt.Sprint(u["role_ids"]) != "[2 7]" {
		t.Fatalf("role_ids after a refused PUT = %v, want [2 7]", u["role_ids"])
	}
	e.expect(e.do(adminPass, "PUT", path, map[string]any{"role_ids": []any{}}), http.StatusNoContent)
}

func TestUsers_TwoStepDelete(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("frank")
	path := fmt.Sprintf("/users/%d.json", id)
	e.expect(e.do(adminPass, "DELETE", path, nil), http.StatusNoContent)
	u := e.expect(e.do(adminPass, "GET", path, nil), http.StatusOK).obj(t, "user")
	if u["status"] != "deleted" || u["deleted_at"] == nil {
		t.Fatalf("after first DELETE: %v", u)
	}
	e.expect(e.do(cred{"frank", "password-frank"}, "GET", path, nil), http.StatusUnauthorized)
	e.expect(e.do(adminPass, "DELETE", path, nil), http.StatusNoContent)
	txs := e.expect(e.do(adminPass, "GET", "/transactions.json", nil), http.StatusOK).list(t, "transaction")
	if txs[0]["action"] != "destroy_user" || txs[0]["parent_type"] != "User" || num(txs[0]["parent_id"]) != id {
		t.Fatalf("newest transaction %v", txs[0])
	}
	eventually(t, "user to be destroyed", func() bool { return e.do(adminPass, "GET", path, nil).status == http.StatusNotFound })
	e.expectBody(e.do(adminPass, "GET", path, nil), http.StatusNotFound, `{"errors":["Resource not found"]}`)
	tx := e.expect(e.do(adminPass, "GET", fmt.Sprintf("/transactions/%d.json", num(txs[0]["id"])), nil), http.StatusOK).obj(t, "transaction")
	if tx["status"] != txComplete {
		t.Fatalf("destroy_user %v", tx)
	}
}

func TestUsers_ForceDelete(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("gina")
	gina := cred{"gina", "password-gina"}
	vm := e.createVM(gina, nil)
	path := fmt.Sprintf("/users/%d.json", id)
	e.expectBody(e.do(adminPass, "DELETE", path, map[string]any{"force": 1}), http.StatusForbidden,
		`{"errors":{"base":["User has active virtual servers"]}}`)
	e.waitIdle(vm)
	e.expect(e.do(gina, "DELETE", fmt.Sprintf("/virtual_machines/%d.json", vm), nil), http.StatusCreated)
	eventually(t, "server to be destroyed", func() bool {
		return e.do(adminPass, "GET", fmt.Sprintf("/virtual_machines/%d.json", vm), nil).status == http.StatusNotFound
	})
	e.expect(e.do(adminPass, "DELETE", path+"?force=1", nil), http.StatusNoContent)
	eventually(t, "user to be destroyed", func() bool { return e.do(adminPass, "GET", path, nil).status == http.StatusNotFound })

	e.expectBody(e.do(adminPass, "DELETE", "/users/1.json", nil), http.StatusForbidden,
		`{"errors":{"base":["The administrator cannot be deleted"]}}`)
	e.expect(e.do(adminPass, "DELETE", "/users/424242.json", nil), http.StatusNotFound)
}

func TestUsers_PathFormats(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/users/1", "/users/1.yaml", "/users/abc.json", "/users/.json"} {
		e.expectBody(e.do(adminPass, "GET", p, nil), http.StatusNotFound, `{"errors":["Resource not found"]}`)
	}
}

// TestUsers_PasswordLongerThanBcryptTakesIsA422: bcrypt refuses more than 72
// bytes, so a longer password is a field error, on create and on update,
// never a 500 from the hash; 72 bytes of two-byte characters are taken.
func TestUsers_PasswordLongerThanBcryptTakesIsA422(t *testing.T) {
	e := newEnv(t)
	const tooLong = `{"errors":{"password":["is too long (maximum is 72 bytes)"]}}`
	e.expectBody(e.do(adminPass, "POST", "/users.json", map[string]any{"user": map[string]any{
		"login": "longpw", "email": "longpw@example.com", "password": strings.Repeat("p", 100)}}),
		http.StatusUnprocessableEntity, tooLong)
	e.expect(e.do(adminPass, "POST", "/users.json", map[string]any{"user": map[string]any{
		"login": "longpw", "email": "longpw@example.com", "password": strings.Repeat("é", 36)}}), http.StatusCreated)
	id := e.createUser("longpw2")
	e.expectBody(e.do(adminPass, "PUT", fmt.Sprintf("/users/%d.json", id), map[string]any{"password": strings.Repeat("é", 36) + "x"}),
		http.StatusUnprocessableEntity, tooLong)
}
