package user_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	sdkacctest "github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// adminClient is a Webcore client logged in as the emulator's admin, to look
// at users behind Terraform's back and to change them outside Terraform.
func adminClient(t *testing.T) *client.Webcore { return acctest.AdminWebcoreClient(t) }

// randomLogin is a login no other test uses.
func randomLogin() string { return sdkacctest.RandomWithPrefix("tf-acc") }

// userID returns the numeric id of the resource at addr in state.
func userID(s *terraform.State, addr string) (int64, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return 0, fmt.Errorf("%s is not in state", addr)
	}
	return strconv.ParseInt(rs.Primary.ID, 10, 64)
}

// checkAPIUser runs check on the user the API has for the resource at addr.
func checkAPIUser(t *testing.T, addr string, check func(*client.User) error) func(*terraform.State) error {
	return func(s *terraform.State) error {
		id, err := userID(s, addr)
		if err != nil {
			return err
		}
		u, err := adminClient(t).GetUser(context.Background(), id)
		if err != nil {
			return fmt.Errorf("reading user %d: %w", id, err)
		}
		return check(u)
	}
}

// checkPasswordWorks logs in as the user of addr with password.
func checkPasswordWorks(t *testing.T, addr, password string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		id, err := userID(s, addr)
		if err != nil {
			return err
		}
		login := s.RootModule().Resources[addr].Primary.Attributes["login"]
		if _, err := acctest.WebcoreClient(t, login, password).GetUser(context.Background(), id); err != nil {
			return fmt.Errorf("logging in as %s with the configured password: %w", login, err)
		}
		return nil
	}
}

// checkUsersDestroyed is a CheckDestroy: every webcore_user of the last
// state must be gone from the API (404), not merely marked deleted.
func checkUsersDestroyed(t *testing.T) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			if rs.Type != "webcore_user" {
				continue
			}
			id, err := strconv.ParseInt(rs.Primary.ID, 10, 64)
			if err != nil {
				return fmt.Errorf("%s: id %q: %w", addr, rs.Primary.ID, err)
			}
			u, err := adminClient(t).GetUser(context.Background(), id)
			switch {
			case client.IsNotFound(err):
				continue
			case err != nil:
				return fmt.Errorf("%s: reading user %d: %w", addr, id, err)
			default:
				return fmt.Errorf("%s: user %d still exists with status %q", addr, id, u.Status)
			}
		}
		return nil
	}
}

// destroyUser force-deletes a user outside Terraform and waits until the
// API no longer finds it.
func destroyUser(t *testing.T, id int64) {
	t.Helper()
	webcore := adminClient(t)
	if err := webcore.DeleteUser(context.Background(), id, true); err != nil && !client.IsNotFound(err) {
		t.Fatalf("force-deleting user %d: %v", id, err)
	}
	if err := webcore.WaitUserGone(context.Background(), id); err != nil {
		t.Fatalf("waiting for user %d to be gone: %v", id, err)
	}
}

// errorMatching builds an ExpectError pattern from phrases that must appear
// in order. The CLI wraps diagnostics at 78 columns, so any run of spaces
// in a phrase may become a line break.
func errorMatching(phrases ...string) *regexp.Regexp {
	parts := make([]string, 0, len(phrases))
	for _, p := range phrases {
		words := strings.Fields(p)
		for i, w := range words {
			words[i] = regexp.QuoteMeta(w)
		}
		parts = append(parts, strings.Join(words, `\s+`))
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}
