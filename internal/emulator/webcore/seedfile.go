package webcore

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/seedfile"
)

// Seed is the "webcore" part of a seed file: what a fresh world holds besides
// the admin user. Its objects use the API's own field names. Options.Seed nil
// means the defaults alone.
type Seed struct {
	Templates   []SeedTemplate   `json:"templates"`
	Hypervisors []SeedHypervisor `json:"hypervisors"`
	Users       []SeedUser       `json:"users"`
	Limits      *SeedLimits      `json:"limits"`
	// Roles and HypervisorZones are the lookups' objects (lookups.go).
	Roles           []SeedRole           `json:"roles"`
	HypervisorZones []SeedHypervisorZone `json:"hypervisor_zones"`
	// ReplaceDefaults drops the default templates, hypervisors, roles, zones and limits
	// (the file's top-level "replace_defaults"); the admin user always stays.
	ReplaceDefaults bool `json:"-"`
}

// SeedTemplate is an OS template as GET /templates.json shows it. Absent
// fields: allowed_swap true, state "active", the rest zero.
type SeedTemplate struct {
	ID                       int    `json:"id"`
	Label                    string `json:"label"`
	OperatingSystem          string `json:"operating_system"`
	OperatingSystemDistro    string `json:"operating_system_distro"`
	Version                  string `json:"version"`
	MinDiskSize              int    `json:"min_disk_size"`
	MinMemorySize            int    `json:"min_memory_size"`
	AllowedSwap              *bool  `json:"allowed_swap"`
	AllowResizeWithoutReboot bool   `json:"allow_resize_without_reboot"`
	State                    string `json:"state"`
}

// SeedHypervisor is a compute node as GET /hypervisors.json shows it. Absent
// fields: online true, hypervisor_type "kvm", the rest zero.
type SeedHypervisor struct {
	ID                int    `json:"id"`
	Label             string `json:"label"`
	HypervisorGroupID int    `json:"hypervisor_group_id"`
	HypervisorType    string `json:"hypervisor_type"`
	IPAddress         string `json:"ip_address"`
	Online            *bool  `json:"online"`
	TotalMemory       int    `json:"total_memory"`
	TotalCPUs         int    `json:"total_cpus"`
}

// SeedUser is a user as POST /users.json takes it, plus an optional API key
// (40 hex characters) so that email:api_key works from the start.
type SeedUser struct {
	Login         string `json:"login"`
	Email         string `json:"email"`
	Password      string `json:"password"`
	APIKey        string `json:"api_key"`
	FirstName     string `json:"first_name"`
	LastName      string `json:"last_name"`
	Status        string `json:"status"`
	RoleIDs       []int  `json:"role_ids"`
	UserGroupID   *int   `json:"user_group_id"`
	BillingPlanID *int   `json:"billing_plan_id"`
	TimeZone      string `json:"time_zone"`
	Locale        string `json:"locale"`
}

// SeedLimits are the per-user limits, as PUT /_emulator/webcore/limits takes
// them: an absent field keeps the default.
type SeedLimits = limitsJSON

var (
	operatingSystems = []string{"linux", "windows", "freebsd"}
	apiKeyPattern    = regexp.MustCompile(`^[0-9a-f]{40}$`)
)

// Check reports what is wrong with s, under the path at ("webcore"). The admin
// user's login and email are taken: seeded users must differ from them.
func (s *Seed) Check(p *seedfile.Problems, at, adminLogin, adminEmail string) {
	taken := defaultIDs(s.ReplaceDefaults, defaultTemplates(), func(t *Template) int { return t.ID }, "a default template")
	for i, t := range s.Templates {
		path := seedfile.Item(seedfile.Field(at, "templates"), i)
		checkID(p, path, t.ID, taken)
		requireText(p, seedfile.Field(path, "label"), t.Label)
		if !contains(operatingSystems, t.OperatingSystem) {
			p.Add(seedfile.Field(path, "operating_system"), "must be one of %s", strings.Join(operatingSystems, ", "))
		}
		nonNegative(p, path, map[string]int{"min_disk_size": t.MinDiskSize, "min_memory_size": t.MinMemorySize})
	}

	taken = defaultIDs(s.ReplaceDefaults, defaultHypervisors(), func(hv *Hypervisor) int { return hv.ID }, "a default hypervisor")
	for i, hv := range s.Hypervisors {
		path := seedfile.Item(seedfile.Field(at, "hypervisors"), i)
		checkID(p, path, hv.ID, taken)
		requireText(p, seedfile.Field(path, "label"), hv.Label)
		if hv.HypervisorGroupID < 1 {
			p.Add(seedfile.Field(path, "hypervisor_group_id"), "must be a positive integer")
		}
		nonNegative(p, path, map[string]int{"total_memory": hv.TotalMemory, "total_cpus": hv.TotalCPUs})
	}

	s.checkLookups(p, at)

	logins := map[string]string{strings.ToLower(adminLogin): "the admin user"}
	emails := map[string]string{strings.ToLower(adminEmail): "the admin user"}
	for i, u := range s.Users {
		path := seedfile.Item(seedfile.Field(at, "users"), i)
		s.checkUser(p, path, u, logins, emails)
	}

	if l := s.Limits; l != nil {
		for name, v := range map[string]*int{"max_virtual_servers": l.MaxVirtualServers, "max_memory": l.MaxMemory, "max_cpus": l.MaxCPUs} {
			if v != nil && *v < 0 {
				p.Add(seedfile.Field(seedfile.Field(at, "limits"), name), "must not be negative")
			}
		}
	}
}

// defaultIDs maps the ids of the defaults that stay (none when they are
// replaced) to what they are, for the uniqueness check.
func defaultIDs[T any](replace bool, defaults []T, id func(T) int, what string) map[int]string {
	taken := map[int]string{}
	for _, d := range defaults {
		if !replace {
			taken[id(d)] = what
		}
	}
	return taken
}

// checkUser applies the API's create rules to a seeded user (fe's messages are
// the API's own), plus uniqueness within the file and against the admin.
func (s *Seed) checkUser(p *seedfile.Problems, path string, u SeedUser, logins, emails map[string]string) {
	fe := fieldErrors{}
	validateLogin(fe, u.Login)
	validateEmail(fe, u.Email)
	validatePassword(fe, u.Password)
	if u.Status != "" {
		validateUserStatus(fe, u.Status)
	}
	for field, v := range map[string]string{"first_name": u.FirstName, "last_name": u.LastName, "time_zone": u.TimeZone, "locale": u.Locale} {
		if len(v) > 255 {
			fe.add(field, "is too long (maximum is 255 characters)")
		}
	}
	for field, v := range map[string]*int{"user_group_id": u.UserGroupID, "billing_plan_id": u.BillingPlanID} {
		if v != nil && *v < 1 {
			fe.add(field, "must be greater than 0")
		}
	}
	if u.APIKey != "" && !apiKeyPattern.MatchString(u.APIKey) {
		fe.add("api_key", "must be 40 lowercase hexadecimal characters, like the keys the API generates")
	}
	for _, unique := range []struct {
		field, value string
		seen         map[string]string
	}{{"login", u.Login, logins}, {"email", u.Email, emails}} {
		if len(fe[unique.field]) > 0 {
			continue
		}
		key := strings.ToLower(unique.value)
		if owner, dup := unique.seen[key]; dup {
			fe.addf(unique.field, "%s (by %s; case does not matter)", msgTaken, owner)
			continue
		}
		unique.seen[key] = path
	}
	for _, field := range sortedFields(fe) {
		for _, msg := range fe[field] {
			p.Add(seedfile.Field(path, field), "%s", msg)
		}
	}
}

func sortedFields(fe fieldErrors) []string {
	fields := make([]string, 0, len(fe))
	for f := range fe {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	return fields
}

// checkID: a positive id that no earlier entry (nor a default) has.
func checkID(p *seedfile.Problems, path string, id int, taken map[int]string) {
	field := seedfile.Field(path, "id")
	switch owner, dup := taken[id]; {
	case id < 1:
		p.Add(field, "must be a positive integer")
	case dup:
		p.Add(field, "%d is already %s's id (set \"replace_defaults\": true to drop the defaults)", id, owner)
	default:
		taken[id] = path
	}
}

func requireText(p *seedfile.Problems, path, v string) {
	switch {
	case strings.TrimSpace(v) == "":
		p.Add(path, "is required")
	case len(v) > 255:
		p.Add(path, "is too long (maximum is 255 characters)")
	}
}

func nonNegative(p *seedfile.Problems, path string, fields map[string]int) {
	for name, v := range fields {
		if v < 0 {
			p.Add(seedfile.Field(path, name), "must not be negative")
		}
	}
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// world is the catalog and limits a fresh world starts with: the defaults
// (unless replaced) plus the seed's.
func (s *Seed) world() (catalog, Limits) {
	cat := catalog{}
	limits := defaultLimits()
	s.lookupsWorld(&cat)
	if s == nil || !s.ReplaceDefaults {
		for _, t := range defaultTemplates() {
			cat.Templates = append(cat.Templates, storedTemplate{Template: *t, FailAction: t.FailAction, FailLog: t.FailLog})
		}
		for _, hv := range defaultHypervisors() {
			cat.Hypervisors = append(cat.Hypervisors, *hv)
		}
	}
	if s == nil {
		return cat, limits
	}
	for _, t := range s.Templates {
		swap, state := true, "active"
		if t.AllowedSwap != nil {
			swap = *t.AllowedSwap
		}
		if t.State != "" {
			state = t.State
		}
		cat.Templates = append(cat.Templates, storedTemplate{Template: Template{
			ID: t.ID, Label: t.Label, OperatingSystem: t.OperatingSystem, OperatingSystemDistro: t.OperatingSystemDistro,
			Version: t.Version, MinDiskSize: t.MinDiskSize, MinMemorySize: t.MinMemorySize, AllowedSwap: swap,
			AllowResizeWithoutReboot: t.AllowResizeWithoutReboot, State: state,
		}})
	}
	for _, hv := range s.Hypervisors {
		online, typ := true, "kvm"
		if hv.Online != nil {
			online = *hv.Online
		}
		if hv.HypervisorType != "" {
			typ = hv.HypervisorType
		}
		cat.Hypervisors = append(cat.Hypervisors, Hypervisor{
			ID: hv.ID, Label: hv.Label, HypervisorGroupID: hv.HypervisorGroupID, HypervisorType: typ,
			IPAddress: hv.IPAddress, Online: online, TotalMemory: hv.TotalMemory, TotalCPUs: hv.TotalCPUs,
		})
	}
	if l := s.Limits; l != nil {
		for _, f := range []struct {
			dst *int
			v   *int
		}{{&limits.MaxVirtualServers, l.MaxVirtualServers}, {&limits.MaxMemory, l.MaxMemory}, {&limits.MaxCPUs, l.MaxCPUs}} {
			if f.v != nil {
				*f.dst = *f.v
			}
		}
	}
	return cat, limits
}

// catalog is the read-only part of the world: templates and hypervisors. It is
// stored with the world, so a restart on a data dir serves what was seeded.
type catalog struct {
	Templates       []storedTemplate `json:"templates"`
	Hypervisors     []Hypervisor     `json:"hypervisors"`
	Roles           []Role           `json:"roles"`
	HypervisorZones []HypervisorZone `json:"hypervisor_zones"`
}

// storedTemplate keeps the build failure that the API view hides.
type storedTemplate struct {
	Template
	FailAction string `json:"fail_action,omitempty"`
	FailLog    string `json:"fail_log,omitempty"`
}

const metaCatalog = "catalog"

func (c *change) putCatalog(cat catalog) *change {
	c.writes = append(c.writes, write{bucket: bucketMeta, key: metaCatalog, value: cat, install: cat.install})
	return c
}

// install makes cat the served templates and hypervisors (a.mu held).
func (cat catalog) install(a *API) {
	a.templates = map[int]*Template{}
	a.templateList = nil
	for _, st := range cat.Templates {
		t := st.Template
		t.FailAction, t.FailLog = st.FailAction, st.FailLog
		a.templates[t.ID] = &t
		a.templateList = append(a.templateList, &t)
	}
	a.hypervisors = nil
	for _, hv := range cat.Hypervisors {
		a.hypervisors = append(a.hypervisors, &hv)
	}
	a.lookups = lookupCatalog{roles: cat.Roles, zones: cat.HypervisorZones}
}

func loadCatalog(a *API, v []byte) error {
	var cat catalog
	if err := json.Unmarshal(v, &cat); err != nil {
		return err
	}
	lookupsOfOldCatalog(&cat, v)
	cat.install(a)
	return nil
}

// user is the record a seeded user starts as; ID and hashes are the caller's.
func (u SeedUser) user() *User {
	status, locale, tz, roles := u.Status, u.Locale, u.TimeZone, u.RoleIDs
	if status == "" {
		status = "active"
	}
	if locale == "" {
		locale = "en"
	}
	if tz == "" {
		tz = "UTC"
	}
	if roles == nil {
		roles = []int{}
	}
	return &User{
		Login: u.Login, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName, Status: status,
		RoleIDs: roles, UserGroupID: u.UserGroupID, BillingPlanID: u.BillingPlanID, TimeZone: tz, Locale: locale,
	}
}
