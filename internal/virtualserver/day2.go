package virtualserver

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/converge"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// The changes made in place after the build, each through its own call of
// the API and each sent through converge like any other write, so that a
// lost answer is checked and the call sent again only when it did not take
// effect: a disk grown (resize_disk), a migration to another hypervisor
// (migrate_virtual_machine), a hand-over to another owner (change_owner).

// growDisks grows each disk of growths in place, one resize_disk at a time
// (the API refuses a resize while the server is locked), and waits for it.
func growDisks(ctx context.Context, api *client.Webcore, id int64, growths []diskGrowth, diags *diag.Diagnostics) bool {
	for _, g := range growths {
		fields := apidiag.FieldPaths{"disk_size": path.Root(g.attribute)}
		action := fmt.Sprintf("growing the %s of virtual server %d to %d GB", diskName(g.swap), id, g.size)
		disk, err := findDisk(ctx, api, id, g.swap)
		if err == nil && disk.DiskSize > g.size {
			err = fmt.Errorf("the disk is %d GB and a disk cannot shrink: replace the server to make it smaller "+
				"(terraform apply -replace=<address>)", disk.DiskSize)
		}
		if err != nil {
			apidiag.Append(diags, action, err, fields)
			return false
		}
		if disk.DiskSize == g.size {
			continue // grown already, outside Terraform or by an earlier apply
		}
		after, err := api.LatestTransactionID(ctx, id)
		if err == nil {
			err = converge.Apply(ctx, converge.Change{
				What:   action,
				Send:   func(ctx context.Context) error { return api.ResizeDisk(ctx, disk.ID, g.size) },
				Settle: func(ctx context.Context) error { return settle(ctx, api, id) },
				Applied: func(ctx context.Context) (bool, error) {
					now, err := findDisk(ctx, api, id, g.swap)
					return err == nil && now.DiskSize >= g.size, err
				},
			})
		}
		if err == nil {
			err = api.WaitForTransactions(ctx, id, after)
		}
		if err != nil {
			apidiag.Append(diags, action, err, fields)
			return false
		}
	}
	return true
}

func diskName(swap bool) string {
	if swap {
		return "swap disk"
	}
	return "primary disk"
}

// findDisk is the server's primary or swap disk.
func findDisk(ctx context.Context, api *client.Webcore, id int64, swap bool) (*client.Disk, error) {
	disks, err := api.ListDisks(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, d := range disks {
		if d.IsSwap == swap && (swap || d.Primary) {
			return &d, nil
		}
	}
	return nil, fmt.Errorf("virtual server %d has no %s", id, diskName(swap))
}

// migrationTarget is the hypervisor the plan moves the server to, or 0.
// Only a configured placement that changed since the prior state moves it
// (an unconfigured one is planned as the server's own, see followsPlacement):
// to hypervisor_id, which must then be in a configured hypervisor_group_id,
// or else to the first online hypervisor of the new group, since the API
// migrates to a hypervisor, not to a group.
func migrationTarget(ctx context.Context, api *client.Webcore, plan, prior resourceModel, now *client.VirtualServer) (int64, diag.Diagnostics) {
	var diags diag.Diagnostics
	toHypervisor := tfmodel.ChangedInt64(plan.HypervisorID, prior.HypervisorID)
	toGroup := tfmodel.ChangedInt64(plan.HypervisorGroupID, prior.HypervisorGroupID)
	group := tfmodel.KnownInt64(plan.HypervisorGroupID)
	if toHypervisor == nil && toGroup == nil {
		return 0, nil
	}
	if toHypervisor != nil && *toHypervisor == now.HypervisorID ||
		toHypervisor == nil && now.HypervisorGroupID != nil && *now.HypervisorGroupID == *toGroup {
		return 0, nil // already there
	}
	hypervisors, err := api.ListHypervisors(ctx)
	if err != nil {
		apidiag.Append(&diags, "listing the hypervisors to migrate to", err, nil)
		return 0, diags
	}
	for _, hv := range hypervisors {
		switch {
		case toHypervisor != nil && hv.ID == *toHypervisor:
			if group != nil && hv.HypervisorGroupID != *group {
				diags.AddAttributeError(path.Root("hypervisor_id"), "Hypervisor outside hypervisor_group_id",
					fmt.Sprintf("Hypervisor %d is in group %d, not in hypervisor_group_id %d: set one of them so that "+
						"they agree, or leave hypervisor_group_id out.", hv.ID, hv.HypervisorGroupID, *group))
				return 0, diags
			}
			return hv.ID, nil
		case toHypervisor == nil && hv.HypervisorGroupID == *toGroup && hv.Online && hv.ID != now.HypervisorID:
			return hv.ID, nil
		}
	}
	if toHypervisor != nil {
		return *toHypervisor, nil // not listed: the API has the last word (a 422 on destination)
	}
	diags.AddAttributeError(path.Root("hypervisor_group_id"), "No hypervisor to migrate to",
		fmt.Sprintf("Hypervisor group %d has no online hypervisor to migrate virtual server %d to. Choose another "+
			"group, or set hypervisor_id.", *toGroup, now.ID))
	return 0, diags
}

// migrate moves the server to hypervisor dest and waits for its
// migrate_virtual_machine transaction.
func migrate(ctx context.Context, api *client.Webcore, id, dest int64, diags *diag.Diagnostics) bool {
	action := fmt.Sprintf("migrating virtual server %d to hypervisor %d", id, dest)
	after, err := api.LatestTransactionID(ctx, id)
	if err == nil {
		err = converge.Apply(ctx, converge.Change{
			What:   action,
			Send:   func(ctx context.Context) error { return api.MigrateVirtualServer(ctx, id, dest) },
			Settle: func(ctx context.Context) error { return settle(ctx, api, id) },
			Applied: func(ctx context.Context) (bool, error) {
				now, err := api.GetVirtualServer(ctx, tfmodel.FormatID(id))
				return err == nil && now.HypervisorID == dest, err
			},
		})
	}
	if err == nil {
		err = api.WaitForTransactions(ctx, id, after)
	}
	if err != nil {
		apidiag.Append(diags, action, err, fieldPaths)
		return false
	}
	return true
}

// handOver makes user to the server's owner (change_owner answers at once).
func handOver(ctx context.Context, api *client.Webcore, id, to int64, diags *diag.Diagnostics) bool {
	action := fmt.Sprintf("handing virtual server %d over to user %d", id, to)
	err := converge.Apply(ctx, converge.Change{
		What: action,
		Send: func(ctx context.Context) error { return api.ChangeOwner(ctx, id, to) },
		Applied: func(ctx context.Context) (bool, error) {
			now, err := api.GetVirtualServer(ctx, tfmodel.FormatID(id))
			return err == nil && now.UserID == to, err
		},
	})
	if err != nil {
		apidiag.Append(diags, action, err, fieldPaths)
		return false
	}
	return true
}
