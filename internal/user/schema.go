package user

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/secretvalidator"
)

// Status values a configuration may ask for; "deleted" is only ever reported
// by the API and means the user is gone for Terraform.
const (
	statusActive    = "active"
	statusSuspended = "suspended"
	statusDeleted   = "deleted"
)

// The longest password the API takes: it stores a bcrypt hash, and bcrypt
// reads at most 72 bytes.
const (
	maxPasswordBytes = 72
	bcryptLimit      = "the API hashes passwords with bcrypt, which reads no more"
)

// defaultLocale is the locale the API gives a user created without one.
const defaultLocale = "en"

// The API's rules for a login (spec "Users"), checked at plan time. Three
// validators instead of one regular expression so each mistake gets its own
// message.
var (
	loginCharacters     = regexp.MustCompile(`^[A-Za-z0-9_@.-]*$`)
	loginFirstCharacter = regexp.MustCompile(`^[^-@]`)
	// emailForm is deliberately loose (something@domain.tld, no spaces): the API
	// has the final word, and a plan-time check must never reject an address
	// the API would take.
	emailForm = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// resourceSchema describes webcore_user: every argument the API takes, with
// its rules checked at plan time, and the values the API computes.
// resourceDescription opens the resource's page and its schema.
const resourceDescription = "A Webcore Cloud user account. Deleting the resource destroys the user for good " +
	"(a force delete that waits until the API no longer finds the user); a user that still owns " +
	"virtual servers cannot be destroyed."

// resourceDayTwo is the page's "Day-2 operations" section.
const resourceDayTwo = "\n\n## Day-2 operations\n\n" +
	"- **Changed in place**: every argument but `login`: `email`, the password, names, roles, group, billing plan, " +
	"time zone, locale and `status` (suspend or activate).\n" +
	"- **Replaced**: a new `login` (the API cannot rename a user), and a user marked `deleted` outside Terraform.\n" +
	"- **Kept when left out**: `first_name`, `last_name`, `locale`, `status`, `time_zone`, `role_ids`, " +
	"`user_group_id` and `billing_plan_id` keep the value the API has, after an import too: a user the panel " +
	"suspended stays suspended, and an imported user keeps its names. Configured, they are enforced.\n" +
	"- **Servers first**: a user who owns virtual servers cannot be destroyed. Give a server to a user with " +
	"`user_id = webcore_user.<name>.id` on `webcore_virtual_server`, and Terraform destroys the server before its owner."

func resourceSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		Description:         resourceDescription,
		MarkdownDescription: resourceDescription + resourceDayTwo,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "Numeric id of the user, as a string. Used to import: `terraform import webcore_user.example 12`.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"identifier": schema.StringAttribute{
				Description:   "The API's 14-character lowercase alphanumeric identifier of the user. Never changes.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"login": schema.StringAttribute{
				Description: "Login name: 2 to 40 characters of letters, digits, `_`, `@`, `.` and `-`, not starting " +
					"with `-` or `@`; unique in the cloud. The API cannot rename a user, so changing it replaces the user.",
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(2, 40),
					stringvalidator.RegexMatches(loginCharacters,
						"must contain only letters, digits, underscores (_), at signs (@), dots (.) and hyphens (-)"),
					stringvalidator.RegexMatches(loginFirstCharacter, "must not start with a hyphen (-) or an at sign (@)"),
				},
			},
			"email": schema.StringAttribute{
				Description: "Email address, unique in the cloud. With an API key it is also the user's API username.",
				Required:    true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(emailForm, "must be an email address such as jane@example.com"),
				},
			},
			"password": schema.StringAttribute{
				Description: "Password, at least 6 characters and at most 72 bytes. Sensitive, but kept in the state: on Terraform 1.11 or OpenTofu 1.11 and later " +
					"prefer `password_wo`, which never is. Exactly one of `password` and `password_wo` is required to create " +
					"a user; an existing or imported user needs neither. The API never returns the password, so Terraform " +
					"keeps the configured value and cannot see a change made outside Terraform. After `terraform import` " +
					"the state has no password, so a configured one plans an in-place update that sets it.",
				Optional:  true,
				Sensitive: true,
				Validators: []validator.String{
					secretvalidator.LengthBetween(6, 0),
					secretvalidator.BytesAtMost(maxPasswordBytes, bcryptLimit),
					stringvalidator.ConflictsWith(path.MatchRoot("password_wo")),
				},
			},
			"password_wo": schema.StringAttribute{
				Description: "Write-only password, at least 6 characters and at most 72 bytes (Terraform 1.11 or OpenTofu 1.11 and later): sent to the API when the " +
					"user is created, and again whenever `password_wo_version` changes, and never stored in the state or the " +
					"plan, so it can come from an ephemeral resource. Conflicts with `password`.",
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				Validators: []validator.String{
					secretvalidator.LengthBetween(6, 0),
					secretvalidator.BytesAtMost(maxPasswordBytes, bcryptLimit),
					stringvalidator.ConflictsWith(path.MatchRoot("password")),
				},
			},
			"password_wo_version": schema.Int64Attribute{
				Description: "Version of `password_wo`. Terraform cannot see a write-only value change, so change this number " +
					"(for example, increase it) to send a new `password_wo` to the API, in place.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("password_wo"))},
			},
			"first_name": schema.StringAttribute{
				Description: "First name. When set, it is enforced: a change outside Terraform is set back. When " +
					"omitted, the user keeps the name the API has (empty for a new user), also after an import.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"last_name": schema.StringAttribute{
				Description: "Last name. When set, it is enforced: a change outside Terraform is set back. When " +
					"omitted, the user keeps the name the API has (empty for a new user), also after an import.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"role_ids": schema.SetAttribute{
				Description: "Ids of the roles granted to the user. When not set, the roles the API assigns are kept " +
					"(removing the argument leaves the current roles); `role_ids = []` removes every role.",
				ElementType:   types.Int64Type,
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
				Validators:    []validator.Set{setvalidator.ValueInt64sAre(int64validator.AtLeast(1))},
			},
			"user_group_id": schema.Int64Attribute{
				Description: "Id of the user group the user belongs to. When not set, the API's choice is kept; " +
					"removing it from the configuration leaves the current group.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
			},
			"billing_plan_id": schema.Int64Attribute{
				Description: "Id of the billing plan of the user. When not set, the API's choice is kept; " +
					"removing it from the configuration leaves the current plan.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
			},
			"time_zone": schema.StringAttribute{
				Description: "Time zone of the user, e.g. `Europe/London`. When set, it is enforced: a change outside " +
					"Terraform is set back. When omitted, the user keeps the time zone the API has (the API's default " +
					"for a new user), also after an import.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"locale": schema.StringAttribute{
				Description: "Locale of the user's control panel. When set, it is enforced: a change outside Terraform " +
					"is set back. When omitted, the user keeps the locale the API has (`" + defaultLocale + "`, the " +
					"API's default, for a new user), also after an import.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"status": schema.StringAttribute{
				Description: "`active` or `suspended`. When set, it is enforced: a user suspended outside Terraform " +
					"is reactivated on the next apply when the configuration says `active`. When omitted, the user " +
					"keeps the status the API has (`active` for a new user), so a user the panel suspended, for " +
					"instance over billing, stays suspended. A user deleted outside Terraform without being " +
					"destroyed (status `deleted`, which still holds the login and email) is replaced: the apply " +
					"destroys it for good, then creates the user again.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(statusActive, statusSuspended)},
				PlanModifiers: []planmodifier.String{statusUnlessConfigured{}, replaceDeletedUser()},
			},
			"created_at": schema.StringAttribute{
				Description:   "When the user was created (RFC 3339, UTC).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"activated_at": schema.StringAttribute{
				Description:   "When the user was activated (RFC 3339, UTC); null while the user has never been active.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{activatedAtUnlessStatusChanges{}},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true,
				CreateDescription: "How long to create the user, retries included, as a duration such as \"10m\" (default 5m).",
				UpdateDescription: "How long to change the user (attributes, status, a new password), retries included, as a duration such as \"10m\" (default 5m).",
				DeleteDescription: "How long to wait for the API's destroy_user transaction, as a duration such as \"20m\" (default 10m).",
			}),
		},
	}
}
