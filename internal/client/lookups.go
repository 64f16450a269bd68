package client

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// The lookups (spec "Lookups"): what a configuration names by label and the
// API by id — roles, hypervisor zones, templates, hypervisors — and the
// caller's own account.

// Role is a set of permissions; a user's RoleIDs name roles.
type Role struct {
	ID         int64     `json:"id"`
	Label      string    `json:"label"`
	Identifier string    `json:"identifier"`
	System     bool      `json:"system"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// UnmarshalJSON implements json.Unmarshaler, decoding loosely (see decodeLoose).
func (v *Role) UnmarshalJSON(data []byte) error { return decodeLoose(data, v) }

// HypervisorZone is a hypervisor group ("hypervisor_group" on the wire):
// what a hypervisor's and a server's HypervisorGroupID names.
type HypervisorZone struct {
	ID              int64     `json:"id"`
	Label           string    `json:"label"`
	LocationGroupID int64     `json:"location_group_id"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// UnmarshalJSON implements json.Unmarshaler, decoding loosely (see decodeLoose).
func (v *HypervisorZone) UnmarshalJSON(data []byte) error { return decodeLoose(data, v) }

// GetProfile reads the authenticated account (GET /profile.json).
func (w *Webcore) GetProfile(ctx context.Context) (*User, error) {
	var u User
	if err := w.getWrapped(ctx, "/profile.json", nil, "user", &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// ListRoles lists the roles (GET /roles.json).
func (w *Webcore) ListRoles(ctx context.Context) ([]Role, error) {
	return getWrappedList[Role](ctx, w, "/roles.json", nil, "role")
}

// ListHypervisorZones lists the hypervisor zones (GET /hypervisor_zones.json).
func (w *Webcore) ListHypervisorZones(ctx context.Context) ([]HypervisorZone, error) {
	return getWrappedList[HypervisorZone](ctx, w, "/hypervisor_zones.json", nil, "hypervisor_group", "hypervisor_zone")
}

// GetTemplate reads one template; an unknown id is a NotFound APIError.
func (w *Webcore) GetTemplate(ctx context.Context, id int64) (*Template, error) {
	rep, err := w.do(ctx, webcoreRequest{method: http.MethodGet, path: "/templates/" + strconv.FormatInt(id, 10) + ".json"})
	if err != nil {
		return nil, err
	}
	var t Template
	if err := w.decode(rep.body, func(b []byte) error { return decodeWrapped(b, &t, "image_template", "template") }); err != nil {
		return nil, err
	}
	return &t, nil
}

// GetHypervisor reads one hypervisor; an unknown id is a NotFound APIError.
func (w *Webcore) GetHypervisor(ctx context.Context, id int64) (*Hypervisor, error) {
	var hv Hypervisor
	if err := w.getWrapped(ctx, "/hypervisors/"+strconv.FormatInt(id, 10)+".json", nil, "hypervisor", &hv); err != nil {
		return nil, err
	}
	return &hv, nil
}
