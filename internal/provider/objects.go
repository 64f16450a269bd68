package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// resourceConstructors lists every resource the provider serves.
var resourceConstructors = []func() resource.Resource{}

// dataSourceConstructors lists every data source the provider serves.
var dataSourceConstructors = []func() datasource.DataSource{}
