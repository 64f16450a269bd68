package role

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// dataSourceSchema describes webcore_role: a label, and the role's id.
func dataSourceSchema() schema.Schema {
	return schema.Schema{
		Description: "One role of the control panel, found by its `label`, for `webcore_user.role_ids`. Exactly one role " +
			"must have the label; when none or several do, the error lists the candidates.",
		Attributes: map[string]schema.Attribute{
			"label": schema.StringAttribute{
				Description: "Label of the role as the control panel shows it, e.g. `Administrator` (exact).",
				Required:    true,
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"id": schema.Int64Attribute{
				Description: "Id of the role, for `webcore_user.role_ids`.",
				Computed:    true,
			},
			"identifier": schema.StringAttribute{
				Description: "The API's identifier of the role, e.g. `administrator`.",
				Computed:    true,
			},
			"system": schema.BoolAttribute{
				Description: "Whether the role is one of the control panel's own (built in) roles.",
				Computed:    true,
			},
		},
	}
}
