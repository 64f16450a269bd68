package webcore

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/seedfile"
)

// The lookups (spec "Lookups"): the caller's own profile, the roles, the
// hypervisor zones, and single templates and hypervisors. Roles and zones are
// seeded and read-only, like templates and hypervisors, and live in the
// catalog with them.

// lookupCatalog is what the API serves of the catalog's roles and zones.
type lookupCatalog struct {
	roles []Role
	zones []HypervisorZone
}

// Role is a seeded, read-only set of permissions; users' role_ids name roles.
type Role struct {
	ID         int       `json:"id"`
	Label      string    `json:"label"`
	Identifier string    `json:"identifier"`
	System     bool      `json:"system"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// HypervisorZone is a seeded, read-only hypervisor group: what a server's
// and a hypervisor's hypervisor_group_id names.
type HypervisorZone struct {
	ID              int       `json:"id"`
	Label           string    `json:"label"`
	LocationGroupID int       `json:"location_group_id"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Default role ids: the admin holds roleAdministrator; the README's seeded
// user example holds roleUser.
const (
	roleAdministrator = 1
	roleUser          = 2
)

func defaultRoles() []Role {
	return []Role{
		{ID: roleAdministrator, Label: "Administrator", Identifier: "administrator", System: true, CreatedAt: catalogEpoch, UpdatedAt: catalogEpoch},
		{ID: roleUser, Label: "User", Identifier: "user", System: true, CreatedAt: catalogEpoch, UpdatedAt: catalogEpoch},
	}
}

// defaultHypervisorZones are the groups of the default hypervisors.
func defaultHypervisorZones() []HypervisorZone {
	return []HypervisorZone{
		{ID: 1, Label: "Amsterdam", LocationGroupID: 1, CreatedAt: catalogEpoch, UpdatedAt: catalogEpoch},
		{ID: 2, Label: "Frankfurt", LocationGroupID: 2, CreatedAt: catalogEpoch, UpdatedAt: catalogEpoch},
	}
}

// SeedRole is a role as GET /roles.json shows it; system defaults to false.
type SeedRole struct {
	ID         int    `json:"id"`
	Label      string `json:"label"`
	Identifier string `json:"identifier"`
	System     bool   `json:"system"`
}

// SeedHypervisorZone is a hypervisor zone as GET /hypervisor_zones.json
// shows it.
type SeedHypervisorZone struct {
	ID              int    `json:"id"`
	Label           string `json:"label"`
	LocationGroupID int    `json:"location_group_id"`
}

// checkLookups reports what is wrong with the seed's roles and zones, and
// any seeded user's role id that names no role of the world.
func (s *Seed) checkLookups(p *seedfile.Problems, at string) {
	roles := defaultIDs(s.ReplaceDefaults, defaultRoles(), func(r Role) int { return r.ID }, "a default role")
	for i, r := range s.Roles {
		path := seedfile.Item(seedfile.Field(at, "roles"), i)
		checkID(p, path, r.ID, roles)
		requireText(p, seedfile.Field(path, "label"), r.Label)
	}
	zones := defaultIDs(s.ReplaceDefaults, defaultHypervisorZones(), func(z HypervisorZone) int { return z.ID }, "a default hypervisor zone")
	for i, z := range s.HypervisorZones {
		path := seedfile.Item(seedfile.Field(at, "hypervisor_zones"), i)
		checkID(p, path, z.ID, zones)
		requireText(p, seedfile.Field(path, "label"), z.Label)
		nonNegative(p, path, map[string]int{"location_group_id": z.LocationGroupID})
	}
	for i, u := range s.Users {
		for _, id := range u.RoleIDs {
			if _, known := roles[id]; !known && id >= 1 {
				p.Add(seedfile.Field(seedfile.Item(seedfile.Field(at, "users"), i), "role_ids"),
					"role %d is neither a default role nor in webcore.roles", id)
			}
		}
	}
}

// lookupsWorld adds the default (unless replaced) and seeded roles and zones
// to cat.
func (s *Seed) lookupsWorld(cat *catalog) {
	if s == nil || !s.ReplaceDefaults {
		cat.Roles = append(cat.Roles, defaultRoles()...)
		cat.HypervisorZones = append(cat.HypervisorZones, defaultHypervisorZones()...)
	}
	if s == nil {
		return
	}
	for _, r := range s.Roles {
		cat.Roles = append(cat.Roles, Role{ID: r.ID, Label: r.Label, Identifier: r.Identifier, System: r.System,
			CreatedAt: catalogEpoch, UpdatedAt: catalogEpoch})
	}
	for _, z := range s.HypervisorZones {
		cat.HypervisorZones = append(cat.HypervisorZones, HypervisorZone{ID: z.ID, Label: z.Label,
			LocationGroupID: z.LocationGroupID, CreatedAt: catalogEpoch, UpdatedAt: catalogEpoch})
	}
}

// lookupsOfOldCatalog fills in the default roles and zones of a catalog
// stored before catalogs held them (its JSON has neither key).
func lookupsOfOldCatalog(cat *catalog, stored []byte) {
	var keys map[string]json.RawMessage
	if json.Unmarshal(stored, &keys) != nil {
		return
	}
	if _, ok := keys["roles"]; !ok {
		cat.Roles = defaultRoles()
	}
	if _, ok := keys["hypervisor_zones"]; !ok {
		cat.HypervisorZones = defaultHypervisorZones()
	}
}

// roleView and hypervisorZoneView are the objects as the API shows them.
type roleView struct {
	ID         int    `json:"id"`
	Label      string `json:"label"`
	Identifier string `json:"identifier"`
	System     bool   `json:"system"`
	CreatedAt  string `json:"created_at"`
	UpdatedAt  string `json:"updated_at"`
}

type hypervisorZoneView struct {
	ID              int    `json:"id"`
	Label           string `json:"label"`
	LocationGroupID int    `json:"location_group_id"`
	CreatedAt       string `json:"created_at"`
	UpdatedAt       string `json:"updated_at"`
}

type roleWrapper struct {
	Role roleView `json:"role"`
}

type hypervisorZoneWrapper struct {
	// The vendor calls a zone a hypervisor group.
	Zone hypervisorZoneView `json:"hypervisor_group"`
}

// showProfile answers the authenticated caller's own user.
func (a *API) showProfile(_ *http.Request, caller int) reply {
	a.mu.RLock()
	defer a.mu.RUnlock()
	u := a.users[caller]
	if u == nil {
		return notFound()
	}
	return ok(json.RawMessage(u.body))
}

func (a *API) listRoles(*http.Request, int) reply {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return okList(wrapAll(a.lookups.roles, func(r Role) roleWrapper {
		return roleWrapper{roleView{ID: r.ID, Label: r.Label, Identifier: r.Identifier, System: r.System,
			CreatedAt: stamp(r.CreatedAt), UpdatedAt: stamp(r.UpdatedAt)}}
	}), "roles")
}

func (a *API) listHypervisorZones(*http.Request, int) reply {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return okList(wrapAll(a.lookups.zones, func(z HypervisorZone) hypervisorZoneWrapper {
		return hypervisorZoneWrapper{hypervisorZoneView{ID: z.ID, Label: z.Label, LocationGroupID: z.LocationGroupID,
			CreatedAt: stamp(z.CreatedAt), UpdatedAt: stamp(z.UpdatedAt)}}
	}), "hypervisor_groups")
}

func (a *API) showTemplate(r *http.Request, caller int) reply {
	return lookup(a, reading, func(r *http.Request, _ int) *Template {
		id, ok := pathNumber(r)
		if !ok {
			return nil
		}
		return a.templates[id]
	}, r, caller, func(t *Template) reply { return ok(templateWrapper{t}) })
}

func (a *API) showHypervisor(r *http.Request, caller int) reply {
	return lookup(a, reading, func(r *http.Request, _ int) *Hypervisor {
		id, ok := pathNumber(r)
		for _, hv := range a.hypervisors {
			if ok && hv.ID == id {
				return hv
			}
		}
		return nil
	}, r, caller, func(hv *Hypervisor) reply { return ok(hypervisorWrapper{hv}) })
}
