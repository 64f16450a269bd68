package hypervisor

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// dataSourceSchema describes webcore_hypervisor: a label, or a zone, and
// what the API says of the hypervisor found.
func dataSourceSchema() schema.Schema {
	return schema.Schema{
		Description: "One hypervisor (compute node) of the control panel, for `webcore_virtual_server.hypervisor_id`: found " +
			"by its `label`, or by its zone (`hypervisor_group_id`), optionally only among the `online` ones. A label must " +
			"match exactly one hypervisor. A zone may hold several: then the one with the lowest id is chosen, so every " +
			"plan picks the same hypervisor. When none matches, the error lists the hypervisors.",
		Attributes: map[string]schema.Attribute{
			"id": schema.Int64Attribute{
				Description: "Id of the hypervisor, for `webcore_virtual_server.hypervisor_id`.",
				Computed:    true,
			},
			"label": schema.StringAttribute{
				Description: "Label of the hypervisor, e.g. `hv-kvm-01` (exact). Conflicts with `hypervisor_group_id`.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"hypervisor_group_id": schema.Int64Attribute{
				Description: "Id of the hypervisor's zone (hypervisor group). As an argument: choose the hypervisor with " +
					"the lowest id in this zone.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"online": schema.BoolAttribute{
				Description: "Whether the hypervisor is online. As an argument: only hypervisors in this state, e.g. " +
					"`online = true` to place a new server on a running node.",
				Optional: true,
				Computed: true,
			},
			"hypervisor_type": schema.StringAttribute{
				Description: "Virtualization of the hypervisor, e.g. `kvm`.",
				Computed:    true,
			},
		},
	}
}

// configValidators ask for a label or a zone, not both.
func configValidators() []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("label"), path.MatchRoot("hypervisor_group_id")),
	}
}
