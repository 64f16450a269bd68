package virtualserver

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// dataSourceSchema describes webcore_virtual_server: one of id, identifier
// or label, and what the API says of the server found.
func dataSourceSchema() schema.Schema {
	return schema.Schema{
		Description: "One existing virtual server, found by exactly one of `id`, `identifier` or `label` (exact). It reads " +
			"the same attributes as the `webcore_virtual_server` resource reports, plus its owner's `user_id`. When none " +
			"or several servers match, the error lists the candidates.",
		Attributes: serverAttributes(true),
	}
}

// dataSourceConfigValidators ask for exactly one of id, identifier and label.
func dataSourceConfigValidators() []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("identifier"), path.MatchRoot("label")),
	}
}

// listDataSourceSchema describes webcore_virtual_servers: the filters and
// the servers that pass them.
func listDataSourceSchema() schema.Schema {
	return schema.Schema{
		Description: "Every virtual server the credentials may see, optionally only those of one `user_id` and whose " +
			"label starts with `label_prefix`, ordered by id. One list request serves every server data source of a plan.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.Int64Attribute{
				Description: "Only servers owned by this user (a `webcore_user` id).",
				Optional:    true,
				Validators:  []validator.Int64{int64validator.AtLeast(1)},
			},
			"label_prefix": schema.StringAttribute{
				Description: "Only servers whose label starts with this (case-sensitive, as labels are).",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"ids": schema.ListAttribute{
				Description: "Ids of the servers found, in ascending order, as strings like `webcore_virtual_server.id`.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"virtual_servers": schema.ListNestedAttribute{
				Description:  "The servers found, in the order of `ids`, with the attributes of the `webcore_virtual_server` data source.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: serverAttributes(false)},
			},
		},
	}
}

// serverAttributes are a server's attributes as the data sources show them;
// with lookup, id, identifier and label are also the arguments that find it.
func serverAttributes(lookup bool) map[string]schema.Attribute {
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Description: description, Computed: true}
	}
	number := func(description string) schema.Int64Attribute {
		return schema.Int64Attribute{Description: description, Computed: true}
	}
	flag := func(description string) schema.BoolAttribute {
		return schema.BoolAttribute{Description: description, Computed: true}
	}
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Description: "Numeric id of the server, as a string (as `webcore_virtual_server.id`).",
			Optional:    lookup, Computed: true,
			Validators: []validator.String{stringvalidator.RegexMatches(numericID, "must be a server id such as 12")},
		},
		"identifier": schema.StringAttribute{
			Description: "The API's identifier of the server.",
			Optional:    lookup, Computed: true, Validators: nonEmpty,
		},
		"label": schema.StringAttribute{
			Description: "Label of the server as the control panel shows it.",
			Optional:    lookup, Computed: true, Validators: nonEmpty,
		},
		"hostname":            computed("Host name."),
		"template_id":         number("Id of the template the server was built from."),
		"memory":              number("Memory in MB."),
		"cpus":                number("Number of CPUs."),
		"cpu_shares":          number("CPU priority, 1 to 100."),
		"primary_disk_size":   number("Size of the primary disk in GB; null when the API does not report it."),
		"swap_disk_size":      number("Size of the swap disk in GB; null when the API does not report it."),
		"hypervisor_id":       number("Id of the hypervisor the server runs on; null when none."),
		"hypervisor_group_id": number("Id of the hypervisor zone; null when the API does not report it."),
		"user_id":             number("Id of the user who owns the server."),
		"rate_limit":          number("Port speed in Mbps; 0 is unlimited."),
		"domain":              computed("Domain; null when none."),
		"time_zone":           computed("Time zone; null when none or not reported."),
		"note":                computed("Note; null when none."),
		"power_state":         computed("`running` or `stopped`."),
		"built":               flag("Whether the server has been built."),
		"booted":              flag("Whether the server is running."),
		"locked":              flag("Whether work on the server is pending or running."),
		"state":               computed("The API's state of the server, e.g. `delivered`."),
		"operating_system":    computed("Operating system family of the server's template."),
		"total_disk_size":     number("Total size of the server's disks in GB."),
		"ip_address":          computed("The server's primary IP address; empty until one is assigned."),
		"ip_addresses": schema.ListNestedAttribute{
			Description: "Every IP address assigned to the server.",
			Computed:    true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"address": computed("The IP address."),
				"netmask": computed("Its netmask."),
				"gateway": computed("Its gateway."),
			}},
		},
		"created_at": computed("When the server was created (RFC 3339)."),
	}
}
