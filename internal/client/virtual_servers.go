package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// VirtualServer is a Webcore virtual server ("virtual_machine" on the wire).
type VirtualServer struct {
	ID              int64       `json:"id"`
	Identifier      string      `json:"identifier"`
	Label           string      `json:"label"`
	Hostname        string      `json:"hostname"`
	Domain          string      `json:"domain"`
	TemplateID      int64       `json:"template_id"`
	TemplateLabel   string      `json:"template_label"`
	OperatingSystem string      `json:"operating_system"`
	Memory          int64       `json:"memory"` // MB
	CPUs            int64       `json:"cpus"`
	CPUShares       int64       `json:"cpu_shares"`
	TotalDiskSize   int64       `json:"total_disk_size"` // GB
	HypervisorID    int64       `json:"hypervisor_id"`
	UserID          int64       `json:"user_id"`
	Built           bool        `json:"built"`
	Booted          bool        `json:"booted"`
	Locked          bool        `json:"locked"` // true while any transaction is pending or running
	Suspended       bool        `json:"suspended"`
	State           string      `json:"state"`
	RateLimit       int64       `json:"rate_limit"` // Mbps, 0 = unlimited
	Note            string      `json:"note"`
	AdminNote       string      `json:"admin_note"`
	CreatedAt       time.Time   `json:"created_at"`
	UpdatedAt       time.Time   `json:"updated_at"` // changes on every PUT: never use for drift
	IPAddresses     IPAddresses `json:"ip_addresses"`

	// Build-time values the contract's field list does not promise: nil
	// when the API leaves them out (or sends null), so a caller can tell
	// "not reported" from a real 0 or "".
	PrimaryDiskSize   *int64  `json:"primary_disk_size"` // GB
	SwapDiskSize      *int64  `json:"swap_disk_size"`    // GB
	HypervisorGroupID *int64  `json:"hypervisor_group_id"`
	TimeZone          *string `json:"time_zone"`
}

// UnmarshalJSON implements json.Unmarshaler, decoding loosely (see decodeLoose).
func (v *VirtualServer) UnmarshalJSON(data []byte) error { return decodeLoose(data, v) }

// IPAddress is one address assigned to a virtual server.
type IPAddress struct {
	ID      int64  `json:"id"`
	Address string `json:"address"`
	Netmask string `json:"netmask"`
	Gateway string `json:"gateway"`
}

// UnmarshalJSON implements json.Unmarshaler, decoding loosely (see decodeLoose).
func (v *IPAddress) UnmarshalJSON(data []byte) error { return decodeLoose(data, v) }

// IPAddresses decodes [{"ip_address": {...}}] as well as [{...}].
type IPAddresses []IPAddress

// UnmarshalJSON implements json.Unmarshaler.
func (l *IPAddresses) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		*l = nil
		return nil
	}
	items, err := decodeWrappedList[IPAddress](data, "ip_address")
	if err != nil {
		return err
	}
	*l = items
	return nil
}

// VirtualServerStatus is the cheap status poll of a virtual server.
type VirtualServerStatus struct {
	ID         int64  `json:"id"`
	Identifier string `json:"identifier"`
	Built      bool   `json:"built"`
	Booted     bool   `json:"booted"`
	Locked     bool   `json:"locked"`
	Suspended  bool   `json:"suspended"`
	State      string `json:"state"`
}

// UnmarshalJSON implements json.Unmarshaler, decoding loosely (see decodeLoose).
func (v *VirtualServerStatus) UnmarshalJSON(data []byte) error { return decodeLoose(data, v) }

// VirtualServerCreateRequest is the body of POST /virtual_machines.json.
// The non-pointer fields are required; nil fields are not sent.
type VirtualServerCreateRequest struct {
	Label                         string  `json:"label"`
	Hostname                      string  `json:"hostname"`
	TemplateID                    int64   `json:"template_id"`
	Memory                        int64   `json:"memory"` // MB, >= 128
	CPUs                          int64   `json:"cpus"`
	CPUShares                     int64   `json:"cpu_shares"`        // 1-100
	PrimaryDiskSize               int64   `json:"primary_disk_size"` // GB
	SwapDiskSize                  *int64  `json:"swap_disk_size,omitempty"`
	RequiredVirtualMachineBuild   *bool   `json:"-"` // sent as 0/1; server default true
	RequiredVirtualMachineStartup *bool   `json:"-"` // sent as 0/1; server default true
	InitialRootPassword           *string `json:"initial_root_password,omitempty"`
	HypervisorID                  *int64  `json:"hypervisor_id,omitempty"`
	HypervisorGroupID             *int64  `json:"hypervisor_group_id,omitempty"`
	RateLimit                     *int64  `json:"rate_limit,omitempty"`
	Domain                        *string `json:"domain,omitempty"`
	TimeZone                      *string `json:"time_zone,omitempty"`
	Note                          *string `json:"note,omitempty"`
	AdminNote                     *string `json:"admin_note,omitempty"`
}

// MarshalJSON sends the two build/startup switches as 0/1, the form the API
// documents.
func (r VirtualServerCreateRequest) MarshalJSON() ([]byte, error) {
	type plain VirtualServerCreateRequest // drops this method, avoiding recursion
	return json.Marshal(struct {
		plain
		Build   *int `json:"required_virtual_machine_build,omitempty"`
		Startup *int `json:"required_virtual_machine_startup,omitempty"`
	}{plain(r), bitPtr(r.RequiredVirtualMachineBuild), bitPtr(r.RequiredVirtualMachineStartup)})
}

func bitPtr(b *bool) *int {
	if b == nil {
		return nil
	}
	v := 0
	if *b {
		v = 1
	}
	return &v
}

// VirtualServerUpdateRequest is the body of PUT /virtual_machines/:id.json;
// nil fields are left unchanged. Memory, CPUs and CPUShares queue a resize
// transaction; the others change at once.
type VirtualServerUpdateRequest struct {
	Label     *string `json:"label,omitempty"`
	Hostname  *string `json:"hostname,omitempty"`
	Domain    *string `json:"domain,omitempty"`
	TimeZone  *string `json:"time_zone,omitempty"`
	Note      *string `json:"note,omitempty"`
	AdminNote *string `json:"admin_note,omitempty"`
	Memory    *int64  `json:"memory,omitempty"`
	CPUs      *int64  `json:"cpus,omitempty"`
	CPUShares *int64  `json:"cpu_shares,omitempty"`
	RateLimit *int64  `json:"rate_limit,omitempty"`
}

// PowerAction is a power operation on a virtual server.
type PowerAction string

// Power actions.
const (
	PowerStartup  PowerAction = "startup"
	PowerShutdown PowerAction = "shutdown" // graceful
	PowerStop     PowerAction = "stop"     // hard power off
	PowerReboot   PowerAction = "reboot"
)

func vsPath(id int64, suffix string) string {
	return "/virtual_machines/" + strconv.FormatInt(id, 10) + suffix
}

// CreateVirtualServer creates a virtual server. It returns on 201 Scheduled
// without waiting for the build; a new server has no older transactions, so
// wait with WaitVirtualServerReady(ctx, id, 0, startup).
func (w *Webcore) CreateVirtualServer(ctx context.Context, req VirtualServerCreateRequest) (*VirtualServer, error) {
	rep, err := w.do(ctx, webcoreRequest{method: http.MethodPost, path: "/virtual_machines.json", body: wrap("virtual_machine", req)})
	if err != nil {
		return nil, err
	}
	var vs VirtualServer
	if err := w.decode(rep.body, func(b []byte) error { return decodeWrapped(b, &vs, "virtual_machine") }); err != nil {
		return nil, err
	}
	return &vs, nil
}

// GetVirtualServer reads a virtual server by numeric id or identifier.
func (w *Webcore) GetVirtualServer(ctx context.Context, idOrIdentifier string) (*VirtualServer, error) {
	var vs VirtualServer
	path := "/virtual_machines/" + url.PathEscape(idOrIdentifier) + ".json"
	if err := w.getWrapped(ctx, path, nil, "virtual_machine", &vs); err != nil {
		return nil, err
	}
	return &vs, nil
}

// GetVirtualServerStatus reads the cheap status of a virtual server.
func (w *Webcore) GetVirtualServerStatus(ctx context.Context, id int64) (*VirtualServerStatus, error) {
	var st VirtualServerStatus
	if err := w.getWrapped(ctx, vsPath(id, "/status.json"), nil, "virtual_machine", &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// ListVirtualServers lists the virtual servers visible to the account.
func (w *Webcore) ListVirtualServers(ctx context.Context) ([]VirtualServer, error) {
	return getWrappedList[VirtualServer](ctx, w, "/virtual_machines.json", nil, "virtual_machine")
}

// UpdateVirtualServer changes the fields set in req (PUT, 204). Resizes are
// queued: note LatestTransactionID before and WaitForTransactions after.
func (w *Webcore) UpdateVirtualServer(ctx context.Context, id int64, req VirtualServerUpdateRequest) error {
	_, err := w.do(ctx, webcoreRequest{method: http.MethodPut, path: vsPath(id, ".json"), body: wrap("virtual_machine", req)})
	return err
}

// Backups says what destroying a server does with its backups.
type Backups bool

// What DeleteVirtualServer does with the server's backups.
const (
	KeepBackups   Backups = false // destroy_all_backups=0, the API's default: backups outlive the server
	DeleteBackups Backups = true  // destroy_all_backups=1
)

// DeleteVirtualServer schedules destruction, keeping or deleting the
// server's backups (the last one is never converted into a template);
// follow with WaitVirtualServerGone.
func (w *Webcore) DeleteVirtualServer(ctx context.Context, id int64, backups Backups) error {
	destroyAll := "0"
	if backups == DeleteBackups {
		destroyAll = "1"
	}
	query := url.Values{"convert_last_backup": {"0"}, "destroy_all_backups": {destroyAll}}
	_, err := w.do(ctx, webcoreRequest{method: http.MethodDelete, path: vsPath(id, ".json"), query: query})
	return err
}

// PowerAction queues a power operation; note LatestTransactionID before and
// WaitForTransactions after.
func (w *Webcore) PowerAction(ctx context.Context, id int64, action PowerAction) error {
	_, err := w.do(ctx, webcoreRequest{method: http.MethodPost, path: vsPath(id, "/"+url.PathEscape(string(action))+".json")})
	return err
}

// Template is an OS template a virtual server can be built from.
type Template struct {
	ID                       int64  `json:"id"`
	Label                    string `json:"label"`
	OperatingSystem          string `json:"operating_system"`
	OperatingSystemDistro    string `json:"operating_system_distro"`
	Version                  string `json:"version"`
	MinDiskSize              int64  `json:"min_disk_size"` // GB
	MinMemorySize            int64  `json:"min_memory_size"`
	AllowedSwap              bool   `json:"allowed_swap"`
	AllowResizeWithoutReboot bool   `json:"allow_resize_without_reboot"`
}

// UnmarshalJSON implements json.Unmarshaler, decoding loosely (see decodeLoose).
func (v *Template) UnmarshalJSON(data []byte) error { return decodeLoose(data, v) }

// Hypervisor is a host virtual servers run on.
type Hypervisor struct {
	ID                int64  `json:"id"`
	Label             string `json:"label"`
	HypervisorGroupID int64  `json:"hypervisor_group_id"`
	HypervisorType    string `json:"hypervisor_type"`
	Online            bool   `json:"online"`
	Enabled           bool   `json:"enabled"`
	MinDiskSize       int64  `json:"min_disk_size"`
	AllowedSwap       bool   `json:"allowed_swap"`
}

// UnmarshalJSON implements json.Unmarshaler, decoding loosely (see decodeLoose).
func (v *Hypervisor) UnmarshalJSON(data []byte) error { return decodeLoose(data, v) }

// ListTemplates lists the available templates.
func (w *Webcore) ListTemplates(ctx context.Context) ([]Template, error) {
	return getWrappedList[Template](ctx, w, "/templates.json", nil, "image_template", "template")
}

// ListHypervisors lists the hypervisors.
func (w *Webcore) ListHypervisors(ctx context.Context) ([]Hypervisor, error) {
	return getWrappedList[Hypervisor](ctx, w, "/hypervisors.json", nil, "hypervisor")
}
