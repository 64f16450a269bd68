package webcore

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// disks lists a server's disks.
func (e *testEnv) disks(id int) []map[string]any {
	e.t.Helper()
	return e.expect(e.do(adminPass, "GET", fmt.Sprintf("/virtual_machines/%d/disks.json", id), nil), http.StatusOK).list(e.t, "disk")
}

// diskOf returns the server's primary (or swap) disk.
func (e *testEnv) diskOf(id int, swap bool) map[string]any {
	e.t.Helper()
	for _, d := range e.disks(id) {
		if d["is_swap"] == swap && d["primary"] == !swap {
			return d
		}
	}
	e.t.Fatalf("server %d has no disk with is_swap=%t", id, swap)
	return nil
}

func resize(size any) map[string]any {
	return map[string]any{"disk": map[string]any{"disk_size": size}}
}

func TestDisks_FieldsPrimaryAndSwap(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, map[string]any{"primary_disk_size": 12, "swap_disk_size": 2})
	e.waitIdle(id)
	disks := e.disks(id)
	if len(disks) != 2 {
		t.Fatalf("disks %v, want a primary and a swap disk", disks)
	}
	want := []string{"id", "label", "disk_size", "primary", "is_swap", "virtual_machine_id", "data_store_id", "built",
		"locked", "mount_point", "file_system", "created_at", "updated_at"}
	for _, d := range disks {
		for _, k := range want {
			if _, ok := d[k]; !ok {
				t.Errorf("disk %v lacks %q", d, k)
			}
		}
		if num(d["virtual_machine_id"]) != id || d["built"] != true || d["locked"] != false {
			t.Errorf("disk %v: want virtual_machine_id %d, built, unlocked", d, id)
		}
	}
	if p, s := e.diskOf(id, false), e.diskOf(id, true); num(p["disk_size"]) != 12 || num(s["disk_size"]) != 2 || p["id"] == s["id"] {
		t.Fatalf("primary %v, swap %v", p, s)
	}
	// One disk by id; a server without swap has no swap disk.
	p := e.diskOf(id, false)
	e.expect(e.do(adminPass, "GET", fmt.Sprintf("/settings/disks/%d.json", num(p["id"])), nil), http.StatusOK)
	noSwap := e.createVM(adminPass, map[string]any{"swap_disk_size": 0})
	if d := e.disks(noSwap); len(d) != 1 || d[0]["primary"] != true || d[0]["built"] != false {
		t.Fatalf("server without swap, being built: disks %v, want one primary disk not yet built", d)
	}
}

func TestDisks_GrowThroughATransaction(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, map[string]any{"primary_disk_size": 10, "swap_disk_size": 1})
	e.waitIdle(id)
	primary, swap := e.diskOf(id, false), e.diskOf(id, true)
	e.expect(e.do(adminPass, "PUT", fmt.Sprintf("/settings/disks/%d.json", num(primary["id"])), resize("15")), http.StatusNoContent)
	if vm := e.vm(adminPass, id); vm["locked"] != true {
		t.Fatalf("server not locked while its disk resizes: %v", vm)
	}
	e.waitIdle(id)
	if got := e.actions(id); got[len(got)-1] != "resize_disk:complete" {
		t.Fatalf("transactions %v, want a complete resize_disk last", got)
	}
	vm := e.vm(adminPass, id)
	if num(vm["primary_disk_size"]) != 15 || num(vm["total_disk_size"]) != 16 || num(e.diskOf(id, false)["disk_size"]) != 15 {
		t.Fatalf("after the grow: server %v, disk %v", vm, e.diskOf(id, false))
	}
	e.expect(e.do(adminPass, "PUT", fmt.Sprintf("/settings/disks/%d.json", num(swap["id"])), resize(3)), http.StatusNoContent)
	e.waitIdle(id)
	if vm := e.vm(adminPass, id); num(vm["swap_disk_size"]) != 3 || num(e.diskOf(id, true)["id"]) != num(swap["id"]) {
		t.Fatalf("after the swap grow: server %v", vm)
	}
	if u := e.expect(e.do(adminPass, "GET", "/users/1.json", nil), http.StatusOK).obj(t, "user"); num(u["used_disk_size"]) != 18 {
		t.Fatalf("owner's used_disk_size %v, want 18", u["used_disk_size"])
	}
}

func TestDisks_ShrinkIs422LockedIs403(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, map[string]any{"primary_disk_size": 10})
	e.waitIdle(id)
	path := fmt.Sprintf("/settings/disks/%d.json", num(e.diskOf(id, false)["id"]))
	e.expectBody(e.do(adminPass, "PUT", path, resize(8)), http.StatusUnprocessableEntity,
		`{"errors":{"disk_size":["must be greater than or equal to 10: a disk can only grow"]}}`)
	e.expect(e.do(adminPass, "PUT", path, resize(10)), http.StatusUnprocessableEntity)
	e.expect(e.do(adminPass, "PUT", path, map[string]any{"disk": map[string]any{}}), http.StatusUnprocessableEntity)

	e.expect(e.do(adminPass, "PUT", "/_emulator/webcore/transactions", map[string]any{"durations": map[string]any{"reboot_virtual_machine": "300ms"}}), http.StatusNoContent)
	e.expect(e.do(adminPass, "POST", fmt.Sprintf("/virtual_machines/%d/reboot.json", id), nil), http.StatusCreated)
	e.expectBody(e.do(adminPass, "PUT", path, resize(20)), http.StatusForbidden, `{"errors":{"base":["`+msgLocked+`"]}}`)
	e.waitIdle(id)
	if vm := e.vm(adminPass, id); num(vm["primary_disk_size"]) != 10 {
		t.Fatalf("refused resizes changed the disk: %v", vm)
	}
	e.expect(e.do(adminPass, "PUT", "/settings/disks/9999.json", resize(20)), http.StatusNotFound)
}

// A disk of another user's server is not found, like the server.
func TestDisks_VisibleOnlyToTheServersOwner(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, nil)
	e.waitIdle(id)
	e.createUser("bob")
	bob := cred{"bob", "password-bob"}
	e.expect(e.do(bob, "GET", fmt.Sprintf("/virtual_machines/%d/disks.json", id), nil), http.StatusNotFound)
	e.expect(e.do(bob, "PUT", fmt.Sprintf("/settings/disks/%d.json", num(e.diskOf(id, false)["id"])), resize(20)), http.StatusNotFound)
}

func TestMigration(t *testing.T) {
	st := store.NewMemory()
	opts := testOptions(st)
	offline := false
	opts.Seed = &Seed{Hypervisors: []SeedHypervisor{{ID: 9, Label: "hv-down", HypervisorGroupID: 2, Online: &offline}}}
	e := newEnvWith(t, opts)
	id := e.createVM(adminPass, map[string]any{"hypervisor_id": 1})
	e.waitIdle(id)
	path := fmt.Sprintf("/virtual_machines/%d/migration.json", id)
	to := func(dest any) map[string]any {
		return map[string]any{"virtual_machine": map[string]any{"destination": dest}}
	}
	for dest, msg := range map[int]string{77: "does not exist", 9: "is offline", 1: "is the hypervisor the virtual server runs on"} {
		e.expectBody(e.do(adminPass, "POST", path, to(dest)), http.StatusUnprocessableEntity, `{"errors":{"destination":["`+msg+`"]}}`)
	}
	r := e.expect(e.do(adminPass, "POST", path, to("2")), http.StatusCreated)
	if vm := r.obj(t, "virtual_machine"); vm["locked"] != true {
		t.Fatalf("answer %v, want the server locked by its migration", vm)
	}
	e.expect(e.do(adminPass, "POST", path, to(1)), http.StatusForbidden) // locked
	e.waitIdle(id)
	if got := e.actions(id); got[len(got)-1] != "migrate_virtual_machine:complete" {
		t.Fatalf("transactions %v", got)
	}
	if vm := e.vm(adminPass, id); num(vm["hypervisor_id"]) != 2 || num(vm["hypervisor_group_id"]) != 2 {
		t.Fatalf("after the migration: %v", vm)
	}
}

func TestChangeOwner(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, map[string]any{"memory": 512})
	e.waitIdle(id)
	bob := e.createUser("bob")
	gone := e.createUser("gone")
	e.expect(e.do(adminPass, "DELETE", fmt.Sprintf("/users/%d.json", gone), nil), http.StatusNoContent) // marked deleted
	path := fmt.Sprintf("/virtual_machines/%d/change_owner.json", id)
	for user, msg := range map[int]string{999: "does not exist", gone: "is a deleted user"} {
		e.expectBody(e.do(adminPass, "POST", path, map[string]any{"user_id": user}), http.StatusUnprocessableEntity,
			`{"errors":{"user_id":["`+msg+`"]}}`)
	}
	// Only the administrator hands servers over.
	e.expect(e.do(cred{"bob", "password-bob"}, "POST", path, map[string]any{"user_id": bob}), http.StatusNotFound) // not bob's to see

	vm := e.expect(e.do(adminPass, "POST", path, map[string]any{"user_id": fmt.Sprint(bob)}), http.StatusOK).obj(t, "virtual_machine")
	if num(vm["user_id"]) != bob || vm["locked"] != false {
		t.Fatalf("answer %v, want user_id %d at once", vm, bob)
	}
	if got := e.vm(cred{"bob", "password-bob"}, id); num(got["user_id"]) != bob {
		t.Fatalf("bob reads %v", got)
	}
	users := map[int]int{}
	for _, u := range e.expect(e.do(adminPass, "GET", "/users.json", nil), http.StatusOK).list(t, "user") {
		users[num(u["id"])] = num(u["used_memory"])
	}
	if users[bob] != 512 || users[adminUserID] != 0 {
		t.Fatalf("used_memory by user %v: the server's memory should have moved to bob", users)
	}
	// A user who owns servers still cannot be force-deleted.
	e.expectBody(e.do(adminPass, "DELETE", fmt.Sprintf("/users/%d.json", bob), map[string]any{"force": 1}), http.StatusForbidden,
		`{"errors":{"base":["User has active virtual servers"]}}`)
	// Handed back, bob can go.
	e.expect(e.do(adminPass, "POST", path, map[string]any{"virtual_machine": map[string]any{"user_id": adminUserID}}), http.StatusOK)
	e.expect(e.do(adminPass, "DELETE", fmt.Sprintf("/users/%d.json", bob), map[string]any{"force": 1}), http.StatusNoContent)
}

// The new owner's limits apply to a server handed over.
func TestChangeOwner_OverTheNewOwnersLimits(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, map[string]any{"memory": 2048})
	e.waitIdle(id)
	bob := e.createUser("bob")
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/limits", map[string]any{"max_memory": 1024}), http.StatusNoContent)
	e.expect(e.do(adminPass, "POST", fmt.Sprintf("/virtual_machines/%d/change_owner.json", id), map[string]any{"user_id": bob}), http.StatusForbidden)
}

func TestDestroy_RecordsTheBackupFlags(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		query     string
		keep, del bool
	}{{"", false, false}, {"?convert_last_backup=0&destroy_all_backups=0", false, false}, {"?destroy_all_backups=1", false, true}} {
		id := e.createVM(adminPass, nil)
		e.waitIdle(id)
		e.expect(e.do(adminPass, "DELETE", fmt.Sprintf("/virtual_machines/%d.json%s", id, tc.query), nil), http.StatusCreated)
		var params map[string]any
		for _, tx := range e.api.State().Transactions {
			if tx.ParentID == id && tx.Action == "destroy_virtual_machine" {
				params = tx.Params
			}
		}
		if params["destroy_all_backups"] != tc.del || params["convert_last_backup"] != tc.keep {
			t.Errorf("DELETE%s recorded %v", tc.query, params)
		}
	}
}

// A server stored before disks were kept gets its disks on the next start.
func TestRestart_BackfillsDisks(t *testing.T) {
	st := store.NewMemory()
	first := newEnvOn(t, st)
	id := first.createVM(adminPass, map[string]any{"swap_disk_size": 2})
	first.waitIdle(id)
	// Strip the disks, as an older version stored the server.
	first.api.mu.Lock()
	vm := *first.api.vms[id]
	vm.Disks = nil
	if err := first.api.save(first.api.newChange().put(&vm)); err != nil {
		t.Fatal(err)
	}
	first.api.mu.Unlock()
	if err := first.api.Close(); err != nil {
		t.Fatal(err)
	}
	second := newEnvOn(t, st)
	disks := second.disks(id)
	sizes := []int{}
	for _, d := range disks {
		sizes = append(sizes, num(d["disk_size"]))
		if d["built"] != true {
			t.Errorf("backfilled disk of a built server not built: %v", d)
		}
	}
	if !slices.Equal(sizes, []int{10, 2}) {
		t.Fatalf("backfilled disks %v", disks)
	}
}
