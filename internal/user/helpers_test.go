package user_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	sdkacctest "github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/user"
)

// randomLogin is a login no other test uses.
func randomLogin() string { return sdkacctest.RandomWithPrefix("tf-acc") }

// apiUser reads a user through the API as the emulator's admin, behind
// Terraform's back.
func apiUser(t *testing.T) acctest.APIReader[client.User] {
	return func(ctx context.Context, id string) (*client.User, error) {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("user id %q: %w", id, err)
		}
		return acctest.AdminWebcoreClient(t).GetUser(ctx, n)
	}
}

// checkPasswordWorks logs in as the user of addr with password.
func checkPasswordWorks(t *testing.T, addr, password string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		id, err := acctest.NumericID(s, addr)
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
func checkUsersDestroyed(t *testing.T) resource.TestCheckFunc {
	return acctest.CheckDestroyed(user.TypeName, apiUser(t), func(u *client.User) string {
		return fmt.Sprintf("user %d still exists with status %q", u.ID, u.Status)
	})
}

// destroyUser force-deletes a user outside Terraform and waits until the
// API no longer finds it.
func destroyUser(t *testing.T, id int64) {
	t.Helper()
	webcore := acctest.AdminWebcoreClient(t)
	if err := webcore.DeleteUser(context.Background(), id, true); err != nil && !client.IsNotFound(err) {
		t.Fatalf("force-deleting user %d: %v", id, err)
	}
	if err := webcore.WaitUserGone(context.Background(), id); err != nil {
		t.Fatalf("waiting for user %d to be gone: %v", id, err)
	}
}
