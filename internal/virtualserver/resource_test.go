package virtualserver_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

const (
	addr         = "webcore_virtual_server.test"
	rootPassword = "Init_root-pw42"
	// Seeded templates of the emulator.
	templateUbuntu = 1 // allows resize without reboot
	templateBroken = 4 // every build fails at provisioning
)

// importIgnore lists what ImportStateVerify cannot compare: the API never
// returns initial_root_password (write-only), and timeouts live only in the
// configuration. Everything else, the build-time disk sizes, hypervisor
// group and time zone included, is read back from the API.
var importIgnore = []string{"initial_root_password", "timeouts"}

// fullServer is a configuration setting every argument.
type fullServer struct {
	label, note, power, timeZone string
	memory, disk                 int
}

func (c fullServer) config() string {
	return fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label                 = %[1]q
  hostname              = "lifecycle"
  domain                = "example.test"
  template_id           = %[2]d
  memory                = %[3]d
  cpus                  = 1
  cpu_shares            = 20
  primary_disk_size     = %[4]d
  swap_disk_size        = 1
  initial_root_password = %[5]q
  hypervisor_group_id   = 2
  rate_limit            = 100
  time_zone             = %[8]q
  note                  = %[6]q
  build                 = true
  start                 = true
  power_state           = %[7]q

  timeouts {
    create = "5m"
    update = "5m"
    delete = "5m"
  }
}
`, c.label, templateUbuntu, c.memory, c.disk, rootPassword, c.note, c.power, c.timeZone)
}

func attr(name string) tfjsonpath.Path { return tfjsonpath.New(name) }

func TestAccVirtualServer_lifecycle(t *testing.T) {
	name := randomName()
	created := fullServer{label: name, note: "created by an acceptance test", power: "running", timeZone: "Europe/Berlin", memory: 256, disk: 6}
	relabelled := created
	relabelled.label, relabelled.note, relabelled.timeZone = name+"-renamed", "renamed in place", "Asia/Tokyo"
	resized := relabelled
	resized.memory = 512
	stopped := resized
	stopped.power = "stopped"
	running := resized
	redisked := running
	redisked.disk = 5 // smaller: a disk cannot shrink, so a replacement

	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	var firstID int64

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: created.config(),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, attr("id")),
					statecheck.ExpectKnownValue(addr, attr("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[1-9][0-9]*$`))),
					statecheck.ExpectKnownValue(addr, attr("identifier"), knownvalue.StringRegexp(regexp.MustCompile(`^[a-z0-9]{14}$`))),
					statecheck.ExpectKnownValue(addr, attr("label"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(addr, attr("hostname"), knownvalue.StringExact("lifecycle")),
					statecheck.ExpectKnownValue(addr, attr("domain"), knownvalue.StringExact("example.test")),
					statecheck.ExpectKnownValue(addr, attr("template_id"), knownvalue.Int64Exact(templateUbuntu)),
					statecheck.ExpectKnownValue(addr, attr("memory"), knownvalue.Int64Exact(256)),
					statecheck.ExpectKnownValue(addr, attr("cpus"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(addr, attr("cpu_shares"), knownvalue.Int64Exact(20)),
					statecheck.ExpectKnownValue(addr, attr("primary_disk_size"), knownvalue.Int64Exact(6)),
					statecheck.ExpectKnownValue(addr, attr("swap_disk_size"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(addr, attr("initial_root_password"), knownvalue.StringExact(rootPassword)),
					statecheck.ExpectKnownValue(addr, attr("hypervisor_group_id"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, attr("hypervisor_id"), knownvalue.Int64Exact(2)), // the group's hypervisor
					statecheck.ExpectKnownValue(addr, attr("rate_limit"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue(addr, attr("time_zone"), knownvalue.StringExact("Europe/Berlin")),
					statecheck.ExpectKnownValue(addr, attr("note"), knownvalue.StringExact("created by an acceptance test")),
					statecheck.ExpectKnownValue(addr, attr("build"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, attr("start"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, attr("power_state"), knownvalue.StringExact("running")),
					statecheck.ExpectKnownValue(addr, attr("built"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, attr("booted"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, attr("locked"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, attr("state"), knownvalue.StringExact("delivered")),
					statecheck.ExpectKnownValue(addr, attr("operating_system"), knownvalue.StringExact("linux")),
					statecheck.ExpectKnownValue(addr, attr("total_disk_size"), knownvalue.Int64Exact(7)),
					statecheck.ExpectKnownValue(addr, attr("ip_address"), knownvalue.StringRegexp(regexp.MustCompile(`^10\.20\.\d+\.\d+$`))),
					statecheck.ExpectKnownValue(addr, attr("ip_addresses"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"address": knownvalue.StringRegexp(regexp.MustCompile(`^10\.20\.\d+\.\d+$`)),
							"netmask": knownvalue.StringExact("255.255.0.0"),
							"gateway": knownvalue.StringExact("10.20.0.1"),
						}),
					})),
					statecheck.CompareValuePairs(addr, attr("ip_address"), addr, attr("ip_addresses").AtSliceIndex(0).AtMapKey("address"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(addr, attr("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkRootPassword(t, addr, rootPassword),
					func(*terraform.State) error {
						if strings.Contains(acctest.EmulatorLog(), rootPassword) {
							return fmt.Errorf("the root password appears in the emulator's request log")
						}
						return nil
					},
					checkCompletedTransaction(t, addr, "startup_virtual_machine"),
					acctest.CheckAPIObject(addr, apiServer(t), func(vs *client.VirtualServer) error {
						if !vs.Built || !vs.Booted || vs.Locked || vs.Label != name {
							return fmt.Errorf("API server: built %t booted %t locked %t label %q", vs.Built, vs.Booted, vs.Locked, vs.Label)
						}
						return nil
					}),
					func(s *terraform.State) (err error) { firstID, err = acctest.NumericID(s, addr); return err },
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: relabelled.config(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						// An in-place change shows no "known after apply" for
						// values it leaves alone.
						plancheck.ExpectKnownValue(addr, attr("booted"), knownvalue.Bool(true)),
						plancheck.ExpectKnownValue(addr, attr("locked"), knownvalue.Bool(false)),
						plancheck.ExpectKnownValue(addr, attr("state"), knownvalue.StringExact("delivered")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, attr("id")),
					statecheck.ExpectKnownValue(addr, attr("label"), knownvalue.StringExact(name+"-renamed")),
					statecheck.ExpectKnownValue(addr, attr("note"), knownvalue.StringExact("renamed in place")),
					statecheck.ExpectKnownValue(addr, attr("time_zone"), knownvalue.StringExact("Asia/Tokyo")),
				},
				Check: acctest.CheckAPIObject(addr, apiServer(t), func(vs *client.VirtualServer) error {
					if vs.Label != name+"-renamed" || vs.Note != "renamed in place" ||
						vs.TimeZone == nil || *vs.TimeZone != "Asia/Tokyo" {
						return fmt.Errorf("API server: label %q note %q time zone %v", vs.Label, vs.Note, vs.TimeZone)
					}
					return nil
				}),
			},
			{
				Config: resized.config(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, attr("id")),
					statecheck.ExpectKnownValue(addr, attr("memory"), knownvalue.Int64Exact(512)),
					statecheck.ExpectKnownValue(addr, attr("locked"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCompletedTransaction(t, addr, "resize_vm_without_reboot", "resize_virtual_machine"),
					acctest.CheckAPIObject(addr, apiServer(t), func(vs *client.VirtualServer) error {
						if vs.Memory != 512 || vs.Locked {
							return fmt.Errorf("API server: memory %d locked %t, want 512 and unlocked", vs.Memory, vs.Locked)
						}
						return nil
					}),
				),
			},
			{
				Config: stopped.config(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, attr("booted"), knownvalue.Bool(false)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, attr("id")),
					statecheck.ExpectKnownValue(addr, attr("power_state"), knownvalue.StringExact("stopped")),
					statecheck.ExpectKnownValue(addr, attr("booted"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCompletedTransaction(t, addr, "stop_virtual_machine"),
					acctest.CheckAPIObject(addr, apiServer(t), func(vs *client.VirtualServer) error {
						if vs.Booted {
							return fmt.Errorf("API server still booted")
						}
						return nil
					}),
				),
			},
			{
				Config: running.config(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, attr("id")),
					newID.AddStateValue(addr, attr("id")),
					statecheck.ExpectKnownValue(addr, attr("power_state"), knownvalue.StringExact("running")),
					statecheck.ExpectKnownValue(addr, attr("booted"), knownvalue.Bool(true)),
				},
				Check: acctest.CheckAPIObject(addr, apiServer(t), func(vs *client.VirtualServer) error {
					if !vs.Booted {
						return fmt.Errorf("API server not booted")
					}
					return nil
				}),
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: importIgnore,
			},
			{
				ResourceName: addr,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return s.RootModule().Resources[addr].Primary.Attributes["identifier"], nil
				},
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: importIgnore,
			},
			{
				Config: redisked.config(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(addr, attr("id")),
					statecheck.ExpectKnownValue(addr, attr("primary_disk_size"), knownvalue.Int64Exact(5)),
					statecheck.ExpectKnownValue(addr, attr("total_disk_size"), knownvalue.Int64Exact(6)),
				},
				Check: func(*terraform.State) error {
					_, err := acctest.AdminWebcoreClient(t).GetVirtualServer(context.Background(), strconv.FormatInt(firstID, 10))
					if !client.IsNotFound(err) {
						return fmt.Errorf("the replaced server %d should be gone (404), got %w", firstID, err)
					}
					return nil
				},
			},
		},
	})
}

// TestAccVirtualServer_defaults creates a server with only the required
// arguments and start = false, then boots it through power_state.
func TestAccVirtualServer_defaults(t *testing.T) {
	name := randomName()
	cfg := func(extra string) string {
		return fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label             = %[1]q
  hostname          = %[1]q
  template_id       = %[2]d
  memory            = 128
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 5
  start             = false
  %[3]s
}
`, name, templateUbuntu, extra)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: cfg(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("power_state"), knownvalue.StringExact("stopped")),
					statecheck.ExpectKnownValue(addr, attr("built"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, attr("booted"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, attr("build"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, attr("swap_disk_size"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(addr, attr("total_disk_size"), knownvalue.Int64Exact(5)),
					statecheck.ExpectKnownValue(addr, attr("domain"), knownvalue.StringExact("localdomain")),
					statecheck.ExpectKnownValue(addr, attr("hypervisor_id"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(addr, attr("rate_limit"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(addr, attr("note"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, attr("initial_root_password"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, attr("hypervisor_group_id"), knownvalue.Int64Exact(1)), // hypervisor 1's
					statecheck.ExpectKnownValue(addr, attr("time_zone"), knownvalue.StringExact("UTC")),
				},
				Check: acctest.CheckAPIObject(addr, apiServer(t), func(vs *client.VirtualServer) error {
					if !vs.Built || vs.Booted {
						return fmt.Errorf("API server: built %t booted %t, want built and not booted", vs.Built, vs.Booted)
					}
					return nil
				}),
			},
			{
				Config: cfg(`power_state = "running"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("power_state"), knownvalue.StringExact("running")),
					statecheck.ExpectKnownValue(addr, attr("booted"), knownvalue.Bool(true)),
				},
				Check: checkCompletedTransaction(t, addr, "startup_virtual_machine"),
			},
		},
	})
}

// TestAccVirtualServer_notBuilt creates a server with build = false: no
// transaction is queued and nothing waits for one.
func TestAccVirtualServer_notBuilt(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label             = %[1]q
  hostname          = "unbuilt"
  template_id       = %[2]d
  memory            = 128
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 5
  build             = false
}
`, randomName(), templateUbuntu),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, attr("built"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(addr, attr("booted"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(addr, attr("power_state"), knownvalue.StringExact("stopped")),
			},
			Check: func(s *terraform.State) error {
				id, err := acctest.NumericID(s, addr)
				if err != nil {
					return err
				}
				txs, err := acctest.AdminWebcoreClient(t).ListVirtualServerTransactions(context.Background(), id)
				if err != nil {
					return err
				}
				if len(txs) != 0 {
					return fmt.Errorf("build = false queued %d transactions, first %s", len(txs), txs[0].Action)
				}
				return nil
			},
		}},
	})
}

// TestAccVirtualServer_failedBuild builds from the emulator's always-failing
// template: the error quotes the failed transaction, and the server stays
// in state, tainted, so the next plan replaces it.
func TestAccVirtualServer_failedBuild(t *testing.T) {
	cfg := fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label             = %[1]q
  hostname          = "broken"
  template_id       = %[2]d
  memory            = 128
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 5
}
`, randomName(), templateBroken)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)transaction\s+provisioning\s+failed.*template\s+image\s+checksum\s+mismatch`),
			},
			{
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{expectTaintedReplace{t: t, addr: addr}},
				},
			},
		},
	})
}

// TestAccVirtualServer_drift changes and deletes the server outside
// Terraform: the plan shows the repair, and apply makes it.
func TestAccVirtualServer_drift(t *testing.T) {
	name := randomName()
	cfg := fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label             = %[1]q
  hostname          = "drift"
  template_id       = %[2]d
  memory            = 128
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 5
  time_zone         = "Europe/Berlin"
}
`, name, templateUbuntu)
	var id int64
	recordID := func(s *terraform.State) (err error) { id, err = acctest.NumericID(s, addr); return err }
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				Check:             recordID,
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(addr, attr("id"))},
			},
			{
				PreConfig: func() {
					label, zone := "changed-outside", "Asia/Tokyo"
					change := client.VirtualServerUpdateRequest{Label: &label, TimeZone: &zone}
					if err := acctest.AdminWebcoreClient(t).UpdateVirtualServer(context.Background(), id, change); err != nil {
						t.Fatalf("changing the server outside Terraform: %v", err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, attr("time_zone"), knownvalue.StringExact("Europe/Berlin")),
					},
				},
				Check: acctest.CheckAPIObject(addr, apiServer(t), func(vs *client.VirtualServer) error {
					if vs.Label != name || vs.TimeZone == nil || *vs.TimeZone != "Europe/Berlin" {
						return fmt.Errorf("not repaired: label %q time zone %v", vs.Label, vs.TimeZone)
					}
					return nil
				}),
			},
			{
				PreConfig: func() { destroyServer(t, id) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(addr, attr("id"))},
				Check:             acctest.CheckAPIObject(addr, apiServer(t), func(*client.VirtualServer) error { return nil }),
			},
		},
	})
}

// TestAccVirtualServer_apiValidation sends values only the API can judge
// (the template's minimum disk size): the 422 lands on the attribute.
func TestAccVirtualServer_apiValidation(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "webcore_virtual_server" "test" {
  label             = %[1]q
  hostname          = "too-small"
  template_id       = 2 # Windows: 20 GB minimum
  memory            = 1024
  cpus              = 1
  cpu_shares        = 1
  primary_disk_size = 5
}
`, randomName()),
			ExpectError: regexp.MustCompile(`(?s)invalid\s+primary_disk_size.*primary_disk_size\s+=\s+5.*greater\s+than\s+or\s+equal\s+to\s+20`),
		}},
	})
}

// TestAccVirtualServer_example applies the documented example.
func TestAccVirtualServer_example(t *testing.T) {
	const example = "webcore_virtual_server.example"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{{
			ConfigFile:      config.StaticFile("../../examples/resources/webcore_virtual_server/resource.tf"),
			ConfigVariables: config.Variables{"root_password": config.StringVariable(rootPassword)},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(example, attr("power_state"), knownvalue.StringExact("running")),
				statecheck.ExpectKnownValue(example, attr("total_disk_size"), knownvalue.Int64Exact(22)),
				statecheck.ExpectKnownOutputValue("example_ip_address", knownvalue.StringRegexp(regexp.MustCompile(`^10\.20\.`))),
			},
			Check: checkRootPassword(t, example, rootPassword),
		}},
	})
}

// TestAccVirtualServer_inPlaceUpdatePlansKnownValues: without power_state in
// the configuration, a relabel and a resize plan booted, locked and state as
// they are, not as "known after apply".
func TestAccVirtualServer_inPlaceUpdatePlansKnownValues(t *testing.T) {
	name := randomName()
	cfg := smallServer
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkServersDestroyed(t),
		Steps: []resource.TestStep{
			{Config: cfg(name, 256)},
			{
				Config: cfg(name+"-2", 512),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, attr("booted"), knownvalue.Bool(true)),
						plancheck.ExpectKnownValue(addr, attr("locked"), knownvalue.Bool(false)),
						plancheck.ExpectKnownValue(addr, attr("state"), knownvalue.StringExact("delivered")),
						plancheck.ExpectKnownValue(addr, attr("power_state"), knownvalue.StringExact("running")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("memory"), knownvalue.Int64Exact(512)),
				},
			},
		},
	})
}
