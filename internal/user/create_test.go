package user

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/converge"
)

func TestFindCreatedUser(t *testing.T) {
	sent := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	attempt := converge.Attempt{SentAt: sent}
	req := client.UserCreateRequest{Login: "Alice", Email: "alice@example.com"}
	user := func(id int64, login, email string, created time.Time) client.User {
		return client.User{ID: id, Login: login, Email: email,
			CreatedAt: created}
	}
	for _, tc := range []struct {
		name             string
		users            []client.User
		wantID, wantOthr int64
	}{
		{"created by the call, any case", []client.User{
			user(1, "admin", "admin@example.com", sent.Add(-time.Hour)),
			user(7, "alice", "ALICE@example.com", sent.Add(300*time.Millisecond)),
		}, 7, 0},
		{"server clock a little behind", []client.User{user(7, "Alice", "alice@example.com", sent.Add(-10*time.Second))}, 7, 0},
		{"login held before the call (the POST got 422)", []client.User{
			user(3, "alice", "alice@example.com", sent.Add(-time.Hour)),
		}, 0, 3},
		{"login taken by someone else's email", []client.User{
			user(4, "ALICE", "other@example.com", sent.Add(time.Second)),
		}, 0, 4},
		{"no such login", []client.User{user(1, "admin", "alice@example.com", sent.Add(time.Second))}, 0, 0},
		{"no created_at", []client.User{user(5, "alice", "alice@example.com", time.Time{})}, 0, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			match, other := findCreatedUser(tc.users, req, attempt)
			if got := idOf(match); got != tc.wantID {
				t.Errorf("match = user %d, want %d", got, tc.wantID)
			}
			if got := idOf(other); got != tc.wantOthr {
				t.Errorf("other = user %d, want %d", got, tc.wantOthr)
			}
		})
	}
}

func idOf(u *client.User) int64 {
	if u == nil {
		return 0
	}
	return u.ID
}

// fakeUsers is a user API whose create fails with err (after committing,
// with commit) for the first fails sends (every send when fails is 0), and
// then succeeds.
type fakeUsers struct {
	users   []client.User
	err     error
	fails   int
	commit  bool
	listErr error
	lists   int
	sends   int
}

func (f *fakeUsers) CreateUser(_ context.Context, req client.UserCreateRequest) (*client.User, error) {
	f.sends++
	u := client.User{ID: int64(len(f.users) + 1), Login: req.Login,
		Email: req.Email, CreatedAt: time.Now()}
	failing := f.err != nil && (f.fails == 0 || f.sends <= f.fails)
	if f.commit || !failing {
		f.users = append(f.users, u)
	}
	if failing {
		return nil, f.err
	}
	return &u, nil
}

func (f *fakeUsers) ListUsers(ctx context.Context) ([]client.User, error) {
	f.lists++
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return f.users, f.listErr
}

func TestCreateUserAfterLostResponse(t *testing.T) {
	lost := &client.RequestError{Service: "webcore", Method: "POST", Path: "/users.json", Err: errors.New("EOF"), MaybeProcessed: true}
	req := client.UserCreateRequest{Login: "alice", Email: "alice@example.com", Password: "pa55word-secret"}
	for _, tc := range []struct {
		name      string
		api       *fakeUsers
		cancelled bool // the create's context has ended by the time of the look-up
		wantID    int64
		wantLists int
		wantDiag  string
	}{
		{"adopted", &fakeUsers{err: lost, commit: true}, false, 1, 1, "Warning: User created, response lost: The API's answer to creating user \"alice\" was lost (webcore: POST /users.json: EOF"},
		{"adopted user named", &fakeUsers{err: lost, commit: true}, false, 1, 1, "User 1, which has this login and email"},
		{"adopted after the create timed out", &fakeUsers{err: lost, commit: true}, true, 1, 1, "Warning: User created, response lost"},
		{"adopted after a 500", &fakeUsers{err: &client.APIError{StatusCode: 500, Kind: client.KindServer}, commit: true}, false, 1, 1, "Warning"},
		{"not created: sent again", &fakeUsers{err: lost, fails: 1}, false, 1, 1, ""},
		{"list fails", &fakeUsers{err: lost, commit: true, listErr: errors.New("reset")}, false, 0, 1, "listing the users"},
		{"422 is not looked up", &fakeUsers{err: &client.APIError{StatusCode: 422, Kind: client.KindValidation, Message: "login has already been taken"}}, false, 0, 0, "login has already been taken"},
		{"success is not looked up", &fakeUsers{}, false, 1, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancelled {
				cancel()
			}
			var diags diag.Diagnostics
			got := createUser(ctx, tc.api, req, &diags)
			if idOf(got) != tc.wantID {
				t.Errorf("created user %d, want %d", idOf(got), tc.wantID)
			}
			if tc.api.lists != tc.wantLists {
				t.Errorf("%d list calls, want %d", tc.api.lists, tc.wantLists)
			}
			text := diagText(diags)
			if !strings.Contains(text, tc.wantDiag) || (tc.wantDiag == "") != (len(diags) == 0) {
				t.Errorf("diagnostics %q, want one containing %q", text, tc.wantDiag)
			}
			if (tc.wantID == 0) != diags.HasError() {
				t.Errorf("HasError = %t with user %d", diags.HasError(), idOf(got))
			}
			if strings.Contains(text, req.Password) {
				t.Errorf("the password appears in the diagnostics: %q", text)
			}
		})
	}
}

func diagText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Severity().String() + ": " + d.Summary() + ": " + d.Detail() + "\n")
	}
	return b.String()
}
