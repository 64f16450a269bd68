package webcore

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/seedfile"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// TestLookups_ProfileRolesZones: /profile.json is the caller's own user;
// roles and zones list the defaults, and the admin's role_ids name a role.
func TestLookups_ProfileRolesZones(t *testing.T) {
	e := newEnv(t)
	admin := e.expect(e.do(adminKey, "GET", "/profile.json", nil), http.StatusOK).obj(t, "user")
	if num(admin["id"]) != adminUserID || admin["login"] != testLogin || fmt.Sprint(admin["role_ids"]) != "[1]" {
		t.Fatalf("admin's profile %v", admin)
	}
	id := e.createUser("carol")
	carol := e.expect(e.do(cred{"carol", "password-carol"}, "GET", "/profile.json", nil), http.StatusOK).obj(t, "user")
	if num(carol["id"]) != id || carol["login"] != "carol" {
		t.Fatalf("carol's profile %v", carol)
	}
	e.expect(e.do(noAuth, "GET", "/profile.json", nil), http.StatusUnauthorized)

	roles := e.expect(e.do(cred{"carol", "password-carol"}, "GET", "/roles.json", nil), http.StatusOK).list(t, "role")
	if len(roles) != 2 || num(roles[0]["id"]) != roleAdministrator || roles[0]["label"] != "Administrator" ||
		roles[0]["system"] != true || roles[1]["identifier"] != "user" || roles[1]["created_at"] != "2025-01-06T09:30:00.000Z" {
		t.Fatalf("roles %v", roles)
	}
	zones := e.expect(e.do(adminPass, "GET", "/hypervisor_zones.json", nil), http.StatusOK).list(t, "hypervisor_group")
	if len(zones) != 2 || num(zones[1]["id"]) != 2 || zones[1]["label"] != "Frankfurt" || num(zones[1]["location_group_id"]) != 2 {
		t.Fatalf("zones %v", zones)
	}
	// Every default hypervisor is in a zone the list names.
	for _, hv := range e.api.hypervisors {
		if hv.HypervisorGroupID != 1 && hv.HypervisorGroupID != 2 {
			t.Errorf("hypervisor %d is in group %d, which no zone is", hv.ID, hv.HypervisorGroupID)
		}
	}
	xml := e.expect(e.do(adminPass, "GET", "/roles.xml", nil), http.StatusOK)
	if !strings.Contains(string(xml.body), `<roles type="array">`) || !strings.Contains(string(xml.body), "<label>User</label>") {
		t.Fatalf("roles as XML: %s", xml.body)
	}
}

// TestLookups_SingleTemplateAndHypervisor: one template or hypervisor by id,
// 404 for an unknown or malformed one.
func TestLookups_SingleTemplateAndHypervisor(t *testing.T) {
	e := newEnv(t)
	tmpl := e.expect(e.do(adminPass, "GET", "/templates/3.json", nil), http.StatusOK).obj(t, "image_template")
	if num(tmpl["id"]) != templateDebian || tmpl["label"] != "Debian 12 x64" {
		t.Fatalf("template 3: %v", tmpl)
	}
	hv := e.expect(e.do(adminPass, "GET", "/hypervisors/2.json", nil), http.StatusOK).obj(t, "hypervisor")
	if num(hv["id"]) != 2 || hv["label"] != "hv-kvm-02" {
		t.Fatalf("hypervisor 2: %v", hv)
	}
	for _, p := range []string{"/templates/99.json", "/templates/x.json", "/hypervisors/99.json", "/hypervisors/0.json"} {
		e.expect(e.do(adminPass, "GET", p, nil), http.StatusNotFound)
	}
}

// TestSeed_RolesAndZones: seeded roles and zones are served after the
// defaults (or instead of them), and survive a restart on the same store.
func TestSeed_RolesAndZones(t *testing.T) {
	st := store.NewMemory()
	opts := testOptions(st)
	opts.Seed = &Seed{
		Roles:           []SeedRole{{ID: 3, Label: "Support", Identifier: "support"}},
		HypervisorZones: []SeedHypervisorZone{{ID: 3, Label: "Edge", LocationGroupID: 5}},
	}
	api, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	_ = api.Close()
	opts.Seed = nil
	api, err = New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = api.Close() }()
	st2 := api.State()
	if len(st2.Roles) != 3 || st2.Roles[2].Label != "Support" || st2.Roles[2].System {
		t.Errorf("roles after a restart %+v", st2.Roles)
	}
	if len(st2.HypervisorZones) != 3 || st2.HypervisorZones[2].LocationGroupID != 5 {
		t.Errorf("zones after a restart %+v", st2.HypervisorZones)
	}

	replaced := (&Seed{ReplaceDefaults: true, Roles: []SeedRole{{ID: 1, Label: "Admins"}}})
	cat, _ := replaced.world()
	if len(cat.Roles) != 1 || cat.Roles[0].Label != "Admins" || len(cat.HypervisorZones) != 0 {
		t.Errorf("replaced defaults: roles %+v, zones %+v", cat.Roles, cat.HypervisorZones)
	}
}

// TestSeed_LookupsAreChecked: ids unique and positive, labels required, and a
// seeded user's role ids name a role of the world.
func TestSeed_LookupsAreChecked(t *testing.T) {
	s := &Seed{
		Roles:           []SeedRole{{ID: 2, Label: "Dup"}, {ID: 5}},
		HypervisorZones: []SeedHypervisorZone{{ID: 0, Label: "Zero"}},
		Users:           []SeedUser{{Login: "bob", Email: "bob@example.com", Password: "secret-123", RoleIDs: []int{2, 5, 9}}},
	}
	var p seedfile.Problems
	s.Check(&p, "webcore", "admin", "admin@example.com")
	got := fmt.Sprint(p)
	for _, want := range []string{
		"webcore.roles[0].id", "already a default role's id",
		"webcore.roles[1].label", "is required",
		"webcore.hypervisor_zones[0].id", "must be a positive integer",
		"webcore.users[0].role_ids", "role 9 is neither",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems %s lack %q", got, want)
		}
	}
	if strings.Contains(got, "role 5 ") || strings.Contains(got, "role 2 ") {
		t.Errorf("a role the file or the defaults define was refused: %s", got)
	}
}
