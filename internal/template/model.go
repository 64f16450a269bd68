package template

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/lookup"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// dataSourceModel is the configuration and state of a webcore_template. This
// file is the only place where it is converted from and to client structs.
type dataSourceModel struct {
	ID                       types.Int64  `tfsdk:"id"`
	Label                    types.String `tfsdk:"label"`
	OperatingSystem          types.String `tfsdk:"operating_system"`
	OperatingSystemDistro    types.String `tfsdk:"operating_system_distro"`
	Version                  types.String `tfsdk:"version"`
	MinDiskSize              types.Int64  `tfsdk:"min_disk_size"`
	MinMemorySize            types.Int64  `tfsdk:"min_memory_size"`
	AllowedSwap              types.Bool   `tfsdk:"allowed_swap"`
	AllowResizeWithoutReboot types.Bool   `tfsdk:"allow_resize_without_reboot"`
	MostRecent               types.Bool   `tfsdk:"most_recent"`
}

var _ tfmodel.DataSource[client.Template, templateFilter] = (*dataSourceModel)(nil)

// templateFilter is what the configuration asks for; nil fields match any
// template. The API has no search, so the filter runs on its list.
type templateFilter struct {
	ID                                                     *int64
	Label, OperatingSystem, OperatingSystemDistro, Version *string
	// MostRecent chooses among several matches instead of failing.
	MostRecent bool
}

// ToReadRequest reads the filter from the configuration.
func (m dataSourceModel) ToReadRequest(context.Context) (templateFilter, diag.Diagnostics) {
	return templateFilter{
		ID:                    tfmodel.KnownInt64(m.ID),
		MostRecent:            m.MostRecent.ValueBool(),
		Label:                 tfmodel.KnownString(m.Label),
		OperatingSystem:       tfmodel.KnownString(m.OperatingSystem),
		OperatingSystemDistro: tfmodel.KnownString(m.OperatingSystemDistro),
		Version:               tfmodel.KnownString(m.Version),
	}, nil
}

// FromAPI copies the template the filter found into m. most_recent, an
// argument only, keeps its value.
func (m *dataSourceModel) FromAPI(_ context.Context, t *client.Template) diag.Diagnostics {
	m.ID = types.Int64Value(t.ID)
	m.Label = types.StringValue(t.Label)
	m.OperatingSystem = types.StringValue(t.OperatingSystem)
	m.OperatingSystemDistro = types.StringValue(t.OperatingSystemDistro)
	m.Version = types.StringValue(t.Version)
	m.MinDiskSize = types.Int64Value(t.MinDiskSize)
	m.MinMemorySize = types.Int64Value(t.MinMemorySize)
	m.AllowedSwap = types.BoolValue(t.AllowedSwap)
	m.AllowResizeWithoutReboot = types.BoolValue(t.AllowResizeWithoutReboot)
	return nil
}

// matching returns the templates the filter selects. Labels compare exactly,
// as the control panel shows them; the operating system fields ignore case
// ("Linux" is "linux").
func (f templateFilter) matching(templates []client.Template) []client.Template {
	var out []client.Template
	for _, t := range templates {
		if f.ID != nil && t.ID != *f.ID ||
			f.Label != nil && t.Label != *f.Label ||
			!equalFoldIfSet(f.OperatingSystem, t.OperatingSystem) ||
			!equalFoldIfSet(f.OperatingSystemDistro, t.OperatingSystemDistro) ||
			!equalFoldIfSet(f.Version, t.Version) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func equalFoldIfSet(want *string, got string) bool {
	return want == nil || strings.EqualFold(*want, got)
}

// asked says what the configuration asked for, for the error.
func (f templateFilter) asked() string {
	id := ""
	if f.ID != nil {
		id = fmt.Sprintf("id = %d", *f.ID)
	}
	return lookup.Asked(id, lookup.Condition("label", f.Label), lookup.Condition("operating_system", f.OperatingSystem),
		lookup.Condition("operating_system_distro", f.OperatingSystemDistro), lookup.Condition("version", f.Version))
}

// templates is how the errors show a template.
var templates = lookup.Kind[client.Template]{Singular: "template", Plural: "templates", Describe: func(t client.Template) string {
	return fmt.Sprintf("id %d: %q (operating_system %q, operating_system_distro %q, version %q)",
		t.ID, t.Label, t.OperatingSystem, t.OperatingSystemDistro, t.Version)
}}

// choose returns the one template to use among the matches: with
// most_recent, the one of the newest version, ties broken by the highest
// id; otherwise the matches, which must then be exactly one.
func (f templateFilter) choose(matches []client.Template) []client.Template {
	if !f.MostRecent || len(matches) < 2 {
		return matches
	}
	best := matches[0]
	for _, t := range matches[1:] {
		if c := compareVersions(t.Version, best.Version); c > 0 || c == 0 && t.ID > best.ID {
			best = t
		}
	}
	return []client.Template{best}
}

// compareVersions orders versions such as "22.04" < "24.04" < "24.10" and
// "9" < "12": dot-separated parts compare as numbers when both are, else as
// text; a version that runs out of parts first is the older.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, errX := strconv.ParseUint(as[i], 10, 64)
		y, errY := strconv.ParseUint(bs[i], 10, 64)
		var c int
		if errX == nil && errY == nil {
			c = cmp.Compare(x, y)
		} else {
			c = strings.Compare(as[i], bs[i])
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}
