package virtualserver_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// day2Server is a small server with the day-2 arguments given as HCL lines.
func day2Server(label string, lines ...string) string {
	return fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label       = %q
  hostname    = "day2"
  template_id = %d
  memory      = 128
  cpus        = 1
  cpu_shares  = 1
  %s
}
`, label, templateUbuntu, strings.Join(lines, "\n  "))
}

// apiDisks lists the disks of the server of addr as the API has them.
func apiDisks(t *testing.T, s *terraform.State) ([]client.Disk, error) {
	id, err := acctest.NumericID(s, addr)
	if err != nil {
		return nil, err
	}
	return acctest.AdminWebcoreClient(t).ListDisks(context.Background(), id)
}

// TestAccVirtualServer_diskGrowsInPlace grows both disks: the same server
// (same id, same disk ids) has the new sizes in the API, each through a
// resize_disk transaction; the answer to one resize is lost on the way and
// checked rather than sent blindly again.
func TestAccVirtualServer_diskGrowsInPlace(t *testing.T) {
	name := randomName()
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var diskIDs []int64
	recordDisks := func(s *terraform.State) error {
		disks, err := apiDisks(t, s)
		for _, d := range disks {
			diskIDs = append(diskIDs, d.ID)
		}
		return err
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:            day2Server(name, "primary_disk_size = 5", "swap_disk_size = 1"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, attr("id"))},
				Check:             recordDisks,
			},
			{
				// The primary disk's own path: a pattern could be spent by another test's resize.
				PreConfig: func() { acctest.LoseNextAnswer(t, "PUT", fmt.Sprintf("/settings/disks/%d.json", diskIDs[0])) },
				Config:    day2Server(name, "primary_disk_size = 7", "swap_disk_size = 2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, attr("id")),
					statecheck.ExpectKnownValue(addr, attr("primary_disk_size"), knownvalue.Int64Exact(7)),
					statecheck.ExpectKnownValue(addr, attr("swap_disk_size"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, attr("total_disk_size"), knownvalue.Int64Exact(9)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) error {
						disks, err := apiDisks(t, s)
						if err != nil {
							return err
						}
						if len(disks) != 2 || disks[0].ID != diskIDs[0] || disks[1].ID != diskIDs[1] ||
							disks[0].DiskSize != 7 || disks[1].DiskSize != 2 {
							return fmt.Errorf("API disks %+v: want disks %v grown to 7 and 2 GB", disks, diskIDs)
						}
						return nil
					},
					checkCompletedTransaction(t, addr, "resize_disk"),
					func(s *terraform.State) error {
						return acctest.CheckAnswerWasLost(t, "PUT", fmt.Sprintf("/settings/disks/%d.json", diskIDs[0]))(s)
					},
				),
			},
		},
	})
}

// TestAccVirtualServer_diskShrinkPlansAReplacementWithAWarning: a smaller
// disk, or swap for a server built without any, plans a replacement, and
// the plan warns on the attribute that the server and its data will be
// destroyed. Planning changes nothing in the API.
func TestAccVirtualServer_diskShrinkPlansAReplacementWithAWarning(t *testing.T) {
	name := randomName()
	// The CLI runs without terraform-plugin-testing: the configuration names the provider.
	const provider = `terraform {
  required_providers {
    webcore = { source = "webcore/webcore" }
  }
}
`
	cli := acctest.NewCLI(t, map[string]string{"provider.tf": provider, "main.tf": day2Server(name, "primary_disk_size = 6")})
	cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	t.Cleanup(func() { cli.MustRun("destroy", "-auto-approve", "-input=false", "-no-color") })
	for change, line := range map[string]string{
		"a smaller disk":           "primary_disk_size = 5",
		"swap where there is none": "primary_disk_size = 6\n  swap_disk_size = 1",
	} {
		if err := os.WriteFile(filepath.Join(cli.Dir, "main.tf"), []byte(day2Server(name, line)), 0o600); err != nil {
			t.Fatal(err)
		}
		out, code := cli.Run("plan", "-no-color", "-input=false", "-detailed-exitcode")
		for _, want := range []string{"must be replaced", "Warning: The server and its data will be destroyed", "replaces the server"} {
			if code != 2 || !strings.Contains(out, want) {
				t.Errorf("%s: plan (exit %d) lacks %q:\n%s", change, code, want, out)
			}
		}
	}
	servers, err := acctest.AdminWebcoreClient(t).ListVirtualServers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, vs := range servers {
		if vs.Label == name && (vs.PrimaryDiskSize == nil || *vs.PrimaryDiskSize != 6) {
			t.Errorf("after the plans the server has %v GB, want 6: a plan changed it", vs.PrimaryDiskSize)
		}
	}
}

// migrateOutside migrates a server outside Terraform and waits for it.
func migrateOutside(t *testing.T, id, to int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	api := acctest.AdminWebcoreClient(t)
	after, err := api.LatestTransactionID(ctx, id)
	if err == nil {
		err = api.MigrateVirtualServer(ctx, id, to)
	}
	if err == nil {
		err = api.WaitForTransactions(ctx, id, after)
	}
	if err != nil {
		t.Fatalf("migrating virtual server %d to hypervisor %d outside Terraform: %v", id, to, err)
	}
}

// checkPlacement asserts the API has the server of addr on hypervisor hv.
func checkPlacement(t *testing.T, hv, group int64) resource.TestCheckFunc {
	return acctest.CheckAPIObject(addr, apiServer(t), func(vs *client.VirtualServer) error {
		if vs.HypervisorID != hv || vs.HypervisorGroupID == nil || *vs.HypervisorGroupID != group {
			return fmt.Errorf("API server on hypervisor %d (group %v), want %d (group %d)", vs.HypervisorID, vs.HypervisorGroupID, hv, group)
		}
		return nil
	})
}

// TestAccVirtualServer_migrationOutsideTerraformPlansNothing: with no
// placement configured, a server an admin migrated plans nothing, and the
// state follows it.
func TestAccVirtualServer_migrationOutsideTerraformPlansNothing(t *testing.T) {
	name := randomName()
	cfg := day2Server(name, "primary_disk_size = 5")
	var id int64
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check:  func(s *terraform.State) (err error) { id, err = acctest.NumericID(s, addr); return err },
			},
			{
				PreConfig: func() {
					vs, err := acctest.AdminWebcoreClient(t).GetVirtualServer(context.Background(), fmt.Sprint(id))
					if err != nil {
						t.Fatal(err)
					}
					migrateOutside(t, id, 3-vs.HypervisorID) // hypervisors 1 and 2: to the other one
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: acctest.CheckAPIObject(addr, apiServer(t), func(vs *client.VirtualServer) error {
					if fmt.Sprint(vs.ID) != fmt.Sprint(id) {
						return fmt.Errorf("server %d, want %d", vs.ID, id)
					}
					return nil
				}),
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// TestAccVirtualServer_configuredMigrationInPlace: a configured hypervisor
// migrates the server in place (same id), and so does a configured group
// (to its online hypervisor); a migration outside Terraform away from a
// configured hypervisor is drift, migrated back.
func TestAccVirtualServer_configuredMigrationInPlace(t *testing.T) {
	name := randomName()
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var id int64
	update := resource.ConfigPlanChecks{
		PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:            day2Server(name, "primary_disk_size = 5", "hypervisor_id = 1"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, attr("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(checkPlacement(t, 1, 1),
					func(s *terraform.State) (err error) { id, err = acctest.NumericID(s, addr); return err }),
			},
			{
				Config:           day2Server(name, "primary_disk_size = 5", "hypervisor_id = 2"),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, attr("id")),
					statecheck.ExpectKnownValue(addr, attr("hypervisor_id"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, attr("hypervisor_group_id"), knownvalue.Int64Exact(2)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkPlacement(t, 2, 2),
					checkCompletedTransaction(t, addr, "migrate_virtual_machine")),
			},
			{
				Config:           day2Server(name, "primary_disk_size = 5", "hypervisor_group_id = 1"),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, attr("id")),
					statecheck.ExpectKnownValue(addr, attr("hypervisor_id"), knownvalue.Int64Exact(1)),
				},
				Check: checkPlacement(t, 1, 1),
			},
			{
				PreConfig:        func() { migrateOutside(t, id, 2) },
				Config:           day2Server(name, "primary_disk_size = 5", "hypervisor_id = 1"),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, attr("id")),
				},
				Check: checkPlacement(t, 1, 1),
			},
		},
	})
}

// TestAccVirtualServer_importWithSwapLeftOutPlansNothing imports a server
// with a swap disk into a configuration that leaves swap out: the server's
// swap is kept, nothing is planned.
func TestAccVirtualServer_importWithSwapLeftOutPlansNothing(t *testing.T) {
	name := randomName()
	var id string
	cfg := fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label             = %q
  hostname          = "imported"
  template_id       = %d
  memory            = 128
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 6
  time_zone         = "Asia/Tokyo"
}
`, name, templateUbuntu)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			id = createOutsideTerraform(t, name) // 6 GB disk, 1 GB swap
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       addr,
				ImportState:        true,
				ImportStateIdFunc:  func(*terraform.State) (string, error) { return id, nil },
				ImportStatePersist: true,
			},
			{Config: cfg, PlanOnly: true},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("swap_disk_size"), knownvalue.Int64Exact(1)),
				},
				Check: acctest.CheckAPIObject(addr, apiServer(t), func(vs *client.VirtualServer) error {
					if fmt.Sprint(vs.ID) != id || vs.SwapDiskSize == nil || *vs.SwapDiskSize != 1 {
						return fmt.Errorf("API server %d with swap %v, want %s with its 1 GB swap", vs.ID, vs.SwapDiskSize, id)
					}
					return nil
				}),
			},
		},
	})
}

// ownedServer is a server owned by one of two users made in the same
// configuration.
func ownedServer(name, owner string) string {
	return fmt.Sprintf(`
resource "webcore_user" "first" {
  login    = "%[1]s-1"
  email    = "%[1]s-1@example.com"
  password = "secret-1"
}

resource "webcore_user" "second" {
  login    = "%[1]s-2"
  email    = "%[1]s-2@example.com"
  password = "secret-1"
}
`, name) + day2Server(name, "primary_disk_size = 5", "user_id = webcore_user."+owner+".id")
}

// checkOwner asserts the API has the server of addr owned by the user at
// userAddr.
func checkOwner(t *testing.T, userAddr string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		want, err := acctest.NumericID(s, userAddr)
		if err != nil {
			return err
		}
		return acctest.CheckAPIObject(addr, apiServer(t), func(vs *client.VirtualServer) error {
			if vs.UserID != want {
				return fmt.Errorf("API server owned by user %d, want %d (%s)", vs.UserID, want, userAddr)
			}
			return nil
		})(s)
	}
}

// TestAccVirtualServer_owner: a server made for a user is created and handed
// over in one apply (the hand-over's answer lost and checked on the way),
// handed to another user in place, shows an owner changed outside Terraform
// as drift, and is destroyed before its owner in one run.
func TestAccVirtualServer_owner(t *testing.T) {
	name := randomName()
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var id int64
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(checkServersDestroyed(t), func(s *terraform.State) error {
			for _, userAddr := range []string{"webcore_user.first", "webcore_user.second"} {
				uid, err := acctest.NumericID(s, userAddr)
				if err != nil {
					return err
				}
				if _, err := acctest.AdminWebcoreClient(t).GetUser(context.Background(), uid); !client.IsNotFound(err) {
					return fmt.Errorf("user %d (%s) not destroyed: %w", uid, userAddr, err)
				}
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				PreConfig:         func() { acctest.LoseNextAnswer(t, "POST", "/virtual_machines/*/change_owner.json") },
				Config:            ownedServer(name, "first"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, attr("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(checkOwner(t, "webcore_user.first"),
					resource.TestCheckResourceAttrPair(addr, "user_id", "webcore_user.first", "id"),
					func(s *terraform.State) (err error) { id, err = acctest.NumericID(s, addr); return err },
					func(s *terraform.State) error {
						return acctest.CheckAnswerWasLost(t, "POST", fmt.Sprintf("/virtual_machines/%d/change_owner.json", id))(s)
					}),
			},
			{
				Config: ownedServer(name, "second"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, attr("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(checkOwner(t, "webcore_user.second"),
					resource.TestCheckResourceAttrPair(addr, "user_id", "webcore_user.second", "id")),
			},
			{
				PreConfig: func() {
					if err := acctest.AdminWebcoreClient(t).ChangeOwner(context.Background(), id, 1); err != nil {
						t.Fatalf("handing the server to the admin outside Terraform: %v", err)
					}
				},
				Config: ownedServer(name, "second"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: checkOwner(t, "webcore_user.second"),
			},
		},
	})
}

// TestAccVirtualServer_destroyKeepsBackupsUnlessAsked: the DELETE of a
// server asks the API to keep its backups (destroy_all_backups=0, never a
// converted last backup), unless delete_backups_on_destroy = true; the
// emulator's request log and the destroy transaction say what was sent.
func TestAccVirtualServer_destroyKeepsBackupsUnlessAsked(t *testing.T) {
	name := randomName()
	cfg := strings.Replace(day2Server(name, "primary_disk_size = 5"), `"test"`, `"kept"`, 1) +
		strings.Replace(day2Server(name+"-b", "primary_disk_size = 5", "delete_backups_on_destroy = true"), `"test"`, `"deleted"`, 1)
	ids := map[string]int64{}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			for which, query := range map[string]string{"kept": "destroy_all_backups=0", "deleted": "destroy_all_backups=1"} {
				path := fmt.Sprintf("/virtual_machines/%d.json", ids[which])
				sent := acctest.Requests(t, "DELETE", path)
				if len(sent) == 0 {
					return fmt.Errorf("no DELETE %s in the emulator's request log", path)
				}
				for _, r := range sent {
					if !strings.Contains(r.Query, query) || !strings.Contains(r.Query, "convert_last_backup=0") {
						return fmt.Errorf("DELETE %s?%s, want %s and convert_last_backup=0", path, r.Query, query)
					}
				}
				if err := checkDestroyParams(t, ids[which], which == "deleted"); err != nil {
					return err
				}
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("webcore_virtual_server.kept", attr("delete_backups_on_destroy"), knownvalue.Bool(false)),
			},
			Check: func(s *terraform.State) error {
				for _, which := range []string{"kept", "deleted"} {
					id, err := acctest.NumericID(s, "webcore_virtual_server."+which)
					if err != nil {
						return err
					}
					ids[which] = id
				}
				return nil
			},
		}},
	})
}

// checkDestroyParams asserts the destroy transaction of server id recorded
// destroy_all_backups = deleteBackups and convert_last_backup = false.
func checkDestroyParams(t *testing.T, id int64, deleteBackups bool) error {
	for _, tx := range acctest.EmulatorState(t).Webcore.Transactions {
		if int64(tx.ParentID) == id && tx.Action == "destroy_virtual_machine" {
			if tx.Params["destroy_all_backups"] != deleteBackups || tx.Params["convert_last_backup"] != false {
				return fmt.Errorf("destroy of server %d recorded %v, want destroy_all_backups %t", id, tx.Params, deleteBackups)
			}
			return nil
		}
	}
	return fmt.Errorf("server %d has no destroy_virtual_machine transaction", id)
}
