package webcore

import "time"

// timeLayout keeps milliseconds so successive PUTs visibly change updated_at.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

func stamp(t time.Time) string { return t.UTC().Format(timeLayout) }

func stampPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := stamp(*t)
	return &s
}

// userView is the user as the API shows it: no hashes.
type userView struct {
	ID            int     `json:"id"`
	Identifier    string  `json:"identifier"`
	Login         string  `json:"login"`
	Email         string  `json:"email"`
	FirstName     string  `json:"first_name"`
	LastName      string  `json:"last_name"`
	Status        string  `json:"status"`
	RoleIDs       []int   `json:"role_ids"`
	UserGroupID   *int    `json:"user_group_id"`
	BillingPlanID *int    `json:"billing_plan_id"`
	TimeZone      string  `json:"time_zone"`
	Locale        string  `json:"locale"`
	ActivatedAt   *string `json:"activated_at"`
	CreatedAt     string  `json:"created_at"`
	UpdatedAt     string  `json:"updated_at"`
	DeletedAt     *string `json:"deleted_at"`
	SuspendAt     *string `json:"suspend_at"`
	UsedCPUs      int     `json:"used_cpus"`
	UsedMemory    int     `json:"used_memory"`
	UsedDiskSize  int     `json:"used_disk_size"`
	userVendorFields
}

func viewUser(u *User) userView {
	roles := u.RoleIDs
	if roles == nil {
		roles = []int{}
	}
	return userView{
		ID: u.ID, Identifier: u.Identifier, Login: u.Login, Email: u.Email,
		FirstName: u.FirstName, LastName: u.LastName, Status: u.Status, RoleIDs: roles,
		UserGroupID: u.UserGroupID, BillingPlanID: u.BillingPlanID, TimeZone: u.TimeZone, Locale: u.Locale,
		ActivatedAt: stampPtr(u.ActivatedAt), CreatedAt: stamp(u.CreatedAt), UpdatedAt: stamp(u.UpdatedAt),
		DeletedAt: stampPtr(u.DeletedAt), SuspendAt: stampPtr(u.SuspendAt),
		UsedCPUs: u.usedCPUs, UsedMemory: u.usedMemory, UsedDiskSize: u.usedDiskSize,
		userVendorFields: userVendor(u),
	}
}

type ipAddressWrapper struct {
	IPAddress IPAddress `json:"ip_address"`
}

// vmView is the virtual server as the API shows it.
type vmView struct {
	ID                    int                `json:"id"`
	Identifier            string             `json:"identifier"`
	Label                 string             `json:"label"`
	Hostname              string             `json:"hostname"`
	Domain                string             `json:"domain"`
	TemplateID            int                `json:"template_id"`
	TemplateLabel         string             `json:"template_label"`
	OperatingSystem       string             `json:"operating_system"`
	OperatingSystemDistro string             `json:"operating_system_distro"`
	Memory                int                `json:"memory"`
	CPUs                  int                `json:"cpus"`
	CPUShares             int                `json:"cpu_shares"`
	TotalDiskSize         int                `json:"total_disk_size"`
	PrimaryDiskSize       int                `json:"primary_disk_size"`
	SwapDiskSize          int                `json:"swap_disk_size"`
	HypervisorID          int                `json:"hypervisor_id"`
	HypervisorGroupID     int                `json:"hypervisor_group_id"`
	UserID                int                `json:"user_id"`
	Built                 bool               `json:"built"`
	Booted                bool               `json:"booted"`
	Locked                bool               `json:"locked"`
	Suspended             bool               `json:"suspended"`
	State                 string             `json:"state"`
	RateLimit             int                `json:"rate_limit"`
	Note                  string             `json:"note"`
	AdminNote             string             `json:"admin_note"`
	TimeZone              string             `json:"time_zone"`
	CreatedAt             string             `json:"created_at"`
	UpdatedAt             string             `json:"updated_at"`
	IPAddresses           []ipAddressWrapper `json:"ip_addresses"`
	vmVendorFields
}

// viewVM needs a.mu held (read) for the template and the locked flag.
func (a *API) viewVM(vm *VirtualServer) vmView {
	t := a.templates[vm.TemplateID]
	ips := make([]ipAddressWrapper, 0, len(vm.IPAddresses))
	for _, ip := range vm.IPAddresses {
		ips = append(ips, ipAddressWrapper{ip})
	}
	v := vmView{
		ID: vm.ID, Identifier: vm.Identifier, Label: vm.Label, Hostname: vm.Hostname, Domain: vm.Domain,
		TemplateID: vm.TemplateID, Memory: vm.Memory, CPUs: vm.CPUs, CPUShares: vm.CPUShares,
		TotalDiskSize: vm.PrimaryDiskSize + vm.SwapDiskSize, PrimaryDiskSize: vm.PrimaryDiskSize,
		SwapDiskSize: vm.SwapDiskSize, HypervisorID: vm.HypervisorID, HypervisorGroupID: vm.HypervisorGroupID,
		UserID: vm.UserID, Built: vm.Built, Booted: vm.Booted, Locked: a.vmLocked(vm.ID), Suspended: vm.Suspended,
		State: vm.State, RateLimit: vm.RateLimit, Note: vm.Note, AdminNote: vm.AdminNote, TimeZone: vm.TimeZone,
		CreatedAt: stamp(vm.CreatedAt), UpdatedAt: stamp(vm.UpdatedAt), IPAddresses: ips,
	}
	v.vmVendorFields = a.vmVendor(vm, t)
	if t != nil {
		v.TemplateLabel, v.OperatingSystem, v.OperatingSystemDistro = t.Label, t.OperatingSystem, t.OperatingSystemDistro
	}
	return v
}

// vmStatusView is the cheap poll answer of status.json.
type vmStatusView struct {
	ID         int    `json:"id"`
	Identifier string `json:"identifier"`
	Built      bool   `json:"built"`
	Booted     bool   `json:"booted"`
	Locked     bool   `json:"locked"`
	Suspended  bool   `json:"suspended"`
	State      string `json:"state"`
}

// txView is the transaction as the API shows it; log_output only on show.
type txView struct {
	ID                     int            `json:"id"`
	Action                 string         `json:"action"`
	Status                 string         `json:"status"`
	ParentID               int            `json:"parent_id"`
	ParentType             string         `json:"parent_type"`
	AssociatedObjectID     int            `json:"associated_object_id"`
	AssociatedObjectType   string         `json:"associated_object_type"`
	Identifier             string         `json:"identifier"`
	DependentTransactionID *int           `json:"dependent_transaction_id"`
	ChainID                int            `json:"chain_id"`
	Params                 map[string]any `json:"params"`
	UserID                 int            `json:"user_id"`
	LogOutput              *string        `json:"log_output,omitempty"`
	CreatedAt              string         `json:"created_at"`
	StartedAt              *string        `json:"started_at"`
	UpdatedAt              string         `json:"updated_at"`
	txVendorFields
}

func viewTx(t *Transaction, withLog bool) txView {
	params := t.Params
	if params == nil {
		params = map[string]any{}
	}
	v := txView{
		ID: t.ID, Action: t.Action, Status: t.Status, ParentID: t.ParentID, ParentType: t.ParentType,
		AssociatedObjectID: t.ParentID, AssociatedObjectType: t.ParentType, Identifier: t.Identifier,
		DependentTransactionID: t.DependentTransactionID, ChainID: t.ChainID, Params: params, UserID: t.UserID,
		CreatedAt: stamp(t.CreatedAt), StartedAt: stampPtr(t.StartedAt), UpdatedAt: stamp(t.UpdatedAt),
		txVendorFields: txVendor(t),
	}
	if withLog {
		log := t.LogOutput
		v.LogOutput = &log
	}
	return v
}
