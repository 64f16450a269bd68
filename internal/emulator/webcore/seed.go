package webcore

// Default template ids, referenced by tests and documented in internal/emulator/README.md.
const (
	templateUbuntu  = 1 // resize without reboot allowed, swap allowed
	templateWindows = 2 // no swap, resize needs a reboot
	templateDebian  = 3 // swap allowed, resize needs a reboot
	templateBroken  = 4 // every build fails at provisioning
)

const adminUserID = 1

func defaultTemplates() []*Template {
	return []*Template{
		{ID: templateUbuntu, Label: "Ubuntu 24.04 x64", OperatingSystem: "linux", OperatingSystemDistro: "ubuntu",
			Version: "24.04", MinDiskSize: 5, MinMemorySize: 128, AllowedSwap: true, AllowResizeWithoutReboot: true, State: "active"},
		{ID: templateWindows, Label: "Windows Server 2022", OperatingSystem: "windows", OperatingSystemDistro: "2022",
			Version: "2022", MinDiskSize: 20, MinMemorySize: 1024, AllowedSwap: false, AllowResizeWithoutReboot: false, State: "active"},
		{ID: templateDebian, Label: "Debian 12 x64", OperatingSystem: "linux", OperatingSystemDistro: "debian",
			Version: "12", MinDiskSize: 5, MinMemorySize: 128, AllowedSwap: true, AllowResizeWithoutReboot: false, State: "active"},
		{ID: templateBroken, Label: "Broken Image (builds always fail)", OperatingSystem: "linux", OperatingSystemDistro: "broken",
			Version: "0", MinDiskSize: 5, MinMemorySize: 128, AllowedSwap: true, AllowResizeWithoutReboot: false, State: "active",
			FailAction: "provisioning",
			FailLog:    "Provisioning failed: template image checksum mismatch (the image file on the backup server is corrupt)"},
	}
}

func defaultHypervisors() []*Hypervisor {
	return []*Hypervisor{
		{ID: 1, Label: "hv-kvm-01", HypervisorGroupID: 1, HypervisorType: "kvm", IPAddress: "10.10.0.11", Online: true, TotalMemory: 65536, TotalCPUs: 32},
		{ID: 2, Label: "hv-kvm-02", HypervisorGroupID: 2, HypervisorType: "kvm", IPAddress: "10.10.0.12", Online: true, TotalMemory: 65536, TotalCPUs: 32},
	}
}

func defaultLimits() Limits {
	return Limits{MaxVirtualServers: 10, MaxMemory: 32768, MaxCPUs: 16}
}

// seed creates the admin user and the seed file's users in an empty world and
// stores them with the world's catalog and settings (a.mu held). Reset seeds
// again, so the seed file applies to every fresh world.
func (a *API) seed() error {
	now := nowMillis()
	hash, err := a.hashPassword(a.opts.AdminPassword)
	if err != nil {
		return err
	}
	c := a.newChange()
	plan := 1
	admin := &User{
		ID: c.nextID(&c.next.User), Identifier: newIdentifier(), Login: a.opts.AdminLogin, Email: a.opts.AdminEmail,
		FirstName: "Admin", LastName: "Webcore", Status: "active", RoleIDs: []int{1}, BillingPlanID: &plan,
		TimeZone: "UTC", Locale: "en", ActivatedAt: &now, CreatedAt: now, UpdatedAt: now, PasswordHash: hash,
	}
	if a.opts.AdminAPIKey != "" {
		admin.APIKeyHash = hashAPIKey(a.opts.AdminAPIKey)
	}
	c.put(admin)
	if a.opts.Seed != nil {
		for _, su := range a.opts.Seed.Users {
			u := su.user()
			if u.PasswordHash, err = a.hashPassword(su.Password); err != nil {
				return err
			}
			if su.APIKey != "" {
				u.APIKeyHash = hashAPIKey(su.APIKey)
			}
			u.ID, u.Identifier, u.CreatedAt, u.UpdatedAt = c.nextID(&c.next.User), newIdentifier(), now, now
			if u.Status == "active" {
				u.ActivatedAt = &now
			}
			c.put(u)
		}
	}
	cat, limits := a.opts.Seed.world()
	return a.save(c.putCatalog(cat).putLimits(limits).putTxConfig(a.txConfig).putTxOptions(a.optionsTxJSON()))
}
