package virtualserver

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// serverAPI is the part of the Webcore client that creating a server needs.
type serverAPI interface {
	CreateVirtualServer(ctx context.Context, req client.VirtualServerCreateRequest) (*client.VirtualServer, error)
	ListVirtualServers(ctx context.Context) ([]client.VirtualServer, error)
}

// createServer sends the create request and returns the new server, or nil
// with an error diagnostic. When the response is lost after the API may
// have created the server, the servers are listed once and the single one
// this request can have made is adopted with a warning; with none or
// several, the error names the candidates so none stays unnoticed.
//
// The look-up costs nothing on the normal path: it needs only the time the
// request was sent, not a list taken before it. Noting the highest server
// id first would cost a list on every create and would not separate a
// concurrent identical create either (its id is also above that maximum);
// created_at draws the same line, give or take the clock skew allowed.
func createServer(ctx context.Context, api serverAPI, req client.VirtualServerCreateRequest, diags *diag.Diagnostics) *client.VirtualServer {
	attempt := client.StartCreate()
	created, err := api.CreateVirtualServer(ctx, req)
	if err == nil {
		return created
	}
	if !client.CreateMayHaveSucceeded(err) {
		apidiag.Append(diags, "creating virtual server", err, apiFields)
		return nil
	}
	tflog.Warn(ctx, "the create response was lost; looking for the server", map[string]any{"label": req.Label})
	lookupCtx, cancel := client.ReconcileContext(ctx)
	defer cancel()
	servers, listErr := api.ListVirtualServers(lookupCtx)
	if listErr != nil {
		diags.AddError("Virtual server may have been created",
			fmt.Sprintf("Creating virtual server %q failed (%v), and listing the servers to find out whether the API created it "+
				"failed too (%v). %s", req.Label, err, listErr, serverToCheck(req)))
		return nil
	}
	candidates := findCreatedServers(servers, req, attempt)
	switch len(candidates) {
	case 1:
		diags.AddWarning("Virtual server created, response lost",
			fmt.Sprintf("The API's answer to creating virtual server %q was lost (%v). "+
				"Server %d, the only one with this label, hostname and template created since the request was sent, "+
				"was found and is now managed by Terraform.", req.Label, err, candidates[0].ID.Int64()))
		return &candidates[0]
	case 0:
		diags.AddError("Virtual server may have been created",
			fmt.Sprintf("Creating virtual server %q failed (%v). The request may or may not have created the server: "+
				"none with this label, hostname and template created since %s is listed yet. %s",
				req.Label, err, attempt.SentAt.UTC().Format(time.RFC3339), serverToCheck(req)))
	default:
		ids := make([]string, 0, len(candidates))
		for _, vs := range candidates {
			ids = append(ids, strconv.FormatInt(vs.ID.Int64(), 10))
		}
		diags.AddError("Virtual server may have been created",
			fmt.Sprintf("Creating virtual server %q failed (%v). The request may have created one of the servers %s, "+
				"which all have this label, hostname and template and were created since the request was sent; "+
				"which one is not known. Bring the right one under Terraform with `terraform import <resource address> <id>` "+
				"and delete the others that nothing else manages, or delete the untracked ones and run apply again.",
				req.Label, err, strings.Join(ids, ", ")))
	}
	return nil
}

// serverToCheck tells the user how to resolve an unconfirmed create.
func serverToCheck(req client.VirtualServerCreateRequest) string {
	return fmt.Sprintf("Check the Webcore virtual servers for label %q and hostname %q: if one was created just now, "+
		"bring it under Terraform with `terraform import <resource address> <id>` (or delete it); if not, run apply again.",
		req.Label, req.Hostname)
}

// findCreatedServers returns, in the API's order (ascending ids), the
// servers the create of req, sent at attempt, can have made: the same
// label, hostname and template, created no earlier than the request was
// sent (less client.CreateClockSkew). Nothing about a server is unique, so
// the caller adopts a server only when exactly one qualifies.
func findCreatedServers(servers []client.VirtualServer, req client.VirtualServerCreateRequest, attempt client.CreateAttempt) []client.VirtualServer {
	var out []client.VirtualServer
	for _, vs := range servers {
		if vs.Label.String() == req.Label &&
			strings.EqualFold(vs.Hostname.String(), req.Hostname) &&
			vs.TemplateID.Int64() == req.TemplateID &&
			attempt.MayHaveMade(vs.CreatedAt) {
			out = append(out, vs)
		}
	}
	return out
}
