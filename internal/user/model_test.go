package user

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// plannedUser is a fully known plan as the schema would produce it.
func plannedUser(t *testing.T) resourceModel {
	t.Helper()
	return resourceModel{
		ID: types.StringValue("7"), Identifier: types.StringValue("abcdefghijklmn"),
		Login: types.StringValue("jdoe"), Email: types.StringValue("jdoe@example.com"),
		Password: types.StringValue("secret-1"), FirstName: types.StringValue("Jane"), LastName: types.StringValue("Doe"),
		RoleIDs:     types.SetValueMust(types.Int64Type, []attr.Value{types.Int64Value(3), types.Int64Value(1)}),
		UserGroupID: types.Int64Value(4), BillingPlanID: types.Int64Value(2),
		TimeZone: types.StringValue("UTC"), Locale: types.StringValue("en"), Status: types.StringValue("active"),
	}
}

func TestCreateRequestSendsKnownValuesOnly(t *testing.T) {
	m := plannedUser(t)
	m.TimeZone = types.StringUnknown()   // the API's default
	m.UserGroupID = types.Int64Unknown() // the API's choice
	m.RoleIDs = types.SetUnknown(types.Int64Type)
	req, diags := m.ToCreateRequest(context.Background())
	if diags.HasError() {
		t.Fatal(diags)
	}
	body, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"login":"jdoe","email":"jdoe@example.com","password":"secret-1","first_name":"Jane","last_name":"Doe",` +
		`"billing_plan_id":2,"locale":"en","status":"active"}`
	if string(body) != want {
		t.Errorf("create body\n got  %s\n want %s", body, want)
	}
}

func TestUpdateRequestSendsOnlyChanges(t *testing.T) {
	state := plannedUser(t)

	t.Run("nothing changed", func(t *testing.T) {
		_, changed, diags := plannedUser(t).ToUpdateRequest(context.Background(), state)
		if diags.HasError() || changed {
			t.Errorf("changed = %v, diags %v; want no change", changed, diags)
		}
	})

	t.Run("some fields", func(t *testing.T) {
		plan := plannedUser(t)
		plan.Email = types.StringValue("new@example.com")
		plan.Status = types.StringValue("suspended")
		plan.RoleIDs = types.SetValueMust(types.Int64Type, nil)
		plan.Login = types.StringValue("other") // replaced, never updated: must not be sent
		req, changed, diags := plan.ToUpdateRequest(context.Background(), state)
		if diags.HasError() || !changed {
			t.Fatalf("changed = %v, diags %v", changed, diags)
		}
		body, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		const want = `{"email":"new@example.com","role_ids":[],"status":"suspended"}`
		if string(body) != want {
			t.Errorf("update body\n got  %s\n want %s", body, want)
		}
	})

	t.Run("password after import", func(t *testing.T) {
		imported := state
		imported.Password = types.StringNull()
		req, changed, _ := plannedUser(t).ToUpdateRequest(context.Background(), imported)
		if !changed || req.Password == nil || *req.Password != "secret-1" {
			t.Errorf("changed = %v, password %v; want the configured password sent", changed, req.Password)
		}
	})
}

func TestFromAPI(t *testing.T) {
	created := time.Date(2026, 1, 2, 3, 4, 5, 600_000_000, time.FixedZone("x", 3600))
	u := &client.User{
		ID: 7, Identifier: "abcdefghijklmn", Login: "jdoe", Email: "jdoe@example.com", Status: "suspended",
		RoleIDs: []int64{5, 2}, UserGroupID: 0, BillingPlanID: 3, TimeZone: "UTC", Locale: "de",
		CreatedAt: created, UpdatedAt: time.Now(),
	}
	m := resourceModel{Password: types.StringValue("kept")}
	if diags := m.FromAPI(context.Background(), u); diags.HasError() {
		t.Fatal(diags)
	}
	wantRoles := types.SetValueMust(types.Int64Type, []attr.Value{types.Int64Value(2), types.Int64Value(5)})
	for name, pair := range map[string][2]any{
		"id":              {m.ID, types.StringValue("7")},
		"password":        {m.Password, types.StringValue("kept")},
		"first_name":      {m.FirstName, types.StringValue("")},
		"user_group_id":   {m.UserGroupID, types.Int64Null()},
		"billing_plan_id": {m.BillingPlanID, types.Int64Value(3)},
		"role_ids":        {m.RoleIDs, wantRoles},
		"created_at":      {m.CreatedAt, types.StringValue("2026-01-02T02:04:05Z")},
		"activated_at":    {m.ActivatedAt, types.StringNull()},
		"status":          {m.Status, types.StringValue("suspended")},
	} {
		if got, want := pair[0].(attr.Value), pair[1].(attr.Value); !got.Equal(want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}

// A user without roles has an empty role set, not a null one: null would
// differ from a configured role_ids = [] and break the apply.
func TestFromAPI_noRolesIsAnEmptySet(t *testing.T) {
	var m resourceModel
	if diags := m.FromAPI(context.Background(), &client.User{ID: 7}); diags.HasError() {
		t.Fatal(diags)
	}
	if m.RoleIDs.IsNull() || len(m.RoleIDs.Elements()) != 0 {
		t.Errorf("role_ids = %s, want an empty set", m.RoleIDs)
	}
}

func TestRolesToConverge(t *testing.T) {
	plan := plannedUser(t)
	plan.RoleIDs = types.SetValueMust(types.Int64Type, nil)
	created := &client.User{RoleIDs: []int64{9}}
	var diags diag.Diagnostics
	fix, ok := rolesToConverge(context.Background(), plan, created, &diags)
	if !ok || fix == nil || len(*fix) != 0 {
		t.Errorf("explicit [] against API roles [9]: got %v, %v; want an empty list to send", fix, ok)
	}
	created.RoleIDs = nil
	if _, ok := rolesToConverge(context.Background(), plan, created, &diags); ok {
		t.Error("roles already match, yet a fix was proposed")
	}
	plan.RoleIDs = types.SetUnknown(types.Int64Type)
	created.RoleIDs = []int64{9}
	if _, ok := rolesToConverge(context.Background(), plan, created, &diags); ok {
		t.Error("unset roles are the API's choice, yet a fix was proposed")
	}
}
