package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Config configures an emulator server. Zero values pick the documented defaults.
type Config struct {
	Listen          string                   // default "127.0.0.1:8443"; port 0 picks a free port
	DataDir         string                   // "" = memory only (TLS material then lives in a temp dir removed on Close)
	TLSCert, TLSKey string                   // optional PEM files; otherwise a CA + server cert are generated
	TxDuration      time.Duration            // one Webcore transaction step; default 1s
	ActionDurations map[string]time.Duration // per-action overrides, e.g. "build_disk"
	AdminLogin      string                   // "" = generated (kept in DataDir when given); same for the four below
	AdminPassword   string
	AdminEmail      string
	AdminAPIKey     string
	WebscaleToken   string
	LogOutput       io.Writer // default os.Stderr; slog JSON, one line per request
	ReadyFile       string    // optional path; written atomically once the server accepts connections
	PasswordCost    int       // bcrypt cost of stored Webcore passwords; 0 = bcrypt's default (tests use bcrypt.MinCost)
	// SeedFile is an optional JSON file (SeedFile type) of templates, hypervisors,
	// limits, users, applications and access keys: applied to every fresh world —
	// the first start on a data dir, and every reset — never to a stored one.
	SeedFile string
	// RateLimit, when positive, limits each credential to RateLimit requests per
	// second with bursts of RateBurst (at least 1); the control API changes it.
	RateLimit float64
	RateBurst int
}

// DefaultListen is the listen address used when Config.Listen is empty.
const DefaultListen = "127.0.0.1:8443"

// DefaultTxDuration is the transaction step used when Config.TxDuration is zero.
const DefaultTxDuration = time.Second

// ReadyInfo is everything a client needs to talk to the emulator; it is also the
// ready file's content (exactly these keys).
type ReadyInfo struct {
	WebcoreURL      string `json:"webcore_url"`
	WebscaleURL     string `json:"webscale_url"`
	CACertFile      string `json:"ca_cert_file"`
	WebcoreLogin    string `json:"webcore_login"`
	WebcorePassword string `json:"webcore_password"`
	WebcoreEmail    string `json:"webcore_email"`
	WebcoreAPIKey   string `json:"webcore_api_key"`
	WebscaleToken   string `json:"webscale_token"`
	ControlURL      string `json:"control_url"`
}

// ProviderEnv maps the ready file onto the provider's environment variables
// (login and password authentication, the CA to trust), as NAME, value pairs in
// a fixed order. It carries credentials: hand it to a process, never print it.
func (i ReadyInfo) ProviderEnv() [][2]string {
	return [][2]string{
		{"WEBCORE_URL", i.WebcoreURL},
		{"WEBCORE_USERNAME", i.WebcoreLogin},
		{"WEBCORE_PASSWORD", i.WebcorePassword},
		{"WEBSCALE_URL", i.WebscaleURL},
		{"WEBSCALE_ACCESS_TOKEN", i.WebscaleToken},
		{"WEBCORE_CA_CERT_FILE", i.CACertFile},
	}
}

// credentials are the seeded secrets; generated ones are kept in DataDir so a
// restart keeps working with the same ready file.
type credentials struct {
	AdminLogin    string `json:"admin_login"`
	AdminPassword string `json:"admin_password"`
	AdminEmail    string `json:"admin_email"`
	AdminAPIKey   string `json:"admin_api_key"`
	WebscaleToken string `json:"webscale_token"`
}

const credentialsFile = "credentials.json"

// resolveCredentials fills every credential: configured value, else the one kept
// in dir from an earlier run, else a fresh one (then kept in dir).
func resolveCredentials(cfg Config, dir string, persist bool) (credentials, error) {
	var kept credentials
	path := filepath.Join(dir, credentialsFile)
	if persist {
		data, err := os.ReadFile(path) //nolint:gosec // the credentials file in the emulator's own data directory (--data-dir)
		switch {
		case err == nil:
			if err := json.Unmarshal(data, &kept); err != nil {
				return credentials{}, fmt.Errorf("read %s: %w", path, err)
			}
		case !errors.Is(err, fs.ErrNotExist):
			return credentials{}, err
		}
	}
	generated := credentials{
		AdminLogin:    "admin",
		AdminPassword: "pw-" + rand.Text(),
		AdminEmail:    "admin@example.com",
		AdminAPIKey:   randomHex(20),
		WebscaleToken: rand.Text() + rand.Text(),
	}
	pick := func(configured, fromDisk, fresh string) string {
		switch {
		case configured != "":
			return configured
		case fromDisk != "":
			return fromDisk
		default:
			return fresh
		}
	}
	keep := credentials{
		AdminLogin:    pick("", kept.AdminLogin, generated.AdminLogin),
		AdminPassword: pick("", kept.AdminPassword, generated.AdminPassword),
		AdminEmail:    pick("", kept.AdminEmail, generated.AdminEmail),
		AdminAPIKey:   pick("", kept.AdminAPIKey, generated.AdminAPIKey),
		WebscaleToken: pick("", kept.WebscaleToken, generated.WebscaleToken),
	}
	if persist && keep != kept {
		if err := writeFileAtomic(path, mustJSON(keep), 0o600); err != nil {
			return credentials{}, err
		}
	}
	return credentials{
		AdminLogin:    pick(cfg.AdminLogin, keep.AdminLogin, ""),
		AdminPassword: pick(cfg.AdminPassword, keep.AdminPassword, ""),
		AdminEmail:    pick(cfg.AdminEmail, keep.AdminEmail, ""),
		AdminAPIKey:   pick(cfg.AdminAPIKey, keep.AdminAPIKey, ""),
		WebscaleToken: pick(cfg.WebscaleToken, keep.WebscaleToken, ""),
	}, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // only called with plain structs
	}
	return append(b, '\n')
}

// writeFileAtomic writes via a temp file and rename, so readers never see half a file.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
