package virtualserver_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// TestAccVirtualServer_importReadsBuildArguments imports a server built
// outside Terraform: the import reproduces its build-time values (disk
// sizes, hypervisor group, time zone), so a matching configuration plans no
// change except adopting the write-only root password in place, and a
// smaller disk shows as a replacement. An unknown id is a
// clear error.
func TestAccVirtualServer_importReadsBuildArguments(t *testing.T) {
	name := randomName()
	var id string
	cfg := func(disk int) string {
		return fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label                 = %[1]q
  hostname              = "imported"
  template_id           = %[2]d
  memory                = 128
  cpus                  = 1
  cpu_shares            = 1
  primary_disk_size     = %[3]d
  swap_disk_size        = 1
  hypervisor_group_id   = 2
  time_zone             = "Asia/Tokyo"
  initial_root_password = %[4]q
}
`, name, templateUbuntu, disk, rootPassword)
	}
	buildValues := func(s []*terraform.InstanceState) error {
		if len(s) != 1 {
			return fmt.Errorf("imported %d instances, want 1", len(s))
		}
		want := map[string]string{
			"primary_disk_size": "6", "swap_disk_size": "1", "hypervisor_group_id": "2", "time_zone": "Asia/Tokyo",
		}
		for key, value := range want {
			if got := s[0].Attributes[key]; got != value {
				return fmt.Errorf("imported %s = %q, want %q", key, got, value)
			}
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			id = createOutsideTerraform(t, name)
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:        cfg(6),
				ResourceName:  addr,
				ImportState:   true,
				ImportStateId: "999999",
				ExpectError:   acctest.ErrorMatching("importing virtual server 999999: not found"),
			},
			{
				Config:             cfg(6),
				ResourceName:       addr,
				ImportState:        true,
				ImportStateIdFunc:  func(*terraform.State) (string, error) { return id, nil },
				ImportStateCheck:   buildValues,
				ImportStatePersist: true,
			},
			{
				Config: cfg(6),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, attr("initial_root_password"), knownvalue.StringExact(rootPassword)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("identifier"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, attr("primary_disk_size"), knownvalue.Int64Exact(6)),
					statecheck.ExpectKnownValue(addr, attr("swap_disk_size"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(addr, attr("hypervisor_group_id"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, attr("time_zone"), knownvalue.StringExact("Asia/Tokyo")),
					statecheck.ExpectKnownValue(addr, attr("total_disk_size"), knownvalue.Int64Exact(7)),
				},
			},
			{
				Config:             cfg(5), // smaller than the imported 6 GB
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
				},
			},
		},
	})
}

// createOutsideTerraform builds a server through the client (6 GB disk, 1 GB
// swap, hypervisor group 2, time zone Asia/Tokyo) and returns its id.
func createOutsideTerraform(t *testing.T, name string) string {
	t.Helper()
	webcore := acctest.AdminWebcoreClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	swap, group, zone := int64(1), int64(2), "Asia/Tokyo"
	vs, err := webcore.CreateVirtualServer(ctx, client.VirtualServerCreateRequest{
		Label: name, Hostname: "imported", TemplateID: templateUbuntu, Memory: 128, CPUs: 1, CPUShares: 1,
		PrimaryDiskSize: 6, SwapDiskSize: &swap, HypervisorGroupID: &group, TimeZone: &zone,
	})
	if err != nil {
		t.Fatalf("creating a server outside Terraform: %v", err)
	}
	if _, err := webcore.WaitVirtualServerReady(ctx, vs.ID, 0, true); err != nil {
		t.Fatalf("waiting for the server built outside Terraform: %v", err)
	}
	return strconv.FormatInt(vs.ID, 10)
}

// TestAccVirtualServer_importBlockMatchesWhatTheServerIs imports, with an
// import block, a server created outside Terraform without a build: the
// import reads build = false and start = false from what the server is, so
// a configuration saying so plans no replacement and no empty update.
func TestAccVirtualServer_importBlockMatchesWhatTheServerIs(t *testing.T) {
	name := randomName()
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			id = createUnbuiltOutsideTerraform(t, name)
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps:                    []resource.TestStep{acctest.ImportBlock(unbuiltConfig(name), addr, &id)},
	})
}

// unbuiltConfig is the configuration of a server as
// createUnbuiltOutsideTerraform makes it.
func unbuiltConfig(name string) string {
	return fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label             = %q
  hostname          = "unbuilt"
  template_id       = %d
  memory            = 128
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 5
  build             = false
  start             = false
}
`, name, templateUbuntu)
}

// TestAccVirtualServer_importGeneratesWorkingConfig runs `terraform plan
// -generate-config-out` on an import block for a built server and plans the
// generated configuration: nothing to change.
func TestAccVirtualServer_importGeneratesWorkingConfig(t *testing.T) {
	acctest.SkipOnOpenTofuBelow(t, "1.12.0", "OpenTofu 1.6.3 crashes (nil dereference in configschema.Block.Filter) generating config for this schema; import blocks themselves are tested above")
	name := randomName()
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			id = createOutsideTerraform(t, name)
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps:                    []resource.TestStep{acctest.ImportBlockGeneratingConfig(`provider "webcore" {}`, addr, &id)},
	})
}

// createUnbuiltOutsideTerraform creates a server through the client without
// building it, and returns its id once its (empty) work is done.
func createUnbuiltOutsideTerraform(t *testing.T, name string) string {
	t.Helper()
	webcore := acctest.AdminWebcoreClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	build := false
	vs, err := webcore.CreateVirtualServer(ctx, client.VirtualServerCreateRequest{
		Label: name, Hostname: "unbuilt", TemplateID: templateUbuntu, Memory: 128, CPUs: 1, CPUShares: 1,
		PrimaryDiskSize: 5, RequiredVirtualMachineBuild: &build,
	})
	if err != nil {
		t.Fatalf("creating a server outside Terraform: %v", err)
	}
	if err := webcore.WaitForTransactions(ctx, vs.ID, 0); err != nil {
		t.Fatalf("waiting for the server's work: %v", err)
	}
	return strconv.FormatInt(vs.ID, 10)
}
