package client

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// The day-2 calls of a virtual server: its disks and their resize, a
// migration to another hypervisor, a hand-over to another owner.

// Disk is one disk of a virtual server.
type Disk struct {
	ID               int64     `json:"id"`
	Label            string    `json:"label"`
	DiskSize         int64     `json:"disk_size"` // GB
	Primary          bool      `json:"primary"`
	IsSwap           bool      `json:"is_swap"`
	VirtualMachineID int64     `json:"virtual_machine_id"`
	DataStoreID      int64     `json:"data_store_id"`
	Built            bool      `json:"built"`
	Locked           bool      `json:"locked"`
	MountPoint       string    `json:"mount_point"`
	FileSystem       string    `json:"file_system"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// UnmarshalJSON implements json.Unmarshaler, decoding loosely (see decodeLoose).
func (v *Disk) UnmarshalJSON(data []byte) error { return decodeLoose(data, v) }

// ListDisks lists a virtual server's disks.
func (w *Webcore) ListDisks(ctx context.Context, vsID int64) ([]Disk, error) {
	return getWrappedList[Disk](ctx, w, vsPath(vsID, "/disks.json"), nil, "disk")
}

// ResizeDisk grows a disk (PUT, 204); the API refuses a smaller size (422)
// and a locked server (403). The resize is queued as a resize_disk
// transaction of the server: note LatestTransactionID before and
// WaitForTransactions after.
func (w *Webcore) ResizeDisk(ctx context.Context, diskID, sizeGB int64) error {
	_, err := w.do(ctx, webcoreRequest{method: http.MethodPut, path: "/settings/disks/" + strconv.FormatInt(diskID, 10) + ".json",
		body: wrap("disk", map[string]int64{"disk_size": sizeGB})})
	return err
}

// MigrateVirtualServer moves a server to another hypervisor (201
// Scheduled, a migrate_virtual_machine transaction): note
// LatestTransactionID before and WaitForTransactions after.
func (w *Webcore) MigrateVirtualServer(ctx context.Context, vsID, hypervisorID int64) error {
	_, err := w.do(ctx, webcoreRequest{method: http.MethodPost, path: vsPath(vsID, "/migration.json"),
		body: wrap("virtual_machine", map[string]int64{"destination": hypervisorID})})
	return err
}

// ChangeOwner hands a server over to another user, at once.
func (w *Webcore) ChangeOwner(ctx context.Context, vsID, userID int64) error {
	_, err := w.do(ctx, webcoreRequest{method: http.MethodPost, path: vsPath(vsID, "/change_owner.json"),
		body: map[string]int64{"user_id": userID}})
	return err
}
