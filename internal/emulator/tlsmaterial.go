package emulator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// tlsMaterial is the server certificate plus the CA clients must trust.
type tlsMaterial struct {
	cert   tls.Certificate
	caFile string         // PEM file for clients (ready file's ca_cert_file)
	caPool *x509.CertPool // the same, for the in-process ControlClient
}

// Names in the tls/ directory of the state dir. There is no CA key: it
// signs the server certificate once, in memory, and is dropped.
const (
	caCertName     = "ca.pem"
	serverCertName = "server.pem"
	serverKeyName  = "server-key.pem"
	// oldCAKeyName is where earlier versions kept the CA key; removed at start.
	oldCAKeyName = "ca-key.pem"
)

// caLifetime bounds the CA (and so the server certificate it signs): a CA a
// browser trusts for the dashboard should not outlive its use by years.
const caLifetime = 90 * 24 * time.Hour

// loadTLS uses the configured cert/key, else the material kept in dir/tls, else generates it.
func loadTLS(cfg Config, dir string) (tlsMaterial, error) {
	if cfg.TLSCert != "" || cfg.TLSKey != "" {
		if cfg.TLSCert == "" || cfg.TLSKey == "" {
			return tlsMaterial{}, errors.New("TLSCert and TLSKey must be given together")
		}
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return tlsMaterial{}, fmt.Errorf("load TLS certificate: %w", err)
		}
		return withPool(cert, cfg.TLSCert)
	}
	tlsDir := filepath.Join(dir, "tls")
	if err := os.MkdirAll(tlsDir, 0o700); err != nil {
		return tlsMaterial{}, err
	}
	// A CA key kept by an earlier version could sign a certificate for any
	// name, for as long as that CA is trusted.
	if err := os.Remove(filepath.Join(tlsDir, oldCAKeyName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return tlsMaterial{}, err
	}
	caFile := filepath.Join(tlsDir, caCertName)
	cert, err := tls.LoadX509KeyPair(filepath.Join(tlsDir, serverCertName), filepath.Join(tlsDir, serverKeyName))
	// >= 24h would do as well (an equivalent mutant): no start can land on a
	// day left to the nanosecond.
	if err == nil && cert.Leaf != nil && time.Until(cert.Leaf.NotAfter) > 24*time.Hour && constrainedCA(caFile) {
		return withPool(cert, caFile)
	}
	if err := generateTLS(tlsDir); err != nil {
		return tlsMaterial{}, fmt.Errorf("generate TLS material: %w", err)
	}
	cert, err = tls.LoadX509KeyPair(filepath.Join(tlsDir, serverCertName), filepath.Join(tlsDir, serverKeyName))
	if err != nil {
		return tlsMaterial{}, err
	}
	return withPool(cert, caFile)
}

func withPool(cert tls.Certificate, caFile string) (tlsMaterial, error) {
	pem, err := os.ReadFile(caFile) //nolint:gosec // the CA certificate in the emulator's own data directory
	if err != nil {
		return tlsMaterial{}, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return tlsMaterial{}, fmt.Errorf("%s holds no PEM certificate", caFile)
	}
	return tlsMaterial{cert: cert, caFile: caFile, caPool: pool}, nil
}

// constrainedCA reports whether caFile holds a CA this version made: one
// that can vouch only for localhost and loopback addresses, for at most
// caLifetime. An earlier version's (10 years, any name) is replaced.
func constrainedCA(caFile string) bool {
	data, err := os.ReadFile(caFile) //nolint:gosec // the CA certificate in the emulator's own data directory
	if err != nil {
		return false
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return false
	}
	ca, err := x509.ParseCertificate(block.Bytes)
	return err == nil && ca.PermittedDNSDomainsCritical && len(ca.PermittedIPRanges) > 0 &&
		ca.NotAfter.Sub(ca.NotBefore) <= caLifetime+time.Hour
}

// loopbackRanges are the addresses the CA may vouch for.
var loopbackRanges = []*net.IPNet{
	{IP: net.IPv4(127, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)},
	{IP: net.IPv6loopback, Mask: net.CIDRMask(128, 128)},
}

// generateTLS writes a fresh self-signed CA and a server certificate for
// 127.0.0.1, ::1 and localhost signed by it. The CA's key never leaves this
// function. The CA is name-constrained to localhost and the loopback
// addresses and lives caLifetime, so that a browser trusting it for the
// dashboard trusts nothing else, and not for long.
func generateTLS(dir string) error {
	now := time.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	caTemplate := &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{CommonName: "webcore-emulator local CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(caLifetime - time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
		// Critical: a client that cannot read the constraints must refuse the CA.
		PermittedDNSDomainsCritical: true,
		PermittedDNSDomains:         []string{"localhost"},
		PermittedIPRanges:           loopbackRanges,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return err
	}
	serverKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	serverTemplate := &x509.Certificate{
		SerialNumber: randomSerial(),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(caLifetime - time.Hour), // no longer than its CA
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	serverDER, err := x509.CreateCertificate(rand.Reader, serverTemplate, caCert, &serverKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	serverKeyDER, err := x509.MarshalECPrivateKey(serverKey)
	if err != nil {
		return err
	}
	files := []struct {
		name, blockType string
		der             []byte
		perm            os.FileMode
	}{
		{caCertName, "CERTIFICATE", caDER, 0o644},
		{serverCertName, "CERTIFICATE", serverDER, 0o644},
		{serverKeyName, "EC PRIVATE KEY", serverKeyDER, 0o600},
	}
	for _, f := range files {
		data := pem.EncodeToMemory(&pem.Block{Type: f.blockType, Bytes: f.der})
		if err := writeFileAtomic(filepath.Join(dir, f.name), data, f.perm); err != nil {
			return err
		}
	}
	return nil
}

func randomSerial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return n
}
