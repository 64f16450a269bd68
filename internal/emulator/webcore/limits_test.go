package webcore

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// Every documented limit of a server's fields holds at its edge: the last
// value accepted is accepted, the first one past it refused.
func TestVM_LimitsAtTheirEdges(t *testing.T) {
	e := newEnv(t)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/limits", map[string]any{"max_virtual_servers": 100, "max_memory": 1 << 20, "max_cpus": 1000}), http.StatusNoContent)
	with := func(over map[string]any) map[string]any {
		m := map[string]any{"required_virtual_machine_build": 0}
		for k, v := range over {
			m[k] = v
		}
		return m
	}
	label := strings.Repeat("l", 255)
	host := strings.Repeat(strings.Repeat("h", 63)+".", 3) + strings.Repeat("h", 61) // 253 characters
	for _, over := range []map[string]any{
		{"memory": 128}, {"cpus": 1}, {"cpu_shares": 1}, {"cpu_shares": 100}, {"primary_disk_size": 5},
		{"template_id": templateWindows, "memory": 1024, "primary_disk_size": 20, "swap_disk_size": 0},
		{"label": label}, {"hostname": host},
		{"hypervisor_id": 2, "hypervisor_group_id": 2},
	} {
		e.createVM(adminPass, with(over))
	}
	for _, tc := range []struct {
		over map[string]any
		want string
	}{
		{map[string]any{"memory": 127}, `{"errors":{"memory":["must be greater than or equal to 128"]}}`},
		{map[string]any{"template_id": templateWindows, "memory": 1023, "primary_disk_size": 20, "swap_disk_size": 0},
			`{"errors":{"memory":["must be greater than or equal to 1024"]}}`},
		{map[string]any{"cpu_shares": 0}, `{"errors":{"cpu_shares":["must be greater than or equal to 1"]}}`},
		{map[string]any{"primary_disk_size": 4}, `{"errors":{"primary_disk_size":["must be greater than or equal to 5 (the template's minimum disk size)"]}}`},
		{map[string]any{"label": label + "l"}, `{"errors":{"label":["is too long (maximum is 255 characters)"]}}`},
		{map[string]any{"hostname": host + "h"}, `{"errors":{"hostname":["is invalid"]}}`},
		{map[string]any{"hypervisor_id": 2, "hypervisor_group_id": 1}, `{"errors":{"hypervisor_id":["does not belong to the given hypervisor group"]}}`},
		// A field that is not a number is reported as such, and not again as out of range.
		{map[string]any{"memory": "lots", "cpus": "many"}, `{"errors":{"memory":["is not a number"],"cpus":["is not a number"]}}`},
		{map[string]any{"cpus": "many", "cpu_shares": "some"}, `{"errors":{"cpus":["is not a number"],"cpu_shares":["is not a number"]}}`},
	} {
		e.expectBody(e.do(adminPass, "POST", "/virtual_machines.json", vmBody(with(tc.over))), http.StatusUnprocessableEntity, tc.want)
	}
}

// A server's view: its total disk is primary plus swap, and it names its
// template.
func TestVM_ViewDerivedFields(t *testing.T) {
	e := newEnv(t)
	vm := e.vm(adminPass, e.createVM(adminPass, map[string]any{"primary_disk_size": 12, "swap_disk_size": 3}))
	if num(vm["total_disk_size"]) != 15 || vm["template_label"] != "Ubuntu 24.04 x64" || vm["operating_system"] != "linux" {
		t.Fatalf("view %v", vm)
	}
}

// Without reboot only when nothing decreases (an unchanged field is no
// decrease) and the template allows it.
func TestResizeAction(t *testing.T) {
	from := sizing{Memory: 1024, CPUs: 2, CPUShares: 10}
	allows, forbids := &Template{AllowResizeWithoutReboot: true}, &Template{}
	for _, tc := range []struct {
		to   sizing
		tmpl *Template
		want string
	}{
		{sizing{2048, 2, 10}, allows, "resize_vm_without_reboot"},
		{sizing{1024, 3, 10}, allows, "resize_vm_without_reboot"},
		{sizing{1024, 2, 20}, allows, "resize_vm_without_reboot"},
		{sizing{512, 4, 20}, allows, "resize_virtual_machine"},
		{sizing{2048, 1, 20}, allows, "resize_virtual_machine"},
		{sizing{2048, 4, 5}, allows, "resize_virtual_machine"},
		{sizing{2048, 4, 20}, forbids, "resize_virtual_machine"},
		{sizing{2048, 4, 20}, nil, "resize_virtual_machine"},
	} {
		if got := resizeAction(from, tc.to, tc.tmpl); got != tc.want {
			t.Errorf("%+v → %+v (template %+v): %s, want %s", from, tc.to, tc.tmpl, got, tc.want)
		}
	}
}

// Every address handed out is its own, inside 10.20.0.0/16, and never the
// network, the gateway or a broadcast address.
func TestIPAddressesAreDistinct(t *testing.T) {
	seen := map[string]int{}
	for n := 1; n <= 64000; n++ {
		ip := ipAddress(n)
		var third, fourth int
		if _, err := fmt.Sscanf(ip.Address, "10.20.%d.%d", &third, &fourth); err != nil || third < 0 || third > 255 || fourth < 2 || fourth > 251 {
			t.Fatalf("address %d is %s", n, ip.Address)
		}
		if prev, ok := seen[ip.Address]; ok {
			t.Fatalf("addresses %d and %d are both %s", prev, n, ip.Address)
		}
		seen[ip.Address] = n
		if ip.ID != n || ip.Netmask != "255.255.0.0" || ip.Gateway != "10.20.0.1" {
			t.Fatalf("address %d: %+v", n, ip)
		}
	}
	if got := ipAddress(1).Address; got != "10.20.0.3" {
		t.Fatalf("the first address is %s", got)
	}
}

// A delete records its backup options, and a power action whether it is
// graceful: shutdown is, stop is not.
func TestVM_TransactionParams(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, nil)
	e.waitIdle(id)
	for verb, graceful := range map[string]bool{"shutdown": true, "stop": false} {
		e.expect(e.do(adminPass, "POST", fmt.Sprintf("/virtual_machines/%d/startup.json", id), nil), http.StatusCreated)
		e.waitIdle(id)
		e.expect(e.do(adminPass, "POST", fmt.Sprintf("/virtual_machines/%d/%s.json", id, verb), nil), http.StatusCreated)
		if got := e.vmTxs(id)[0]["params"].(map[string]any)["graceful"]; got != graceful {
			t.Fatalf("%s: graceful %v", verb, got)
		}
		e.waitIdle(id)
	}
	e.expect(e.do(adminPass, "DELETE", fmt.Sprintf("/virtual_machines/%d.json?convert_last_backup=1&destroy_all_backups=0", id), nil), http.StatusCreated)
	params := e.vmTxs(id)[0]["params"].(map[string]any)
	if params["convert_last_backup"] != true || params["destroy_all_backups"] != false {
		t.Fatalf("delete params %v", params)
	}
}

// User fields at their edges: names of 255 characters, group and plan ids
// from 1.
func TestUsers_LimitsAtTheirEdges(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("n", 255)
	e.expect(e.do(adminPass, "POST", "/users.json", map[string]any{"user": map[string]any{
		"login": "edge", "email": "edge@example.com", "password": "edge-password", "first_name": long,
		"user_group_id": 1, "billing_plan_id": 1}}), http.StatusCreated)
	e.expectBody(e.do(adminPass, "POST", "/users.json", map[string]any{"user": map[string]any{
		"login": "edge2", "email": "edge2@example.com", "password": "edge-password", "last_name": long + "n", "user_group_id": 0}}),
		http.StatusUnprocessableEntity,
		`{"errors":{"last_name":["is too long (maximum is 255 characters)"],"user_group_id":["must be greater than 0"]}}`)
}

// activated_at is set when a user becomes active, at create or later, and
// not before.
func TestUsers_ActivatedAt(t *testing.T) {
	e := newEnv(t)
	active := e.expect(e.do(adminPass, "POST", "/users.json", map[string]any{"user": map[string]any{
		"login": "early", "email": "early@example.com", "password": "early-password"}}), http.StatusCreated).obj(t, "user")
	if active["activated_at"] == nil {
		t.Fatalf("an active user without activated_at: %v", active)
	}
	r := e.expect(e.do(adminPass, "POST", "/users.json", map[string]any{"user": map[string]any{
		"login": "later", "email": "later@example.com", "password": "later-password", "status": "suspended"}}), http.StatusCreated)
	u := r.obj(t, "user")
	if u["activated_at"] != nil {
		t.Fatalf("a suspended user with activated_at: %v", u)
	}
	path := fmt.Sprintf("/users/%d.json", num(u["id"]))
	e.expect(e.do(adminPass, "PUT", path, map[string]any{"status": "active"}), http.StatusNoContent)
	if got := e.expect(e.do(adminPass, "GET", path, nil), http.StatusOK).obj(t, "user"); got["activated_at"] == nil {
		t.Fatalf("activated without activated_at: %v", got)
	}
}

// Credentials checked once are cached: later requests cost no bcrypt, and a
// change that leaves the credentials alone keeps the cache.
func TestAuth_CachedCredentialsCostNoBcrypt(t *testing.T) {
	e := newEnv(t)
	for range 3 {
		e.expect(e.do(adminPass, "GET", "/users/1.json", nil), http.StatusOK)
	}
	e.expect(e.do(adminPass, "PUT", "/users/1.json", map[string]any{"first_name": "Ada"}), http.StatusNoContent)
	e.expect(e.do(adminPass, "GET", "/users/1.json", nil), http.StatusOK)
	if n := e.api.passwordChecks.Load(); n != 1 {
		t.Fatalf("%d bcrypt comparisons for one credential, want 1", n)
	}
}

// The auth cache is bounded: the entry past authCacheMax starts it afresh.
func TestAuthCacheIsBounded(t *testing.T) {
	var c authCache
	c.reset()
	for i := range authCacheMax {
		c.put([32]byte{byte(i), byte(i >> 8)}, i)
	}
	if len(c.m) != authCacheMax {
		t.Fatalf("%d entries after %d puts", len(c.m), authCacheMax)
	}
	c.put([32]byte{0xff, 0xff, 0xff}, 1)
	if _, ok := c.get([32]byte{0xff, 0xff, 0xff}); !ok || len(c.m) != 1 {
		t.Fatalf("%d entries after one put too many", len(c.m))
	}
}

// Options left out take their defaults: the admin's login "admin", one
// second per transaction, bcrypt at its default cost.
func TestOptionsDefaults(t *testing.T) {
	opts := testOptions(nil)
	e := newEnv(t)
	opts.Store, opts.AdminLogin, opts.TxDuration, opts.PasswordCost = e.store, "", 0, 0
	api, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = api.Close() }()
	req := httptest.NewRequest(http.MethodGet, "/users/1.json", nil)
	req.SetBasicAuth("admin", testPassword)
	if api.authenticate(req) != 1 || api.opts.TxDuration != time.Second {
		t.Fatalf("login %q, transaction %v", api.opts.AdminLogin, api.opts.TxDuration)
	}
	hash, err := api.hashPassword("some-password")
	if err != nil || !strings.HasPrefix(hash, "$2a$10$") {
		t.Fatalf("hash %q, %v: want bcrypt at cost 10", hash, err)
	}
	if hash, err := e.api.hashPassword("some-password"); err != nil || !strings.HasPrefix(hash, "$2a$04$") {
		t.Fatalf("hash %q, %v: want bcrypt at the configured cost 4", hash, err)
	}
}

// After a restart the admin's login and email are the options', each on
// its own.
func TestRestart_AdminLoginAndEmailFollowOptions(t *testing.T) {
	for _, change := range []func(*Options){
		func(o *Options) { o.AdminLogin = "root" },
		func(o *Options) { o.AdminEmail = "root@example.org" },
	} {
		st := store.NewMemory()
		first, err := New(testOptions(st))
		if err != nil {
			t.Fatal(err)
		}
		if err := first.Close(); err != nil {
			t.Fatal(err)
		}
		opts := testOptions(st)
		change(&opts)
		api, err := New(opts)
		if err != nil {
			t.Fatal(err)
		}
		for c, want := range map[cred]int{{opts.AdminLogin, testPassword}: 1, {opts.AdminEmail, testAPIKey}: 1} {
			req := httptest.NewRequest(http.MethodGet, "/users/1.json", nil)
			req.SetBasicAuth(c.user, c.secret)
			if got := api.authenticate(req); got != want {
				t.Errorf("%s after a restart: authenticated as %d, want %d", c.user, got, want)
			}
		}
		if err := api.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
