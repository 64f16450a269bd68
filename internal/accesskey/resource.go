// Package accesskey implements the webscale_access_key resource: a Webscale
// API access key of the provider's user, whose secret is a working token.
package accesskey

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
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

// TypeName is the resource's type name. It is set explicitly because the
// provider's own type name is webcore.
const TypeName = "webscale_access_key"

var (
	_ resource.Resource                = (*accessKeyResource)(nil)
	_ resource.ResourceWithConfigure   = (*accessKeyResource)(nil)
	_ resource.ResourceWithImportState = (*accessKeyResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*accessKeyResource)(nil)
)

// Default timeouts: creating a key is one request (a few after a lost
// answer), deleting one too.
const (
	defaultCreateTimeout = 5 * time.Minute
	defaultDeleteTimeout = 5 * time.Minute
)

// accessKeyResource manages one webscale_access_key.
type accessKeyResource struct {
	clients *providerdata.Clients
}

// NewResource returns the webscale_access_key resource.
func NewResource() resource.Resource { return &accessKeyResource{} }

// Metadata implements resource.Resource.
func (r *accessKeyResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = TypeName
}

// Schema implements resource.Resource.
func (r *accessKeyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = resourceSchema(ctx)
}

// Configure implements resource.ResourceWithConfigure.
func (r *accessKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Create implements resource.Resource.
func (r *accessKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws, diags := r.clients.Webscale()
	resp.Diagnostics.Append(diags...)
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	cfg, diags := plan.ToCreateRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	created := createKey(ctx, ws, r.clients.AccessKeys(), cfg, &resp.Diagnostics)
	if created == nil {
		return
	}
	resp.Diagnostics.Append(plan.FromAPI(ctx, &created.AccessKey)...)
	resp.Diagnostics.Append(tfmodel.SetIdentity(ctx, resp.Identity, created.ID())...)
	plan.Secret = types.StringValue(created.SecretKey)
	tflog.Debug(ctx, "created access key", map[string]any{"id": plan.ID.ValueString()})
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read implements resource.Resource. Keys missing from the list were deleted
// outside Terraform and leave the state, so the next plan creates one.
func (r *accessKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws, diags := r.clients.Webscale()
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(tfmodel.SetIdentity(ctx, resp.Identity, state.ID.ValueString())...)
	if resp.Diagnostics.HasError() {
		return
	}
	keys, err := r.clients.AccessKeys().List(ctx, func(ctx context.Context) ([]client.AccessKey, error) {
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
	resp.Diagnostics.Append(state.FromAPI(ctx, &key)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update implements resource.Resource. Every argument change replaces the
// key, so an update only happens when expires_at is re-spelt as the same
// instant (e.g. another offset): the state takes the new spelling.
func (r *accessKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.ExpiresAt = plan.ExpiresAt
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(tfmodel.FillIdentity(ctx, resp.Identity, state.ID.ValueString())...)
}

// Delete implements resource.Resource. A key already gone counts as deleted.
func (r *accessKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws, diags := r.clients.Webscale()
	resp.Diagnostics.Append(diags...)
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	resp.Diagnostics.Append(deleteKey(ctx, ws, r.clients.AccessKeys(), state.ID.ValueString())...)
}

// deleteKey deletes a key until it is gone; a key already gone counts as
// deleted.
func deleteKey(ctx context.Context, ws *client.Webscale, cache *listcache.Cache[client.AccessKey], id string) diag.Diagnostics {
	var diags diag.Diagnostics
	err := converge.Apply(ctx, converge.Change{
		What: "deleting access key " + id,
		Send: func(ctx context.Context) error {
			_, err := ws.DeleteAccessKey(ctx, selfUser, id)
			cache.Invalidate()
			return err
		},
		Applied: func(ctx context.Context) (bool, error) {
			keys, err := ws.ListAccessKeys(ctx, selfUser)
			_, exists := findKey(keys, id)
			return err == nil && !exists, err
		},
	})
	if err != nil && !client.IsNotFound(err) {
		apidiag.Append(&diags, "deleting access key "+id, err, nil)
	}
	return diags
}

// ImportState implements resource.ResourceWithImportState: import by key id
// (the import id or the identity's). The secret cannot be read back, so an
// imported key's secret stays null.
func (r *accessKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, diags := tfmodel.ImportID(ctx, req)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), types.StringValue(id))...)
	resp.Diagnostics.Append(tfmodel.SetIdentity(ctx, resp.Identity, id)...)
}

// ModifyPlan implements resource.ResourceWithModifyPlan. It checks at plan
// time that a key about to be created, or to replace one, expires in the
// future, and warns about a key that has expired.
//
// An expired key stays in state (the API still lists it) and is not planned
// for replacement or re-creation: the configured expires_at is then in the
// past, so no new key could pass the check above, and every plan, including
// the normal plan Terraform runs before a destroy, would fail. Instead the
// warning asks for a new expires_at, whose change replaces the key and
// deletes the dead one.
func (r *accessKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	// A key is created on a first apply and on a replacement (another
	// expires_at instant or account): then the new expiry must be in the
	// future, checked now, before the plan deletes the working key.
	creating := req.State.Raw.IsNull() || len(resp.RequiresReplace) > 0
	if !creating {
		var stateExpiry timetypes.RFC3339
		var id types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("expires_at"), &stateExpiry)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
		if t, ok := knownTime(stateExpiry); ok && !t.After(r.clients.Now()) {
			resp.Diagnostics.AddAttributeWarning(path.Root("expires_at"), "Access key expired",
				fmt.Sprintf("Access key %s expired at %s and no longer authenticates. Set a new expires_at in the future "+
					"(or remove it) to replace it; the expired key is then deleted.", id.ValueString(), t.UTC().Format(time.RFC3339)))
		}
		return
	}
	var planned timetypes.RFC3339
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("expires_at"), &planned)...)
	if t, ok := knownTime(planned); ok && !t.After(r.clients.Now()) {
		resp.Diagnostics.AddAttributeError(path.Root("expires_at"), "Access key expiry must be in the future",
			fmt.Sprintf("expires_at is %s, which is not in the future (now is %s). Set a later expires_at, "+
				"or none for a key that never expires.", t.UTC().Format(time.RFC3339), r.clients.Now().UTC().Format(time.RFC3339)))
	}
}

// selfUser names the caller in Webscale paths: keys are managed for the user
// whose token the provider uses.
const selfUser = "self"

// keyAPI is the part of the Webscale client that creating a key needs.
type keyAPI interface {
	ListAccessKeys(ctx context.Context, user string) ([]client.AccessKey, error)
	CreateAccessKey(ctx context.Context, user string, cfg client.AccessKeyConfiguration) (*client.AccessKeySecret, error)
	DeleteAccessKey(ctx context.Context, user, id string) (*client.AccessKey, error)
}

// createKey creates a key and returns it with its secret, or nil with an
// error diagnostic. It makes sure no key is left behind whose secret
// Terraform never received: when the answer may have been lost after the API
// acted on the request, the keys that appeared since a list taken just
// before the first POST, with the settings asked for, are deleted and the
// create is sent again. Keys have no created_at, so that list is their
// natural-key match.
func createKey(ctx context.Context, api keyAPI, cache *listcache.Cache[client.AccessKey], cfg client.AccessKeyConfiguration, diags *diag.Diagnostics) *client.AccessKeySecret {
	out := createKeyOutcome(ctx, api, cache, cfg)
	diags.Append(out.Diagnostics("creating access key", apidiag.FieldPaths{
		"expiry": path.Root("expires_at"), "account": path.Root("account"),
	})...)
	return out.Object
}

// createKeyOutcome is createKey's work, with the outcome's error kept whole.
func createKeyOutcome(ctx context.Context, api keyAPI, cache *listcache.Cache[client.AccessKey], cfg client.AccessKeyConfiguration) converge.Outcome[client.AccessKeySecret] {
	// Creates of one provider instance run one at a time, so the list diff
	// only ever sees this create's key.
	defer cache.LockCreates()()
	before, err := api.ListAccessKeys(ctx, selfUser)
	if err != nil {
		return converge.Outcome[client.AccessKeySecret]{
			Err: fmt.Errorf("listing access keys before creating one (needed to clean up if the create response is lost): %w", err),
		}
	}
	cache.Invalidate()
	defer cache.Invalidate()
	return converge.Create(ctx, converge.Spec[client.AccessKeySecret]{
		Words:   converge.Words{Noun: "key", Plural: "access keys", Key: "the settings asked for"},
		Discard: true,
		Create: func(ctx context.Context) (*client.AccessKeySecret, error) {
			return api.CreateAccessKey(ctx, selfUser, cfg)
		},
		List: func(ctx context.Context) ([]client.AccessKeySecret, error) {
			keys, err := api.ListAccessKeys(ctx, selfUser)
			out := make([]client.AccessKeySecret, len(keys))
			for i, k := range keys {
				out[i] = client.AccessKeySecret{AccessKey: k}
			}
			return out, err
		},
		Match: func(after []client.AccessKeySecret, _ converge.Attempt) ([]client.AccessKeySecret, string) {
			matching, unmatched := appearedKeys(before, after, cfg)
			if len(unmatched) == 0 {
				return matching, ""
			}
			return matching, fmt.Sprintf("Key(s) %s appeared meanwhile with other settings and were left alone.",
				strings.Join(slices.Sorted(slices.Values(unmatched)), ", "))
		},
		ID: func(k client.AccessKeySecret) string { return k.ID() },
		Delete: func(ctx context.Context, k client.AccessKeySecret) error {
			_, err := api.DeleteAccessKey(ctx, selfUser, k.ID())
			return err
		},
	})
}

// appearedKeys splits the keys in after but not in before into those
// matching the requested configuration (the lost create's key) and the ids
// of the rest (someone else's, left alone).
func appearedKeys(before []client.AccessKey, after []client.AccessKeySecret, cfg client.AccessKeyConfiguration) (matching []client.AccessKeySecret, unmatched []string) {
	known := make(map[string]bool, len(before))
	for _, k := range before {
		known[k.ID()] = true
	}
	for _, k := range after {
		switch {
		case known[k.ID()]:
		case matchesConfiguration(k.AccessKey, cfg):
			matching = append(matching, k)
		default:
			unmatched = append(unmatched, k.ID())
		}
	}
	return matching, unmatched
}

// matchesConfiguration reports whether a key has the settings cfg asks for.
func matchesConfiguration(k client.AccessKey, cfg client.AccessKeyConfiguration) bool {
	if cfg.Account != "" && k.Account != cfg.Account {
		return false
	}
	switch {
	case cfg.Expiry == nil:
		return k.Expiry == nil
	case k.Expiry == nil:
		return false
	default:
		// The API keeps whole seconds.
		return cfg.Expiry.Truncate(time.Second).Equal(k.Expiry.Truncate(time.Second))
	}
}
