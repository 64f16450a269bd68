package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// emulatorReadyTimeout bounds how long a start may take before the ready file appears.
const emulatorReadyTimeout = 30 * time.Second

// Emulator is one webcore-emulator child. Its data dir outlives the process,
// so it can be killed and started again on the same state, port, credentials
// and CA, as a crashed control panel comes back.
type Emulator struct {
	Info    emulator.ReadyInfo      // the ready file of the latest start
	Control *emulator.ControlClient // its control API

	bin       string
	args      []string // flags after --listen: data dir, ready file, log file, durations
	listen    string   // "127.0.0.1:0" at first; the port it got, for restarts
	readyFile string
	logDir    string
	env       []string

	cmd     *exec.Cmd
	exited  chan struct{} // closed once cmd has been waited for
	waitErr error
}

// StartEmulator starts the emulator binary bin on a free loopback port with a
// fresh data dir under workDir; its request log (emulator-requests.log) and
// output (emulator.out) go to logDir. extraArgs are more flags.
func StartEmulator(ctx context.Context, bin, workDir, logDir string, env []string, extraArgs ...string) (*Emulator, error) {
	e := &Emulator{
		bin:       bin,
		listen:    "127.0.0.1:0",
		readyFile: filepath.Join(workDir, "ready.json"),
		logDir:    logDir,
		env:       env,
	}
	e.args = append([]string{
		"--data-dir", filepath.Join(workDir, "emulator-data"),
		"--ready-file", e.readyFile,
		"--log-file", filepath.Join(logDir, "emulator-requests.log"),
	}, extraArgs...)
	if err := e.launch(ctx); err != nil {
		return nil, err
	}
	u, err := url.Parse(e.Info.WebcoreURL)
	if err != nil {
		e.Kill()
		return nil, fmt.Errorf("emulator ready file: %w", err)
	}
	e.listen = u.Host // a restart must come back where the provider is pointed
	return e, nil
}

// launch starts the process and waits for a fresh ready file.
func (e *Emulator) launch(ctx context.Context) error {
	if err := os.Remove(e.readyFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	stdout, err := os.OpenFile(filepath.Join(e.logDir, "emulator.out"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	// The child has its own copy of the descriptor.
	defer func() { _ = stdout.Close() }()
	e.cmd = exec.Command(e.bin, append([]string{"--listen", e.listen}, e.args...)...) //nolint:gosec // the emulator binary the tool built, with arguments the tool sets
	e.cmd.Env = e.env
	e.cmd.Stdout, e.cmd.Stderr = stdout, stdout
	e.cmd.SysProcAttr = OwnProcessGroup()
	if err := e.cmd.Start(); err != nil {
		return fmt.Errorf("start the emulator: %w", err)
	}
	e.exited = make(chan struct{})
	go func() {
		e.waitErr = e.cmd.Wait()
		close(e.exited)
	}()
	if err := e.awaitReady(ctx); err != nil {
		e.Kill()
		return err
	}
	return nil
}

func (e *Emulator) awaitReady(ctx context.Context) error {
	deadline := time.Now().Add(emulatorReadyTimeout)
	for {
		if data, err := os.ReadFile(e.readyFile); err == nil { // written atomically: complete when present
			if err := json.Unmarshal(data, &e.Info); err != nil {
				return fmt.Errorf("emulator ready file: %w", err)
			}
			e.Control, err = emulator.NewControlClient(e.Info.ControlURL, e.Info.CACertFile)
			return err
		}
		select {
		case <-e.exited:
			return fmt.Errorf("the emulator exited before it was ready (%w); see %s", e.waitErr, filepath.Join(e.logDir, "emulator.out"))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the emulator was not ready within %v", emulatorReadyTimeout)
		}
	}
}

// Kill ends the emulator at once, as a crash or an OOM kill would: no shutdown,
// only what its store had committed survives.
func (e *Emulator) Kill() {
	_ = SignalGroup(e.cmd.Process, syscall.SIGKILL)
	<-e.exited
}

// Stop shuts the emulator down gracefully, and kills it if that takes too long.
func (e *Emulator) Stop() {
	select {
	case <-e.exited:
		return
	default:
	}
	_ = SignalGroup(e.cmd.Process, syscall.SIGTERM)
	select {
	case <-e.exited:
	case <-time.After(10 * time.Second):
		e.Kill()
	}
}

// Restart starts the emulator again on the same data dir and address.
func (e *Emulator) Restart(ctx context.Context) error { return e.launch(ctx) }

// ProviderEnv is the provider's part of a Terraform environment for this emulator.
func (e *Emulator) ProviderEnv() []string {
	var env []string
	for _, kv := range e.Info.ProviderEnv() {
		env = append(env, kv[0]+"="+kv[1])
	}
	return env
}
