package emulator

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestShellExportsSurviveTheShell evaluates the output in a real shell, so quoting
// mistakes (spaces, quotes, $, backslashes) show up as wrong values.
func TestShellExportsSurviveTheShell(t *testing.T) {
	info := ReadyInfo{
		WebcoreURL:      "https://127.0.0.1:4443",
		WebscaleURL:     "https://127.0.0.1:4443/v2",
		CACertFile:      "/tmp/dir with space/ca.pem",
		WebcoreLogin:    "admin",
		WebcorePassword: `pw'$HOME"\x` + "`date`",
		WebscaleToken:   "tok;en && echo hi",
		ControlURL:      "https://127.0.0.1:4443/_emulator",
	}
	script := info.ShellExports() +
		`printf '%s\n' "$WEBCORE_URL" "$WEBCORE_USERNAME" "$WEBCORE_PASSWORD" "$WEBSCALE_URL" ` +
		`"$WEBSCALE_ACCESS_TOKEN" "$WEBCORE_CA_CERT_FILE" "$WEBCORE_EMULATOR_CONTROL_URL"`
	out, err := exec.Command("sh", "-c", script).Output()
	if err != nil {
		t.Fatalf("sh: %v", err)
	}
	want := []string{info.WebcoreURL, info.WebcoreLogin, info.WebcorePassword, info.WebscaleURL,
		info.WebscaleToken, info.CACertFile, info.ControlURL}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("values after eval:\n got %q\nwant %q", got, want)
	}
}

func TestReadReadyFileRejectsAFileWithoutURLs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ready.json")
	if err := os.WriteFile(path, []byte(`{"webcore_login": "admin"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadReadyFile(path); err == nil || !strings.Contains(err.Error(), "no webcore_url") {
		t.Fatalf("err = %v", err)
	}
}
