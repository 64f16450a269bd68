package client

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestDecodeLooseUser(t *testing.T) {
	body := `{"ID": "7", "login": 42, "role_ids": ["3", 1, true], "user_group_id": null,
		"created_at": "2026-01-02 03:04:05 UTC", "activated_at": "", "unknown_field": {"a": 1}}`
	var u User
	if err := json.Unmarshal([]byte(body), &u); err != nil {
		t.Fatal(err)
	}
	if u.ID != 7 {
		t.Errorf("id = %d: keys match case-insensitively, as in encoding/json", u.ID)
	}
	if u.Login != "42" || u.UserGroupID != 0 {
		t.Errorf("login %q, user_group_id %d", u.Login, u.UserGroupID)
	}
	if len(u.RoleIDs) != 3 || u.RoleIDs[0] != 3 || u.RoleIDs[1] != 1 || u.RoleIDs[2] != 1 {
		t.Errorf("role_ids = %v, want [3 1 1]", u.RoleIDs)
	}
	if !u.CreatedAt.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) || !u.ActivatedAt.IsZero() {
		t.Errorf("created_at %s, activated_at %s", u.CreatedAt, u.ActivatedAt)
	}
}

func TestDecodeLooseErrorNamesTheField(t *testing.T) {
	var u User
	err := json.Unmarshal([]byte(`{"id": 1, "user_group_id": "many"}`), &u)
	if err == nil || !strings.Contains(err.Error(), "user_group_id") {
		t.Fatalf("error %v does not name the field", err)
	}
	// A secret-bearing string field never echoes an object it cannot read.
	err = json.Unmarshal([]byte(`{"login": {"secret": "s3cr3t"}}`), &u)
	if err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Fatalf("error %v: want a refusal that does not echo the value", err)
	}
}

func TestDecodeLooseWantsAStructPointer(t *testing.T) {
	var n int
	if err := decodeLoose([]byte(`{}`), &n); err == nil {
		t.Fatal("a pointer to an int was accepted")
	}
	var u User
	if err := decodeLoose([]byte(`null`), &u); err != nil || u.ID != 0 {
		t.Fatalf("null: %v %+v", err, u)
	}
}
