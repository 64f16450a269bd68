package virtualserver

import (
	"context"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/webcore/terraform-provider-webcore/internal/secretvalidator"
)

// Default operation timeouts; a build chain of four transactions usually
// takes minutes, a resize or a destroy less.
const (
	defaultCreateTimeout = 30 * time.Minute
	defaultUpdateTimeout = 20 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
)

// Power states accepted by power_state.
const (
	powerRunning = "running"
	powerStopped = "stopped"
)

var (
	// hostnameRegexp is an RFC 1123 host name: dot-separated labels of
	// letters, digits and inner hyphens, 63 characters each at most.
	hostnameRegexp = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$`)
	// rootPasswordRegexp is the API's rule for initial_root_password.
	rootPasswordRegexp = regexp.MustCompile(`^[A-Za-z0-9_-]{6,32}$`)
	rootPasswordRule   = "must be 6 to 32 characters of letters, digits, '_' and '-'" //nolint:gosec // the rule a root password must match, not a password
)

// resourceDescription opens the resource's page and its schema.
const resourceDescription = "A Webcore Cloud virtual server. Creating one schedules a build chain of transactions " +
	"(build_disk, provisioning, configure_operating_system, then startup_virtual_machine when the server is to " +
	"run); the provider waits for the whole chain. A failed build is reported with the failed transaction's " +
	"action and log output, and the server is left tainted so the next apply replaces it."

// resourceDayTwo is the page's "Day-2 operations" section: what an apply on a live
// server changes in place, what replaces it, and what is kept when left out.
const resourceDayTwo = "\n\n## Day-2 operations\n\n" +
	"Nothing is destroyed that the configuration did not ask to destroy:\n\n" +
	"- **Changed in place** (same server, same data): `label`, `hostname`, `domain`, `time_zone`, `note`, " +
	"`rate_limit`; `memory`, `cpus` and `cpu_shares` (a resize transaction); a larger `primary_disk_size` or " +
	"`swap_disk_size` (the disk is resized: resize_disk); `hypervisor_id` or `hypervisor_group_id` (a migration: " +
	"migrate_virtual_machine); `user_id` (the server is handed over: change_owner); `power_state`.\n" +
	"- **Replaced** (the server and its data are destroyed, then built again): `template_id`, `build`, a root " +
	"password changed in `initial_root_password`, a smaller disk (disks cannot shrink), and swap for a server built " +
	"without any (the API cannot add a disk). A smaller disk or new swap also shows a warning in the plan.\n" +
	"- **Kept when left out**: `swap_disk_size`, `hypervisor_id`, `hypervisor_group_id`, `user_id`, `domain`, " +
	"`time_zone`, `rate_limit` and `power_state` keep the server's value, after an import too, and when someone " +
	"changed them in the control panel (a server an admin migrated plans nothing).\n" +
	"- **Backups**: destroying or replacing a server keeps its backups (`destroy_all_backups=0`, the API's " +
	"default); they stay in the control panel, where they can be restored or deleted. To delete them with the " +
	"server, set `delete_backups_on_destroy = true` and apply before the destroy."

func resourceSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		Description:         resourceDescription,
		MarkdownDescription: resourceDescription + resourceDayTwo,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "Numeric id of the virtual server.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"identifier": schema.StringAttribute{
				Description:   "The server's identifier, an alternative key accepted by the API and by import.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"label": schema.StringAttribute{
				Description: "Display name of the virtual server, 1 to 255 characters. Changed in place.",
				Required:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"hostname": schema.StringAttribute{
				Description: "Host name of the virtual server: dot-separated labels of letters, digits and inner " +
					"hyphens, up to 63 characters each. Changed in place.",
				Required: true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 253),
					stringvalidator.RegexMatches(hostnameRegexp, "must be a host name: labels of letters, digits and hyphens (not at either end), separated by dots"),
				},
			},
			"template_id": schema.Int64Attribute{
				Description:   "Id of the OS template to build from. Changing it replaces the server.",
				Required:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"memory": schema.Int64Attribute{
				Description: "Memory in MB, at least 128. Changed in place by a resize transaction " +
					"(resize_vm_without_reboot when every change is an increase and the template allows it, otherwise " +
					"resize_virtual_machine, which reboots the server).",
				Required:   true,
				Validators: []validator.Int64{int64validator.AtLeast(128)},
			},
			"cpus": schema.Int64Attribute{
				Description: "Number of virtual CPUs, at least 1. Changed in place by a resize transaction (see memory).",
				Required:    true,
				Validators:  []validator.Int64{int64validator.AtLeast(1)},
			},
			"cpu_shares": schema.Int64Attribute{
				Description: "CPU priority, 1 to 100. Changed in place by a resize transaction (see memory).",
				Required:    true,
				Validators:  []validator.Int64{int64validator.Between(1, 100)},
			},
			"primary_disk_size": schema.Int64Attribute{
				Description: "Size of the primary disk in GB, at least 1 and at least the template's minimum (checked " +
					"by the API). Growing it resizes the disk in place (a resize_disk transaction; the server and its " +
					"data stay). A disk cannot shrink: a smaller size replaces the server, destroying it and its data, " +
					"and the plan warns so. Read back from the API, so a size changed outside Terraform shows as drift.",
				Required:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{growInPlace(false)},
			},
			"swap_disk_size": schema.Int64Attribute{
				Description: "Size of the swap disk in GB, 0 for none (some templates allow no swap). When omitted, " +
					"the API's choice at create (no swap) and afterwards the server's size are kept, also after an " +
					"import. Growing it resizes the swap disk in place (a resize_disk transaction). A smaller size, " +
					"or swap for a server built without any (the API cannot add a disk), replaces the server, " +
					"destroying it and its data, and the plan warns so.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.Int64{int64validator.AtLeast(0)},
				PlanModifiers: []planmodifier.Int64{
					int64planmodifier.UseStateForUnknown(),
					growInPlace(true),
				},
			},
			"initial_root_password": schema.StringAttribute{
				Description: "Root (administrator) password set when the server is built: 6 to 32 characters " +
					"of letters, digits, '_' and '-'; the API generates a random one when omitted. Sensitive, but kept " +
					"in the state: on Terraform 1.11 or OpenTofu 1.11 and later prefer `initial_root_password_wo`, which never is. Sent on create only " +
					"and never read back, so the provider cannot see later changes made inside the server. Changing it " +
					"replaces the server, because the API applies it only at build time; removing it from the " +
					"configuration leaves the server as it is.",
				Optional:  true,
				Sensitive: true,
				Validators: []validator.String{
					secretvalidator.Matches(rootPasswordRegexp, rootPasswordRule),
					stringvalidator.ConflictsWith(path.MatchRoot("initial_root_password_wo")),
				},
				PlanModifiers: []planmodifier.String{writeOnceString()},
			},
			"initial_root_password_wo": schema.StringAttribute{
				Description: "Write-only root password (Terraform 1.11 or OpenTofu 1.11 and later), the same rules as `initial_root_password`, " +
					"which it replaces: sent when the server is built and never stored in the state or the plan, so it can " +
					"come from an ephemeral resource. The API applies a root password only at build time, and Terraform " +
					"cannot see a write-only value change: changing it later does nothing. To build the server again with " +
					"a new root password, replace it (`terraform apply -replace=<address>`). Conflicts with `initial_root_password`.",
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				Validators: []validator.String{
					secretvalidator.Matches(rootPasswordRegexp, rootPasswordRule),
					stringvalidator.ConflictsWith(path.MatchRoot("initial_root_password")),
				},
			},
			"hypervisor_id": schema.Int64Attribute{
				Description: "Id of the hypervisor to place the server on; chosen by the API when omitted. When " +
					"omitted, the server stays wherever it is, so a migration made outside Terraform plans nothing. " +
					"When set, or changed, the server migrates there in place (a migrate_virtual_machine " +
					"transaction; the hypervisor must be online); never a replacement.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{followsPlacement{other: "hypervisor_group_id"}},
			},
			"hypervisor_group_id": schema.Int64Attribute{
				Description: "Id of the hypervisor group (zone) to place the server in; when omitted, the group of " +
					"the hypervisor the API chooses, and afterwards whatever group the server is in (a migration " +
					"outside Terraform plans nothing). The API migrates to a hypervisor, not to a group: when set to " +
					"another group and `hypervisor_id` is not set, the server migrates in place to the group's first " +
					"online hypervisor; with both set, `hypervisor_id` must be in this group. Never a replacement.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{followsPlacement{other: "hypervisor_id"}},
			},
			"user_id": schema.Int64Attribute{
				Description: "Id of the user who owns the server. When omitted, the server belongs to whoever the " +
					"API says (the account Terraform uses, for a new server), and an owner changed outside Terraform " +
					"is kept. When set, the API cannot create a server on behalf of another user, so the server is " +
					"created and then handed over (change_owner) in the same apply; changing it hands the server over " +
					"in place, and an owner changed outside Terraform shows as drift. With `user_id = webcore_user.x.id` " +
					"Terraform destroys the server before its owner.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"delete_backups_on_destroy": schema.BoolAttribute{
				Description: "Whether destroying the server (or replacing it) also deletes its backups. Defaults to " +
					"false, the API's own default: the backups outlive the server (destroy_all_backups=0), and can be " +
					"restored or deleted in the control panel. Set it to true, and apply, before a destroy that should " +
					"take the backups with the server. The last backup is never converted into a template. Changing " +
					"it changes nothing on the server.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"rate_limit": schema.Int64Attribute{
				Description: "Port speed in Mbps, 0 for unlimited; set by the API when omitted. Changed in place.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.Int64{int64validator.AtLeast(0)},
				PlanModifiers: []planmodifier.Int64{
					int64planmodifier.UseStateForUnknown(),
				},
			},
			"domain": schema.StringAttribute{
				Description: "Domain of the server (the host's FQDN is hostname.domain), in the same form as hostname; " +
					"set by the API when omitted (the control panel's default domain). Changed in place; removing it from " +
					"the configuration keeps the current domain.",
				Optional: true,
				Computed: true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 253),
					stringvalidator.RegexMatches(hostnameRegexp, "must be a domain name: labels of letters, digits and hyphens (not at either end), separated by dots"),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"time_zone": schema.StringAttribute{
				Description: "Time zone of the server's clock, e.g. \"Europe/Berlin\"; set by the API when omitted " +
					"(the control panel's default, typically UTC). Changed in place; removing it from the configuration keeps the " +
					"current time zone.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"note": schema.StringAttribute{
				Description: "Free-text note about the server. Changed in place; removing it clears the note.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"build": schema.BoolAttribute{
				Description: "Whether to build the server right after creating it (the API's " +
					"required_virtual_machine_build). Defaults to true. Changing it replaces the server. An imported " +
					"server keeps what it is: built (or being built), or not.",
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(true),
				PlanModifiers: []planmodifier.Bool{priorUnlessConfigured{}, writeOnceBool()},
			},
			"start": schema.BoolAttribute{
				Description: "Whether to boot the server once it is built (the API's required_virtual_machine_startup). " +
					"Defaults to true. Only used at create, and only when power_state is not set (power_state wins); " +
					"changing it later has no effect on the server — use power_state. An imported server keeps " +
					"whether it is booted.",
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(true),
				PlanModifiers: []planmodifier.Bool{priorUnlessConfigured{}},
			},
			"power_state": schema.StringAttribute{
				Description: "Desired power state, \"running\" or \"stopped\". When set, the provider boots the " +
					"server (startup) or shuts it down gracefully (shutdown) and waits for the transaction. When " +
					"omitted, it reports the server's state and the provider does not act on it. \"running\" needs " +
					"build = true.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(powerRunning, powerStopped)},
				PlanModifiers: []planmodifier.String{observedPowerState{}},
			},
			"built": schema.BoolAttribute{
				Description:   "Whether the server has been built.",
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"booted": schema.BoolAttribute{
				Description:   "Whether the server is running.",
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{bootedFollowsPowerState{}},
			},
			"locked": schema.BoolAttribute{
				Description: "Whether transactions are pending or running for the server (the API refuses most " +
					"changes meanwhile). Normally false after an apply.",
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{unlockedAfterUpdate{}},
			},
			"state": schema.StringAttribute{
				Description: "The API's state of the server, e.g. \"new\" or \"delivered\".",
				Computed:    true,
				// Set by the build; updates (resize, power, relabel) leave it.
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"operating_system": schema.StringAttribute{
				Description:   "Operating system family of the template, e.g. \"linux\" or \"windows\".",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"total_disk_size": schema.Int64Attribute{
				Description:   "Total size of the server's disks in GB.",
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{totalFollowsDisks{}},
			},
			"ip_address": schema.StringAttribute{
				Description:   "The server's primary IP address (the first of ip_addresses); empty until one is assigned.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"ip_addresses": schema.ListNestedAttribute{
				Description:   "Every IP address assigned to the server.",
				Computed:      true,
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"address": schema.StringAttribute{Description: "The IP address.", Computed: true},
						"netmask": schema.StringAttribute{Description: "Its netmask.", Computed: true},
						"gateway": schema.StringAttribute{Description: "Its gateway.", Computed: true},
					},
				},
			},
			"created_at": schema.StringAttribute{
				Description:   "When the server was created (RFC 3339).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true,
				CreateDescription: "How long to wait for the build chain, as a duration such as \"45m\" (default 30m).",
				UpdateDescription: "How long to wait for resize and power transactions, as a duration such as \"30m\" (default 20m).",
				DeleteDescription: "How long to wait for destroy_virtual_machine, as a duration such as \"30m\" (default 20m).",
			}),
		},
	}
}
