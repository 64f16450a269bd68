package emulator

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// readCA parses the CA certificate of a state dir.
func readCA(t *testing.T, dir string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "tls", caCertName))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatal("ca.pem holds no PEM block")
	}
	ca, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return ca
}

// TestCAKeyNeverOnDiskAndCAConstrained: the state dir keeps no CA key (an
// earlier version's is removed); the CA can vouch only for localhost and the
// loopback addresses, for at most 90 days; the server certificate verifies
// against it for each loopback name, and no other name could.
func TestCAKeyNeverOnDiskAndCAConstrained(t *testing.T) {
	dir := t.TempDir()
	tlsDir := filepath.Join(dir, "tls")
	if err := os.MkdirAll(tlsDir, 0o700); err != nil {
		t.Fatal(err)
	}
	// An earlier version's layout: a CA key beside an unconstrained CA.
	if err := os.WriteFile(filepath.Join(tlsDir, oldCAKeyName), []byte("old key"), 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := loadTLS(Config{}, dir)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(tlsDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if _, err := os.Stat(filepath.Join(tlsDir, oldCAKeyName)); !errors.Is(err, fs.ErrNotExist) || len(names) != 3 {
		t.Fatalf("the tls dir holds %v (a CA key: %v)", names, err)
	}

	ca := readCA(t, dir)
	if !ca.PermittedDNSDomainsCritical || len(ca.PermittedDNSDomains) != 1 || ca.PermittedDNSDomains[0] != "localhost" {
		t.Errorf("CA name constraints: critical=%v %v", ca.PermittedDNSDomainsCritical, ca.PermittedDNSDomains)
	}
	for _, ip := range []string{"127.0.0.1", "127.9.9.9", "::1"} {
		inRange := false
		for _, r := range ca.PermittedIPRanges {
			inRange = inRange || r.Contains(net.ParseIP(ip))
		}
		if !inRange {
			t.Errorf("the CA does not permit %s: %v", ip, ca.PermittedIPRanges)
		}
	}
	for _, r := range ca.PermittedIPRanges {
		if r.Contains(net.ParseIP("10.0.0.1")) || r.Contains(net.ParseIP("2001:db8::1")) {
			t.Errorf("the CA permits a non-loopback range %v", r)
		}
	}
	if life := ca.NotAfter.Sub(ca.NotBefore); life > 90*24*time.Hour {
		t.Errorf("the CA lives %v", life)
	}
	for _, name := range []string{"localhost", "127.0.0.1", "::1"} {
		if _, err := m.cert.Leaf.Verify(x509.VerifyOptions{Roots: m.caPool, DNSName: name}); err != nil {
			t.Errorf("the server certificate does not verify for %s: %v", name, err)
		}
	}

	// Kept across restarts with a data dir: the same CA.
	if _, err := loadTLS(Config{}, dir); err != nil {
		t.Fatal(err)
	}
	if again := readCA(t, dir); !again.Equal(ca) {
		t.Error("a restart replaced a CA that was still good")
	}
}
