package application

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// dataSourceSchema describes webscale_application: an id or an alias, and
// what the API says of the application.
func dataSourceSchema() schema.Schema {
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	return schema.Schema{
		Description: "One Webscale application visible to the access token, found by its `id` or by one of its " +
			"`aliases` (a host name it serves), e.g. to check the `app_id` of `webscale_app_logs`. Exactly one " +
			"application must match; when none or several do, the error lists the applications.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "Id of the application (its name in `/v2/app/{id}/logs`), for `webscale_app_logs.app_id`.",
				Optional:    true,
				Computed:    true,
				Validators:  nonEmpty,
			},
			"alias": schema.StringAttribute{
				Description: "A host name the application serves, e.g. `www.example.com` (any case). Conflicts with `id`.",
				Optional:    true,
				Validators:  nonEmpty,
			},
			"name": schema.StringAttribute{
				Description: "Name of the application.",
				Computed:    true,
			},
			"aliases": schema.ListAttribute{
				Description: "Every host name the application serves, in the API's order.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"account": schema.StringAttribute{
				Description: "Reference of the account the application belongs to, e.g. `/v2/accounts/1`.",
				Computed:    true,
			},
		},
	}
}

// configValidators ask for an id or an alias.
func configValidators() []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("alias"))}
}
