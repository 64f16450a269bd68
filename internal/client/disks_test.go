package client_test

import (
	"context"
	"testing"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// The day-2 calls against the emulator: a disk grows through resize_disk,
// the server migrates and changes hands, and the wait helpers see it through.
func TestEmulator_diskResizeMigrationAndOwner(t *testing.T) {
	info := startEmulator(t).Info()
	wc, err := client.NewWebcore(transport(t, info), client.WebcoreConfig{URL: info.WebcoreURL, Username: info.WebcoreLogin, Password: info.WebcorePassword})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	swap, hv := int64(1), int64(1)
	vs, err := wc.CreateVirtualServer(ctx, client.VirtualServerCreateRequest{Label: "day2", Hostname: "day2", TemplateID: 1,
		Memory: 256, CPUs: 1, CPUShares: 1, PrimaryDiskSize: 6, SwapDiskSize: &swap, HypervisorID: &hv})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wc.WaitVirtualServerReady(ctx, vs.ID, 0, true); err != nil {
		t.Fatal(err)
	}
	disks, err := wc.ListDisks(ctx, vs.ID)
	if err != nil || len(disks) != 2 || !disks[0].Primary || !disks[1].IsSwap || disks[0].VirtualMachineID != vs.ID {
		t.Fatalf("ListDisks = %+v, %v", disks, err)
	}
	after, err := wc.LatestTransactionID(ctx, vs.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := wc.ResizeDisk(ctx, disks[0].ID, 9); err != nil {
		t.Fatal(err)
	}
	if err := wc.WaitForTransactions(ctx, vs.ID, after); err != nil {
		t.Fatal(err)
	}
	if err := wc.ResizeDisk(ctx, disks[0].ID, 7); !client.IsValidation(err) {
		t.Fatalf("shrinking = %v, want a 422", err)
	}
	if after, err = wc.LatestTransactionID(ctx, vs.ID); err != nil {
		t.Fatal(err)
	}
	if err := wc.MigrateVirtualServer(ctx, vs.ID, 2); err != nil {
		t.Fatal(err)
	}
	if err := wc.WaitForTransactions(ctx, vs.ID, after); err != nil {
		t.Fatal(err)
	}
	u, err := wc.CreateUser(ctx, client.UserCreateRequest{Login: "day2-owner", Email: "day2-owner@example.com", Password: "secret-1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := wc.ChangeOwner(ctx, vs.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	got, err := wc.GetVirtualServer(ctx, vs.Identifier)
	if err != nil {
		t.Fatal(err)
	}
	if *got.PrimaryDiskSize != 9 || *got.SwapDiskSize != 1 || got.HypervisorID != 2 || got.UserID != u.ID {
		t.Fatalf("after the day-2 calls: %+v", got)
	}
	if err := wc.DeleteVirtualServer(ctx, vs.ID, client.KeepBackups); err != nil {
		t.Fatal(err)
	}
	if err := wc.WaitVirtualServerGone(ctx, vs.ID); err != nil {
		t.Fatal(err)
	}
}
