// Command readyenv turns the emulator's ready file into shell `export` lines
// for the provider's environment variables, so scripts need no JSON tool:
//
//	eval "$(go run ./tools/readyenv /path/to/ready.json)"
//
// The output carries credentials: evaluate it, never print it.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: readyenv READY_FILE")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "readyenv:", err)
		os.Exit(1)
	}
}

func run(path string, out io.Writer) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var info emulator.ReadyInfo
	if err := json.Unmarshal(data, &info); err != nil {
		return fmt.Errorf("decode %s: %w", path, err)
	}
	if info.WebcoreURL == "" || info.WebscaleURL == "" {
		return fmt.Errorf("%s has no webcore_url or webscale_url", path)
	}
	_, err = io.WriteString(out, exports(info))
	return err
}

// exports maps the ready file onto the provider's environment variables (login
// and password authentication) plus the emulator's control API address.
func exports(info emulator.ReadyInfo) string {
	var b strings.Builder
	for _, kv := range append(info.ProviderEnv(), [2]string{"WEBCORE_EMULATOR_CONTROL_URL", info.ControlURL}) {
		fmt.Fprintf(&b, "export %s=%s\n", kv[0], shellQuote(kv[1]))
	}
	return b.String()
}

// shellQuote wraps s in single quotes, which the shell takes literally; a single
// quote inside ends the quoting, is escaped with a backslash, and quoting restarts.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
