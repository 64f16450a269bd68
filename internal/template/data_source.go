// Package template implements the webcore_template data source: one OS
// template of the control panel, found by its id, its label, or by its
// operating system, distribution and version, so configurations need no
// template ids written by hand.
package template

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/lookup"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

// TypeName is the data source's type name.
const TypeName = "webcore_template"

// NewDataSource returns the webcore_template data source: it lists the
// templates (one list shared by the data sources of a plan) and keeps the
// one the configuration names, or with most_recent the newest of them;
// none, or several without most_recent, is an error that lists the
// candidates.
func NewDataSource() datasource.DataSource {
	return lookup.NewDataSource(lookup.Spec[client.Template, client.Template, templateFilter, dataSourceModel]{
		TypeName:   TypeName,
		Schema:     dataSourceSchema(),
		Validators: configValidators(),
		List:       lookup.FromWebcore((*providerdata.Clients).Templates, (*client.Webcore).ListTemplates, "templates"),
		Choose: func(diags *diag.Diagnostics, f templateFilter, all []client.Template) (client.Template, bool) {
			return templates.One(diags, f.path(), f.asked(), f.choose(f.matching(all)), all)
		},
	})
}

// path is the attribute an error about the filter belongs on.
func (f templateFilter) path() path.Path {
	switch {
	case f.ID != nil:
		return path.Root("id")
	case f.Label != nil:
		return path.Root("label")
	default:
		return path.Root("operating_system")
	}
}
