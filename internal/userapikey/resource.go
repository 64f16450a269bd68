// Package userapikey implements the webcore_user_api_key resource: the API
// key of a Webcore Cloud user, with which a provider alias acts as that user.
package userapikey

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/listcache"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// TypeName is the resource's full type name.
const TypeName = "webcore_user_api_key"

var (
	_ resource.Resource              = (*userAPIKeyResource)(nil)
	_ resource.ResourceWithConfigure = (*userAPIKeyResource)(nil)
)

// defaultCreateTimeout bounds the one request that generates a key (with
// its retries).
const defaultCreateTimeout = 5 * time.Minute

// statusDeleted is the status of a user marked deleted: it can no longer
// authenticate, so its key is gone for Terraform.
const statusDeleted = "deleted"

// userAPIKeyResource manages one webcore_user_api_key.
type userAPIKeyResource struct {
	clients *providerdata.Clients
}

// NewResource returns the webcore_user_api_key resource.
func NewResource() resource.Resource { return &userAPIKeyResource{} }

// Metadata implements resource.Resource.
func (r *userAPIKeyResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = TypeName
}

// Schema implements resource.Resource.
func (r *userAPIKeyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = resourceSchema(ctx)
}

// Configure implements resource.ResourceWithConfigure.
func (r *userAPIKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Create implements resource.Resource: one POST that generates the key,
// which also revokes the user's previous one (never the provider's own).
func (r *userAPIKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	webcore, diags := r.clients.Webcore()
	resp.Diagnostics.Append(diags...)
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	userID, diags := plan.ToCreateRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	if refuseOwnKey(ctx, webcore, userID, &resp.Diagnostics) {
		return
	}
	key, err := generate(ctx, webcore, userID)
	if err != nil {
		apidiag.Append(&resp.Diagnostics, "generating the API key of user "+tfmodel.FormatID(userID), err, nil)
		return
	}
	resp.Diagnostics.Append(plan.FromAPI(ctx, &client.User{ID: userID})...)
	plan.APIKey = types.StringValue(key)
	tflog.Debug(ctx, "generated user API key", map[string]any{"user_id": userID})
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// refuseOwnKey reports whether Create must stop, with an error: when the
// user is the account whose API key the provider logs in with (generating
// its key would lock the provider out), or cannot be read to tell.
func refuseOwnKey(ctx context.Context, webcore *client.Webcore, userID int64, diags *diag.Diagnostics) bool {
	email, ok := webcore.APIKeyAccount()
	if !ok {
		return false
	}
	u, err := webcore.GetUser(ctx, userID)
	if err != nil {
		apidiag.Append(diags, "reading user "+tfmodel.FormatID(userID), err, nil)
		return true
	}
	if !strings.EqualFold(u.Email, email) {
		return false
	}
	diags.AddAttributeError(path.Root("user_id"), "This provider logs in with this user's API key",
		"Generating a new API key for user "+tfmodel.FormatID(userID)+" would revoke the key this provider "+
			"logs in with (webcore.api_key, "+email+"), and lock it out. Give the key to another user, or log "+
			"the provider in with a password.")
	return true
}

// maxSends bounds how often one create sends the generate request when its
// answers are lost.
const maxSends = 3

// generate generates the user's key. When an answer is lost, it generates
// again: the lost key was never seen by anyone, and the new one revokes it,
// so sending again is how a lost generate converges.
func generate(ctx context.Context, webcore *client.Webcore, userID int64) (string, error) {
	key, err := webcore.GenerateUserAPIKey(ctx, userID)
	for send := 2; send <= maxSends && client.MayHaveTakenEffect(err) && ctx.Err() == nil; send++ {
		tflog.Info(ctx, "the answer to generating the API key was lost; generating a new one, which revokes the lost one",
			map[string]any{"user_id": userID, "send": send})
		key, err = webcore.GenerateUserAPIKey(ctx, userID)
	}
	return key, err
}

// Read implements resource.Resource. The key cannot be read back, only its
// user: a user that is gone (or marked deleted) takes its key with it, and
// the resource leaves the state.
func (r *userAPIKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.clients.WebcoreKnownOnlyAtApply() {
		return // the prior state stands until the provider can log in: see providerdata.WebcoreKnownOnlyAtApply
	}
	webcore, id, diags := r.clients.WebcoreAndID(TypeName, state.ID)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	u, err := r.clients.Users().Read(ctx, listcache.Source[client.User]{
		Get:  func(ctx context.Context) (*client.User, error) { return webcore.GetUser(ctx, id) },
		List: webcore.ListUsers,
		Is:   func(u *client.User) bool { return u.ID == id },
	})
	switch {
	case client.IsNotFound(err) || (err == nil && u.Status == statusDeleted):
		tflog.Warn(ctx, "the key's user is gone; removing the key from state", map[string]any{"user_id": id})
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		apidiag.Append(&resp.Diagnostics, "reading the key's user", err, nil)
		return
	}
	resp.Diagnostics.Append(state.FromAPI(ctx, u)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update implements resource.Resource. Every argument but timeouts
// replaces the key, so an update only takes the new timeouts.
func (r *userAPIKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.Timeouts = plan.Timeouts
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete implements resource.Resource. The API has no call that revokes a
// key, so the key is only forgotten, and the warning says it still works.
func (r *userAPIKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.AddWarning("The user's API key was only removed from the state",
		"The Webcore Cloud API cannot revoke an API key: the key of user "+state.ID.ValueString()+" keeps working "+
			"until a new key is generated for the user (which revokes it) or the user is deleted.")
}
