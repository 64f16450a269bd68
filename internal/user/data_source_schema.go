package user

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// numericID is the form of a user id in a configuration.
var numericID = regexp.MustCompile(`^[1-9][0-9]*$`)

// dataSourceSchema describes webcore_user: one of id, login or email, and
// what the API says of the user found.
func dataSourceSchema() schema.Schema {
	return schema.Schema{
		Description: "One existing Webcore Cloud user, found by exactly one of `id`, `login` or `email` (login and email " +
			"in any case). It reads the same attributes as the `webcore_user` resource reports. When no user matches, the " +
			"error lists the users.",
		Attributes: userAttributes(true),
	}
}

// dataSourceConfigValidators ask for exactly one of id, login and email.
func dataSourceConfigValidators() []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("login"), path.MatchRoot("email")),
	}
}

// listDataSourceSchema describes webcore_users: the filters and the users
// that pass them.
func listDataSourceSchema() schema.Schema {
	return schema.Schema{
		Description: "Every Webcore Cloud user the credentials may see, optionally only those of one `status` and whose " +
			"login starts with `login_prefix`, ordered by id. One list request serves every user data source of a plan.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				Description: "Only users of this status: `active`, `suspended` or `deleted` (marked deleted, not yet destroyed).",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.OneOf(statusActive, statusSuspended, statusDeleted)},
			},
			"login_prefix": schema.StringAttribute{
				Description: "Only users whose login starts with this, in any case.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"ids": schema.ListAttribute{
				Description: "Ids of the users found, in ascending order, as strings like `webcore_user.id`.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"users": schema.ListNestedAttribute{
				Description:  "The users found, in the order of `ids`, with the attributes of the `webcore_user` data source.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: userAttributes(false)},
			},
		},
	}
}

// userAttributes are a user's attributes as the data sources show them;
// with lookup, id, login and email are also the arguments that find it.
func userAttributes(lookup bool) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Description: "Numeric id of the user, as a string (as `webcore_user.id`).",
			Optional:    lookup,
			Computed:    true,
			Validators:  []validator.String{stringvalidator.RegexMatches(numericID, "must be a user id such as 12")},
		},
		"login": schema.StringAttribute{
			Description: "Login name.",
			Optional:    lookup,
			Computed:    true,
			Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"email": schema.StringAttribute{
			Description: "Email address; with an API key, the user's API username.",
			Optional:    lookup,
			Computed:    true,
			Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"identifier":      schema.StringAttribute{Description: "The API's 14-character identifier of the user.", Computed: true},
		"first_name":      schema.StringAttribute{Description: "First name.", Computed: true},
		"last_name":       schema.StringAttribute{Description: "Last name.", Computed: true},
		"role_ids":        schema.SetAttribute{Description: "Ids of the user's roles (see the `webcore_role` data source).", ElementType: types.Int64Type, Computed: true},
		"user_group_id":   schema.Int64Attribute{Description: "Id of the user's group; null when none.", Computed: true},
		"billing_plan_id": schema.Int64Attribute{Description: "Id of the user's billing plan; null when none.", Computed: true},
		"time_zone":       schema.StringAttribute{Description: "Time zone, e.g. `Europe/London`.", Computed: true},
		"locale":          schema.StringAttribute{Description: "Locale of the user's control panel.", Computed: true},
		"status":          schema.StringAttribute{Description: "`active`, `suspended`, or `deleted` (marked deleted, not yet destroyed).", Computed: true},
		"created_at":      schema.StringAttribute{Description: "When the user was created (RFC 3339, UTC).", Computed: true},
		"activated_at":    schema.StringAttribute{Description: "When the user was activated (RFC 3339, UTC); null if never.", Computed: true},
	}
}
