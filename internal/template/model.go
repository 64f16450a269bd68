package template

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
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
}

var _ tfmodel.DataSource[client.Template, templateFilter] = (*dataSourceModel)(nil)

// templateFilter is what the configuration asks for; nil fields match any
// template. The API has no search, so the filter runs on its list.
type templateFilter struct {
	Label, OperatingSystem, OperatingSystemDistro, Version *string
}

// ToReadRequest reads the filter from the configuration.
func (m dataSourceModel) ToReadRequest(context.Context) (templateFilter, diag.Diagnostics) {
	return templateFilter{
		Label:                 tfmodel.KnownString(m.Label),
		OperatingSystem:       tfmodel.KnownString(m.OperatingSystem),
		OperatingSystemDistro: tfmodel.KnownString(m.OperatingSystemDistro),
		Version:               tfmodel.KnownString(m.Version),
	}, nil
}

// FromAPI copies the template the filter found into m.
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
		if f.Label != nil && t.Label != *f.Label ||
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

// describe says what was asked for and how many templates matched.
func (f templateFilter) describe(matched int) string {
	var parts []string
	for _, p := range []struct {
		name  string
		value *string
	}{{"label", f.Label}, {"operating_system", f.OperatingSystem}, {"operating_system_distro", f.OperatingSystemDistro}, {"version", f.Version}} {
		if p.value != nil {
			parts = append(parts, fmt.Sprintf("%s = %q", p.name, *p.value))
		}
	}
	return fmt.Sprintf("%d templates have %s", matched, strings.Join(parts, ", "))
}
