// Package application implements the webscale_application data source: one
// Webscale application, found by its id or by a host name it serves.
package application

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/lookup"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

// TypeName is the data source's type name. It is set explicitly because the
// provider's own type name is webcore.
const TypeName = "webscale_application"

// NewDataSource returns the webscale_application data source: it lists the
// applications (one list shared by the data sources of a plan) and keeps
// the one asked for; none or several is an error that lists the candidates.
func NewDataSource() datasource.DataSource {
	return lookup.NewDataSource(lookup.Spec[client.Application, client.Application, applicationFilter, dataSourceModel]{
		TypeName:   TypeName,
		Schema:     dataSourceSchema(),
		Validators: configValidators(),
		List:       lookup.FromWebscale((*providerdata.Clients).Applications, (*client.Webscale).ListApplications, "applications"),
		Choose: func(diags *diag.Diagnostics, f applicationFilter, all []client.Application) (client.Application, bool) {
			attr := path.Root("id")
			if f.ID == nil {
				attr = path.Root("alias")
			}
			return applications.One(diags, attr, f.asked(), f.matching(all), all)
		},
	})
}
