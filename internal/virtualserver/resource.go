// Package virtualserver implements the webcore_virtual_server resource: a
// Webcore Cloud virtual server, built, resized, powered and destroyed through
// the API's scheduled transactions, which the provider waits for.
package virtualserver

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

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

var (
	_ resource.Resource                     = (*virtualServerResource)(nil)
	_ resource.ResourceWithConfigure        = (*virtualServerResource)(nil)
	_ resource.ResourceWithImportState      = (*virtualServerResource)(nil)
	_ resource.ResourceWithConfigValidators = (*virtualServerResource)(nil)
)

// TypeName is the resource's type name.
const TypeName = "webcore_virtual_server"

// virtualServerResource manages one webcore_virtual_server.
type virtualServerResource struct {
	clients *providerdata.Clients
}

// NewResource returns the webcore_virtual_server resource.
func NewResource() resource.Resource { return &virtualServerResource{} }

// Metadata implements resource.Resource.
func (r *virtualServerResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = TypeName
}

// Schema implements resource.Resource.
func (r *virtualServerResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = resourceSchema(ctx)
}

// ConfigValidators implements resource.ResourceWithConfigValidators.
func (r *virtualServerResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{runningNeedsBuild{}}
}

// Configure implements resource.ResourceWithConfigure.
func (r *virtualServerResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

// Create implements resource.Resource: the create request, then a wait for
// the build chain (and the power state asked for).
func (r *virtualServerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	// A list of servers fetched before this write must not answer later reads.
	defer r.clients.Servers().Invalidate()
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("initial_root_password_wo"), &plan.InitialRootPasswordWO)...)
	if resp.Diagnostics.HasError() {
		return
	}
	api, diags := r.clients.Webcore()
	resp.Diagnostics.Append(diags...)
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	body, diags := plan.ToCreateRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	created := createServer(waitCtx, api, body, &resp.Diagnostics)
	if created == nil {
		return
	}
	id := created.ID
	// The server exists from here on: record it before waiting, so a failed
	// or timed-out build leaves a tainted resource rather than an orphan.
	state := plan
	resp.Diagnostics.Append(state.FromAPI(ctx, created)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(tfmodel.SetIdentity(ctx, resp.Identity, tfmodel.FormatID(id))...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "virtual server created, waiting for its build", map[string]any{"id": id})

	vs, err := waitBuilt(waitCtx, api, id, plan)
	if err != nil {
		apidiag.Append(&resp.Diagnostics, fmt.Sprintf("building virtual server %d", id), err, nil)
		if errors.Is(err, context.DeadlineExceeded) {
			resp.Diagnostics.AddWarning(fmt.Sprintf("Virtual server %d kept in state, tainted", id),
				"The build outlived timeouts.create. The server stays in the state, marked tainted: the next apply "+
					"replaces it, or run `terraform untaint` once its build has finished to keep it. Raise "+
					"timeouts.create for templates that build slowly.")
		}
		// Best effort, outside the expired wait: show what the server looks
		// like now in the tainted state.
		if now, getErr := api.GetVirtualServer(ctx, tfmodel.FormatID(id)); getErr == nil {
			resp.Diagnostics.Append(state.FromAPI(ctx, now)...)
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		}
		return
	}
	// start = false with power_state = "running" (or the reverse) is settled
	// by the create request itself; this only catches a server the API left
	// in another state.
	if vs, err = setPower(waitCtx, api, vs, plan.PowerState); err != nil {
		apidiag.Append(&resp.Diagnostics, fmt.Sprintf("setting the power state of virtual server %d", id), err, nil)
		return
	}
	// The API creates a server for the caller only: one made for another
	// user is handed over now, in the same apply.
	if to := plan.wantedOwner(vs.UserID); to != nil {
		if !handOver(waitCtx, api, id, *to, &resp.Diagnostics) {
			return
		}
		if vs, err = api.GetVirtualServer(waitCtx, tfmodel.FormatID(id)); err != nil {
			apidiag.Append(&resp.Diagnostics, fmt.Sprintf("reading virtual server %d", id), err, nil)
			return
		}
	}
	resp.Diagnostics.Append(state.FromAPI(ctx, vs)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// waitBuilt waits for the build chain of a new server and returns it as it
// stands once the chain is over.
func waitBuilt(ctx context.Context, api *client.Webcore, id int64, plan resourceModel) (*client.VirtualServer, error) {
	if plan.Build.ValueBool() {
		// A new server has no older transactions: wait for all of them.
		return api.WaitVirtualServerReady(ctx, id, 0, plan.wantRunning())
	}
	if err := api.WaitForTransactions(ctx, id, 0); err != nil {
		return nil, err
	}
	return api.GetVirtualServer(ctx, tfmodel.FormatID(id))
}

// Read implements resource.Resource. A server the API no longer finds is
// dropped from state so the next plan creates it.
func (r *virtualServerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
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
	api, id, diags := r.clients.WebcoreAndID(TypeName, state.ID)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(tfmodel.SetIdentity(ctx, resp.Identity, tfmodel.FormatID(id))...)
	if resp.Diagnostics.HasError() {
		return
	}
	vs, err := r.clients.Servers().Read(ctx, listcache.Source[client.VirtualServer]{
		Get: func(ctx context.Context) (*client.VirtualServer, error) {
			return api.GetVirtualServer(ctx, tfmodel.FormatID(id))
		},
		List: api.ListVirtualServers,
		Is:   func(vs *client.VirtualServer) bool { return vs.ID == id },
	})
	if client.IsNotFound(err) {
		tflog.Warn(ctx, "virtual server not found, removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		apidiag.Append(&resp.Diagnostics, fmt.Sprintf("reading virtual server %d", id), err, nil)
		return
	}
	resp.Diagnostics.Append(state.FromAPI(ctx, vs)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update implements resource.Resource: one PUT with the changed fields (a
// resize queues a transaction, which it waits for), then the day-2 changes
// (disks grown, a migration, a hand-over; see day2.go), then the power
// state when one is configured.
func (r *virtualServerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	// A list of servers fetched before this write must not answer later reads.
	defer r.clients.Servers().Invalidate()
	var plan, state resourceModel
	// Only a configured power_state is acted on; the plan's value may be the
	// server's observed state, which someone may be changing meanwhile.
	var wantPower types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("power_state"), &wantPower)...)
	if resp.Diagnostics.HasError() {
		return
	}
	api, id, diags := r.clients.WebcoreAndID(TypeName, state.ID)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(tfmodel.FillIdentity(ctx, resp.Identity, tfmodel.FormatID(id))...)
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	change, changed, diags := plan.ToUpdateRequest(ctx, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// The API refuses a PUT or a power action on a locked server, and a
	// server mid-transition reports a power state about to change: let work
	// already queued (a reboot or a startup begun elsewhere) finish first,
	// within timeouts.update.
	if err := settle(waitCtx, api, id); err != nil {
		apidiag.Append(&resp.Diagnostics, fmt.Sprintf("waiting for the transactions of virtual server %d", id), err, nil)
		return
	}
	if changed {
		// Note the newest transaction first: a resize is queued by the PUT
		// and only transactions after it are ours to wait for.
		after, err := api.LatestTransactionID(waitCtx, id)
		if err == nil {
			err = converge.Apply(waitCtx, converge.Change{
				What: fmt.Sprintf("updating virtual server %d", id),
				Send: func(ctx context.Context) error { return api.UpdateVirtualServer(ctx, id, change) },
				// A lost PUT may have queued its resize: wait for it (never
				// send again into our own lock), then read the server back.
				Settle:  func(ctx context.Context) error { return settle(ctx, api, id) },
				Applied: func(ctx context.Context) (bool, error) { return matchesPlan(ctx, api, id, plan) },
			})
		}
		if err == nil {
			err = api.WaitForTransactions(waitCtx, id, after)
		}
		if err != nil {
			apidiag.Append(&resp.Diagnostics, fmt.Sprintf("updating virtual server %d", id), err, fieldPaths)
			return
		}
	}
	if !r.dayTwo(waitCtx, api, id, plan, state, &resp.Diagnostics) {
		return
	}
	vs, err := api.GetVirtualServer(waitCtx, tfmodel.FormatID(id))
	if err == nil {
		vs, err = setPower(waitCtx, api, vs, wantPower)
	}
	if err == nil && vs.Locked {
		// Work queued meanwhile by someone else: the plan promised an
		// unlocked server, so let it finish.
		if err = settle(waitCtx, api, id); err == nil {
			vs, err = api.GetVirtualServer(waitCtx, tfmodel.FormatID(id))
		}
	}
	if err != nil {
		apidiag.Append(&resp.Diagnostics, fmt.Sprintf("updating virtual server %d", id), err, nil)
		return
	}
	resp.Diagnostics.Append(plan.FromAPI(ctx, vs)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// dayTwo makes the in-place changes of plan that have calls of their own:
// disks grown, a migration, a hand-over to another owner.
func (r *virtualServerResource) dayTwo(ctx context.Context, api *client.Webcore, id int64, plan, state resourceModel, diags *diag.Diagnostics) bool {
	if !growDisks(ctx, api, id, plan.diskGrowths(state), diags) {
		return false
	}
	now, err := api.GetVirtualServer(ctx, tfmodel.FormatID(id))
	if err != nil {
		apidiag.Append(diags, fmt.Sprintf("reading virtual server %d", id), err, nil)
		return false
	}
	dest, d := migrationTarget(ctx, api, plan, state, now)
	diags.Append(d...)
	if d.HasError() || dest != 0 && !migrate(ctx, api, id, dest, diags) {
		return false
	}
	if tfmodel.ChangedInt64(plan.UserID, state.UserID) != nil {
		if to := plan.wantedOwner(now.UserID); to != nil && !handOver(ctx, api, id, *to, diags) {
			return false
		}
	}
	return true
}

// Delete implements resource.Resource: it lets queued work finish, schedules
// the destruction — keeping the server's backups unless
// delete_backups_on_destroy says otherwise — and waits until the API no
// longer finds the server.
func (r *virtualServerResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	// A list of servers fetched before this write must not answer later reads.
	defer r.clients.Servers().Invalidate()
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	api, id, diags := r.clients.WebcoreAndID(TypeName, state.ID)
	resp.Diagnostics.Append(diags...)
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	err := settle(waitCtx, api, id)
	if err == nil {
		err = converge.Apply(waitCtx, converge.Change{
			What: fmt.Sprintf("deleting virtual server %d", id),
			Send: func(ctx context.Context) error { return api.DeleteVirtualServer(ctx, id, state.backups()) },
			// A lost DELETE may have queued the destruction: once the
			// queued work is done, a 404 says it took effect.
			Settle: func(ctx context.Context) error { return settle(ctx, api, id) },
			Applied: func(ctx context.Context) (bool, error) {
				_, err := api.GetVirtualServer(ctx, tfmodel.FormatID(id))
				if client.IsNotFound(err) {
					return true, nil
				}
				return false, err
			},
		})
	}
	if err == nil || client.IsNotFound(err) {
		err = api.WaitVirtualServerGone(waitCtx, id)
	}
	if err != nil && !client.IsNotFound(err) {
		apidiag.Append(&resp.Diagnostics, fmt.Sprintf("deleting virtual server %d", id), err, nil)
	}
}

// settle lets work still queued on a server (for example the build of a
// server whose create timed out, or a reboot started outside Terraform)
// finish, because the API refuses to change or destroy a locked server. How
// that work ends does not matter here: it is not this operation's.
func settle(ctx context.Context, api *client.Webcore, id int64) error {
	txs, err := api.ListVirtualServerTransactions(ctx, id)
	if err != nil {
		return err
	}
	var oldestActive int64
	for _, tx := range txs {
		if tx.InProgress() && (oldestActive == 0 || tx.ID < oldestActive) {
			oldestActive = tx.ID
		}
	}
	if oldestActive == 0 {
		return nil
	}
	err = api.WaitForTransactions(ctx, id, oldestActive-1)
	var opErr *client.OperationError
	if errors.As(err, &opErr) {
		return nil
	}
	return err
}

// ImportState implements resource.ResourceWithImportState: the import id
// (or the identity's id) is the server's numeric id or its identifier; state
// and identity keep the numeric id.
func (r *virtualServerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	api, diags := r.clients.Webcore()
	resp.Diagnostics.Append(diags...)
	importID, diags := tfmodel.ImportID(ctx, req)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	vs, err := api.GetVirtualServer(ctx, importID)
	if err != nil {
		apidiag.Append(&resp.Diagnostics, "importing virtual server "+importID, err, nil)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), types.StringValue(tfmodel.FormatID(vs.ID)))...)
	resp.Diagnostics.Append(tfmodel.SetIdentity(ctx, resp.Identity, tfmodel.FormatID(vs.ID))...)
}

// setPower boots or shuts down vs when the configured power_state differs
// from what the API reports, waits for the power transaction and returns the
// server as it then stands. An unset power_state leaves the server alone.
// "stopped" uses the graceful shutdown, not the hard stop: Terraform should
// not pull the plug on a guest that can close its files.
func setPower(ctx context.Context, api *client.Webcore, vs *client.VirtualServer, want types.String) (*client.VirtualServer, error) {
	if want.IsNull() || want.IsUnknown() || want.ValueString() == powerStateOf(vs) {
		return vs, nil
	}
	action := client.PowerShutdown
	if want.ValueString() == powerRunning {
		action = client.PowerStartup
	}
	id := vs.ID
	after, err := api.LatestTransactionID(ctx, id)
	if err != nil {
		return nil, err
	}
	err = converge.Apply(ctx, converge.Change{
		What:   fmt.Sprintf("%s of virtual server %d", action, id),
		Send:   func(ctx context.Context) error { return api.PowerAction(ctx, id, action) },
		Settle: func(ctx context.Context) error { return settle(ctx, api, id) },
		Applied: func(ctx context.Context) (bool, error) {
			now, err := api.GetVirtualServer(ctx, tfmodel.FormatID(id))
			return err == nil && powerStateOf(now) == want.ValueString(), err
		},
	})
	if err != nil {
		return nil, err
	}
	if err := api.WaitForTransactions(ctx, id, after); err != nil {
		return nil, err
	}
	return api.GetVirtualServer(ctx, tfmodel.FormatID(id))
}

// matchesPlan reads the server back and reports whether it has what plan
// changes in place (a lost update's check).
func matchesPlan(ctx context.Context, api *client.Webcore, id int64, plan resourceModel) (bool, error) {
	vs, err := api.GetVirtualServer(ctx, tfmodel.FormatID(id))
	if err != nil {
		return false, err
	}
	now := plan
	diags := now.FromAPI(ctx, vs)
	_, differs, d := plan.ToUpdateRequest(ctx, now)
	diags.Append(d...)
	return !differs && !diags.HasError(), nil
}

// serverAPI is the part of the Webcore client that creating a server needs.
type serverAPI interface {
	CreateVirtualServer(ctx context.Context, req client.VirtualServerCreateRequest) (*client.VirtualServer, error)
	ListVirtualServers(ctx context.Context) ([]client.VirtualServer, error)
}

// createServer sends the create request and returns the new server, or nil
// with an error diagnostic. When the answer is lost after the API may have
// created the server, the servers are listed and the single one this
// request can have made is adopted with a warning; with none, the create is
// sent again (see converge); with several, the error names the candidates
// so none stays unnoticed.
//
// The look-up costs nothing on the normal path: it needs only the time the
// request was sent, not a list taken before it. Noting the highest server
// id first would cost a list on every create and would not separate a
// concurrent identical create either (its id is also above that maximum);
// created_at draws the same line, give or take the clock skew allowed.
func createServer(ctx context.Context, api serverAPI, req client.VirtualServerCreateRequest, diags *diag.Diagnostics) *client.VirtualServer {
	out := converge.Create(ctx, converge.Spec[client.VirtualServer]{
		Words: converge.Words{Noun: "virtual server", Plural: "servers", Name: strconv.Quote(req.Label),
			Key: "this label, hostname and template"},
		Create: func(ctx context.Context) (*client.VirtualServer, error) {
			return api.CreateVirtualServer(ctx, req)
		},
		List: api.ListVirtualServers,
		Match: func(servers []client.VirtualServer, attempt converge.Attempt) ([]client.VirtualServer, string) {
			return findCreatedServers(servers, req, attempt), ""
		},
		ID: func(vs client.VirtualServer) string { return tfmodel.FormatID(vs.ID) },
	})
	diags.Append(out.Diagnostics("creating virtual server", fieldPaths)...)
	if out.Lost != nil {
		tflog.Warn(ctx, "the create response was lost", map[string]any{"label": req.Label, "adopted": out.Object != nil})
	}
	return out.Object
}

// findCreatedServers returns, in the API's order (ascending ids), the
// servers the create of req, sent at attempt, can have made: the same
// label, hostname and template, created no earlier than the request was
// sent (less converge.ClockSkew). Nothing about a server is unique, so
// the caller adopts a server only when exactly one qualifies.
func findCreatedServers(servers []client.VirtualServer, req client.VirtualServerCreateRequest, attempt converge.Attempt) []client.VirtualServer {
	var out []client.VirtualServer
	for _, vs := range servers {
		if vs.Label == req.Label &&
			strings.EqualFold(vs.Hostname, req.Hostname) &&
			vs.TemplateID == req.TemplateID &&
			attempt.MayHaveMade(vs.CreatedAt) {
			out = append(out, vs)
		}
	}
	return out
}
