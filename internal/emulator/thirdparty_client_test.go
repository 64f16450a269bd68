package emulator

import (
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// findLibcloudPython is a Python that imports Apache Libcloud: $WEBCORE_LIBCLOUD_PYTHON,
// else Debian's python3 with python3-libcloud (scripts/test.sh installs it when it is missing).
func findLibcloudPython(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("WEBCORE_LIBCLOUD_PYTHON"), "/usr/bin/python3", "python3"}
	for _, name := range candidates {
		if name == "" {
			continue
		}
		path, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if exec.Command(path, "-c", "import libcloud.compute.drivers.onapp").Run() == nil {
			return path
		}
	}
	if os.Getenv("WEBCORE_REQUIRE_LIBCLOUD") != "" {
		t.Fatal("no python3 with libcloud found, and WEBCORE_REQUIRE_LIBCLOUD is set: apt-get install -y python3-libcloud")
	}
	t.Skip("no python3 with libcloud found: install Debian's python3-libcloud or set WEBCORE_LIBCLOUD_PYTHON; scripts/test.sh installs it")
	return ""
}

// TestThirdPartyClient_libcloudOnApp drives the emulator with a client of the
// vendor family that nobody here wrote: Apache Libcloud's OnApp driver
// (Debian's python3-libcloud), unchanged. Through it, testdata/libcloud_onapp.py
// lists templates and servers, creates a server, waits until it is built, and
// destroys it; this test then checks what it saw, and through the emulator's
// state that the server is gone. The driver reads template fields the
// provider does not (operating_system_arch, allowed_hot_migrate, created_at):
// without them it fails with a KeyError.
func TestThirdPartyClient_libcloudOnApp(t *testing.T) {
	python := findLibcloudPython(t)
	h := startTest(t, Config{})
	u, err := url.Parse(h.info.WebcoreURL)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "testdata/libcloud_onapp.py")
	cmd.Env = append(os.Environ(),
		"EMULATOR_HOST="+u.Hostname(), "EMULATOR_PORT="+u.Port(), "EMULATOR_CA_CERT_FILE="+h.info.CACertFile,
		"EMULATOR_LOGIN="+h.info.WebcoreLogin, "EMULATOR_PASSWORD="+h.info.WebcorePassword)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("libcloud's OnApp driver against the emulator: %v\n%s\nemulator log:\n%s", err, stderr.String(), h.logs.String())
	}
	var seen struct {
		Templates []struct {
			ID         any    `json:"id"`
			Name       string `json:"name"`
			Arch       string `json:"arch"`
			HotMigrate *bool  `json:"hot_migrate"`
			CreatedAt  string `json:"created_at"`
		} `json:"templates"`
		ServersBefore int `json:"servers_before"`
		Created       struct {
			Identifier string `json:"identifier"`
			Name       string `json:"name"`
		} `json:"created"`
		Built struct {
			State      string   `json:"state"`
			PrivateIPs []string `json:"private_ips"`
		} `json:"built"`
		ServersAfter int `json:"servers_after"`
	}
	if err := json.Unmarshal(out, &seen); err != nil {
		t.Fatalf("the script's output %q: %v", out, err)
	}
	if len(seen.Templates) != 4 || seen.Templates[0].Name != "Ubuntu 24.04 x64" || seen.Templates[0].Arch != "x64" ||
		seen.Templates[0].CreatedAt == "" {
		t.Errorf("templates as libcloud saw them: %+v", seen.Templates)
	}
	if seen.Created.Name != "libcloud-web" || len(seen.Created.Identifier) != 14 {
		t.Errorf("created server as libcloud saw it: %+v", seen.Created)
	}
	if seen.Built.State != "delivered" || len(seen.Built.PrivateIPs) != 1 || !strings.HasPrefix(seen.Built.PrivateIPs[0], "10.20.") {
		t.Errorf("built server as libcloud saw it: %+v", seen.Built)
	}
	if seen.ServersBefore != 0 || seen.ServersAfter != 0 {
		t.Errorf("servers before and after: %d and %d, want 0 and 0", seen.ServersBefore, seen.ServersAfter)
	}
	state := h.srv.domains.webcore.State()
	if len(state.VirtualServers) != 0 {
		t.Errorf("the emulator still holds %d servers", len(state.VirtualServers))
	}
	actions := map[string]bool{}
	for _, tx := range state.Transactions {
		actions[tx.Action] = tx.Status == "complete"
	}
	if !actions["build_disk"] && !actions["provisioning"] || !actions["destroy_virtual_machine"] {
		t.Errorf("the build and destroy transactions did not all complete: %v", actions)
	}
}
