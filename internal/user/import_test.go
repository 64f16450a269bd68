package user_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// createUserOutsideTerraform creates a user through the API and returns its
// id; the user is destroyed when the test ends if Terraform did not.
func createUserOutsideTerraform(t *testing.T, login string) string {
	t.Helper()
	webcore := acctest.AdminWebcoreClient(t)
	first := "Legacy"
	u, err := webcore.CreateUser(context.Background(), client.UserCreateRequest{
		Login: login, Email: login + "@example.com", Password: "legacy-pw-1", FirstName: &first,
	})
	if err != nil {
		t.Fatalf("creating a user outside Terraform: %v", err)
	}
	return fmt.Sprint(u.ID)
}

// TestAccUser_importBlockPlansNothing imports, with an import block, a user
// created outside Terraform into a configuration that matches it and sets
// no password (the API never returns one, and an existing user needs none):
// the plan is empty.
func TestAccUser_importBlockPlansNothing(t *testing.T) {
	login := randomLogin()
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			id = createUserOutsideTerraform(t, login)
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps:                    []resource.TestStep{acctest.ImportBlock(importedUserConfig(login), addr, &id)},
	})
}

// TestAccUser_importGeneratesWorkingConfig runs `terraform plan
// -generate-config-out` on an import block and plans the generated
// configuration: it writes no password, which an existing user does not
// need, and nothing is planned.
func TestAccUser_importGeneratesWorkingConfig(t *testing.T) {
	login := randomLogin()
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			id = createUserOutsideTerraform(t, login)
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t),
		Steps:                    []resource.TestStep{acctest.ImportBlockGeneratingConfig(`provider "webcore" {}`, addr, &id)},
	})
}
