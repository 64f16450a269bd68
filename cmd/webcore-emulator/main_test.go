package main

import (
	"bufio"
	"context"
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

	"github.com/webcore/terraform-provider-webcore/internal/client"
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
func launch(t *testing.T, bin, dataDir string, extraArgs ...string) *process {
	t.Helper()
	ready := filepath.Join(t.TempDir(), "ready.json")
	args := append([]string{"--listen", "127.0.0.1:0", "--data-dir", dataDir, "--ready-file", ready}, extraArgs...)
	cmd := exec.Command(bin, args...)
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
	if !strings.Contains(line, "dashboard "+p.info.ControlURL+"/ui;") {
		t.Fatalf("the ready line does not name the dashboard: %q", line)
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

// TestSIGINTShutsDownCleanly: Ctrl-C ends the process with status 0 and the last line,
// and the data dir can be opened again at once (the stores were closed).
func TestSIGINTShutsDownCleanly(t *testing.T) {
	bin := buildBinary(t)
	dataDir := t.TempDir()
	p := launch(t, bin, dataDir)
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(p.stdout)
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGINT: %v", err)
	}
	if !strings.Contains(string(rest), "webcore-emulator stopped") {
		t.Fatalf("no shutdown line: %q", rest)
	}
	again := launch(t, bin, dataDir)
	if status, body := again.call(t, http.MethodGet, "/users/self", again.info.WebscaleToken); status != 200 {
		t.Fatalf("after restart: %d %s", status, body)
	}
}

// TestBuildResumesAfterSIGKILL: kill -9 while a server's build chain is
// running; after a restart on the same data dir the chain finishes.
func TestBuildResumesAfterSIGKILL(t *testing.T) {
	bin := buildBinary(t)
	dataDir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	first := launch(t, bin, dataDir, "--tx-duration", "300ms")
	webcore := webcoreClient(t, first.info)
	vs, err := webcore.CreateVirtualServer(ctx, client.VirtualServerCreateRequest{
		Label: "survivor", Hostname: "survivor", TemplateID: 1, Memory: 512, CPUs: 1, CPUShares: 10, PrimaryDiskSize: 10,
	})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	id := vs.ID
	// Kill only once the chain is under way: one step done, the rest not.
	for {
		txs, err := webcore.ListVirtualServerTransactions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if countStatus(txs, client.TransactionComplete) >= 1 {
			if countStatus(txs, client.TransactionComplete) == len(txs) {
				t.Fatal("the chain finished before the kill; the test proves nothing")
			}
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.cmd.Wait()

	second := launch(t, bin, dataDir, "--tx-duration", "50ms")
	ready, err := webcoreClient(t, second.info).WaitVirtualServerReady(ctx, id, 0, true)
	if err != nil {
		t.Fatalf("after restart the build did not finish: %v", err)
	}
	if !ready.Built || !ready.Booted || ready.Locked {
		t.Fatalf("server after resumed build: built=%v booted=%v locked=%v", ready.Built, ready.Booted, ready.Locked)
	}
}

func webcoreClient(t *testing.T, info emulator.ReadyInfo) *client.Webcore {
	t.Helper()
	tr, err := client.NewTransport(client.TransportConfig{CACertFile: info.CACertFile})
	if err != nil {
		t.Fatal(err)
	}
	wc, err := client.NewWebcore(tr, client.WebcoreConfig{URL: info.WebcoreURL, Username: info.WebcoreLogin, Password: info.WebcorePassword})
	if err != nil {
		t.Fatal(err)
	}
	return wc
}

func countStatus(txs []client.Transaction, status string) int {
	n := 0
	for _, tx := range txs {
		if tx.Status == status {
			n++
		}
	}
	return n
}
