package applogs

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The data source and the ephemeral resource take the same window and
// answer with the same link: their attributes share these descriptions and
// validators. (The framework has one attribute type per kind of object.)
const (
	blockNeedsProvider = " The block needs `provider = webcore`, because Terraform would otherwise look for a provider " +
		"named after the `webscale` prefix."
	idDescription    = "The window the logs cover: `<app_id>/<start>/<end>` with times in RFC 3339 UTC (end empty when open)."
	appIDDescription = "Id of the application, e.g. `example-app`. An unknown app, or one of another account, is reported as not found."
	startDescription = "Start of the window (inclusive): an RFC 3339 timestamp such as `2015-07-31T00:00:00Z`, or the vendor's form " +
		"without an offset such as `2015-07-31T00:00:00`, which means UTC. Sent to the API in whole seconds, rounded down."
	endDescription = "End of the window (exclusive), in the same forms as `start_time`; must be after it. Sent in whole seconds, " +
		"rounded up, so the window still covers what was asked. Defaults to now."
	urlDescription = "Where to download the logs; it works without credentials for 15 minutes, so anyone holding it can " +
		"read the logs. Sensitive."
)

func appIDValidators() []validator.String {
	return []validator.String{
		stringvalidator.LengthAtLeast(1),
		stringvalidator.NoneOf(".", ".."),
		stringvalidator.RegexMatches(noSlash, "must not contain a slash"),
	}
}

func timeValidators() []validator.String { return []validator.String{logTimeFormat{}} }

// dataSourceSchema describes the webscale_app_logs data source: the window
// asked for and the download link the API answers with.
func dataSourceSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		Description: "A download link for a Webscale application's request logs (newline-delimited JSON, one request per line) " +
			"over a time window. Every read asks for a new link, so values derived from `download_url` change on every plan, " +
			"and the link is kept in the state: on Terraform 1.10 or OpenTofu 1.11 and later prefer the ephemeral `webscale_app_logs`, whose " +
			"link never is." + blockNeedsProvider,
		Attributes: map[string]schema.Attribute{
			"id":           schema.StringAttribute{Description: idDescription, Computed: true},
			"app_id":       schema.StringAttribute{Description: appIDDescription, Required: true, Validators: appIDValidators()},
			"start_time":   schema.StringAttribute{Description: startDescription, Required: true, Validators: timeValidators()},
			"end_time":     schema.StringAttribute{Description: endDescription, Optional: true, Validators: timeValidators()},
			"download_url": schema.StringAttribute{Description: urlDescription, Computed: true, Sensitive: true},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				ReadDescription: "How long to ask for the download link, retries included, as a duration such as \"10m\" (default 5m).",
			}),
		},
	}
}

// ephemeralSchema describes the ephemeral webscale_app_logs: the same window
// and link, which never reaches the state or the plan.
func ephemeralSchema() eschema.Schema {
	return eschema.Schema{
		Description: "A download link for a Webscale application's request logs over a time window, as the data source of the " +
			"same name gives, that exists only while Terraform runs (Terraform 1.10 or OpenTofu 1.11 and later): the link, a credential, never " +
			"reaches the state or the plan, and nothing changes from one plan to the next." + blockNeedsProvider,
		Attributes: map[string]eschema.Attribute{
			"id":           eschema.StringAttribute{Description: idDescription, Computed: true},
			"app_id":       eschema.StringAttribute{Description: appIDDescription, Required: true, Validators: appIDValidators()},
			"start_time":   eschema.StringAttribute{Description: startDescription, Required: true, Validators: timeValidators()},
			"end_time":     eschema.StringAttribute{Description: endDescription, Optional: true, Validators: timeValidators()},
			"download_url": eschema.StringAttribute{Description: urlDescription, Computed: true, Sensitive: true},
		},
	}
}
