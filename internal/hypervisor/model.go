package hypervisor

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/lookup"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// dataSourceModel is the configuration and state of a webcore_hypervisor.
// This file is the only place where it is converted from client structs.
type dataSourceModel struct {
	ID                types.Int64  `tfsdk:"id"`
	Label             types.String `tfsdk:"label"`
	HypervisorGroupID types.Int64  `tfsdk:"hypervisor_group_id"`
	Online            types.Bool   `tfsdk:"online"`
	HypervisorType    types.String `tfsdk:"hypervisor_type"`
}

var _ tfmodel.DataSource[client.Hypervisor, hypervisorFilter] = (*dataSourceModel)(nil)

// hypervisorFilter is what the configuration asks for; nil fields match
// any hypervisor.
type hypervisorFilter struct {
	Label   *string
	GroupID *int64
	Online  *bool
}

// ToReadRequest reads the filter from the configuration.
func (m dataSourceModel) ToReadRequest(context.Context) (hypervisorFilter, diag.Diagnostics) {
	f := hypervisorFilter{Label: tfmodel.KnownString(m.Label), GroupID: tfmodel.KnownInt64(m.HypervisorGroupID)}
	if !m.Online.IsNull() && !m.Online.IsUnknown() {
		f.Online = m.Online.ValueBoolPointer()
	}
	return f, nil
}

// FromAPI copies the hypervisor found into m.
func (m *dataSourceModel) FromAPI(_ context.Context, hv *client.Hypervisor) diag.Diagnostics {
	m.ID = types.Int64Value(hv.ID)
	m.Label = types.StringValue(hv.Label)
	m.HypervisorGroupID = tfmodel.OptionalID(hv.HypervisorGroupID)
	m.Online = types.BoolValue(hv.Online)
	m.HypervisorType = types.StringValue(hv.HypervisorType)
	return nil
}

// matching returns the hypervisors the filter selects, in ascending id
// order. Labels compare exactly.
func (f hypervisorFilter) matching(all []client.Hypervisor) []client.Hypervisor {
	var out []client.Hypervisor
	for _, hv := range all {
		if f.Label != nil && hv.Label != *f.Label ||
			f.GroupID != nil && hv.HypervisorGroupID != *f.GroupID ||
			f.Online != nil && hv.Online != *f.Online {
			continue
		}
		out = append(out, hv)
	}
	slices.SortFunc(out, func(a, b client.Hypervisor) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// choose picks the hypervisor among the matches: a label names exactly one;
// a zone may hold several, and then the lowest id wins, so every plan picks
// the same one.
func (f hypervisorFilter) choose(matches []client.Hypervisor) []client.Hypervisor {
	if f.Label == nil && len(matches) > 1 {
		return matches[:1]
	}
	return matches
}

// asked says what the configuration asked for, for the error.
func (f hypervisorFilter) asked() string {
	var group, online string
	if f.GroupID != nil {
		group = fmt.Sprintf("hypervisor_group_id = %d", *f.GroupID)
	}
	if f.Online != nil {
		online = fmt.Sprintf("online = %t", *f.Online)
	}
	return lookup.Asked(lookup.Condition("label", f.Label), group, online)
}

// hypervisors is how the errors show a hypervisor.
var hypervisors = lookup.Kind[client.Hypervisor]{Singular: "hypervisor", Plural: "hypervisors",
	Describe: func(hv client.Hypervisor) string {
		return fmt.Sprintf("id %d: %q (hypervisor_group_id %d, online %t)", hv.ID, hv.Label, hv.HypervisorGroupID, hv.Online)
	}}
