// Package accesskey implements the webscale_access_key resource: a Webscale
// API access key of the provider's user, whose secret is a working token.
package accesskey

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

// TypeName is the resource's type name. It is set explicitly because the
// provider's own type name is webcore.
const TypeName = "webscale_access_key"

var (
	_ resource.Resource                = (*accessKeyResource)(nil)
	_ resource.ResourceWithConfigure   = (*accessKeyResource)(nil)
	_ resource.ResourceWithImportState = (*accessKeyResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*accessKeyResource)(nil)
)

type accessKeyResource struct {
	clients *providerdata.Clients
}

// NewResource returns the webscale_access_key resource.
func NewResource() resource.Resource { return &accessKeyResource{} }

// Metadata implements resource.Resource.
func (r *accessKeyResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = TypeName
}

var accountHref = regexp.MustCompile(`^/v2/accounts/[^/]+$`)

// Schema implements resource.Resource.
func (r *accessKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
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
	}
}

// Configure implements resource.ResourceWithConfigure.
func (r *accessKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Create implements resource.Resource.
func (r *accessKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ws, diags := r.clients.Webscale()
	resp.Diagnostics.Append(diags...)
	var plan keyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg, diags := plan.configuration()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	created, err := createKey(ctx, ws, directoryFor(ws), cfg)
	if err != nil {
		if errIsLostCreate(err) {
			resp.Diagnostics.AddError("Error creating access key: the create response was lost", err.Error())
			return
		}
		apidiag.Append(&resp.Diagnostics, "creating access key", err, apidiag.FieldPaths{
			"expiry": path.Root("expires_at"), "account": path.Root("account"),
		})
		return
	}
	plan.setFromAPI(created.AccessKey)
	plan.Secret = types.StringValue(created.SecretKey)
	tflog.Debug(ctx, "created access key", map[string]any{"id": plan.ID.ValueString()})
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read implements resource.Resource. Keys missing from the list were deleted
// outside Terraform and leave the state, so the next plan creates one.
func (r *accessKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ws, diags := r.clients.Webscale()
	resp.Diagnostics.Append(diags...)
	var state keyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	keys, err := directoryFor(ws).list(ctx, func(ctx context.Context) ([]client.AccessKey, error) {
		return ws.ListAccessKeys(ctx, selfUser)
	})
	if err != nil {
		apidiag.Append(&resp.Diagnostics, "listing access keys", err, nil)
		return
	}
	key, ok := findKey(keys, state.ID.ValueString())
	if !ok {
		tflog.Warn(ctx, "access key no longer exists; removing it from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	state.setFromAPI(key)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update implements resource.Resource. Every argument change replaces the
// key, so an update only happens when expires_at is re-spelt as the same
// instant (e.g. another offset): the state takes the new spelling.
func (r *accessKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state keyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.ExpiresAt = plan.ExpiresAt
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete implements resource.Resource. A key already gone counts as deleted.
func (r *accessKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ws, diags := r.clients.Webscale()
	resp.Diagnostics.Append(diags...)
	var state keyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dir := directoryFor(ws)
	_, err := ws.DeleteAccessKey(ctx, selfUser, state.ID.ValueString())
	dir.invalidate()
	if err != nil && !client.IsNotFound(err) {
		apidiag.Append(&resp.Diagnostics, "deleting access key "+state.ID.ValueString(), err, nil)
	}
}

// ImportState implements resource.ResourceWithImportState: import by key id.
// The secret cannot be read back, so an imported key's secret stays null.
func (r *accessKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
