package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// findChromium is the browser the dashboard test drives: $WEBCORE_CHROMIUM, else
// Debian's chromium (scripts/test.sh installs it when it is missing).
func findChromium(t *testing.T) string {
	t.Helper()
	if path := os.Getenv("WEBCORE_CHROMIUM"); path != "" {
		return path
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("WEBCORE_REQUIRE_BROWSER") != "" {
		t.Fatal("no chromium found, and WEBCORE_REQUIRE_BROWSER is set: install it (apt-get install -y chromium)")
	}
	t.Skip("no chromium found: install Debian's chromium (apt-get install -y chromium) or set WEBCORE_CHROMIUM; scripts/test.sh installs it")
	return ""
}

// TestDashboardInABrowser drives GET /_emulator/ui in headless Chromium: it
// creates a server through the API, loads the page, waits until the page —
// refreshing itself — shows the build finished, and saves a screenshot
// (dashboard.png in the test's temp dir; also at $WEBCORE_DASHBOARD_SCREENSHOT
// when set, which is how the README's picture is made).
func TestDashboardInABrowser(t *testing.T) {
	chromium := findChromium(t)
	h := startTest(t, Config{SeedFile: exampleSeed, TxDuration: 400 * time.Millisecond})

	// The browser starts first, so that the page is loaded while the build runs.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Flag("ignore-certificate-errors", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if _, err := chromedp.Run(browser, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start %s: %v", chromium, err)
	}

	// Something in every section, for a screenshot that shows the page.
	h.createKey()
	if err := h.srv.Control().SetFaults(1, []FaultRule{{Method: "GET", Path: "/v2/app/*", Kind: FaultStatus, Status: 503, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	h.webscale(http.MethodGet, "/app/my-app/logs?start_time=2026-01-01T00:00:00", "")
	if status, body := h.admin(http.MethodPost, "/virtual_machines.json", // template 4's builds fail
		`{"label":"broken-01","hostname":"broken-01","template_id":4,"memory":512,"cpus":1,"cpu_shares":10,"primary_disk_size":10}`); status != 201 {
		t.Fatalf("create server: %d %s", status, body)
	}
	status, body := h.webcore(http.MethodPost, "/virtual_machines.json", seededLogin, seededPassword,
		`{"virtual_machine":{"label":"web-01","hostname":"web-01","template_id":42,"memory":1024,"cpus":2,"cpu_shares":50,"primary_disk_size":20}}`)
	if status != 201 {
		t.Fatalf("create server: %d %s", status, body)
	}

	// The page refreshes itself while the build runs; read what it says each time.
	var seen []string
	progressJS := `(document.querySelector('[data-server="web-01"]') || {dataset: {}}).dataset.progress || ""`
	deadline := time.Now().Add(30 * time.Second)
	if _, err := chromedp.Run(browser, chromedp.Navigate(h.info.ControlURL+"/ui")); err != nil {
		t.Fatal(err)
	}
	for {
		// A refresh may be under way: an error here only means "ask again".
		progress, err := chromedp.Run(browser, chromedp.Evaluate[string](progressJS))
		if err == nil && progress != "" &&
			(len(seen) == 0 || seen[len(seen)-1] != progress) {
			seen = append(seen, progress)
		}
		if progress == "built" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page never showed the build finished; it showed %v", seen)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if seen[0] != "building" {
		t.Errorf("the page showed %v: it was loaded after the build, so its refresh went untested", seen)
	}
	chain, err := chromedp.Run(browser, chromedp.Text(`[data-server="web-01"] .chain`))
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []string{"build_disk: complete", "provisioning: complete", "configure_operating_system: complete", "startup_virtual_machine: complete"} {
		if !strings.Contains(chain, step) {
			t.Errorf("the finished chain %q lacks %q", chain, step)
		}
	}

	png, err := chromedp.Run(browser, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(t.TempDir(), "dashboard.png")
	for _, path := range []string{shot, os.Getenv("WEBCORE_DASHBOARD_SCREENSHOT")} {
		if path == "" {
			continue
		}
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	progress, _ := json.Marshal(seen)
	t.Logf("the page went %s; screenshot %s (%d bytes)", progress, shot, len(png))
}
