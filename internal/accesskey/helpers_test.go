package accesskey_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// webscaleClient is a client of the emulator with the bootstrap token, for
// checks and out-of-band changes.
func webscaleClient(t *testing.T) *client.Webscale {
	t.Helper()
	info := acctest.Emulator(t).Info()
	transport, err := client.NewTransport(client.TransportConfig{CACertFile: info.CACertFile})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := client.NewWebscale(transport, client.WebscaleConfig{URL: info.WebscaleURL, AccessToken: info.WebscaleToken})
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// keyIDs lists the ids of the caller's keys in the emulator.
func keyIDs(t *testing.T) []string {
	t.Helper()
	keys, err := webscaleClient(t).ListAccessKeys(context.Background(), "self")
	if err != nil {
		t.Fatalf("listing keys: %v", err)
	}
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k.ID()
	}
	return ids
}

// captureID stores a resource's id from state into *id.
func captureID(name string, id *string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[name]
		if !ok {
			return fmt.Errorf("%s not in state", name)
		}
		*id = rs.Primary.ID
		return nil
	}
}

// keyGone checks through the API that none of the given keys exists.
func keyGone(t *testing.T, ids ...*string) func(*terraform.State) error {
	return func(*terraform.State) error {
		existing := keyIDs(t)
		for _, id := range ids {
			if *id != "" && slices.Contains(existing, *id) {
				return fmt.Errorf("access key %s still exists", *id)
			}
		}
		return nil
	}
}

// keyExists checks through the API that the key exists.
func keyExists(t *testing.T, id *string) func(*terraform.State) error {
	return func(*terraform.State) error {
		if !slices.Contains(keyIDs(t), *id) {
			return fmt.Errorf("access key %s does not exist in the API", *id)
		}
		return nil
	}
}
