// Command webcore-emulator serves local, TLS-only emulations of the Webcore Cloud
// API and the Webscale API v2 for tests and demos. See internal/emulator/README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "webcore-emulator:", err)
		os.Exit(1)
	}
}

// run starts the emulator and serves until SIGINT or SIGTERM.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	opts, err := parseOptions(args, getenv, stderr)
	if err != nil {
		return err
	}
	if opts.printEnv != "" {
		info, err := emulator.ReadReadyFile(opts.printEnv)
		if err != nil {
			return err
		}
		_, err = io.WriteString(stdout, info.ShellExports())
		return err
	}
	opts.config.LogOutput = stderr
	if opts.logFile != "" {
		f, err := os.OpenFile(opts.logFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		defer func() { _ = f.Close() }()
		opts.config.LogOutput = f
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	srv, err := emulator.Start(opts.config)
	if err != nil {
		return err
	}
	info := srv.Info()
	// One human line: where things are, never the secrets themselves.
	_, _ = fmt.Fprintf(stdout, "webcore-emulator ready: webcore %s, webscale %s, control %s, dashboard %s/ui; credentials in %s; CA certificate %s\n",
		info.WebcoreURL, info.WebscaleURL, info.ControlURL, info.ControlURL, srv.ReadyFile(), info.CACertFile)
	if srv.SeedSkipped() {
		_, _ = fmt.Fprintln(stderr, "webcore-emulator: the seed file was checked but not applied: the data dir already holds a world; POST /_emulator/reset applies it")
	}

	<-ctx.Done()
	stop()
	if err := srv.Close(); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	_, _ = fmt.Fprintln(stdout, "webcore-emulator stopped")
	return nil
}
