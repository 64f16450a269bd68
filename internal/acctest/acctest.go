// Package acctest runs acceptance tests the way users run the provider: the
// real Terraform (or OpenTofu) CLI, the real provider, and the emulator of
// both APIs over TLS on loopback. It also holds what the object packages'
// tests share: admin clients of the emulator (clients.go), object ids,
// API checks and error matchers (checks.go), fault injection (faults.go)
// and the emulator's typed state (state.go).
package acctest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"golang.org/x/crypto/bcrypt"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
	"github.com/webcore/terraform-provider-webcore/internal/pluginserver"
	"github.com/webcore/terraform-provider-webcore/internal/provider"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

// TxDuration is how long one emulated transaction step takes in tests: long
// enough to observe pending and running, short enough to keep the suite fast.
const TxDuration = 25 * time.Millisecond

var shared struct {
	once    sync.Once
	srv     *emulator.Server
	log     *syncBuffer
	err     error
	envOnce sync.Once
	envErr  error
}

// ProtoV6ProviderFactories serves the provider in-process to the CLI, as
// the plugin binary serves it (through pluginserver).
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	provider.TypeName: pluginserver.Factory(provider.New("acctest")()),
}

// ProtoV6ProviderFactoriesWithClock serves a provider that tells the time by
// clock, for tests about expiry that should not wait for it.
func ProtoV6ProviderFactoriesWithClock(clock providerdata.Clock) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		provider.TypeName: pluginserver.Factory(provider.NewWithClock("acctest", clock)()),
	}
}

// ShiftedClock is one test's clock: the real time plus an offset the test
// moves between steps. Pass its Now to ProtoV6ProviderFactoriesWithClock.
type ShiftedClock struct {
	offset atomic.Int64
}

// Now is the real time plus the offset.
func (c *ShiftedClock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// Set moves the clock to the real time plus offset.
func (c *ShiftedClock) Set(offset time.Duration) { c.offset.Store(int64(offset)) }

// Emulator returns the emulator shared by the tests of this package's test
// binary, starting it on first use.
func Emulator(t testing.TB) *emulator.Server {
	t.Helper()
	shared.once.Do(startEmulator)
	if shared.err != nil {
		t.Fatalf("starting the emulator: %v", shared.err)
	}
	return shared.srv
}

// EmulatorLog returns every log line the shared emulator has written so far.
func EmulatorLog() string {
	if shared.log == nil {
		return ""
	}
	return shared.log.String()
}

// PreCheck is the PreCheck of every acceptance test: it makes sure the
// emulator runs and points the provider at it through the provider's
// environment variables, so test configurations need no provider block.
func PreCheck(t *testing.T) {
	t.Helper()
	srv := Emulator(t)
	shared.envOnce.Do(func() { shared.envErr = setProviderEnv(srv.Info()) })
	if shared.envErr != nil {
		t.Fatalf("setting the provider environment: %v", shared.envErr)
	}
}

func startEmulator() {
	if err := ensureTerraformPath(); err != nil {
		shared.err = err
		return
	}
	shared.log = &syncBuffer{}
	srv, err := emulator.Start(emulator.Config{
		Listen:     "127.0.0.1:0",
		TxDuration: TxDuration,
		LogOutput:  shared.log,
		// The cheapest bcrypt: every user a test creates is hashed once.
		PasswordCost: bcrypt.MinCost,
	})
	if err != nil {
		shared.err = err
		return
	}
	shared.srv = srv
}

// WithoutProviderEnv clears every setting the provider reads from the
// environment for the rest of t (and its subtests, which may be parallel), so a
// test that configures the provider explicitly sees only its own provider
// block, whichever test called PreCheck before it.
func WithoutProviderEnv(t *testing.T) {
	t.Helper()
	for _, name := range []string{
		provider.EnvWebcoreURL, provider.EnvWebcoreUsername, provider.EnvWebcorePassword, provider.EnvWebcoreAPIKey,
		provider.EnvWebscaleURL, provider.EnvWebscaleAccessToken, provider.EnvWebscaleTokenInQuery,
		provider.EnvCACertFile, provider.EnvInsecure,
	} {
		t.Setenv(name, "")
	}
}

func setProviderEnv(info emulator.ReadyInfo) error {
	env := map[string]string{
		provider.EnvWebcoreURL:          info.WebcoreURL,
		provider.EnvWebcoreUsername:     info.WebcoreLogin,
		provider.EnvWebcorePassword:     info.WebcorePassword,
		provider.EnvWebcoreAPIKey:       "",
		provider.EnvWebscaleURL:         info.WebscaleURL,
		provider.EnvWebscaleAccessToken: info.WebscaleToken,
		provider.EnvCACertFile:          info.CACertFile,
	}
	for k, v := range env {
		if err := os.Setenv(k, v); err != nil {
			return err
		}
	}
	return nil
}

// ensureTerraformPath lets `go test` find the pinned CLI that `make tools`
// builds, so a developer need not export TF_ACC_TERRAFORM_PATH by hand;
// terraform-plugin-testing would otherwise try to download one, which this
// project never does.
func ensureTerraformPath() error {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") != "" {
		return nil
	}
	dir := os.Getenv("WEBCORE_TOOLS_DIR")
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return err
		}
		dir = filepath.Join(cache, "webcore-tools")
	}
	cli := filepath.Join(dir, "terraform-1.8.5", "terraform")
	if _, err := os.Stat(cli); err != nil { //nolint:gosec // the pinned CLI in the developer's own tools directory (WEBCORE_TOOLS_DIR or the user cache)
		return fmt.Errorf("no Terraform CLI: set TF_ACC_TERRAFORM_PATH, or run `make tools` to build the pinned one into %s", dir)
	}
	return os.Setenv("TF_ACC_TERRAFORM_PATH", cli)
}

// syncBuffer is a bytes.Buffer safe for the emulator's concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
