package webcore

import (
	"net/http"
	"slices"
	"time"
)

// Day-2 calls of the API family: a server's disks and their resize, its
// migration to another hypervisor, and the hand-over to another owner.

// Disk is one disk of a virtual server, stored with the server. A server has
// one primary disk and at most one swap disk; created without swap it has
// none. Its size is mirrored in the server's PrimaryDiskSize/SwapDiskSize,
// which the server's view and the owner's usage read.
type Disk struct {
	ID          int       `json:"id"`
	Label       string    `json:"label"`
	DiskSize    int       `json:"disk_size"` // GB
	Primary     bool      `json:"primary"`
	IsSwap      bool      `json:"is_swap"`
	DataStoreID int       `json:"data_store_id"`
	Built       bool      `json:"built"`
	MountPoint  string    `json:"mount_point"`
	FileSystem  string    `json:"file_system"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// dataStoreID is the one data store of the emulated cloud (emulator choice).
const dataStoreID = 1

// newDisks are the disks of a server being created: primary, then swap when
// it has some (a.mu held).
func newDisks(c *change, vm *VirtualServer, now time.Time) []Disk {
	disks := []Disk{{ID: c.nextID(&c.next.Disk), Label: "Primary disk of " + vm.Label, DiskSize: vm.PrimaryDiskSize,
		Primary: true, DataStoreID: dataStoreID, MountPoint: "/", FileSystem: "ext4", CreatedAt: now, UpdatedAt: now}}
	if vm.SwapDiskSize > 0 {
		disks = append(disks, Disk{ID: c.nextID(&c.next.Disk), Label: "Swap disk of " + vm.Label, DiskSize: vm.SwapDiskSize,
			IsSwap: true, DataStoreID: dataStoreID, FileSystem: "swap", CreatedAt: now, UpdatedAt: now})
	}
	return disks
}

// withDisk returns a copy of vm whose disk id is changed by edit, with the
// server's size fields following the disk (a.mu held).
func (vm *VirtualServer) withDisk(id int, edit func(*Disk)) *VirtualServer {
	c := vm.changed()
	c.Disks = slices.Clone(vm.Disks)
	for i := range c.Disks {
		if d := &c.Disks[i]; d.ID == id {
			edit(d)
			d.UpdatedAt = nextUpdatedAt(d.UpdatedAt)
			if d.IsSwap {
				c.SwapDiskSize = d.DiskSize
			} else if d.Primary {
				c.PrimaryDiskSize = d.DiskSize
			}
		}
	}
	return c
}

// diskView is the disk as the API shows it; locked is the server's lock.
type diskView struct {
	ID               int    `json:"id"`
	Label            string `json:"label"`
	DiskSize         int    `json:"disk_size"`
	Primary          bool   `json:"primary"`
	IsSwap           bool   `json:"is_swap"`
	VirtualMachineID int    `json:"virtual_machine_id"`
	DataStoreID      int    `json:"data_store_id"`
	Built            bool   `json:"built"`
	Locked           bool   `json:"locked"`
	MountPoint       string `json:"mount_point"`
	FileSystem       string `json:"file_system"`
	CreatedAt        string `json:"created_at"`
	UpdatedAt        string `json:"updated_at"`
}

type diskWrapper struct {
	Disk diskView `json:"disk"`
}

func (a *API) viewDisk(vm *VirtualServer, d Disk) diskWrapper {
	return diskWrapper{diskView{ID: d.ID, Label: d.Label, DiskSize: d.DiskSize, Primary: d.Primary, IsSwap: d.IsSwap,
		VirtualMachineID: vm.ID, DataStoreID: d.DataStoreID, Built: d.Built, Locked: a.vmLocked(vm.ID),
		MountPoint: d.MountPoint, FileSystem: d.FileSystem, CreatedAt: stamp(d.CreatedAt), UpdatedAt: stamp(d.UpdatedAt)}}
}

// listDisks serves GET /virtual_machines/:id/disks.json (a.mu held).
func (a *API) listDisks(r *http.Request, vm *VirtualServer) reply {
	list := make([]diskWrapper, 0, len(vm.Disks))
	for _, d := range vm.Disks {
		list = append(list, a.viewDisk(vm, d))
	}
	return okPage(r, list, "disks")
}

// findDisk is the server holding the disk named by the {id} path value, and
// the disk's index in it, if the caller may see the server (a.mu held).
func (a *API) findDisk(r *http.Request, caller int) *diskRef {
	id, ok := pathNumber(r)
	if !ok {
		return nil
	}
	vm := a.vms[a.diskOwner[id]]
	if vm == nil || !visibleTo(caller, vm.UserID) {
		return nil
	}
	for i, d := range vm.Disks {
		if d.ID == id {
			return &diskRef{vm: vm, index: i}
		}
	}
	return nil
}

// diskRef is a disk found in its server.
type diskRef struct {
	vm    *VirtualServer
	index int
}

func (d *diskRef) disk() Disk { return d.vm.Disks[d.index] }

func (a *API) showDisk(r *http.Request, caller int) reply {
	return lookup(a, reading, a.findDisk, r, caller, func(ref *diskRef) reply {
		return ok(a.viewDisk(ref.vm, ref.disk()))
	})
}

// resizeDisk serves PUT /settings/disks/:id.json: grow only (422 on a
// smaller or equal size: nothing to do is an error too, emulator choice),
// 403 while the server is locked. A built server queues resize_disk; on a
// server never built the size changes at once, as a sizing PUT does.
func (a *API) resizeDisk(r *http.Request, caller int) reply {
	p, perr := readParams(r, "disk")
	fe := fieldErrors{}
	if perr != nil {
		fe.add("base", perr.Error())
		p = params{}
	}
	return lookup(a, writing, a.findDisk, r, caller, func(ref *diskRef) reply {
		vm, disk := ref.vm, ref.disk()
		touched := vm.withDisk(disk.ID, func(*Disk) {}) // what a refused PUT stores
		if a.vmLocked(vm.ID) {
			return a.failedPUTStillMovesUpdatedAt(touched, forbidden(msgLocked))
		}
		size, given := p.optInt(fe, "disk_size")
		switch {
		case len(fe) > 0:
		case !given:
			fe.add("disk_size", msgBlank)
		case size < disk.DiskSize:
			fe.addf("disk_size", "must be greater than or equal to %d: a disk can only grow", disk.DiskSize)
		case size == disk.DiskSize:
			fe.addf("disk_size", "is already %d GB", disk.DiskSize)
		}
		if len(fe) > 0 {
			return a.failedPUTStillMovesUpdatedAt(touched, unprocessable(fe))
		}
		c := a.newChange()
		if !vm.Built {
			// Nothing is on the disk yet: the build makes it this size.
			return a.commit(c.put(vm.withDisk(disk.ID, func(d *Disk) { d.DiskSize = size })), noContent)
		}
		c.queueChain(parentVirtualMachine, vm.ID, vm.UserID, []txSpec{{action: "resize_disk",
			params: map[string]any{"disk_id": disk.ID, "disk_size": size, "previous_disk_size": disk.DiskSize}}})
		return a.commit(c.put(touched), noContent)
	})
}

// migrate serves POST /virtual_machines/:id/migration.json: 422 on
// destination for an unknown, offline or current hypervisor, 403 while
// locked, else it queues migrate_virtual_machine and answers 201 (a.mu held).
func (a *API) migrate(vm *VirtualServer, p params) reply {
	fe := fieldErrors{}
	dest, given := p.optInt(fe, "destination")
	if !given && len(fe) == 0 {
		fe.add("destination", msgBlank)
	}
	var hv *Hypervisor
	if len(fe) == 0 {
		for _, h := range a.hypervisors {
			if h.ID == dest {
				hv = h
			}
		}
		switch {
		case hv == nil:
			fe.add("destination", "does not exist")
		case !hv.Online:
			fe.add("destination", "is offline")
		case hv.ID == vm.HypervisorID:
			fe.add("destination", "is the hypervisor the virtual server runs on")
		}
	}
	if a.vmLocked(vm.ID) {
		return forbidden(msgLocked)
	}
	if len(fe) > 0 {
		return unprocessable(fe)
	}
	spec := txSpec{action: "migrate_virtual_machine", params: map[string]any{
		"source": vm.HypervisorID, "destination": hv.ID, "destination_group": hv.HypervisorGroupID}}
	return a.queueOnVM(vm, spec, false)
}

// changeOwner serves POST /virtual_machines/:id/change_owner.json: the
// server belongs to user_id at once (no transaction) and the answer is the
// server. 422 on user_id for an unknown or deleted user; 403 when the new
// owner's limits cannot take the server (emulator choice: limits are per
// owner). Only the administrator hands servers over (a.mu held).
func (a *API) changeOwner(vm *VirtualServer, p params, caller int) reply {
	if !isAdmin(caller) {
		return forbidden("Only the administrator can change the owner of a virtual server")
	}
	fe := fieldErrors{}
	to, given := p.optInt(fe, "user_id")
	if !given && len(fe) == 0 {
		fe.add("user_id", msgBlank)
	}
	if len(fe) == 0 {
		switch u := a.users[to]; {
		case u == nil:
			fe.add("user_id", "does not exist")
		case u.Status == "deleted" || u.Destroying:
			fe.add("user_id", "is a deleted user")
		}
	}
	if len(fe) > 0 {
		return unprocessable(fe)
	}
	if to == vm.UserID {
		return ok(vmWrapper{a.viewVM(vm)})
	}
	if msg := a.overLimits(to, vm.ID, sizing{Memory: vm.Memory, CPUs: vm.CPUs, CPUShares: vm.CPUShares}, true); msg != "" {
		return forbidden(msg)
	}
	moved := vm.changed()
	moved.UserID = to
	return a.commit(a.newChange().put(moved), func() reply { return ok(vmWrapper{a.viewVM(moved)}) })
}

// vmAction serves POST /virtual_machines/:id/{action}: power actions,
// migration and change_owner.
func (a *API) vmAction(r *http.Request, caller int) reply {
	verb, _, known := splitFormat(r.PathValue("action"))
	if !known {
		return notFound()
	}
	switch verb {
	case "migration", "change_owner":
		// change_owner's body is documented unwrapped ({"user_id": N});
		// readParams takes it either way.
		p, err := readParams(r, "virtual_machine")
		if err != nil {
			return unprocessable(fieldErrors{"base": {err.Error()}})
		}
		return lookup(a, writing, a.findVM, r, caller, func(vm *VirtualServer) reply {
			if verb == "migration" {
				return a.migrate(vm, p)
			}
			return a.changeOwner(vm, p, caller)
		})
	}
	return a.powerAction(r, caller)
}

// diskEffect applies a completed resize_disk to its server (a.mu held).
func (a *API) diskEffect(vm *VirtualServer, t *Transaction) *VirtualServer {
	id := paramInt(t.Params, "disk_id", 0)
	size := paramInt(t.Params, "disk_size", 0)
	return vm.withDisk(id, func(d *Disk) { d.DiskSize = size })
}

// migrationEffect moves a server to the destination of a completed
// migrate_virtual_machine (a.mu held).
func migrationEffect(vm *VirtualServer, t *Transaction) {
	vm.HypervisorID = paramInt(t.Params, "destination", vm.HypervisorID)
	vm.HypervisorGroupID = paramInt(t.Params, "destination_group", vm.HypervisorGroupID)
}

// markDisksBuilt is build_disk's effect on the disks (a.mu held).
func markDisksBuilt(vm *VirtualServer) {
	vm.Disks = slices.Clone(vm.Disks)
	for i := range vm.Disks {
		vm.Disks[i].Built = true
	}
}

// backfillDisks gives servers stored before disks were kept their disks, in
// one commit (a.mu held).
func (a *API) backfillDisks() error {
	c := a.newChange()
	for _, id := range sortedKeys(a.vms) {
		if vm := a.vms[id]; len(vm.Disks) == 0 {
			with := *vm
			with.Disks = newDisks(c, &with, vm.CreatedAt)
			if vm.Built {
				markDisksBuilt(&with)
			}
			c.put(&with)
		}
	}
	if len(c.writes) == 0 {
		return nil
	}
	return a.save(c)
}
