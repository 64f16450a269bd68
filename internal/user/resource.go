// Package user implements the webcore_user resource: a Webcore Cloud user
// account, created with POST /users.json and destroyed with a force delete.
package user

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/converge"
	"github.com/webcore/terraform-provider-webcore/internal/listcache"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// Default timeouts: creating and updating are single API calls; destroying
// waits for the API's destroy_user transaction.
const (
	defaultCreateTimeout = 5 * time.Minute
	defaultUpdateTimeout = 5 * time.Minute
	defaultDeleteTimeout = 10 * time.Minute
)

var (
	_ resource.Resource                = (*userResource)(nil)
	_ resource.ResourceWithConfigure   = (*userResource)(nil)
	_ resource.ResourceWithImportState = (*userResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*userResource)(nil)
)

// TypeName is the resource's type name.
const TypeName = "webcore_user"

// userResource manages one webcore_user.
type userResource struct {
	clients *providerdata.Clients
}

// NewResource returns the webcore_user resource.
func NewResource() resource.Resource { return &userResource{} }

// Metadata implements resource.Resource.
func (r *userResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = TypeName
}

// Schema implements resource.Resource.
func (r *userResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = resourceSchema(ctx)
}

// Configure implements resource.ResourceWithConfigure.
func (r *userResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Create implements resource.Resource.
func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	// A list of users fetched before this write must not answer later reads.
	defer r.clients.Users().Invalidate()
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &plan.PasswordWO)...)
	if resp.Diagnostics.HasError() {
		return
	}
	webcore, diags := r.clients.Webcore()
	resp.Diagnostics.Append(diags...)
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	body, diags := plan.ToCreateRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	created := createUser(ctx, webcore, body, &resp.Diagnostics)
	if created == nil {
		return
	}
	id := created.ID
	// Record the id at once: should anything below fail, the user is tainted
	// in state instead of orphaned in the cloud.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), types.StringValue(tfmodel.FormatID(id)))...)
	resp.Diagnostics.Append(tfmodel.SetIdentity(ctx, resp.Identity, tfmodel.FormatID(id))...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = tflog.SetField(ctx, "user_id", id)
	tflog.Debug(ctx, "created user")

	// An explicit empty role list is not sent on create (the API would
	// apply its defaults instead); converge to the configuration.
	if fix, ok := rolesToConverge(ctx, plan, created, &resp.Diagnostics); ok {
		if err := updateUser(ctx, webcore, id, plan, client.UserUpdateRequest{RoleIDs: fix}); err != nil {
			apidiag.Append(&resp.Diagnostics, "setting the roles of the new user", err, fieldPaths)
			return
		}
		reread, err := webcore.GetUser(ctx, id)
		if err != nil {
			apidiag.Append(&resp.Diagnostics, "reading the new user", err, fieldPaths)
			return
		}
		created = reread
	}
	resp.Diagnostics.Append(plan.FromAPI(ctx, created)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Read implements resource.Resource. A user the API no longer finds is
// dropped from state so the next plan creates it; one the API reports as
// deleted stays, with status "deleted", so the next plan replaces it.
func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.clients.WebcoreKnownOnlyAtApply() {
		// The prior state stands until the provider can log in: see providerdata.WebcoreKnownOnlyAtApply.
		resp.Diagnostics.Append(tfmodel.FillIdentity(ctx, resp.Identity, state.ID.ValueString())...)
		return
	}
	webcore, id, diags := r.clients.WebcoreAndID(TypeName, state.ID)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(tfmodel.SetIdentity(ctx, resp.Identity, tfmodel.FormatID(id))...)
	if resp.Diagnostics.HasError() {
		return
	}

	u, err := r.clients.Users().Read(ctx, listcache.Source[client.User]{
		Get:  func(ctx context.Context) (*client.User, error) { return webcore.GetUser(ctx, id) },
		List: webcore.ListUsers,
		Is:   func(u *client.User) bool { return u.ID == id },
	})
	switch {
	case client.IsNotFound(err):
		tflog.Warn(ctx, "user not found, removing it from state", map[string]any{"user_id": id})
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		apidiag.Append(&resp.Diagnostics, "reading user", err, fieldPaths)
		return
	case u.Status == statusDeleted:
		// Kept, not dropped: a user marked deleted still holds its login and
		// email, so creating a new one would fail. The status change plans a
		// replacement, whose destroy finishes the deletion (a force delete).
		tflog.Warn(ctx, "user is marked deleted; the next apply replaces it", map[string]any{"user_id": id})
	}
	resp.Diagnostics.Append(state.FromAPI(ctx, u)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update implements resource.Resource: one PUT with the changed fields.
func (r *userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	// A list of users fetched before this write must not answer later reads.
	defer r.clients.Users().Invalidate()
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &plan.PasswordWO)...)
	if resp.Diagnostics.HasError() {
		return
	}
	webcore, id, diags := r.clients.WebcoreAndID(TypeName, state.ID)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(tfmodel.FillIdentity(ctx, resp.Identity, tfmodel.FormatID(id))...)
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	body, changed, diags := plan.ToUpdateRequest(ctx, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	if changed {
		if err := updateUser(ctx, webcore, id, plan, body); err != nil {
			apidiag.Append(&resp.Diagnostics, "updating user", err, fieldPaths)
			return
		}
	}
	u, err := webcore.GetUser(ctx, id)
	if err != nil {
		apidiag.Append(&resp.Diagnostics, "reading the updated user", err, fieldPaths)
		return
	}
	resp.Diagnostics.Append(plan.FromAPI(ctx, u)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete implements resource.Resource: a force delete (a plain DELETE only
// marks the user deleted), then a wait until the API answers 404.
func (r *userResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	// A list of users fetched before this write must not answer later reads.
	defer r.clients.Users().Invalidate()
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	webcore, id, diags := r.clients.WebcoreAndID(TypeName, state.ID)
	resp.Diagnostics.Append(diags...)
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	err := converge.Apply(ctx, converge.Change{
		What: fmt.Sprintf("deleting user %d", id),
		Send: func(ctx context.Context) error { return webcore.DeleteUser(ctx, id, true) },
		// A force delete whose answer was lost is confirmed only by a 404:
		// a user being destroyed still reads as "deleted". Sending it again
		// is safe; the API answers 204 while the destruction is queued.
		Applied: func(ctx context.Context) (bool, error) {
			_, err := webcore.GetUser(ctx, id)
			if client.IsNotFound(err) {
				return true, nil
			}
			return false, err
		},
	})
	if err != nil {
		if client.IsNotFound(err) {
			return
		}
		if servers := ownedServers(ctx, webcore, id); client.IsForbidden(err) && len(servers) > 0 {
			resp.Diagnostics.AddError("Error deleting user: it still owns virtual servers",
				fmt.Sprintf("The API refused to destroy user %d (%v) because the user owns virtual servers %s. "+
					"Destroy them (or give them to another user) first, for example with the webcore_virtual_server "+
					"resources that manage them.", id, err, strings.Join(servers, ", ")))
			return
		}
		apidiag.Append(&resp.Diagnostics, "deleting user", err, fieldPaths)
		return
	}
	if err := webcore.WaitUserGone(ctx, id); err != nil {
		apidiag.Append(&resp.Diagnostics, "waiting for the user to be destroyed", err, fieldPaths)
	}
}

// ModifyPlan implements resource.ResourceWithModifyPlan: a user about to be
// created (or replaced) needs a password, from password_wo or password. An
// existing or imported user needs neither: the API never returns it.
func (r *userResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || (!req.State.Raw.IsNull() && len(resp.RequiresReplace) == 0) {
		return
	}
	var password, passwordWO types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password"), &password)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	if !resp.Diagnostics.HasError() && password.IsNull() && passwordWO.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("password"), "Missing password",
			"A new user needs a password: set password_wo (write-only, kept out of the state; Terraform 1.11 or OpenTofu 1.11 and later) "+
				"with password_wo_version, or password.")
	}
}

// ImportState implements resource.ResourceWithImportState: the import id,
// or the identity's id, is the user's numeric id. The password cannot be
// read back, so it stays unset until the next apply sets the configured one.
func (r *userResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, diags := tfmodel.ImportID(ctx, req)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := tfmodel.ParseID(TypeName, importID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), types.StringValue(tfmodel.FormatID(id)))...)
	resp.Diagnostics.Append(tfmodel.SetIdentity(ctx, resp.Identity, tfmodel.FormatID(id))...)
}

// ownedServers names the virtual servers the user owns, as `12 ("web-01")`,
// to explain why the API refuses to destroy the user; none when they
// cannot be listed.
func ownedServers(ctx context.Context, webcore *client.Webcore, userID int64) []string {
	servers, err := webcore.ListVirtualServers(ctx)
	if err != nil {
		return nil
	}
	var out []string
	for _, vs := range servers {
		if vs.UserID == userID {
			out = append(out, fmt.Sprintf("%d (%q)", vs.ID, vs.Label))
		}
	}
	return out
}

// updateUser sends an update (PUT) and makes sure it took effect: one whose
// answer was lost is read back and sent again only if the user does not
// match plan in what the request sets. A password is never returned, so an
// update carrying one is sent again (harmlessly) rather than confirmed.
func updateUser(ctx context.Context, webcore *client.Webcore, id int64, plan resourceModel, req client.UserUpdateRequest) error {
	return converge.Apply(ctx, converge.Change{
		What: fmt.Sprintf("updating user %d", id),
		Send: func(ctx context.Context) error { return webcore.UpdateUser(ctx, id, req) },
		Applied: func(ctx context.Context) (bool, error) {
			if req.Password != nil {
				return false, nil
			}
			u, err := webcore.GetUser(ctx, id)
			if err != nil {
				return false, err
			}
			now := plan
			diags := now.FromAPI(ctx, u)
			_, differs, d := plan.ToUpdateRequest(ctx, now)
			diags.Append(d...)
			return !differs && !diags.HasError(), nil
		},
	})
}

// userAPI is the part of the Webcore client that creating a user needs.
type userAPI interface {
	CreateUser(ctx context.Context, req client.UserCreateRequest) (*client.User, error)
	ListUsers(ctx context.Context) ([]client.User, error)
}

// createUser creates the user of req and returns it, or nil with an error
// diagnostic. When the answer is lost after the API may have created the
// user, the user is looked up by its login and email (unique in the API):
// found, it is adopted with a warning, so no user is left that Terraform
// does not track; not found, the create is sent again (see converge).
func createUser(ctx context.Context, api userAPI, req client.UserCreateRequest, diags *diag.Diagnostics) *client.User {
	out := converge.Create(ctx, converge.Spec[client.User]{
		Words: converge.Words{Noun: "user", Plural: "users", Name: strconv.Quote(req.Login), Key: "this login and email"},
		Create: func(ctx context.Context) (*client.User, error) {
			return api.CreateUser(ctx, req)
		},
		List: api.ListUsers,
		Match: func(users []client.User, attempt converge.Attempt) ([]client.User, string) {
			match, other := findCreatedUser(users, req, attempt)
			if match != nil {
				return []client.User{*match}, ""
			}
			if other != nil {
				return nil, fmt.Sprintf("User %d has this login but is not this request's (email %q, created %s).",
					other.ID, other.Email, other.CreatedAt.UTC().Format(time.RFC3339))
			}
			return nil, ""
		},
		ID:    func(u client.User) string { return tfmodel.FormatID(u.ID) },
		Taken: loginOrEmailTaken,
	})
	diags.Append(out.Diagnostics("creating user", fieldPaths)...)
	if out.Lost != nil {
		tflog.Warn(ctx, "the create response was lost", map[string]any{"login": req.Login, "adopted": out.Object != nil})
	}
	return out.Object
}

// loginOrEmailTaken recognises the API's refusal of a create because the
// login or the email belongs to a user already.
func loginOrEmailTaken(err error) bool {
	apiErr, ok := client.AsAPIError(err)
	if !ok || !client.IsValidation(err) {
		return false
	}
	for _, field := range []string{"login", "email"} {
		for _, msg := range apiErr.FieldErrors[field] {
			if strings.Contains(msg, "taken") {
				return true
			}
		}
	}
	return false
}

// findCreatedUser returns the user that the create of req, sent at attempt,
// made; or nil and, if one exists, the user holding the login that was not
// made by it.
//
// Logins are unique (case-insensitively), so at most one user can match. A
// user that held the login before the POST made the POST fail with 422, so
// it is never this request's: the created_at test rules it out, with
// converge.ClockSkew of slack for a server clock behind ours. The slack
// is safe because a user created within it would also have to carry the
// same login and email, which only this configuration asks for.
func findCreatedUser(users []client.User, req client.UserCreateRequest, attempt converge.Attempt) (match, other *client.User) {
	for i := range users {
		u := &users[i]
		if !strings.EqualFold(u.Login, req.Login) {
			continue
		}
		if strings.EqualFold(u.Email, req.Email) && attempt.MayHaveMade(u.CreatedAt) {
			return u, nil
		}
		other = u
	}
	return nil, other
}
