package webcore

import "time"

// User is a stored user record. Hashes are kept, plain secrets never.
type User struct {
	ID            int        `json:"id"`
	Identifier    string     `json:"identifier"`
	Login         string     `json:"login"`
	Email         string     `json:"email"`
	FirstName     string     `json:"first_name"`
	LastName      string     `json:"last_name"`
	Status        string     `json:"status"`
	RoleIDs       []int      `json:"role_ids"`
	UserGroupID   *int       `json:"user_group_id"`
	BillingPlanID *int       `json:"billing_plan_id"`
	TimeZone      string     `json:"time_zone"`
	Locale        string     `json:"locale"`
	ActivatedAt   *time.Time `json:"activated_at"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	DeletedAt     *time.Time `json:"deleted_at"`
	SuspendAt     *time.Time `json:"suspend_at"`
	PasswordHash  string     `json:"password_hash"`
	APIKeyHash    string     `json:"api_key_hash"`
	// Destroying is set once a destroy_user transaction is queued.
	Destroying bool `json:"destroying"`

	// Usage totals are derived from the user's virtual servers, never stored.
	usedCPUs, usedMemory, usedDiskSize int
	// body is the pre-encoded JSON response, rebuilt on every change so the
	// hot GET path only writes bytes.
	body []byte
}

// IPAddress is an address assigned to a virtual server.
type IPAddress struct {
	ID      int    `json:"id"`
	Address string `json:"address"`
	Netmask string `json:"netmask"`
	Gateway string `json:"gateway"`
}

// VirtualServer is a stored virtual server record.
type VirtualServer struct {
	ID                 int         `json:"id"`
	Identifier         string      `json:"identifier"`
	Label              string      `json:"label"`
	Hostname           string      `json:"hostname"`
	Domain             string      `json:"domain"`
	TemplateID         int         `json:"template_id"`
	Memory             int         `json:"memory"`
	CPUs               int         `json:"cpus"`
	CPUShares          int         `json:"cpu_shares"`
	PrimaryDiskSize    int         `json:"primary_disk_size"`
	SwapDiskSize       int         `json:"swap_disk_size"`
	HypervisorID       int         `json:"hypervisor_id"`
	HypervisorGroupID  int         `json:"hypervisor_group_id"`
	UserID             int         `json:"user_id"`
	Built              bool        `json:"built"`
	Booted             bool        `json:"booted"`
	Suspended          bool        `json:"suspended"`
	State              string      `json:"state"`
	RateLimit          int         `json:"rate_limit"`
	Note               string      `json:"note"`
	AdminNote          string      `json:"admin_note"`
	TimeZone           string      `json:"time_zone"`
	CreatedAt          time.Time   `json:"created_at"`
	UpdatedAt          time.Time   `json:"updated_at"`
	IPAddresses        []IPAddress `json:"ip_addresses"`
	RootPasswordSHA256 string      `json:"initial_root_password_sha256"`
	Disks              []Disk      `json:"disks"` // see disks.go
}

// Transaction status values.
const (
	txPending   = "pending"
	txRunning   = "running"
	txComplete  = "complete"
	txFailed    = "failed"
	txCancelled = "cancelled"
)

// Parent types of transactions.
const (
	parentVirtualMachine = "VirtualMachine"
	parentUser           = "User"
)

// Transaction is one queued step of scheduled work.
type Transaction struct {
	ID                     int            `json:"id"`
	Action                 string         `json:"action"`
	Status                 string         `json:"status"`
	ParentID               int            `json:"parent_id"`
	ParentType             string         `json:"parent_type"`
	Identifier             string         `json:"identifier"`
	DependentTransactionID *int           `json:"dependent_transaction_id"`
	ChainID                int            `json:"chain_id"`
	Params                 map[string]any `json:"params"`
	LogOutput              string         `json:"log_output"`
	UserID                 int            `json:"user_id"`
	CreatedAt              time.Time      `json:"created_at"`
	StartedAt              *time.Time     `json:"started_at"`
	UpdatedAt              time.Time      `json:"updated_at"`
	// DueAt is when a running step finishes; FailWith, decided when the
	// step starts, is the log_output of a step that will fail.
	DueAt    *time.Time `json:"due_at,omitempty"`
	FailWith string     `json:"fail_with,omitempty"`
}

func (t *Transaction) active() bool { return t.Status == txPending || t.Status == txRunning }

// Template is a seeded, read-only OS image.
type Template struct {
	ID                       int    `json:"id"`
	Label                    string `json:"label"`
	OperatingSystem          string `json:"operating_system"`
	OperatingSystemDistro    string `json:"operating_system_distro"`
	Version                  string `json:"version"`
	MinDiskSize              int    `json:"min_disk_size"`
	MinMemorySize            int    `json:"min_memory_size"`
	AllowedSwap              bool   `json:"allowed_swap"`
	AllowResizeWithoutReboot bool   `json:"allow_resize_without_reboot"`
	State                    string `json:"state"`
	// FailAction/FailLog make every build of this template fail at one step.
	FailAction string `json:"-"`
	FailLog    string `json:"-"`
}

// Hypervisor is a seeded, read-only compute node.
type Hypervisor struct {
	ID                int    `json:"id"`
	Label             string `json:"label"`
	HypervisorGroupID int    `json:"hypervisor_group_id"`
	HypervisorType    string `json:"hypervisor_type"`
	IPAddress         string `json:"ip_address"`
	Online            bool   `json:"online"`
	TotalMemory       int    `json:"total_memory"`
	TotalCPUs         int    `json:"total_cpus"`
}

// Limits are the per-user resource limits (emulator choice: per owning user).
type Limits struct {
	MaxVirtualServers int `json:"max_virtual_servers"`
	MaxMemory         int `json:"max_memory"`
	MaxCPUs           int `json:"max_cpus"`
}

// counters hold the next ids; persisted so ids are never reused.
type counters struct {
	User        int `json:"user"`
	VM          int `json:"virtual_machine"`
	Transaction int `json:"transaction"`
	Chain       int `json:"chain"`
	IP          int `json:"ip_address"`
	Disk        int `json:"disk"`
}
