// Package apidiag turns client errors into Terraform diagnostics that say what
// failed and what to fix, attached to the attribute the API complained about.
package apidiag

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// FieldPaths maps API field names (as in a 422 body) to schema attributes.
type FieldPaths map[string]path.Path

// Append adds diagnostics for err, which happened while doing action (e.g.
// "creating user"). Validation errors on known fields are attached to their
// attributes; the rest become one error whose summary names the action and
// the kind of failure.
func Append(diags *diag.Diagnostics, action string, err error, fields FieldPaths) {
	if err == nil {
		return
	}
	var opErr *client.OperationError
	if errors.As(err, &opErr) {
		diags.AddError(fmt.Sprintf("Error %s: transaction %s %s", action, opErr.Action, opErr.Status), err.Error())
		return
	}
	apiErr, ok := client.AsAPIError(err)
	if !ok {
		diags.AddError("Error "+action, err.Error())
		return
	}
	switch apiErr.Kind {
	case client.KindValidation:
		unmatched := appendFieldErrors(diags, action, apiErr.FieldErrors, fields)
		if len(unmatched) > 0 || len(apiErr.FieldErrors) == 0 {
			diags.AddError("Error "+action+": the API rejected the request", err.Error())
		}
	case client.KindForbidden:
		diags.AddError("Error "+action+": forbidden", err.Error()+"\n\n"+forbiddenHint(apiErr.Service))
	case client.KindUnauthorized:
		diags.AddError("Error "+action+": credentials rejected", err.Error()+"\n\n"+credentialsHint(apiErr.Service))
	case client.KindNotFound:
		diags.AddError("Error "+action+": not found", err.Error())
	default:
		diags.AddError("Error "+action, err.Error())
	}
}

// appendFieldErrors attaches each field's messages to its attribute and
// returns the API field names it had no attribute for.
func appendFieldErrors(diags *diag.Diagnostics, action string, fieldErrors map[string][]string, fields FieldPaths) []string {
	names := make([]string, 0, len(fieldErrors))
	for name := range fieldErrors {
		names = append(names, name)
	}
	sort.Strings(names)
	var unmatched []string
	for _, name := range names {
		p, ok := fields[name]
		if !ok {
			unmatched = append(unmatched, name)
			continue
		}
		diags.AddAttributeError(p, "Error "+action+": invalid "+name,
			fmt.Sprintf("The API rejected %s: %s.", name, strings.Join(fieldErrors[name], "; ")))
	}
	return unmatched
}

// credentialsHint names the provider settings that authenticate the API
// that refused them, so the reader checks the right ones.
func credentialsHint(service string) string {
	switch service {
	case "webcore":
		return "Check the provider's Webcore credentials: webcore.username (WEBCORE_USERNAME) with webcore.password " +
			"(WEBCORE_PASSWORD) for login+password, or with webcore.api_key (WEBCORE_API_KEY), where username is the account's email."
	case "webscale":
		return "Check the provider's webscale.access_token (WEBSCALE_ACCESS_TOKEN): the token may be wrong, expired or its key deleted."
	default:
		return "Check the provider's credentials (webcore.username with webcore.password or webcore.api_key, or webscale.access_token)."
	}
}

// forbiddenHint explains a 403 in the terms of the API that sent it.
func forbiddenHint(service string) string {
	if service == "webscale" {
		return "The access token is valid but not allowed to do this (for example acting on another account)."
	}
	return "The request was valid but the API refused it (for example over the account's resource limits, or acting on a locked server)."
}
