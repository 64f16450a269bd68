package emulator

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/store"
)

// readyFileName is the ready file always written into the state directory.
const readyFileName = "ready.json"

// Server is a running emulator.
type Server struct {
	info      ReadyInfo
	readyFile string
	tls       tlsMaterial
	http      *http.Server
	serveErr  chan error
	domains   domains
	stores    []store.Store
	recorder  *recorder
	faults    *faultInjector
	limits    *rateLimiter
	tempDir   string // removed on Close; "" with a DataDir
	// seedSkipped: a seed file was given, but the data dir already held a world.
	seedSkipped bool
	closeOnce   sync.Once
	closeErr    error
}

// domainEnv is what domain constructors get from the core.
type domainEnv struct {
	cfg       Config
	creds     credentials
	seed      *SeedFile // nil without a seed file
	openStore func(name string) (store.Store, error)
	logger    *slog.Logger
}

// Start listens, composes the Webcore and Webscale domains and serves until Close.
func Start(cfg Config) (srv *Server, err error) {
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.TxDuration == 0 {
		cfg.TxDuration = DefaultTxDuration
	}
	if cfg.LogOutput == nil {
		cfg.LogOutput = os.Stderr
	}
	logger := slog.New(slog.NewJSONHandler(cfg.LogOutput, nil))
	s := &Server{recorder: newRecorder(), faults: &faultInjector{}, limits: newRateLimiter(), serveErr: make(chan error, 1)}
	defer func() {
		if err != nil {
			_ = s.Close()
		}
	}()

	dir := cfg.DataDir
	if dir == "" {
		if s.tempDir, err = os.MkdirTemp("", "webcore-emulator-"); err != nil {
			return nil, err
		}
		dir = s.tempDir
	} else if err = os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	creds, err := resolveCredentials(cfg, dir, cfg.DataDir != "")
	if err != nil {
		return nil, err
	}
	var seed *SeedFile
	if cfg.SeedFile != "" {
		if seed, err = readSeedFile(cfg.SeedFile, creds); err != nil {
			return nil, err
		}
		s.seedSkipped = worldStored(cfg.DataDir)
	}
	if s.tls, err = loadTLS(cfg, dir); err != nil {
		return nil, err
	}
	env := domainEnv{cfg: cfg, creds: creds, seed: seed, logger: logger, openStore: func(name string) (store.Store, error) {
		var st store.Store = store.NewMemory()
		if cfg.DataDir != "" {
			b, err := store.OpenBolt(filepath.Join(cfg.DataDir, name+".db"))
			if err != nil {
				return nil, err
			}
			st = b
		}
		s.stores = append(s.stores, st)
		return st, nil
	}}
	if s.domains, err = newDomains(env); err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	for _, d := range s.domains.all() {
		d.RegisterRoutes(mux)
	}
	s.registerControl(mux)
	s.registerRateLimitControl(mux)
	if cfg.RateLimit > 0 {
		limit := RateLimit{Rate: cfg.RateLimit, Burst: cfg.RateBurst}
		if err := limit.validate(); err != nil {
			return nil, fmt.Errorf("rate limit: %w", err)
		}
		s.limits.set(limit)
	}
	if _, pattern := mux.Handler(&http.Request{Method: http.MethodGet, URL: mustParseURL("/no-such-path"), Host: "x"}); pattern == "" {
		// No domain claimed the root: answer unknown paths with a JSON 404, not Go's text one.
		mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
			httpjson.WriteErrors(w, http.StatusNotFound, "Resource not found")
		})
	}

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, err
	}
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{s.tls.cert}, MinVersion: tls.VersionTLS12}
	s.http = &http.Server{
		Handler:           cleanWebscalePath(logRequests(logger, s.recorder, loopbackOnly(sameOriginControl(limitBodies(limitRate(s.limits, mux, injectFaults(s.faults, mux))))))),
		TLSConfig:         tlsConfig,
		TLSNextProto:      map[string]func(*http.Server, *tls.Conn, http.Handler){}, // HTTP/1.1 only: drop faults hijack the connection
		ReadHeaderTimeout: 10 * time.Second,                                         // not killed by a test: a 10-second timeout is not worth a 10-second test
		IdleTimeout:       2 * time.Minute,                                          // not killed by a test: nor a 2-minute one a 2-minute test
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	go func() { s.serveErr <- s.http.Serve(tls.NewListener(ln, tlsConfig)) }()

	base := "https://" + publicHostPort(ln.Addr().(*net.TCPAddr))
	s.info = ReadyInfo{
		WebcoreURL:      base,
		WebscaleURL:     base + "/v2",
		CACertFile:      s.tls.caFile,
		WebcoreLogin:    creds.AdminLogin,
		WebcorePassword: creds.AdminPassword,
		WebcoreEmail:    creds.AdminEmail,
		WebcoreAPIKey:   creds.AdminAPIKey,
		WebscaleToken:   creds.WebscaleToken,
		ControlURL:      base + controlPrefix,
	}
	s.readyFile = filepath.Join(dir, readyFileName)
	for _, path := range []string{s.readyFile, cfg.ReadyFile} {
		if path == "" {
			continue
		}
		if err := writeFileAtomic(path, mustJSON(s.info), 0o600); err != nil {
			return nil, fmt.Errorf("write ready file: %w", err)
		}
	}
	if cfg.ReadyFile != "" {
		s.readyFile = cfg.ReadyFile
	}
	return s, nil
}

// publicHostPort is the address clients use: a wildcard listen address becomes 127.0.0.1.
func publicHostPort(addr *net.TCPAddr) string {
	ip := addr.IP
	if ip == nil || ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), fmt.Sprint(addr.Port))
}

// cleanWebscalePath collapses doubled slashes (the vendor's own example uses
// "/v2//app/...") and dot segments in /v2 paths before routing. ServeMux would
// otherwise answer an unclean path with a redirect, before any authentication,
// and every /v2 path must check the token first.
func cleanWebscalePath(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; strings.HasPrefix(p, "/v2/") {
			if clean := cleanV2Path(p); clean != p {
				r.URL.Path = clean
				r.URL.RawPath = ""
			}
		}
		next.ServeHTTP(w, r)
	})
}

// cleanV2Path cleans a /v2/... path, keeping a trailing slash. A path whose dot
// segments climb out of /v2 stays a Webscale path ("/v2/../x" → "/v2/x"), so it
// is authenticated like any other.
func cleanV2Path(p string) string {
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && !strings.HasSuffix(clean, "/") {
		clean += "/"
	}
	if clean == "/v2" || strings.HasPrefix(clean, "/v2/") {
		return clean
	}
	return "/v2" + clean
}

// worldStored reports whether dataDir already holds a world, which a seed file
// does not change (a reset does).
func worldStored(dataDir string) bool {
	if dataDir == "" {
		return false
	}
	for _, name := range []string{"webcore", "webscale"} {
		if st, err := os.Stat(filepath.Join(dataDir, name+".db")); err == nil && st.Size() > 0 {
			return true
		}
	}
	return false
}

// SeedSkipped reports that Config.SeedFile was checked but not applied: the data
// dir already held a world. POST /_emulator/reset applies it.
func (s *Server) SeedSkipped() bool { return s.seedSkipped }

// Info returns the URLs and credentials (the ready file's content).
func (s *Server) Info() ReadyInfo { return s.info }

// ReadyFile is where the ready file was written: Config.ReadyFile, else ready.json in the state directory.
func (s *Server) ReadyFile() string { return s.readyFile }

// Close shuts down gracefully (in-flight requests get 5s), then closes domains and stores.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		var errs []error
		if s.http != nil { // nil when Start failed before serving
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			// Not killed by a test: err == nil would call Close after a clean
			// Shutdown too, when no connection is left to close; the branch that
			// matters runs when in-flight requests outlast 5 seconds, not worth a 5-second test.
			if err := s.http.Shutdown(ctx); err != nil {
				errs = append(errs, err, s.http.Close())
			}
			cancel()
			if err := <-s.serveErr; !errors.Is(err, http.ErrServerClosed) { // errors.Join drops a nil
				errs = append(errs, err)
			}
		}
		errs = append(errs, s.release())
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// release closes domains and stores and removes the temp dir.
func (s *Server) release() error {
	var errs []error
	for _, d := range s.domains.all() {
		errs = append(errs, d.Close())
	}
	for _, st := range s.stores {
		errs = append(errs, st.Close())
	}
	if s.tempDir != "" {
		errs = append(errs, os.RemoveAll(s.tempDir))
	}
	s.domains, s.stores, s.tempDir = domains{}, nil, ""
	return errors.Join(errs...)
}
