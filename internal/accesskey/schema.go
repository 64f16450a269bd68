package accesskey

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// accountHref is the API's form of an account reference.
var accountHref = regexp.MustCompile(`^/v2/accounts/[^/]+$`)

// resourceSchema describes webscale_access_key: the key's only arguments
// (expiry and account), and what the API reports about it.
func resourceSchema(ctx context.Context) schema.Schema {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	return schema.Schema{
		Description: "A Webscale API access key of the user whose token the provider uses. Its `secret` is a working " +
			"access token at once (for example for an aliased provider's `webscale.access_token`). Keys cannot be edited: " +
			"changing any argument replaces the key. The block needs `provider = webcore`, because Terraform would otherwise " +
			"look for a provider named after the `webscale` prefix.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The key's id (last segment of `href`). Import with it.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"href": schema.StringAttribute{
				Description:   "The key's API path, `/v2/users/{user}/access-keys/{id}`.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"type": schema.StringAttribute{
				Description:   "Token type; always `bearer`.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"expires_at": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{},
				Description: "When the key stops working, as an RFC 3339 timestamp (e.g. `2030-01-01T00:00:00Z`). Must be in the future " +
					"when the key is created (checked at plan). Omit it for a key that never expires. Changing it replaces the key. " +
					"An expired key stays in state and plans warn about it; setting a new future value (or removing it) replaces " +
					"the key and deletes the expired one.",
				Optional:      true,
				PlanModifiers: []planmodifier.String{replaceOnOtherInstant()},
			},
			"account": schema.StringAttribute{
				Description: "The account the key belongs to, as an API path `/v2/accounts/{id}`. Defaults to the caller's account. " +
					"Changing it replaces the key.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.RegexMatches(accountHref, "must be an account path such as /v2/accounts/1")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"durability": schema.StringAttribute{
				Description:   "`persistent` or `session`, as reported by the API.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"secret": schema.StringAttribute{
				Description: "The access token. Sensitive. The API returns it only when the key is created; it is kept in state " +
					"afterwards. An imported key's secret cannot be read back, so it stays null (and the plan stays empty).",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: keep,
			},
			"last_used": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{},
				Description: "When the key last authenticated a request (RFC 3339), or null if never. Refreshed on every read; " +
					"it never causes a change by itself.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{keepOnUpdate{}},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Delete: true,
				CreateDescription: "How long to create the key, retries included, as a duration such as \"10m\" (default 5m).",
				DeleteDescription: "How long to delete the key, retries included, as a duration such as \"10m\" (default 5m).",
			}),
		},
	}
}

// The ttl of an ephemeral key: long enough for a slow apply, short enough
// that a key whose Close never came (a killed run) dies soon.
const (
	defaultTTL = time.Hour
	minTTL     = time.Minute
	maxTTL     = 7 * 24 * time.Hour
)

// ephemeralSchema describes the ephemeral webscale_access_key.
func ephemeralSchema() eschema.Schema {
	return eschema.Schema{
		Description: "A Webscale API access key that exists while Terraform runs (Terraform 1.10 or OpenTofu 1.11 and later): opening it creates " +
			"a key of the provider's user that expires after `ttl`, and closing it deletes the key. Its `secret` is a working " +
			"access token, for example for an aliased provider's `webscale.access_token`, and never reaches the state or the " +
			"plan. The block needs `provider = webcore`, like every `webscale_*` block.",
		Attributes: map[string]eschema.Attribute{
			"ttl": eschema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Description: fmt.Sprintf("How long the key works, as a Go duration such as `30m` or `2h`; from %s to %s, "+
					"default %s. The key is deleted when Terraform closes it, normally long before.", minTTL, maxTTL, defaultTTL),
				Optional: true,
				// Computed, because Open fills in the default: an ephemeral
				// schema has no Default, and Terraform rejects a result that
				// sets a non-computed attribute the configuration left null.
				Computed:   true,
				Validators: []validator.String{ttlRange{min: minTTL, max: maxTTL}},
			},
			"account": eschema.StringAttribute{
				Description: "The account the key belongs to, as an API path `/v2/accounts/{id}`. Defaults to the caller's account.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{stringvalidator.RegexMatches(accountHref, "must be an account path such as /v2/accounts/1")},
			},
			"id": eschema.StringAttribute{
				Description: "The key's id.",
				Computed:    true,
			},
			"href": eschema.StringAttribute{
				Description: "The key's API path, `/v2/users/{user}/access-keys/{id}`.",
				Computed:    true,
			},
			"expires_at": eschema.StringAttribute{
				CustomType:  timetypes.RFC3339Type{},
				Description: "When the key stops working (RFC 3339): the time it was opened plus `ttl`, in whole seconds.",
				Computed:    true,
			},
			"secret": eschema.StringAttribute{
				Description: "The access token. Sensitive, and ephemeral: only in memory while Terraform runs.",
				Computed:    true,
				Sensitive:   true,
			},
		},
	}
}
