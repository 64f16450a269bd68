package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// SeededEmulator starts an emulator of t's own, seeded with seedJSON (the
// seed file's format, see internal/emulator/README.md), for a test whose
// world differs from the shared one's, and stops it when t ends. It returns
// the emulator and a provider block that points at it, to start the test's
// configurations with.
func SeededEmulator(t *testing.T, seedJSON string) (*emulator.Server, string) {
	t.Helper()
	if err := ensureTerraformPath(); err != nil {
		t.Fatal(err)
	}
	seed := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(seed, []byte(seedJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := emulator.Start(emulator.Config{
		Listen: "127.0.0.1:0", TxDuration: TxDuration, LogOutput: &syncBuffer{},
		PasswordCost: bcrypt.MinCost, SeedFile: seed,
	})
	if err != nil {
		t.Fatalf("starting a seeded emulator: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	info := srv.Info()
	return srv, fmt.Sprintf(`
provider "webcore" {
  ca_cert_file = %q
  webcore {
    url      = %q
    username = %q
    password = %q
  }
  webscale {
    url          = %q
    access_token = %q
  }
}
`, info.CACertFile, info.WebcoreURL, info.WebcoreLogin, info.WebcorePassword, info.WebscaleURL, info.WebscaleToken)
}

