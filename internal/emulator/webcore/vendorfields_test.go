package webcore

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The JSON kinds a field of the vendor's objects may have.
const (
	kString = "string"
	kNumber = "number"
	kBool   = "bool"
	kArray  = "array"
	kObject = "object"
	kNull   = "null"
	kTime   = "time" // a string in the API's timestamp format
)

// kindOf names the JSON kind of a decoded value.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return kNull
	case string:
		return kString
	case float64:
		return kNumber
	case bool:
		return kBool
	case []any:
		return kArray
	case map[string]any:
		return kObject
	}
	return fmt.Sprintf("%T", v)
}

// checkFields fails for every field of want that obj lacks or holds with
// another kind. A kind may list alternatives ("null|time").
func checkFields(t *testing.T, what string, obj map[string]any, want map[string]string) {
	t.Helper()
	for field, kinds := range want {
		v, ok := obj[field]
		if !ok {
			t.Errorf("%s lacks %s", what, field)
			continue
		}
		got := kindOf(v)
		accepted := false
		for _, k := range strings.Split(kinds, "|") {
			if k == kTime {
				if s, ok := v.(string); ok {
					_, err := time.Parse(time.RFC3339, s)
					accepted = accepted || err == nil
				}
				continue
			}
			accepted = accepted || k == got
		}
		if !accepted {
			t.Errorf("%s: %s is %v (%s), want %s", what, field, v, got, kinds)
		}
	}
}

// The fields of the vendor family's API guide (OnApp: "Get List of
// Templates", "Get List of Compute Resources", "Get VS Details", "Get List
// of Users", "Get List of Transactions"), with their JSON kinds.
var (
	templateFields = map[string]string{
		"id": kNumber, "label": kString, "operating_system": kString, "operating_system_distro": kString,
		"operating_system_arch": kString, "operating_system_edition": kNull, "operating_system_tail": kNull,
		"version": kString, "state": kString, "virtualization": kArray, "allowed_hot_migrate": kBool,
		"allowed_swap": kBool, "allow_resize_without_reboot": kBool, "min_disk_size": kNumber, "min_memory_size": kNumber,
		"backup_server_id": kNull, "baremetal_server": kBool, "cdn": kBool, "smart_server": kBool, "checksum": kString,
		"file_name": kString, "manager_id": kString, "template_size": kNumber, "disk_target_device": kString,
		"ext4": kBool, "initial_username": kString, "parent_template_id": kNull, "remote_id": kNull,
		"resize_without_reboot_policy": kObject, "user_id": kNull, "created_at": kTime, "updated_at": kTime,
	}
	hypervisorFields = map[string]string{
		"id": kNumber, "label": kString, "hypervisor_group_id": kNumber, "hypervisor_type": kString,
		"ip_address": kString, "online": kBool, "enabled": kBool, "blocked": kBool, "built": kBool, "backup": kBool,
		"spare": kBool, "locked": kBool, "disable_failover": kBool, "format_disks": kBool, "passthrough_disks": kBool,
		"failure_count": kNumber, "called_in_at": kTime, "connection_options": kNull, "custom_config": kNull,
		"disk_pcis": kNull, "host": kString, "host_id": kNull, "mac": kString, "machine": kString, "distro": kString,
		"release": kString, "ovs": kBool, "mtu": kNumber, "cpus": kNumber, "cpu_mhz": kNumber, "cpu_idle": kNumber,
		"threads_per_core": kNumber, "used_cpu_resources": kNumber, "vmware_total_cpu_cores": kNumber,
		"mem_info": kNumber, "total_mem": kNumber, "free_mem": kNumber, "free_memory": kNumber, "total_memory": kNumber,
		"total_cpus": kNumber, "total_zombie_mem": kNumber, "list_of_zombie_domains": kString, "uptime": kString,
		"created_at": kTime, "updated_at": kTime,
	}
	vmFields = map[string]string{
		"id": kNumber, "identifier": kString, "label": kString, "hostname": kString, "domain": kString,
		"template_id": kNumber, "template_label": kString, "operating_system": kString, "operating_system_distro": kString,
		"memory": kNumber, "cpus": kNumber, "cpu_shares": kNumber, "cpu_priority": kNumber, "cpu_sockets": kNull,
		"cpu_threads": kNull, "cpu_units": kNull, "cores_per_socket": kNumber, "total_disk_size": kNumber,
		"min_disk_size": kNumber, "hypervisor_id": kNumber, "user_id": kNumber, "built": kBool, "booted": kBool,
		"locked": kBool, "suspended": kBool, "state": kString, "recovery_mode": kBool, "allow_resize_without_reboot": kBool,
		"allowed_hot_migrate": kBool, "allowed_swap": kBool, "add_to_marketplace": kNull, "admin_note": kString,
		"note": kString, "customer_network_id": kNull, "deleted_at": kNull, "edge_server_type": kNull,
		"enable_autoscale": kBool, "enable_monitis": kBool, "firewall_notrack": kBool,
		"initial_root_password_encrypted": kBool, "instance_type_id": kNull, "iso_id": kNull,
		"local_remote_access_ip_address": kString, "local_remote_access_port": kNumber,
		"monthly_bandwidth_used": kNumber, "preferred_hvs": kArray, "price_per_hour": kNumber,
		"price_per_hour_powered_off": kNumber, "storage_server_type": kNull, "strict_virtual_machine_id": kNull,
		"support_incremental_backups": kBool, "vip": kNull, "xen_id": kNull + "|" + kNumber,
		"ip_addresses": kArray, "created_at": kTime, "updated_at": kTime,
	}
	userFields = map[string]string{
		"id": kNumber, "identifier": kString, "login": kString, "email": kString, "first_name": kString,
		"last_name": kString, "status": kString, "locale": kString, "time_zone": kString, "role_ids": kArray,
		"user_group_id": kNull + "|" + kNumber, "billing_plan_id": kNull + "|" + kNumber, "bucket_id": kNull + "|" + kNumber,
		"activated_at": kNull + "|" + kTime, "avatar": kNull, "use_gravatar": kBool, "cdn_account_status": kString,
		"cdn_status": kString, "firewall_id": kNull, "group_id": kNull, "image_template_group_id": kNull,
		"infoboxes": kObject, "password_changed_at": kTime, "registered_yubikey": kBool, "supplied": kBool,
		"system_theme": kString, "suspend_at": kNull, "deleted_at": kNull, "used_cpus": kNumber, "used_memory": kNumber,
		"used_disk_size": kNumber, "used_ip_addresses": kArray, "additional_fields": kArray,
		"monthly_price": kNumber, "payment_amount": kNumber, "outstanding_amount": kNumber, "total_amount": kNumber,
		"discount_due_to_free": kNumber, "total_amount_with_discount": kNumber, "created_at": kTime, "updated_at": kTime,
	}
	txFields = map[string]string{
		"id": kNumber, "identifier": kString, "action": kString, "status": kString, "actor": kNull,
		"allowed_cancel": kBool, "associated_object_id": kNumber, "associated_object_type": kString,
		"parent_id": kNumber, "parent_type": kString, "dependent_transaction_id": kNull + "|" + kNumber,
		"params": kObject, "pid": kNull + "|" + kNumber, "priority": kNumber, "user_id": kNumber,
		"start_after": kTime, "started_at": kNull + "|" + kTime, "created_at": kTime, "updated_at": kTime,
	}
)

func TestVendorFields_templatesAndHypervisors(t *testing.T) {
	e := newEnv(t)
	templates := e.expect(e.do(adminPass, "GET", "/templates.json", nil), http.StatusOK).list(t, "image_template")
	if len(templates) == 0 {
		t.Fatal("no template")
	}
	for _, tpl := range templates {
		checkFields(t, fmt.Sprintf("template %v", tpl["id"]), tpl, templateFields)
	}
	ubuntu, windows := templates[templateUbuntu-1], templates[templateWindows-1]
	if ubuntu["operating_system_arch"] != "x64" || ubuntu["allowed_hot_migrate"] != true || windows["allowed_hot_migrate"] != false {
		t.Errorf("arch and hot migration: ubuntu %v %v, windows %v", ubuntu["operating_system_arch"], ubuntu["allowed_hot_migrate"], windows["allowed_hot_migrate"])
	}
	if !regexp.MustCompile(`^ubuntu-24\.04-x64-1\.0\.tar\.gz$`).MatchString(fmt.Sprint(ubuntu["file_name"])) ||
		!regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(fmt.Sprint(ubuntu["checksum"])) {
		t.Errorf("file_name %v, checksum %v", ubuntu["file_name"], ubuntu["checksum"])
	}
	if _, ok := ubuntu["initial_password"]; ok {
		t.Error("a template shows an initial_password: the emulator never shows a secret")
	}

	hvs := e.expect(e.do(adminPass, "GET", "/hypervisors.json", nil), http.StatusOK).list(t, "hypervisor")
	if len(hvs) == 0 {
		t.Fatal("no hypervisor")
	}
	for _, hv := range hvs {
		checkFields(t, fmt.Sprintf("hypervisor %v", hv["id"]), hv, hypervisorFields)
		if hv["enabled"] != true || num(hv["free_memory"]) >= num(hv["total_memory"]) || num(hv["cpus"]) != num(hv["total_cpus"]) {
			t.Errorf("hypervisor %v: enabled %v, free %v of %v MB, cpus %v of %v", hv["id"], hv["enabled"],
				hv["free_memory"], hv["total_memory"], hv["cpus"], hv["total_cpus"])
		}
	}
}

func TestVendorFields_serversUsersAndTransactions(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, nil)
	pending := e.vm(adminPass, id)
	checkFields(t, "a server being built", pending, vmFields)
	if pending["xen_id"] != nil {
		t.Errorf("xen_id %v before the build", pending["xen_id"])
	}
	e.waitIdle(id)
	vm := e.vm(adminPass, id)
	checkFields(t, "a built server", vm, vmFields)
	if num(vm["xen_id"]) == 0 || vm["local_remote_access_ip_address"] == "" || num(vm["min_disk_size"]) != 5 {
		t.Errorf("built server: xen_id %v, remote access %v, min_disk_size %v", vm["xen_id"], vm["local_remote_access_ip_address"], vm["min_disk_size"])
	}
	for _, secret := range []string{"initial_root_password", "remote_access_password", "service_password"} {
		if _, ok := vm[secret]; ok {
			t.Errorf("a server shows %s: the emulator never shows a secret", secret)
		}
	}
	listed := e.expect(e.do(adminPass, "GET", "/virtual_machines.json", nil), http.StatusOK).list(t, "virtual_machine")
	checkFields(t, "a listed server", listed[0], vmFields)

	for _, u := range e.expect(e.do(adminPass, "GET", "/users.json", nil), http.StatusOK).list(t, "user") {
		checkFields(t, fmt.Sprintf("user %v", u["login"]), u, userFields)
	}

	txs := e.vmTxs(id)
	for _, tx := range txs {
		checkFields(t, fmt.Sprintf("transaction %v", tx["action"]), tx, txFields)
		if tx["status"] == txComplete && (tx["pid"] == nil || tx["allowed_cancel"] != false) {
			t.Errorf("complete transaction %v: pid %v, allowed_cancel %v", tx["id"], tx["pid"], tx["allowed_cancel"])
		}
	}
	shown := e.expect(e.do(adminPass, "GET", fmt.Sprintf("/transactions/%d.json", num(txs[0]["id"])), nil), http.StatusOK).obj(t, "transaction")
	checkFields(t, "a shown transaction", shown, txFields)
}

// TestVendorFields_inXML: the added fields (nested objects, arrays of
// strings, multi-line strings) render in the XML format too.
func TestVendorFields_inXML(t *testing.T) {
	e := newEnv(t)
	id := e.createVM(adminPass, nil)
	e.waitIdle(id)
	for path, wants := range map[string][]string{
		"/templates.json":   {`<virtualization type="array">`, `<resize_without_reboot_policy>`, `<operating_system_arch>x64</operating_system_arch>`},
		"/hypervisors.json": {`<enabled type="boolean">true</enabled>`, `<host_id nil="true"/>`},
		"/users.json":       {`<infoboxes>`, `<hidden_infoboxes type="array"`, `<bucket_id type="integer">1</bucket_id>`},
		fmt.Sprintf("/virtual_machines/%d.json", id):              {`<preferred_hvs type="array"`, `<xen_id type="integer">`},
		fmt.Sprintf("/virtual_machines/%d/transactions.json", id): {`<priority type="integer">10</priority>`, `<allowed_cancel type="boolean">false</allowed_cancel>`},
	} {
		xmlPath := strings.TrimSuffix(path, ".json") + ".xml"
		body := string(e.expect(e.do(adminPass, "GET", xmlPath, nil), http.StatusOK).body)
		for _, want := range wants {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %s:\n%s", xmlPath, want, body)
			}
		}
	}
}
