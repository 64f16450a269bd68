package webcore

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
)

const msgLocked = "Virtual server is locked: a transaction is in progress"

type vmWrapper struct {
	VirtualMachine any `json:"virtual_machine"`
}

// overLimits returns the 403 message when the owner's servers, without
// server exclude and with one sized like add (when count), exceed the limits.
func (a *API) overLimits(owner, exclude int, add sizing, count bool) string {
	n, mem, cpus := 0, add.Memory, add.CPUs
	if count {
		n = 1
	}
	for _, vm := range a.vms {
		if vm.UserID == owner && vm.ID != exclude {
			n, mem, cpus = n+1, mem+vm.Memory, cpus+vm.CPUs
		}
	}
	l := a.limits
	switch {
	case count && n > l.MaxVirtualServers:
		return fmt.Sprintf("Virtual server limit exceeded: at most %d virtual servers are allowed", l.MaxVirtualServers)
	case mem > l.MaxMemory:
		return fmt.Sprintf("Memory limit exceeded: %d MB requested in total, %d MB allowed", mem, l.MaxMemory)
	case cpus > l.MaxCPUs:
		return fmt.Sprintf("CPU limit exceeded: %d CPUs requested in total, %d allowed", cpus, l.MaxCPUs)
	}
	return ""
}

// requiredInt reads a required integer into fe.
func requiredInt(p params, fe fieldErrors, key string) int {
	if !p.has(key) {
		fe.add(key, msgBlank)
		return 0
	}
	n, _ := p.optInt(fe, key)
	return n
}

// readVMText applies the immediately changeable text fields.
func readVMText(p params, fe fieldErrors, vm *VirtualServer, creating bool) {
	if p.has("label") || creating {
		vm.Label, _ = p.str("label")
		if vm.Label == "" {
			fe.add("label", msgBlank)
		} else if len(vm.Label) > 255 {
			fe.add("label", "is too long (maximum is 255 characters)")
		}
	}
	if p.has("hostname") || creating {
		vm.Hostname, _ = p.str("hostname")
		if vm.Hostname == "" {
			fe.add("hostname", msgBlank)
		} else if !validHostname(vm.Hostname) {
			fe.add("hostname", "is invalid")
		}
	}
	if p.has("domain") {
		vm.Domain, _ = p.str("domain")
		if vm.Domain != "" && !validHostname(vm.Domain) {
			fe.add("domain", "is invalid")
		}
	}
	for key, dst := range map[string]*string{"note": &vm.Note, "admin_note": &vm.AdminNote, "time_zone": &vm.TimeZone} {
		if p.has(key) {
			*dst, _ = p.str(key)
		}
	}
	if n, ok := p.optInt(fe, "rate_limit"); ok {
		if n < 0 {
			fe.add("rate_limit", "must be greater than or equal to 0")
		} else {
			vm.RateLimit = n
		}
	}
}

func (a *API) createVM(r *http.Request, caller int) reply {
	p, err := readParams(r, "virtual_machine")
	if err != nil {
		return unprocessable(fieldErrors{"base": {err.Error()}})
	}
	fe := fieldErrors{}
	vm := &VirtualServer{Domain: "localdomain", TimeZone: "UTC", State: "new", UserID: caller}
	readVMText(p, fe, vm, true)
	templateID := requiredInt(p, fe, "template_id")
	size := sizing{Memory: requiredInt(p, fe, "memory"), CPUs: requiredInt(p, fe, "cpus"), CPUShares: requiredInt(p, fe, "cpu_shares")}
	vm.PrimaryDiskSize = requiredInt(p, fe, "primary_disk_size")
	vm.SwapDiskSize, _ = p.optInt(fe, "swap_disk_size")
	build, startup := true, true
	if b, ok := p.optBool(fe, "required_virtual_machine_build"); ok {
		build = b
	}
	if b, ok := p.optBool(fe, "required_virtual_machine_startup"); ok {
		startup = b
	}
	if p.has("initial_root_password") {
		pw, _ := p.str("initial_root_password")
		validateRootPassword(fe, pw)
		sum := sha256.Sum256([]byte(pw))
		vm.RootPasswordSHA256 = hex.EncodeToString(sum[:])
	}
	hvID, hvGiven := p.optInt(fe, "hypervisor_id")
	groupID, groupGiven := p.optInt(fe, "hypervisor_group_id")

	a.mu.Lock()
	defer a.mu.Unlock()
	tmpl := a.templates[templateID]
	if tmpl == nil && len(fe["template_id"]) == 0 {
		fe.add("template_id", "does not exist")
	}
	if len(fe["memory"])+len(fe["cpus"])+len(fe["cpu_shares"]) == 0 {
		validateSizing(fe, size, tmpl)
	}
	if tmpl != nil && len(fe["primary_disk_size"]) == 0 && vm.PrimaryDiskSize < tmpl.MinDiskSize {
		fe.addf("primary_disk_size", "must be greater than or equal to %d (the template's minimum disk size)", tmpl.MinDiskSize)
	}
	switch {
	case vm.SwapDiskSize < 0:
		fe.add("swap_disk_size", "must be greater than or equal to 0")
	case tmpl != nil && !tmpl.AllowedSwap && vm.SwapDiskSize != 0:
		fe.add("swap_disk_size", "must be 0: the template does not allow swap")
	}
	hv := a.pickHypervisor(fe, hvID, hvGiven, groupID, groupGiven)
	if len(fe) > 0 {
		return unprocessable(fe)
	}
	if msg := a.overLimits(caller, 0, size, true); msg != "" {
		return forbidden(msg)
	}
	c := a.newChange()
	now := nowMillis()
	vm.ID, vm.Identifier, vm.TemplateID = c.nextID(&c.next.VM), newIdentifier(), templateID
	vm.Memory, vm.CPUs, vm.CPUShares = size.Memory, size.CPUs, size.CPUShares
	vm.HypervisorID, vm.HypervisorGroupID = hv.ID, hv.HypervisorGroupID
	vm.CreatedAt, vm.UpdatedAt = now, now
	vm.IPAddresses = []IPAddress{allocateIP(c)}
	vm.Disks = newDisks(c, vm, now)
	c.put(vm)
	if build {
		c.queueChain(parentVirtualMachine, vm.ID, vm.UserID, buildChain(vm, startup))
	}
	return a.commit(c, func() reply {
		return created(vmWrapper{a.viewVM(vm)}, "/virtual_machines/"+strconv.Itoa(vm.ID)+".json")
	})
}

func buildChain(vm *VirtualServer, startup bool) []txSpec {
	specs := []txSpec{
		{action: "build_disk", params: map[string]any{"template_id": vm.TemplateID, "primary_disk_size": vm.PrimaryDiskSize, "swap_disk_size": vm.SwapDiskSize}},
		{action: "provisioning"},
		{action: "configure_operating_system"},
	}
	if startup {
		specs = append(specs, txSpec{action: "startup_virtual_machine"})
	}
	return specs
}

// pickHypervisor validates the requested placement or chooses one: the
// group's first hypervisor, else the first online one (a.mu held).
func (a *API) pickHypervisor(fe fieldErrors, id int, idGiven bool, group int, groupGiven bool) *Hypervisor {
	var found *Hypervisor
	for _, hv := range a.hypervisors {
		switch {
		case idGiven && hv.ID == id:
			found = hv
		case !idGiven && groupGiven && hv.HypervisorGroupID == group && found == nil:
			found = hv
		case !idGiven && !groupGiven && hv.Online && found == nil:
			found = hv
		}
	}
	if found == nil {
		switch {
		case idGiven:
			fe.add("hypervisor_id", "does not exist")
		case groupGiven:
			fe.add("hypervisor_group_id", "does not exist")
		default:
			fe.add("base", "No hypervisor is online")
		}
		return nil
	}
	if idGiven && groupGiven && found.HypervisorGroupID != group {
		fe.add("hypervisor_id", "does not belong to the given hypervisor group")
	}
	return found
}

// allocateIP hands out addresses from 10.20.0.0/16; never reused.
func allocateIP(c *change) IPAddress { return ipAddress(c.nextID(&c.next.IP)) }

// ipAddress is the n-th address handed out: 250 hosts (.2 to .251) per
// third octet, so neither the gateway .1 nor a .0 or .255 comes up.
func ipAddress(n int) IPAddress {
	return IPAddress{ID: n, Address: fmt.Sprintf("10.20.%d.%d", (n/250)%256, n%250+2), Netmask: "255.255.0.0", Gateway: "10.20.0.1"}
}

func (a *API) showVM(r *http.Request, caller int) reply {
	return lookup(a, reading, a.findVM, r, caller, func(vm *VirtualServer) reply {
		return ok(vmWrapper{a.viewVM(vm)})
	})
}

func (a *API) listVMs(r *http.Request, caller int) reply {
	a.mu.RLock()
	defer a.mu.RUnlock()
	list := []vmWrapper{}
	for _, id := range sortedKeys(a.vms) {
		if vm := a.vms[id]; visibleTo(caller, vm.UserID) {
			list = append(list, vmWrapper{a.viewVM(vm)})
		}
	}
	return okPage(r, list, "virtual_machines")
}

// showVMSub serves /virtual_machines/:id/status, /:id/transactions and /:id/disks.
func (a *API) showVMSub(r *http.Request, caller int) reply {
	sub, _, known := splitFormat(r.PathValue("sub"))
	if !known || (sub != "status" && sub != "transactions" && sub != "disks") {
		return notFound()
	}
	return lookup(a, reading, a.findVM, r, caller, func(vm *VirtualServer) reply {
		if sub == "disks" {
			return a.listDisks(r, vm)
		}
		if sub == "status" {
			return ok(vmWrapper{vmStatusView{ID: vm.ID, Identifier: vm.Identifier, Built: vm.Built, Booted: vm.Booted,
				Locked: a.vmLocked(vm.ID), Suspended: vm.Suspended, State: vm.State}})
		}
		list := a.transactionsView(func(t *Transaction) bool {
			return t.ParentType == parentVirtualMachine && t.ParentID == vm.ID
		})
		return okPage(r, list, "transactions")
	})
}

// updateVM: text fields change at once; a new size queues one resize
// transaction (or applies at once to a server that is not built).
func (a *API) updateVM(r *http.Request, caller int) reply {
	p, perr := readParams(r, "virtual_machine")
	fe := fieldErrors{}
	if perr != nil {
		fe.add("base", perr.Error())
		p = params{}
	}
	return lookup(a, writing, a.findVM, r, caller, func(old *VirtualServer) reply {
		touched := old.changed() // what a refused PUT stores
		if a.vmLocked(old.ID) {
			return a.failedPUTStillMovesUpdatedAt(touched, forbidden(msgLocked))
		}
		vm := *touched
		readVMText(p, fe, &vm, false)
		current := sizing{Memory: old.Memory, CPUs: old.CPUs, CPUShares: old.CPUShares}
		target := current
		for key, dst := range map[string]*int{"memory": &target.Memory, "cpus": &target.CPUs, "cpu_shares": &target.CPUShares} {
			if n, ok := p.optInt(fe, key); ok {
				*dst = n
			}
		}
		tmpl := a.templates[old.TemplateID]
		if target != current {
			validateSizing(fe, target, tmpl)
		}
		if len(fe) > 0 {
			return a.failedPUTStillMovesUpdatedAt(touched, unprocessable(fe))
		}
		c := a.newChange()
		if target != current {
			if msg := a.overLimits(old.UserID, old.ID, target, false); msg != "" {
				return a.failedPUTStillMovesUpdatedAt(touched, forbidden(msg))
			}
			if old.Built {
				c.queueChain(parentVirtualMachine, vm.ID, vm.UserID, []txSpec{{action: resizeAction(current, target, tmpl),
					params: map[string]any{"memory": target.Memory, "cpus": target.CPUs, "cpu_shares": target.CPUShares}}})
			} else {
				// Nothing is running yet, so there is nothing to reconfigure.
				vm.Memory, vm.CPUs, vm.CPUShares = target.Memory, target.CPUs, target.CPUShares
			}
		}
		return a.commit(c.put(&vm), noContent)
	})
}

// resizeAction: without reboot only when every change is an increase and
// the template allows it.
func resizeAction(from, to sizing, tmpl *Template) string {
	increaseOnly := to.Memory >= from.Memory && to.CPUs >= from.CPUs && to.CPUShares >= from.CPUShares
	if increaseOnly && tmpl != nil && tmpl.AllowResizeWithoutReboot {
		return "resize_vm_without_reboot"
	}
	return "resize_virtual_machine"
}

func (a *API) deleteVM(r *http.Request, caller int) reply {
	q := r.URL.Query()
	spec := txSpec{action: "destroy_virtual_machine", params: map[string]any{
		"convert_last_backup": q.Get("convert_last_backup") == "1", "destroy_all_backups": q.Get("destroy_all_backups") == "1"}}
	return lookup(a, writing, a.findVM, r, caller, func(vm *VirtualServer) reply { return a.queueOnVM(vm, spec, false) })
}

// powerActions maps the URL verb to the transaction it queues.
var powerActions = map[string]string{
	"startup":  "startup_virtual_machine",
	"shutdown": "stop_virtual_machine",
	"stop":     "stop_virtual_machine",
	"reboot":   "reboot_virtual_machine",
}

func (a *API) powerAction(r *http.Request, caller int) reply {
	verb, _, ok := splitFormat(r.PathValue("action"))
	action, known := powerActions[verb]
	if !ok || !known {
		return notFound()
	}
	spec := txSpec{action: action, params: map[string]any{"graceful": verb == "shutdown"}}
	return lookup(a, writing, a.findVM, r, caller, func(vm *VirtualServer) reply { return a.queueOnVM(vm, spec, true) })
}

// queueOnVM answers a power action or a delete: 403 while the server is locked
// (or, when needsBuilt, not built), else it commits one transaction and
// answers 201 with the server, now locked by it (a.mu held).
func (a *API) queueOnVM(vm *VirtualServer, spec txSpec, needsBuilt bool) reply {
	switch {
	case a.vmLocked(vm.ID):
		return forbidden(msgLocked)
	case needsBuilt && !vm.Built:
		return forbidden("Virtual server is not built")
	}
	return a.commit(a.newChange().queueChain(parentVirtualMachine, vm.ID, vm.UserID, []txSpec{spec}), func() reply {
		return created(vmWrapper{a.viewVM(vm)}, "")
	})
}
