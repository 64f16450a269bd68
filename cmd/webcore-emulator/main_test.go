package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// buildBinary compiles the command into a temp dir.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "webcore-emulator")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type process struct {
	cmd    *exec.Cmd
	info   emulator.ReadyInfo
	client *http.Client
	stdout *bufio.Reader
}

// launch starts the binary and waits for its ready file.
func launch(t *testing.T, bin, dataDir string) *process {
	t.Helper()
	ready := filepath.Join(t.TempDir(), "ready.json")
	cmd := exec.Command(bin, "--listen", "127.0.0.1:0", "--data-dir", dataDir, "--ready-file", ready)
	cmd.Stderr = io.Discard
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	p := &process{cmd: cmd, stdout: bufio.NewReader(stdout)}
	line, err := p.stdout.ReadString('\n') // the ready line comes after the ready file is written
	if err != nil {
		t.Fatalf("no ready line: %v", err)
	}
	if !strings.HasPrefix(line, "webcore-emulator ready: ") {
		t.Fatalf("ready line = %q", line)
	}
	data, err := os.ReadFile(ready)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &p.info); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{p.info.WebscaleToken, p.info.WebcorePassword, p.info.WebcoreAPIKey} {
		if strings.Contains(line, secret) {
			t.Fatal("the ready line shows a secret")
		}
	}
	pem, err := os.ReadFile(p.info.CACertFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	p.client = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 10 * time.Second}
	return p
}

func (p *process) call(t *testing.T, method, path, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, p.info.WebscaleURL+path, strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := p.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestAcknowledgedWriteSurvivesSIGKILL: write, kill -9, restart on the same data dir, find the write.
func TestAcknowledgedWriteSurvivesSIGKILL(t *testing.T) {
	bin := buildBinary(t)
	dataDir := t.TempDir()

	first := launch(t, bin, dataDir)
	status, body := first.call(t, http.MethodPost, "/users/self/access-keys", first.info.WebscaleToken)
	if status != 200 {
		t.Fatalf("create key: %d %s", status, body)
	}
	var created struct {
		Href      string `json:"href"`
		SecretKey string `json:"secret_key"`
	}
	if err := json.Unmarshal([]byte(body), &created); err != nil {
		t.Fatal(err)
	}
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.cmd.Wait()

	second := launch(t, bin, dataDir)
	if second.info.WebscaleToken != first.info.WebscaleToken {
		t.Fatal("generated token changed across restart")
	}
	if status, body := second.call(t, http.MethodGet, "/users/self/access-keys", created.SecretKey); status != 200 ||
		!strings.Contains(body, created.Href) {
		t.Fatalf("key created before kill -9: %d %s", status, body)
	}

	// SIGTERM shuts down cleanly: exit status 0 and a last line.
	if err := second.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(second.stdout)
	if err := second.cmd.Wait(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
		t.Fatal(err)
	}
	if !strings.Contains(string(rest), "webcore-emulator stopped") {
		t.Fatalf("no shutdown line: %q", rest)
	}
}
