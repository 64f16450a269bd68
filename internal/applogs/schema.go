package applogs

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// dataSourceSchema describes webscale_app_logs: the window asked for and the
// download link the API answers with.
func dataSourceSchema() schema.Schema {
	timeFormat := []validator.String{logTimeFormat{}}
	return schema.Schema{
		Description: "A download link for a Webscale application's request logs (newline-delimited JSON, one request per line) " +
			"over a time window. Every read asks for a new link, so values derived from `download_url` change on every plan. The block needs `provider = webcore`, because Terraform would " +
			"otherwise look for a provider named after the `webscale` prefix.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The window the logs cover: `<app_id>/<start>/<end>` with times in RFC 3339 UTC (end empty when open).",
				Computed:    true,
			},
			"app_id": schema.StringAttribute{
				Description: "Id of the application, e.g. `example-app`. An unknown app, or one of another account, is reported as not found.",
				Required:    true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.NoneOf(".", ".."),
					stringvalidator.RegexMatches(noSlash, "must not contain a slash"),
				},
			},
			"start_time": schema.StringAttribute{
				Description: "Start of the window (inclusive): an RFC 3339 timestamp such as `2015-07-31T00:00:00Z`, or the vendor's form " +
					"without an offset such as `2015-07-31T00:00:00`, which means UTC. Sent to the API in whole seconds, rounded down.",
				Required:   true,
				Validators: timeFormat,
			},
			"end_time": schema.StringAttribute{
				Description: "End of the window (exclusive), in the same forms as `start_time`; must be after it. Sent in whole seconds, " +
					"rounded up, so the window still covers what was asked. Defaults to now.",
				Optional:   true,
				Validators: timeFormat,
			},
			"download_url": schema.StringAttribute{
				Description: "Where to download the logs; it works without credentials for 15 minutes, so anyone holding it can " +
					"read the logs. Sensitive.",
				Computed:  true,
				Sensitive: true,
			},
		},
	}
}
