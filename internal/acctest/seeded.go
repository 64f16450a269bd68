package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"golang.org/x/crypto/bcrypt"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// Seeded is an emulator of one test's own, for a test whose world differs
// from the shared one's, or that counts its requests exactly.
type Seeded struct {
	*emulator.Server
	// ProviderBlock points the provider at this emulator: start the test's
	// configurations with it.
	ProviderBlock string
}

// SeededEmulator skips t unless it is an acceptance run; otherwise it
// starts an emulator for t, seeded with seedJSON (the seed file's format,
// see internal/emulator/README.md; "{}" for the defaults), and stops it
// when t ends.
func SeededEmulator(t *testing.T, seedJSON string) *Seeded {
	t.Helper()
	SkipUnlessAcceptance(t)
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
	return &Seeded{Server: srv, ProviderBlock: fmt.Sprintf(`
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
`, info.CACertFile, info.WebcoreURL, info.WebcoreLogin, info.WebcorePassword, info.WebscaleURL, info.WebscaleToken)}
}

// Admin is a client of this emulator logged in as its admin.
func (s *Seeded) Admin(t testing.TB) *client.Webcore {
	t.Helper()
	return s.Client(t, s.Info().WebcoreLogin, s.Info().WebcorePassword)
}

// Client is a client of this emulator logged in with login and password.
func (s *Seeded) Client(t testing.TB, login, password string) *client.Webcore {
	t.Helper()
	info := s.Info()
	webcore, err := client.NewWebcore(transport(t, info.CACertFile), client.WebcoreConfig{
		URL: info.WebcoreURL, Username: login, Password: password,
		Wait: client.WaitOptions{Initial: TxDuration},
	})
	if err != nil {
		t.Fatalf("webcore client: %v", err)
	}
	return webcore
}

// ClearRequests empties this emulator's request counters.
func (s *Seeded) ClearRequests(t testing.TB) {
	t.Helper()
	if err := s.Control().ClearRequests(); err != nil {
		t.Fatalf("clearing the emulator's requests: %v", err)
	}
}

// CheckListedOnce fails unless route (e.g. "GET /users.json") was called
// since ClearRequests, and fewer times than copies: a step whose
// configuration reads copies data sources of one type, from one shared
// list per Terraform command, stays under it; one list per data source
// would not.
func (s *Seeded) CheckListedOnce(route string, copies int) func(*terraform.State) error {
	return func(*terraform.State) error {
		counters, err := s.Control().Counters()
		if err != nil {
			return err
		}
		if n := counters[route]; n == 0 || n >= copies {
			return fmt.Errorf("the step called %s %d times for %d data sources; want one list per Terraform command", route, n, copies)
		}
		return nil
	}
}
