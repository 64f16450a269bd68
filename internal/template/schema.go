package template

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// dataSourceSchema describes webcore_template: the filter (a label, or the
// operating system fields) and what the API says of the template found.
func dataSourceSchema() schema.Schema {
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	return schema.Schema{
		Description: "One OS template of the control panel, to build a `webcore_virtual_server` from: found by its `id`, its " +
			"`label`, or by `operating_system`, `operating_system_distro` and `version` (any of them). Exactly one template " +
			"must match, unless `most_recent = true` chooses among several: the one with the newest `version` (compared " +
			"part by part as numbers, so `24.10` is newer than `24.04` and `12` than `9`), and among equal versions the one " +
			"with the highest id (the one added last). When none matches, or several without `most_recent`, the error " +
			"lists the candidates.",
		Attributes: map[string]schema.Attribute{
			"id": schema.Int64Attribute{
				Description: "Id of the template, for `webcore_virtual_server.template_id`. As an argument: the template " +
					"with this id, e.g. to read what it is; conflicts with the other filters.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"most_recent": schema.BoolAttribute{
				Description: "When several templates match, choose the one with the newest `version`, ties broken by the " +
					"highest id, instead of failing. Useful on a panel with several builds of one distribution.",
				Optional: true,
			},
			"label": schema.StringAttribute{
				Description: "Label of the template as the control panel shows it, e.g. `Ubuntu 24.04 x64` (exact). " +
					"Conflicts with the operating system arguments.",
				Optional:   true,
				Computed:   true,
				Validators: nonEmpty,
			},
			"operating_system": schema.StringAttribute{
				Description: "Operating system family, e.g. `linux` or `windows` (any case).",
				Optional:    true,
				Computed:    true,
				Validators:  nonEmpty,
			},
			"operating_system_distro": schema.StringAttribute{
				Description: "Distribution, e.g. `ubuntu` or `debian` (any case).",
				Optional:    true,
				Computed:    true,
				Validators:  nonEmpty,
			},
			"version": schema.StringAttribute{
				Description: "Version of the distribution, e.g. `24.04` (any case).",
				Optional:    true,
				Computed:    true,
				Validators:  nonEmpty,
			},
			"min_disk_size": schema.Int64Attribute{
				Description: "Smallest primary disk the template builds on, in GB.",
				Computed:    true,
			},
			"min_memory_size": schema.Int64Attribute{
				Description: "Smallest memory the template runs with, in MB.",
				Computed:    true,
			},
			"allowed_swap": schema.BoolAttribute{
				Description: "Whether servers of this template may have a swap disk.",
				Computed:    true,
			},
			"allow_resize_without_reboot": schema.BoolAttribute{
				Description: "Whether growing memory, CPUs or CPU shares needs no reboot.",
				Computed:    true,
			},
		},
	}
}

// configValidators ask for an id, a label or operating system fields, only
// one of the three.
func configValidators() []datasource.ConfigValidator {
	id, label := path.MatchRoot("id"), path.MatchRoot("label")
	return []datasource.ConfigValidator{
		datasourcevalidator.AtLeastOneOf(id, label, path.MatchRoot("operating_system"),
			path.MatchRoot("operating_system_distro"), path.MatchRoot("version")),
		datasourcevalidator.Conflicting(id, label),
		datasourcevalidator.Conflicting(id, path.MatchRoot("operating_system")),
		datasourcevalidator.Conflicting(id, path.MatchRoot("operating_system_distro")),
		datasourcevalidator.Conflicting(id, path.MatchRoot("version")),
		datasourcevalidator.Conflicting(label, path.MatchRoot("operating_system")),
		datasourcevalidator.Conflicting(label, path.MatchRoot("operating_system_distro")),
		datasourcevalidator.Conflicting(label, path.MatchRoot("version")),
	}
}
