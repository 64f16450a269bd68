package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// envPrefix prefixes the environment variable of every flag: --data-dir ↔ WEBCORE_EMULATOR_DATA_DIR.
const envPrefix = "WEBCORE_EMULATOR_"

// envName is the environment variable that sets a flag.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// actionDurations collects --tx-action-duration action=duration values (repeatable, or a comma list).
type actionDurations map[string]time.Duration

func (a actionDurations) String() string {
	parts := make([]string, 0, len(a))
	for k, v := range a {
		parts = append(parts, k+"="+v.String())
	}
	return strings.Join(parts, ",")
}

func (a actionDurations) Set(value string) error {
	for _, item := range strings.Split(value, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		action, d, ok := strings.Cut(item, "=")
		if !ok || action == "" {
			return fmt.Errorf("%q: want action=duration, e.g. build_disk=3s", item)
		}
		dur, err := time.ParseDuration(d)
		if err != nil || dur < 0 {
			return fmt.Errorf("%q: %q is not a duration", item, d)
		}
		a[action] = dur
	}
	return nil
}

// options is the command line: the emulator's Config plus what only the command uses.
type options struct {
	config   emulator.Config
	logFile  string
	printEnv string // a ready file: print its settings as shell exports and exit
}

// printEnvFlag is the one flag without an environment variable: it does not
// start an emulator, it reads a running one's ready file.
const printEnvFlag = "print-env"

// parseOptions reads flags, falling back to WEBCORE_EMULATOR_* variables, then defaults.
func parseOptions(args []string, getenv func(string) string, usage io.Writer) (options, error) {
	var opts options
	cfg := &opts.config
	cfg.ActionDurations = actionDurations{}
	fs := flag.NewFlagSet("webcore-emulator", flag.ContinueOnError)
	fs.SetOutput(usage)
	str := func(p *string, name, def, help string) {
		fs.StringVar(p, name, def, help+" (env "+envName(name)+")")
	}
	str(&cfg.Listen, "listen", emulator.DefaultListen, "address to listen on; port 0 picks a free port")
	str(&cfg.DataDir, "data-dir", "", "directory for the stores, TLS material and generated credentials; empty = memory only")
	str(&cfg.ReadyFile, "ready-file", "", "write the ready JSON (URLs, credentials, CA file) here once serving")
	str(&cfg.TLSCert, "tls-cert", "", "PEM server certificate; default: generated, signed by a generated CA")
	str(&cfg.TLSKey, "tls-key", "", "PEM private key for --tls-cert")
	str(&cfg.AdminLogin, "admin-login", "", "Webcore admin login; default admin")
	str(&cfg.AdminPassword, "admin-password", "", "Webcore admin password; default generated (prefer the env var: flags show in ps)")
	str(&cfg.AdminEmail, "admin-email", "", "Webcore admin email (username for API-key auth); default admin@example.com")
	str(&cfg.AdminAPIKey, "admin-api-key", "", "Webcore admin API key (40 hex); default generated (prefer the env var)")
	str(&cfg.WebscaleToken, "webscale-token", "", "secret of Webscale's bootstrap access key; default generated (prefer the env var)")
	str(&opts.logFile, "log-file", "", "append the JSON request log here instead of stderr")
	str(&cfg.SeedFile, "seed-file", "", "JSON file of templates, hypervisors, limits, users, applications and access keys for every fresh world")
	fs.StringVar(&opts.printEnv, printEnvFlag, "", "print the provider's settings from this ready file as shell export lines and exit: eval \"$(webcore-emulator --print-env ready.json)\"")
	fs.DurationVar(&cfg.TxDuration, "tx-duration", emulator.DefaultTxDuration, "duration of one Webcore transaction (env "+envName("tx-duration")+")")
	fs.Float64Var(&cfg.RateLimit, "rate-limit", 0, "requests per second each credential may send; 0 = no limit (env "+envName("rate-limit")+")")
	fs.IntVar(&cfg.RateBurst, "rate-burst", 5, "requests a credential may send at once under --rate-limit (env "+envName("rate-burst")+")")
	fs.IntVar(&cfg.PasswordCost, "password-cost", 0, "bcrypt cost of stored Webcore passwords; 0 = bcrypt's default, 4 = fastest, for benchmarks of thousands of users (env "+envName("password-cost")+")")
	fs.Var(actionDurations(cfg.ActionDurations), "tx-action-duration",
		"per-action transaction duration, action=duration; repeatable or comma list (env "+envName("tx-action-duration")+")")

	// Environment first, so a flag given on the command line wins over it.
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if v := getenv(envName(f.Name)); v != "" && envErr == nil && f.Name != printEnvFlag {
			if err := f.Value.Set(v); err != nil {
				envErr = fmt.Errorf("%s: %w", envName(f.Name), err)
			}
		}
	})
	if envErr != nil {
		return options{}, envErr
	}
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if cfg.TxDuration <= 0 {
		return options{}, fmt.Errorf("--tx-duration must be positive")
	}
	if cfg.PasswordCost != 0 && (cfg.PasswordCost < 4 || cfg.PasswordCost > 31) {
		return options{}, fmt.Errorf("--password-cost must be 0 (the default) or between 4 and 31")
	}
	if cfg.RateLimit < 0 || cfg.RateBurst < 1 {
		return options{}, fmt.Errorf("--rate-limit must not be negative and --rate-burst must be at least 1")
	}
	return opts, nil
}
