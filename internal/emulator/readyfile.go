package emulator

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// ReadReadyFile reads the ready file of a running emulator.
func ReadReadyFile(path string) (ReadyInfo, error) {
	var info ReadyInfo
	data, err := os.ReadFile(path) //nolint:gosec // the ready file the operator names (--print-env, tools/readyenv) to read the settings it wrote
	if err != nil {
		return info, err
	}
	if err := json.Unmarshal(data, &info); err != nil {
		return info, fmt.Errorf("decode %s: %w", path, err)
	}
	if info.WebcoreURL == "" || info.WebscaleURL == "" {
		return info, fmt.Errorf("%s has no webcore_url or webscale_url", path)
	}
	return info, nil
}

// ShellExports is the ready file as shell `export NAME='value'` lines: the
// provider's environment variables (ProviderEnv) and WEBCORE_EMULATOR_CONTROL_URL.
// It carries credentials: evaluate it, never print it where others read.
func (i ReadyInfo) ShellExports() string {
	var b strings.Builder
	for _, kv := range append(i.ProviderEnv(), [2]string{"WEBCORE_EMULATOR_CONTROL_URL", i.ControlURL}) {
		fmt.Fprintf(&b, "export %s=%s\n", kv[0], shellQuote(kv[1]))
	}
	return b.String()
}

// shellQuote wraps s in single quotes, which the shell takes literally; a single
// quote inside ends the quoting, is escaped with a backslash, and quoting restarts.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
