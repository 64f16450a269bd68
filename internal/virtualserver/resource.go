// Package virtualserver implements the webcore_virtual_server resource: a
// Webcore Cloud virtual server, built, resized, powered and destroyed through
// the API's scheduled transactions, which the provider waits for.
package virtualserver

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

var (
	_ resource.Resource                     = (*virtualServerResource)(nil)
	_ resource.ResourceWithConfigure        = (*virtualServerResource)(nil)
	_ resource.ResourceWithImportState      = (*virtualServerResource)(nil)
	_ resource.ResourceWithConfigValidators = (*virtualServerResource)(nil)
)

// NewResource returns the webcore_virtual_server resource.
func NewResource() resource.Resource {
	return &virtualServerResource{}
}

type virtualServerResource struct {
	clients *providerdata.Clients
}

func (r *virtualServerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_virtual_server"
}

func (r *virtualServerResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = resourceSchema(ctx)
}

func (r *virtualServerResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{runningNeedsBuild{}}
}

func (r *virtualServerResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.clients = providerdata.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *virtualServerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	api, diags := r.clients.Webcore()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	created := createServer(waitCtx, api, plan.createRequest(), &resp.Diagnostics)
	if created == nil {
		return
	}
	id := created.ID.Int64()
	// The server exists from here on: record it before waiting, so a failed
	// or timed-out build leaves a tainted resource rather than an orphan.
	state := plan
	state.applyServer(created)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
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
		if now, getErr := api.GetVirtualServer(ctx, strconv.FormatInt(id, 10)); getErr == nil {
			state.applyServer(now)
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
	state.applyServer(vs)
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
	return api.GetVirtualServer(ctx, strconv.FormatInt(id, 10))
}

func (r *virtualServerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	api, diags := r.clients.Webcore()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	vs, err := api.GetVirtualServer(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		tflog.Warn(ctx, "virtual server not found, removing it from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		apidiag.Append(&resp.Diagnostics, "reading virtual server "+state.ID.ValueString(), err, nil)
		return
	}
	state.applyServer(vs)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *virtualServerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state resourceModel
	// Only a configured power_state is acted on; the plan's value may be the
	// server's observed state, which someone may be changing meanwhile.
	var wantPower types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("power_state"), &wantPower)...)
	api, id := r.webcoreAndID(state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
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
	if change, changed := updateRequest(state, plan); changed {
		// Note the newest transaction first: a resize is queued by the PUT
		// and only transactions after it are ours to wait for.
		after, err := api.LatestTransactionID(waitCtx, id)
		if err == nil {
			err = api.UpdateVirtualServer(waitCtx, id, change)
		}
		if err == nil {
			err = api.WaitForTransactions(waitCtx, id, after)
		}
		if err != nil {
			apidiag.Append(&resp.Diagnostics, fmt.Sprintf("updating virtual server %d", id), err, apiFields)
			return
		}
	}
	vs, err := api.GetVirtualServer(waitCtx, strconv.FormatInt(id, 10))
	if err == nil {
		vs, err = setPower(waitCtx, api, vs, wantPower)
	}
	if err == nil && vs.Locked.Bool() {
		// Work queued meanwhile by someone else: the plan promised an
		// unlocked server, so let it finish.
		if err = settle(waitCtx, api, id); err == nil {
			vs, err = api.GetVirtualServer(waitCtx, strconv.FormatInt(id, 10))
		}
	}
	if err != nil {
		apidiag.Append(&resp.Diagnostics, fmt.Sprintf("updating virtual server %d", id), err, nil)
		return
	}
	plan.applyServer(vs)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *virtualServerResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	api, id := r.webcoreAndID(state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	err := settle(waitCtx, api, id)
	if err == nil {
		err = api.DeleteVirtualServer(waitCtx, id)
	}
	if err == nil || client.IsNotFound(err) {
		err = api.WaitVirtualServerGone(waitCtx, id)
	}
	if err != nil && !client.IsNotFound(err) {
		apidiag.Append(&resp.Diagnostics, fmt.Sprintf("deleting virtual server %d", id), err, nil)
	}
}

// webcoreAndID returns the Webcore client and the id of the server in state
// for Update and Delete, adding an error to diags for either that is
// unavailable. It leaves the id alone when diags already holds an error, as
// the state may not have been read.
func (r *virtualServerResource) webcoreAndID(state resourceModel, diags *diag.Diagnostics) (*client.Webcore, int64) {
	api, d := r.clients.Webcore()
	diags.Append(d...)
	if diags.HasError() {
		return nil, 0
	}
	id, err := state.serverID()
	if err != nil {
		diags.AddError("Invalid virtual server id in state", err.Error())
	}
	return api, id
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
		if tx.InProgress() && (oldestActive == 0 || tx.ID.Int64() < oldestActive) {
			oldestActive = tx.ID.Int64()
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

func (r *virtualServerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	api, diags := r.clients.Webcore()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The API accepts the numeric id or the identifier; state keeps the id.
	vs, err := api.GetVirtualServer(ctx, req.ID)
	if err != nil {
		apidiag.Append(&resp.Diagnostics, "importing virtual server "+req.ID, err, nil)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), types.StringValue(strconv.FormatInt(vs.ID.Int64(), 10)))...)
}
