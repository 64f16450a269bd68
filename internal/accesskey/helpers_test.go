package accesskey_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// keyIDs lists the ids of the caller's keys in the emulator.
func keyIDs(t *testing.T) []string {
	t.Helper()
	keys, err := acctest.WebscaleClient(t).ListAccessKeys(context.Background(), "self")
	if err != nil {
		t.Fatalf("listing keys: %v", err)
	}
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k.ID()
	}
	return ids
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
