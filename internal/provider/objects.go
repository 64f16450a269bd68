package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/webcore/terraform-provider-webcore/internal/accesskey"
	"github.com/webcore/terraform-provider-webcore/internal/application"
	"github.com/webcore/terraform-provider-webcore/internal/applogs"
	"github.com/webcore/terraform-provider-webcore/internal/hypervisor"
	"github.com/webcore/terraform-provider-webcore/internal/role"
	"github.com/webcore/terraform-provider-webcore/internal/template"
	"github.com/webcore/terraform-provider-webcore/internal/user"
	"github.com/webcore/terraform-provider-webcore/internal/userapikey"
	"github.com/webcore/terraform-provider-webcore/internal/virtualserver"
)

// resourceConstructors lists every resource the provider serves.
var resourceConstructors = []func() resource.Resource{
	accesskey.NewResource,
	user.NewResource,
	userapikey.NewResource,
	virtualserver.NewResource,
}

// dataSourceConstructors lists every data source the provider serves.
var dataSourceConstructors = []func() datasource.DataSource{
	applogs.NewDataSource,
	template.NewDataSource,
	user.NewDataSource,
	user.NewListDataSource,
	virtualserver.NewDataSource,
	virtualserver.NewListDataSource,
	hypervisor.NewDataSource,
	role.NewDataSource,
	application.NewDataSource,
}

// ephemeralConstructors lists every ephemeral resource the provider serves
// (Terraform 1.10 or OpenTofu 1.11 and later).
var ephemeralConstructors = []func() ephemeral.EphemeralResource{
	accesskey.NewEphemeralResource,
	applogs.NewEphemeralResource,
}
