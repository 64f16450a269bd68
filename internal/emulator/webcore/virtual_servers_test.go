package webcore

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestVM_CreateBuildChain(t *testing.T) {
	e := newEnv(t)
	// A slower first step so the first poll surely sees running and pending.
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{"durations": map[string]any{"build_disk": "300ms"}}), http.StatusNoContent)
	r := e.expect(e.do(adminKey, "POST", "/virtual_machines.json", vmBody(map[string]any{
		"memory": "1024", "cpus": "2", "cpu_shares": "50", "required_virtual_machine_startup": "1", "extra": true})), http.StatusCreated)
	vm := r.obj(t, "virtual_machine")
	id := num(vm["id"])
	if vm["locked"] != true || vm["built"] != false || num(vm["memory"]) != 1024 || num(vm["cpus"]) != 2 {
		t.Fatalf("created %v", vm)
	}
	if got := r.header.Get("Location"); got != fmt.Sprintf("/virtual_machines/%d.json", id) {
		t.Fatalf("Location %q", got)
	}

	seen := map[string]bool{}
	eventually(t, "build chain to complete", func() bool {
		txs := e.vmTxs(id)
		done := len(txs) == 4
		for _, tx := range txs {
			seen[tx["status"].(string)] = true
			done = done && tx["status"] == txComplete
		}
		return done
	})
	if !seen[txPending] || !seen[txRunning] {
		t.Fatalf("statuses seen %v, want pending and running on the way", seen)
	}
	want := []string{"build_disk:complete", "provisioning:complete", "configure_operating_system:complete", "startup_virtual_machine:complete"}
	if got := e.actions(id); !slices.Equal(got, want) {
		t.Fatalf("chain %v, want %v", got, want)
	}
	vm = e.vm(adminPass, id)
	ips, _ := vm["ip_addresses"].([]any)
	if vm["built"] != true || vm["booted"] != true || vm["locked"] != false || vm["state"] != "delivered" || len(ips) != 1 {
		t.Fatalf("after build %v", vm)
	}
	ip := ips[0].(map[string]any)["ip_address"].(map[string]any)
	if !strings.HasPrefix(ip["address"].(string), "10.20.") {
		t.Fatalf("ip %v", ip)
	}

	// GET by identifier and the cheap status poll.
	byIdent := e.vm(adminPass, id)
	e.expect(e.do(adminPass, "GET", "/virtual_machines/"+byIdent["identifier"].(string)+".json", nil), http.StatusOK)
	e.expectBody(e.do(adminPass, "GET", fmt.Sprintf("/virtual_machines/%d/status.json", id), nil), http.StatusOK,
		fmt.Sprintf(`{"virtual_machine":{"id":%d,"identifier":%q,"built":true,"booted":true,"locked":false,"suspended":false,"state":"delivered"}}`,
			id, byIdent["identifier"]))

	// Chain links: each step depends on the previous, all share the chain id.
	txs := e.vmTxs(id)
	for i := 0; i < len(txs)-1; i++ {
		if num(txs[i]["dependent_transaction_id"]) != num(txs[i+1]["id"]) || txs[i]["chain_id"] != txs[i+1]["chain_id"] {
			t.Fatalf("broken chain link %v -> %v", txs[i], txs[i+1])
		}
	}
	if _, ok := txs[0]["log_output"]; ok {
		t.Fatalf("list carries log_output: %v", txs[0])
	}
	shown := e.expect(e.do(adminPass, "GET", fmt.Sprintf("/transactions/%d.json", num(txs[0]["id"])), nil), http.StatusOK).obj(t, "transaction")
	if !strings.Contains(shown["log_output"].(string), "startup_virtual_machine complete") {
		t.Fatalf("show log_output %q", shown["log_output"])
	}
}

func TestVM_NoStartupNoBuild(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, map[string]any{"required_virtual_machine_startup": 0})
	e.waitIdle(id)
	if got := e.actions(id); len(got) != 3 {
		t.Fatalf("chain without startup %v", got)
	}
	if vm := e.vm(adminPass, id); vm["built"] != true || vm["booted"] != false {
		t.Fatalf("%v", vm)
	}
	id = e.createVM(adminPass, map[string]any{"required_virtual_machine_build": "0"})
	if vm := e.vm(adminPass, id); vm["built"] != false || vm["locked"] != false || len(e.vmTxs(id)) != 0 {
		t.Fatalf("unbuilt server %v", vm)
	}
}

func TestVM_CreateValidation(t *testing.T) {
	e := newEnv(t)
	for name, tc := range map[string]struct {
		over map[string]any
		want string
	}{
		"required": {map[string]any{"label": nil, "hostname": nil, "template_id": nil, "memory": nil, "cpus": nil, "cpu_shares": nil, "primary_disk_size": nil},
			`{"errors":{"label":["can't be blank"],"hostname":["can't be blank"],"template_id":["can't be blank"],"memory":["can't be blank"],"cpus":["can't be blank"],"cpu_shares":["can't be blank"],"primary_disk_size":["can't be blank"]}}`},
		"ranges": {map[string]any{"memory": 64, "cpus": 0, "cpu_shares": 101, "primary_disk_size": 1},
			`{"errors":{"memory":["must be greater than or equal to 128"],"cpus":["must be greater than or equal to 1"],"cpu_shares":["must be less than or equal to 100"],"primary_disk_size":["must be greater than or equal to 5 (the template's minimum disk size)"]}}`},
		"hostname": {map[string]any{"hostname": "bad_host!"}, `{"errors":{"hostname":["is invalid"]}}`},
		"template": {map[string]any{"template_id": 99}, `{"errors":{"template_id":["does not exist"]}}`},
		"swap on a no-swap template": {map[string]any{"template_id": templateWindows, "memory": 2048, "primary_disk_size": 30, "swap_disk_size": 2},
			`{"errors":{"swap_disk_size":["must be 0: the template does not allow swap"]}}`},
		"root password": {map[string]any{"initial_root_password": "bad pw!"},
			`{"errors":{"initial_root_password":["is invalid (only letters, digits, _ and - are allowed)"]}}`},
		"root password short": {map[string]any{"initial_root_password": "abc"},
			`{"errors":{"initial_root_password":["is too short (minimum is 6 characters)"]}}`},
		"hypervisor": {map[string]any{"hypervisor_id": 77}, `{"errors":{"hypervisor_id":["does not exist"]}}`},
		"not numbers": {map[string]any{"memory": "lots", "required_virtual_machine_build": "maybe"},
			`{"errors":{"memory":["is not a number"],"required_virtual_machine_build":["is not a boolean"]}}`},
	} {
		t.Run(name, func(t *testing.T) {
			e.expectBody(e.do(adminPass, "POST", "/virtual_machines.json", vmBody(tc.over)), http.StatusUnprocessableEntity, tc.want)
		})
	}
	// A valid Windows server: no swap, bigger disk.
	e.createVM(adminPass, map[string]any{"template_id": templateWindows, "memory": 2048, "primary_disk_size": 30, "swap_disk_size": 0, "hypervisor_id": 2})
}

func TestVM_FailingTemplate(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, map[string]any{"template_id": templateBroken})
	e.waitIdle(id)
	want := []string{"build_disk:complete", "provisioning:failed", "configure_operating_system:cancelled", "startup_virtual_machine:cancelled"}
	if got := e.actions(id); !slices.Equal(got, want) {
		t.Fatalf("chain %v, want %v", got, want)
	}
	vm := e.vm(adminPass, id)
	if vm["built"] != false || vm["locked"] != false {
		t.Fatalf("after failed build %v", vm)
	}
	failed := e.vmTxs(id)[2]
	tx := e.expect(e.do(adminPass, "GET", fmt.Sprintf("/transactions/%d.json", num(failed["id"])), nil), http.StatusOK).obj(t, "transaction")
	if tx["status"] != txFailed || !strings.Contains(tx["log_output"].(string), "checksum mismatch") {
		t.Fatalf("failed transaction %v", tx)
	}
	// Power actions need a built server.
	e.expectBody(e.do(adminPass, "POST", fmt.Sprintf("/virtual_machines/%d/startup.json", id), nil), http.StatusForbidden,
		`{"errors":{"base":["Virtual server is not built"]}}`)
}

func TestVM_FailActionsControl(t *testing.T) {
	e := newEnv(t)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{
		"default_duration": "5ms", "durations": map[string]any{"build_disk": "30ms"},
		"fail_actions": map[string]any{"configure_operating_system": "disk quota exceeded on the datastore"}}), http.StatusNoContent)
	e.expectBody(e.do(noAuth, "GET", "/_emulator/webcore/transactions", nil), http.StatusOK,
		`{"default_duration":"5ms","durations":{"build_disk":"30ms"},"fail_actions":{"configure_operating_system":"disk quota exceeded on the datastore"}}`)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{"default_duration": "soon"}), http.StatusBadRequest)
	// A misspelt setting is refused, not ignored.
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{"fail_action": map[string]any{"provisioning": "x"}}), http.StatusBadRequest)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/limits", map[string]any{"max_vms": 1}), http.StatusBadRequest)

	id := e.createVM(adminPass, nil)
	e.waitIdle(id)
	want := []string{"build_disk:complete", "provisioning:complete", "configure_operating_system:failed", "startup_virtual_machine:cancelled"}
	if got := e.actions(id); !slices.Equal(got, want) {
		t.Fatalf("chain %v, want %v", got, want)
	}
	failed := e.vmTxs(id)[1]
	tx := e.expect(e.do(adminPass, "GET", fmt.Sprintf("/transactions/%d.json", num(failed["id"])), nil), http.StatusOK).obj(t, "transaction")
	if !strings.Contains(tx["log_output"].(string), "disk quota exceeded on the datastore") {
		t.Fatalf("log_output %q", tx["log_output"])
	}

	// Clearing fail_actions makes the next build succeed.
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{"fail_actions": map[string]any{}}), http.StatusNoContent)
	id = e.createVM(adminPass, nil)
	e.waitIdle(id)
	if vm := e.vm(adminPass, id); vm["built"] != true {
		t.Fatalf("%v", vm)
	}
}

func TestVM_UpdateAndResize(t *testing.T) {
	e := newEnv(t)
	ubuntu := e.createVM(adminPass, nil)
	debian := e.createVM(adminPass, map[string]any{"template_id": templateDebian})
	e.waitIdle(ubuntu)
	e.waitIdle(debian)
	path := fmt.Sprintf("/virtual_machines/%d.json", ubuntu)

	// Text fields change at once, without a transaction; unwrapped body.
	n := len(e.vmTxs(ubuntu))
	e.expect(e.do(adminPass, "PUT", path, map[string]any{"label": "renamed", "hostname": "new.example.com", "note": "hi"}), http.StatusNoContent)
	vm := e.vm(adminPass, ubuntu)
	if vm["label"] != "renamed" || vm["hostname"] != "new.example.com" || vm["note"] != "hi" || len(e.vmTxs(ubuntu)) != n {
		t.Fatalf("after text PUT %v", vm)
	}

	for _, tc := range []struct {
		id     int
		body   map[string]any
		action string
	}{
		{ubuntu, map[string]any{"virtual_machine": map[string]any{"memory": "2048", "cpus": 2}}, "resize_vm_without_reboot"},
		{ubuntu, map[string]any{"memory": 1024}, "resize_virtual_machine"},
		{ubuntu, map[string]any{"memory": 4096, "cpu_shares": 5}, "resize_virtual_machine"},
		{debian, map[string]any{"memory": 2048}, "resize_virtual_machine"},
	} {
		e.expect(e.do(adminPass, "PUT", fmt.Sprintf("/virtual_machines/%d.json", tc.id), tc.body), http.StatusNoContent)
		if got := e.vmTxs(tc.id)[0]["action"]; got != tc.action {
			t.Fatalf("PUT %v queued %v, want %s", tc.body, got, tc.action)
		}
		e.waitIdle(tc.id)
	}
	vm = e.vm(adminPass, ubuntu)
	if num(vm["memory"]) != 4096 || num(vm["cpus"]) != 2 || num(vm["cpu_shares"]) != 5 {
		t.Fatalf("after resizes %v", vm)
	}
	e.expectBody(e.do(adminPass, "PUT", path, map[string]any{"cpu_shares": 0, "label": ""}), http.StatusUnprocessableEntity,
		`{"errors":{"cpu_shares":["must be greater than or equal to 1"],"label":["can't be blank"]}}`)
}

func TestVM_PowerActions(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, nil)
	e.waitIdle(id)
	for _, tc := range []struct {
		verb, action string
		booted       bool
	}{
		{"stop", "stop_virtual_machine", false},
		{"startup", "startup_virtual_machine", true},
		{"shutdown", "stop_virtual_machine", false},
		{"startup", "startup_virtual_machine", true},
		{"reboot", "reboot_virtual_machine", true},
	} {
		r := e.expect(e.do(adminPass, "POST", fmt.Sprintf("/virtual_machines/%d/%s.json", id, tc.verb), nil), http.StatusCreated)
		if r.obj(t, "virtual_machine")["locked"] != true {
			t.Fatalf("%s: not locked in the answer", tc.verb)
		}
		if got := e.vmTxs(id)[0]["action"]; got != tc.action {
			t.Fatalf("%s queued %v", tc.verb, got)
		}
		e.waitIdle(id)
		if got := e.vm(adminPass, id)["booted"]; got != tc.booted {
			t.Fatalf("after %s booted=%v", tc.verb, got)
		}
	}
	e.expect(e.do(adminPass, "POST", fmt.Sprintf("/virtual_machines/%d/explode.json", id), nil), http.StatusNotFound)
	e.expect(e.do(adminPass, "POST", "/virtual_machines/9999/startup.json", nil), http.StatusNotFound)
}

func TestVM_LockedServerRefusesChanges(t *testing.T) {
	e := newEnv(t)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/transactions", map[string]any{"default_duration": "5s"}), http.StatusNoContent)
	id := e.createVM(adminPass, nil)
	path := fmt.Sprintf("/virtual_machines/%d.json", id)
	before := e.vm(adminPass, id)["updated_at"]
	locked := `{"errors":{"base":["Virtual server is locked: a transaction is in progress"]}}`
	e.expectBody(e.do(adminPass, "PUT", path, map[string]any{"label": "x"}), http.StatusForbidden, locked)
	e.expectBody(e.do(adminPass, "POST", fmt.Sprintf("/virtual_machines/%d/reboot.json", id), nil), http.StatusForbidden, locked)
	e.expectBody(e.do(adminPass, "DELETE", path, nil), http.StatusForbidden, locked)
	vm := e.vm(adminPass, id)
	if vm["label"] != "web" || vm["updated_at"] == before {
		t.Fatalf("locked PUT: label %v, updated_at %v (before %v)", vm["label"], vm["updated_at"], before)
	}
}

func TestVM_Limits(t *testing.T) {
	e := newEnv(t)
	e.expectBody(e.do(noAuth, "GET", "/_emulator/webcore/limits", nil), http.StatusOK,
		`{"max_virtual_servers":10,"max_memory":32768,"max_cpus":16}`)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/limits", map[string]any{"max_virtual_servers": 2, "max_memory": 3072}), http.StatusNoContent)
	a := e.createVM(adminPass, nil)
	e.expectBody(e.do(adminPass, "POST", "/virtual_machines.json", vmBody(map[string]any{"memory": 4096})), http.StatusForbidden,
		`{"errors":{"base":["Memory limit exceeded: 5120 MB requested in total, 3072 MB allowed"]}}`)
	e.createVM(adminPass, nil)
	e.expectBody(e.do(adminPass, "POST", "/virtual_machines.json", vmBody(nil)), http.StatusForbidden,
		`{"errors":{"base":["Virtual server limit exceeded: at most 2 virtual servers are allowed"]}}`)
	e.waitIdle(a)
	e.expectBody(e.do(adminPass, "PUT", fmt.Sprintf("/virtual_machines/%d.json", a), map[string]any{"memory": 3000}), http.StatusForbidden,
		`{"errors":{"base":["Memory limit exceeded: 4024 MB requested in total, 3072 MB allowed"]}}`)
	e.expect(e.do(noAuth, "PUT", "/_emulator/webcore/limits", map[string]any{"max_cpus": 1}), http.StatusNoContent)
	e.expectBody(e.do(adminPass, "PUT", fmt.Sprintf("/virtual_machines/%d.json", a), map[string]any{"cpus": 2}), http.StatusForbidden,
		`{"errors":{"base":["CPU limit exceeded: 3 CPUs requested in total, 1 allowed"]}}`)
	u := e.expect(e.do(adminPass, "GET", "/users/1.json", nil), http.StatusOK).obj(t, "user")
	if num(u["used_memory"]) != 2048 || num(u["used_cpus"]) != 2 || num(u["used_disk_size"]) != 22 {
		t.Fatalf("usage %v", u)
	}
}

func TestVM_Delete(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, nil)
	e.waitIdle(id)
	path := fmt.Sprintf("/virtual_machines/%d.json", id)
	r := e.expect(e.do(adminPass, "DELETE", path+"?convert_last_backup=0&destroy_all_backups=1", nil), http.StatusCreated)
	if r.obj(t, "virtual_machine")["locked"] != true {
		t.Fatalf("delete answer %s", r.body)
	}
	txID := num(e.vmTxs(id)[0]["id"])
	eventually(t, "server to be destroyed", func() bool { return e.do(adminPass, "GET", path, nil).status == http.StatusNotFound })
	e.expectBody(e.do(adminPass, "GET", path, nil), http.StatusNotFound, `{"errors":["Resource not found"]}`)
	e.expect(e.do(adminPass, "GET", fmt.Sprintf("/virtual_machines/%d/transactions.json", id), nil), http.StatusNotFound)
	tx := e.expect(e.do(adminPass, "GET", fmt.Sprintf("/transactions/%d.json", txID), nil), http.StatusOK).obj(t, "transaction")
	if tx["action"] != "destroy_virtual_machine" || tx["status"] != txComplete || tx["params"].(map[string]any)["destroy_all_backups"] != true {
		t.Fatalf("destroy transaction %v", tx)
	}
	e.expect(e.do(adminPass, "DELETE", path, nil), http.StatusNotFound)
}

func TestTransactions_GlobalListPaging(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, nil)
	e.waitIdle(id)
	all := e.expect(e.do(adminPass, "GET", "/transactions.json", nil), http.StatusOK).list(t, "transaction")
	if len(all) != 4 || all[0]["action"] != "startup_virtual_machine" {
		t.Fatalf("all %v", all)
	}
	page := e.expect(e.do(adminPass, "GET", "/transactions.json?page=2&per_page=3", nil), http.StatusOK).list(t, "transaction")
	if len(page) != 1 || page[0]["action"] != "build_disk" {
		t.Fatalf("page 2 %v", page)
	}
	e.expect(e.do(adminPass, "GET", "/transactions/999.json", nil), http.StatusNotFound)
}

func TestCatalog_TemplatesAndHypervisors(t *testing.T) {
	e := newEnv(t)
	tmpls := e.expect(e.do(adminPass, "GET", "/templates.json", nil), http.StatusOK).list(t, "image_template")
	if len(tmpls) < 3 || tmpls[0]["allow_resize_without_reboot"] != true || tmpls[1]["allowed_swap"] != false {
		t.Fatalf("templates %v", tmpls)
	}
	if hvs := e.expect(e.do(adminPass, "GET", "/hypervisors.json", nil), http.StatusOK).list(t, "hypervisor"); len(hvs) != 2 {
		t.Fatalf("hypervisors %v", hvs)
	}
}
