// Command profiledprovider is the webcore provider, served as main.go serves
// it, that also writes a CPU profile of its whole life: to
// $WEBCORE_BENCH_CPUPROFILE_DIR/provider-<pid>.pprof when that variable is
// set. `go run ./tools/bench -cpuprofile DIR` builds it and plans with it;
// Terraform starts the provider more than once per command, so merge the
// files: `go tool pprof -top DIR/plan-norefresh/*.pprof`.
package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"

	"github.com/webcore/terraform-provider-webcore/internal/provider"
)

func main() {
	if dir := os.Getenv("WEBCORE_BENCH_CPUPROFILE_DIR"); dir != "" {
		stop, err := startCPUProfile(filepath.Join(dir, fmt.Sprintf("provider-%d.pprof", os.Getpid())))
		if err != nil {
			log.Fatal(err)
		}
		defer stop()
	}
	if err := provider.Serve("bench", false); err != nil {
		log.Print(err) // not Fatal: the profile must still be written
	}
}

func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path) //nolint:gosec // a profile in WEBCORE_BENCH_CPUPROFILE_DIR, which tools/bench sets
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}
