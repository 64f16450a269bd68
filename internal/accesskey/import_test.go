package accesskey_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// createKeyOutsideTerraform creates a key through the API, never expiring,
// and returns its id.
func createKeyOutsideTerraform(t *testing.T) string {
	t.Helper()
	key, err := acctest.WebscaleClient(t).CreateAccessKey(context.Background(), "self", client.AccessKeyConfiguration{})
	if err != nil {
		t.Fatalf("creating a key outside Terraform: %v", err)
	}
	return key.ID()
}

// openTofuImportBlocks is why import blocks of webscale_* resources are not
// tested on OpenTofu before 1.12 (1.6.3 and 1.12.6 are the versions tried):
// OpenTofu 1.6 resolves an import block's provider from the resource type's
// prefix even when the block names provider = webcore, and looks for
// hashicorp/webscale. `tofu import` works (see the other tests).
const openTofuImportBlocks = "OpenTofu 1.6 resolves an import block's provider from the type's prefix (hashicorp/webscale), " +
	"even when the block says provider = webcore"

// TestAccAccessKey_importBlockPlansNothing imports a key with an import
// block into a configuration that matches it: the plan is empty.
func TestAccAccessKey_importBlockPlansNothing(t *testing.T) {
	acctest.SkipOnOpenTofuBelow(t, "1.12.0", openTofuImportBlocks)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			id = createKeyOutsideTerraform(t)
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             keyGone(t, &id),
		Steps:                    []resource.TestStep{acctest.ImportBlockNamingProvider(keyConfig(""), keyAddr, &id)},
	})
}

// TestAccAccessKey_importGeneratesWorkingConfig runs `terraform plan
// -generate-config-out` on an import block and plans the generated
// configuration: nothing to change. The import block is written here, not
// by the test framework, because a webscale_* block needs provider =
// webcore, and so does the configuration Terraform generates from it. Not
// parallel: it passes the key's id to Terraform through the environment.
func TestAccAccessKey_importGeneratesWorkingConfig(t *testing.T) {
	acctest.SkipOnOpenTofuBelow(t, "1.12.0", openTofuImportBlocks)
	var id string
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			id = createKeyOutsideTerraform(t)
			t.Setenv("TF_VAR_imported_key_id", id)
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             keyGone(t, &id),
		Steps:                    []resource.TestStep{importKeyGeneratingConfig(&id)},
	})
}

// importKeyGeneratingConfig is the step of
// TestAccAccessKey_importGeneratesWorkingConfig: its own import block, which
// names the provider, used as it is.
func importKeyGeneratingConfig(id *string) resource.TestStep {
	step := acctest.ImportBlockGeneratingConfig(`
variable "imported_key_id" {
  type = string
}

import {
  provider = webcore
  to       = webscale_access_key.test
  id       = var.imported_key_id
}
`, keyAddr, id)
	step.ImportStateConfigExact = true
	return step
}
