package main

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseOptionsDefaults(t *testing.T) {
	opts, err := parseOptions(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	c := opts.config
	if c.Listen != emulator.DefaultListen || c.TxDuration != time.Second || c.DataDir != "" || c.ReadyFile != "" ||
		len(c.ActionDurations) != 0 || opts.logFile != "" {
		t.Fatalf("defaults = %+v", opts)
	}
}

func TestParseOptionsEnvAndFlags(t *testing.T) {
	vars := map[string]string{
		"WEBCORE_EMULATOR_LISTEN":             "127.0.0.1:0",
		"WEBCORE_EMULATOR_DATA_DIR":           "/env/data",
		"WEBCORE_EMULATOR_READY_FILE":         "/env/ready.json",
		"WEBCORE_EMULATOR_TX_DURATION":        "250ms",
		"WEBCORE_EMULATOR_TX_ACTION_DURATION": "build_disk=3s,provisioning=2s",
		"WEBCORE_EMULATOR_WEBSCALE_TOKEN":     "env-token",
		"WEBCORE_EMULATOR_TLS_CERT":           "/env/cert.pem",
		"WEBCORE_EMULATOR_TLS_KEY":            "/env/key.pem",
		"WEBCORE_EMULATOR_LOG_FILE":           "/dev/null",
		"WEBCORE_EMULATOR_SEED_FILE":          "/env/seed.json",
	}
	opts, err := parseOptions([]string{"--data-dir", "/flag/data", "--tx-action-duration", "build_disk=5s",
		"--tx-action-duration=destroy_virtual_machine=1s"}, env(vars), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	c := opts.config
	if c.Listen != "127.0.0.1:0" || c.DataDir != "/flag/data" || c.ReadyFile != "/env/ready.json" ||
		c.TxDuration != 250*time.Millisecond || c.WebscaleToken != "env-token" || c.TLSCert != "/env/cert.pem" ||
		c.TLSKey != "/env/key.pem" || opts.logFile != "/dev/null" || c.SeedFile != "/env/seed.json" {
		t.Fatalf("config = %+v", opts)
	}
	want := map[string]time.Duration{"build_disk": 5 * time.Second, "provisioning": 2 * time.Second, "destroy_virtual_machine": time.Second}
	if !reflect.DeepEqual(c.ActionDurations, want) {
		t.Fatalf("action durations = %v, want %v", c.ActionDurations, want)
	}
}

func TestParseOptionsRejectsBadValues(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
	}{
		{[]string{"--tx-action-duration", "build_disk"}, nil},
		{[]string{"--tx-action-duration", "build_disk=fast"}, nil},
		{[]string{"--tx-action-duration", "=1s"}, nil},
		{[]string{"--tx-duration", "0s"}, nil},
		{[]string{"--rate-limit", "-1"}, nil},
		{[]string{"--password-cost", "3"}, nil},
		{[]string{"--rate-limit", "20", "--rate-burst", "0"}, nil},
		{[]string{"--no-such-flag"}, nil},
		{[]string{"extra"}, nil},
		{nil, map[string]string{"WEBCORE_EMULATOR_TX_DURATION": "soon"}},
	} {
		if _, err := parseOptions(c.args, env(c.env), io.Discard); err == nil {
			t.Errorf("accepted args %v env %v", c.args, c.env)
		}
	}
}

func TestParseOptionsRateLimit(t *testing.T) {
	opts, err := parseOptions([]string{"--rate-limit", "20", "--password-cost", "4"}, env(map[string]string{"WEBCORE_EMULATOR_RATE_BURST": "7"}), io.Discard)
	if err != nil || opts.config.RateLimit != 20 || opts.config.RateBurst != 7 || opts.config.PasswordCost != 4 {
		t.Fatalf("rate %v burst %v: %v", opts.config.RateLimit, opts.config.RateBurst, err)
	}
	opts, _ = parseOptions(nil, env(nil), io.Discard)
	if opts.config.RateLimit != 0 || opts.config.RateBurst != 5 {
		t.Fatalf("defaults: rate %v burst %v, want no limit and burst 5", opts.config.RateLimit, opts.config.RateBurst)
	}
}

func TestEnvName(t *testing.T) {
	if got := envName("tx-action-duration"); got != "WEBCORE_EMULATOR_TX_ACTION_DURATION" {
		t.Fatal(got)
	}
}

func TestPrintEnvPrintsTheReadyFileAsExports(t *testing.T) {
	ready := filepath.Join(t.TempDir(), "ready.json")
	if err := os.WriteFile(ready, []byte(`{"webcore_url":"https://127.0.0.1:9","webscale_url":"https://127.0.0.1:9/v2",`+
		`"webcore_login":"admin","webcore_password":"it's","ca_cert_file":"/ca.pem","webscale_token":"tok","control_url":"https://127.0.0.1:9/_emulator"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run([]string{"--print-env", ready}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	want := `export WEBCORE_URL='https://127.0.0.1:9'
export WEBCORE_USERNAME='admin'
export WEBCORE_PASSWORD='it'\''s'
export WEBSCALE_URL='https://127.0.0.1:9/v2'
export WEBSCALE_ACCESS_TOKEN='tok'
export WEBCORE_CA_CERT_FILE='/ca.pem'
export WEBCORE_EMULATOR_CONTROL_URL='https://127.0.0.1:9/_emulator'
`
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	if err := run([]string{"--print-env", filepath.Join(t.TempDir(), "none.json")}, env(nil), &out, io.Discard); err == nil {
		t.Fatal("a missing ready file must fail")
	}
	// It has no environment variable: a leftover one must not stop the emulator from starting.
	opts, err := parseOptions(nil, env(map[string]string{"WEBCORE_EMULATOR_PRINT_ENV": ready}), io.Discard)
	if err != nil || opts.printEnv != "" {
		t.Fatalf("WEBCORE_EMULATOR_PRINT_ENV was read: %+v %v", opts, err)
	}
}
