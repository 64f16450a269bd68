package webcore

import (
	"crypto/md5" //nolint:gosec // a template file's checksum, as the vendor shows it; no security use
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The fields below are the ones the vendor family's (OnApp's) API guide lists
// for each object and that this emulator has no behaviour behind: other
// clients of the API read them, so every answer carries them with a plausible
// value, derived from what the emulator does store. The emulator's README
// ("Object fields") lists them. The secrets the vendor would show (a
// template's initial_password, a server's initial_root_password,
// remote_access_password and service_password) are left out: the emulator
// never shows a secret.

// catalogEpoch is when the seeded catalog (templates, hypervisors, roles,
// zones) was installed: a fixed, plausible date, so answers stay stable across restarts.
var catalogEpoch = time.Date(2025, time.January, 6, 9, 30, 0, 0, time.UTC)

// catalogStamp is the created_at of the catalog entry with this id: one hour
// apart each.
func catalogStamp(id int) string { return stamp(catalogEpoch.Add(time.Duration(id) * time.Hour)) }

// templateView is a template with every field of the vendor's image_template.
type templateView struct {
	*Template
	OperatingSystemArch       string          `json:"operating_system_arch"`
	OperatingSystemEdition    *string         `json:"operating_system_edition"`
	OperatingSystemTail       *string         `json:"operating_system_tail"`
	Virtualization            []string        `json:"virtualization"`
	AllowedHotMigrate         bool            `json:"allowed_hot_migrate"`
	BackupServerID            *int            `json:"backup_server_id"`
	BaremetalServer           bool            `json:"baremetal_server"`
	CDN                       bool            `json:"cdn"`
	SmartServer               bool            `json:"smart_server"`
	Checksum                  string          `json:"checksum"`
	FileName                  string          `json:"file_name"`
	ManagerID                 string          `json:"manager_id"`
	TemplateSize              int             `json:"template_size"` // KB
	DiskTargetDevice          string          `json:"disk_target_device"`
	Ext4                      bool            `json:"ext4"`
	InitialUsername           string          `json:"initial_username"`
	ParentTemplateID          *int            `json:"parent_template_id"`
	RemoteID                  *string         `json:"remote_id"`
	ResizeWithoutRebootPolicy json.RawMessage `json:"resize_without_reboot_policy"`
	UserID                    *int            `json:"user_id"`
	CreatedAt                 string          `json:"created_at"`
	UpdatedAt                 string          `json:"updated_at"`
}

func viewTemplate(t *Template) templateView {
	windows := t.OperatingSystem == "windows"
	arch := "x64"
	if strings.Contains(t.Label, "x86") || strings.Contains(t.Label, "i386") {
		arch = "x86"
	}
	name := strings.ToLower(t.OperatingSystemDistro)
	if windows {
		name = "win" + t.Version
	}
	file := fmt.Sprintf("%s-%s-%s-1.0.tar.gz", name, t.Version, arch)
	sum := md5.Sum([]byte(file)) //nolint:gosec // see the import
	v := templateView{
		Template:            t,
		OperatingSystemArch: arch,
		Virtualization:      []string{"xen", "kvm"},
		AllowedHotMigrate:   !windows,
		Checksum:            hex.EncodeToString(sum[:]),
		FileName:            file,
		ManagerID:           strings.TrimSuffix(file, ".tar.gz"),
		TemplateSize:        t.MinDiskSize * 1024 * 1024 / 4, // KB: a compressed image about a quarter of its minimum disk
		DiskTargetDevice:    "---\nxen: xvda\nkvm: hd\n",
		Ext4:                !windows,
		InitialUsername:     "root",
		// The vendor's policy per hypervisor type: which resources change without a reboot.
		ResizeWithoutRebootPolicy: json.RawMessage(fmt.Sprintf(`{"kvm":{"cpus":%[1]t,"memory":%[1]t},"xen":{"cpus":%[1]t,"memory":%[1]t}}`,
			t.AllowResizeWithoutReboot)),
		CreatedAt: catalogStamp(t.ID),
		UpdatedAt: catalogStamp(t.ID),
	}
	if windows {
		v.Virtualization = []string{"kvm"}
		v.InitialUsername = "administrator"
	}
	return v
}

// MarshalJSON writes the template with its vendor fields.
func (w templateWrapper) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Template templateView `json:"image_template"`
	}{viewTemplate(w.Template)})
}

// hypervisorView is a hypervisor (a compute resource) with every field of
// the vendor's.
type hypervisorView struct {
	*Hypervisor
	Enabled             bool    `json:"enabled"`
	Blocked             bool    `json:"blocked"`
	Built               bool    `json:"built"`
	Backup              bool    `json:"backup"`
	Spare               bool    `json:"spare"`
	Locked              bool    `json:"locked"`
	DisableFailover     bool    `json:"disable_failover"`
	FormatDisks         bool    `json:"format_disks"`
	PassthroughDisks    bool    `json:"passthrough_disks"`
	FailureCount        int     `json:"failure_count"`
	CalledInAt          string  `json:"called_in_at"`
	ConnectionOptions   *string `json:"connection_options"`
	CustomConfig        *string `json:"custom_config"`
	DiskPCIs            *string `json:"disk_pcis"`
	Host                string  `json:"host"`
	HostID              *int    `json:"host_id"`
	MAC                 string  `json:"mac"`
	Machine             string  `json:"machine"`
	Distro              string  `json:"distro"`
	Release             string  `json:"release"`
	OVS                 bool    `json:"ovs"`
	MTU                 int     `json:"mtu"`
	CPUs                int     `json:"cpus"`
	CPUMHz              int     `json:"cpu_mhz"`
	CPUIdle             int     `json:"cpu_idle"`
	ThreadsPerCore      int     `json:"threads_per_core"`
	UsedCPUResources    int     `json:"used_cpu_resources"`
	VMwareTotalCPUCores int     `json:"vmware_total_cpu_cores"`
	MemInfo             int     `json:"mem_info"`
	TotalMem            int     `json:"total_mem"`
	FreeMem             int     `json:"free_mem"`
	FreeMemory          int     `json:"free_memory"`
	TotalZombieMem      int     `json:"total_zombie_mem"`
	ListOfZombieDomains string  `json:"list_of_zombie_domains"`
	Uptime              string  `json:"uptime"`
	CreatedAt           string  `json:"created_at"`
	UpdatedAt           string  `json:"updated_at"`
}

// hostReserveMB is the memory a hypervisor keeps for itself (the vendor's
// free_memory is what is left for servers).
const hostReserveMB = 2048

func viewHypervisor(hv *Hypervisor) hypervisorView {
	free := max(hv.TotalMemory-hostReserveMB, 0)
	return hypervisorView{
		Hypervisor: hv, Enabled: true, Built: true,
		CalledInAt: stamp(catalogEpoch.Add(time.Duration(hv.ID) * time.Hour).Add(30 * time.Minute)),
		Host:       hv.Label, MAC: fmt.Sprintf("52:54:00:0a:0a:%02x", hv.ID%256), Machine: "x86_64",
		Distro: "centos7", Release: "3.10.0-1160.el7.x86_64", MTU: 1500,
		CPUs: hv.TotalCPUs, CPUMHz: 2400, CPUIdle: 97, ThreadsPerCore: 2,
		MemInfo: hv.TotalMemory * 1024, TotalMem: hv.TotalMemory, FreeMem: free, FreeMemory: free,
		ListOfZombieDomains: "[]", Uptime: "42 days, 3:12",
		CreatedAt: catalogStamp(hv.ID), UpdatedAt: catalogStamp(hv.ID),
	}
}

// MarshalJSON writes the hypervisor with its vendor fields.
func (w hypervisorWrapper) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Hypervisor hypervisorView `json:"hypervisor"`
	}{viewHypervisor(w.Hypervisor)})
}

// vmVendorFields are the vendor's virtual machine fields the emulator has no
// behaviour behind; vmView embeds them.
type vmVendorFields struct {
	AllowResizeWithoutReboot     bool    `json:"allow_resize_without_reboot"`
	AllowedHotMigrate            bool    `json:"allowed_hot_migrate"`
	AllowedSwap                  bool    `json:"allowed_swap"`
	MinDiskSize                  int     `json:"min_disk_size"`
	AddToMarketplace             *bool   `json:"add_to_marketplace"`
	CPUPriority                  int     `json:"cpu_priority"`
	CPUSockets                   *int    `json:"cpu_sockets"`
	CPUThreads                   *int    `json:"cpu_threads"`
	CPUUnits                     *int    `json:"cpu_units"`
	CoresPerSocket               int     `json:"cores_per_socket"`
	CustomerNetworkID            *int    `json:"customer_network_id"`
	DeletedAt                    *string `json:"deleted_at"`
	EdgeServerType               *string `json:"edge_server_type"`
	EnableAutoscale              bool    `json:"enable_autoscale"`
	EnableMonitis                bool    `json:"enable_monitis"`
	FirewallNotrack              bool    `json:"firewall_notrack"`
	InitialRootPasswordEncrypted bool    `json:"initial_root_password_encrypted"`
	InstanceTypeID               *int    `json:"instance_type_id"`
	ISOID                        *int    `json:"iso_id"`
	LocalRemoteAccessIPAddress   string  `json:"local_remote_access_ip_address"`
	LocalRemoteAccessPort        int     `json:"local_remote_access_port"`
	MonthlyBandwidthUsed         int     `json:"monthly_bandwidth_used"`
	PreferredHVs                 []int   `json:"preferred_hvs"`
	PricePerHour                 float64 `json:"price_per_hour"`
	PricePerHourPoweredOff       float64 `json:"price_per_hour_powered_off"`
	RecoveryMode                 bool    `json:"recovery_mode"`
	StorageServerType            *string `json:"storage_server_type"`
	StrictVirtualMachineID       *int    `json:"strict_virtual_machine_id"`
	SupportIncrementalBackups    bool    `json:"support_incremental_backups"`
	VIP                          *bool   `json:"vip"`
	XenID                        *int    `json:"xen_id"`
}

// vmVendor derives a server's vendor fields from it, its template (nil when
// unknown) and its hypervisor (a.mu held).
func (a *API) vmVendor(vm *VirtualServer, t *Template) vmVendorFields {
	f := vmVendorFields{
		CPUPriority: vm.CPUShares, CoresPerSocket: 0, PreferredHVs: []int{},
		LocalRemoteAccessPort: 5900 + vm.ID,
	}
	if t != nil {
		f.AllowResizeWithoutReboot, f.AllowedSwap, f.MinDiskSize = t.AllowResizeWithoutReboot, t.AllowedSwap, t.MinDiskSize
		f.AllowedHotMigrate = t.OperatingSystem != "windows"
	}
	for _, hv := range a.hypervisors {
		if hv.ID == vm.HypervisorID {
			f.LocalRemoteAccessIPAddress = hv.IPAddress
		}
	}
	if vm.Built {
		xen := vm.ID
		f.XenID = &xen // the domain id on the hypervisor, once built
	}
	return f
}

// userVendorFields are the vendor's user fields the emulator has no
// behaviour behind; userView embeds them.
type userVendorFields struct {
	Avatar                  *string          `json:"avatar"`
	UseGravatar             bool             `json:"use_gravatar"`
	CDNAccountStatus        string           `json:"cdn_account_status"`
	CDNStatus               string           `json:"cdn_status"`
	FirewallID              *int             `json:"firewall_id"`
	GroupID                 *int             `json:"group_id"`
	ImageTemplateGroupID    *int             `json:"image_template_group_id"`
	BucketID                *int             `json:"bucket_id"`
	Infoboxes               userInfoboxes    `json:"infoboxes"`
	PasswordChangedAt       string           `json:"password_changed_at"`
	RegisteredYubikey       bool             `json:"registered_yubikey"`
	Supplied                bool             `json:"supplied"`
	SystemTheme             string           `json:"system_theme"`
	UsedIPAddresses         []map[string]any `json:"used_ip_addresses"`
	AdditionalFields        []map[string]any `json:"additional_fields"`
	MonthlyPrice            float64          `json:"monthly_price"`
	PaymentAmount           float64          `json:"payment_amount"`
	OutstandingAmount       float64          `json:"outstanding_amount"`
	TotalAmount             float64          `json:"total_amount"`
	DiscountDueToFree       float64          `json:"discount_due_to_free"`
	TotalAmountWithDiscount float64          `json:"total_amount_with_discount"`
}

type userInfoboxes struct {
	DisplayInfoboxes bool     `json:"display_infoboxes"`
	HiddenInfoboxes  []string `json:"hidden_infoboxes"`
}

func userVendor(u *User) userVendorFields {
	return userVendorFields{
		CDNAccountStatus: "ACTIVE", CDNStatus: "INACTIVE",
		BucketID:  u.BillingPlanID, // the vendor's newer name of the billing plan
		Infoboxes: userInfoboxes{DisplayInfoboxes: true, HiddenInfoboxes: []string{}},
		// The emulator keeps no password history: the account's creation is the
		// last change it can vouch for.
		PasswordChangedAt: stamp(u.CreatedAt),
		UsedIPAddresses:   []map[string]any{}, AdditionalFields: []map[string]any{},
	}
}

// txVendorFields are the vendor's transaction fields the emulator has no
// behaviour behind; txView embeds them.
type txVendorFields struct {
	Actor         *string `json:"actor"`
	AllowedCancel bool    `json:"allowed_cancel"`
	Priority      int     `json:"priority"`
	PID           *int    `json:"pid"`
	StartAfter    string  `json:"start_after"`
}

func txVendor(t *Transaction) txVendorFields {
	f := txVendorFields{AllowedCancel: t.Status == txPending, Priority: 10, StartAfter: stamp(t.CreatedAt)}
	if t.StartedAt != nil {
		pid := 2000 + t.ID%30000 // the worker process that ran it
		f.PID = &pid
	}
	return f
}
