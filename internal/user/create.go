package user

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// userAPI is the part of the Webcore client that creating a user needs.
type userAPI interface {
	CreateUser(ctx context.Context, req client.UserCreateRequest) (*client.User, error)
	ListUsers(ctx context.Context) ([]client.User, error)
}

// createUser creates the user of req and returns it, or nil with an error
// diagnostic. When the response is lost after the API may have created the
// user, the user is looked up by its login (unique in the API) and adopted
// with a warning, so no user is left that Terraform does not track.
func createUser(ctx context.Context, api userAPI, req client.UserCreateRequest, diags *diag.Diagnostics) *client.User {
	attempt := client.StartCreate()
	created, err := api.CreateUser(ctx, req)
	if err == nil {
		return created
	}
	if !client.CreateMayHaveSucceeded(err) {
		apidiag.Append(diags, "creating user", err, fieldPaths)
		return nil
	}
	tflog.Warn(ctx, "the create response was lost; looking for the user by login", map[string]any{"login": req.Login})
	lookupCtx, cancel := client.ReconcileContext(ctx)
	defer cancel()
	users, listErr := api.ListUsers(lookupCtx)
	if listErr != nil {
		diags.AddError("User may have been created",
			fmt.Sprintf("Creating user %q failed (%v), and listing the users to find out whether the API created it failed too (%v). "+
				"%s", req.Login, err, listErr, whatToCheck(req.Login)))
		return nil
	}
	match, other := findCreatedUser(users, req, attempt)
	if match == nil {
		detail := fmt.Sprintf("Creating user %q failed (%v). The request may or may not have created the user: "+
			"no user with this login and email created since %s was found.", req.Login, err, attempt.SentAt.UTC().Format(time.RFC3339))
		if other != nil {
			detail += fmt.Sprintf(" User %d has this login but is not this request's (email %q, created %s).",
				other.ID.Int64(), other.Email.String(), other.CreatedAt.UTC().Format(time.RFC3339))
		}
		diags.AddError("User may have been created", detail+" "+whatToCheck(req.Login))
		return nil
	}
	diags.AddWarning("User created, response lost",
		fmt.Sprintf("The API's answer to creating user %q was lost (%v). "+
			"User %d, which has this login and email and was created by this request, was found and is now managed by Terraform.",
			req.Login, err, match.ID.Int64()))
	return match
}

// whatToCheck tells the user how to resolve an unconfirmed create.
func whatToCheck(login string) string {
	return fmt.Sprintf("Check the Webcore users for login %q: if it exists and is yours, bring it under Terraform with "+
		"`terraform import <resource address> <user id>`; if not, run apply again.", login)
}

// findCreatedUser returns the user that the create of req, sent at attempt,
// made; or nil and, if one exists, the user holding the login that was not
// made by it.
//
// Logins are unique (case-insensitively), so at most one user can match. A
// user that held the login before the POST made the POST fail with 422, so
// it is never this request's: the created_at test rules it out, with
// CreateClockSkew of slack for a server clock behind ours. The slack is
// safe because a user created within it would also have to carry the same
// login and email, which only this configuration asks for.
func findCreatedUser(users []client.User, req client.UserCreateRequest, attempt client.CreateAttempt) (match, other *client.User) {
	for i := range users {
		u := &users[i]
		if !strings.EqualFold(u.Login.String(), req.Login) {
			continue
		}
		if strings.EqualFold(u.Email.String(), req.Email) && attempt.MayHaveMade(u.CreatedAt) {
			return u, nil
		}
		other = u
	}
	return nil, other
}
