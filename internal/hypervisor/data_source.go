// Package hypervisor implements the webcore_hypervisor data source: one
// hypervisor of the control panel, found by its label or chosen in a zone,
// so configurations need no hypervisor ids written by hand.
package hypervisor

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/lookup"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

// TypeName is the data source's type name.
const TypeName = "webcore_hypervisor"

// NewDataSource returns the webcore_hypervisor data source: it lists the
// hypervisors (one list shared by the data sources of a plan) and keeps the
// one the filter chooses; none, or several with one label, is an error that
// lists the candidates.
func NewDataSource() datasource.DataSource {
	return lookup.NewDataSource(lookup.Spec[client.Hypervisor, client.Hypervisor, hypervisorFilter, dataSourceModel]{
		TypeName:   TypeName,
		Schema:     dataSourceSchema(),
		Validators: configValidators(),
		List:       lookup.FromWebcore((*providerdata.Clients).Hypervisors, (*client.Webcore).ListHypervisors, "hypervisors"),
		Choose: func(diags *diag.Diagnostics, f hypervisorFilter, all []client.Hypervisor) (client.Hypervisor, bool) {
			attr := path.Root("hypervisor_group_id")
			if f.Label != nil {
				attr = path.Root("label")
			}
			return hypervisors.One(diags, attr, f.asked(), f.choose(f.matching(all)), all)
		},
	})
}
