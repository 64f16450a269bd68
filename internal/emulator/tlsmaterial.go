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

// Names in the tls/ directory of the state dir.
const (
	caCertName     = "ca.pem"
	caKeyName      = "ca-key.pem"
	serverCertName = "server.pem"
	serverKeyName  = "server-key.pem"
)

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
	caFile := filepath.Join(tlsDir, caCertName)
	cert, err := tls.LoadX509KeyPair(filepath.Join(tlsDir, serverCertName), filepath.Join(tlsDir, serverKeyName))
	// >= 24h would do as well (an equivalent mutant): no start can land on a
	// day left to the nanosecond.
	if err == nil && cert.Leaf != nil && time.Until(cert.Leaf.NotAfter) > 24*time.Hour {
		if _, statErr := os.Stat(caFile); statErr == nil {
			return withPool(cert, caFile)
		}
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
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return tlsMaterial{}, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return tlsMaterial{}, fmt.Errorf("%s holds no PEM certificate", caFile)
	}
	return tlsMaterial{cert: cert, caFile: caFile, caPool: pool}, nil
}

// generateTLS writes a fresh self-signed CA and a server certificate for
// 127.0.0.1, ::1 and localhost signed by it.
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
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
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
		NotAfter:     now.AddDate(2, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	serverDER, err := x509.CreateCertificate(rand.Reader, serverTemplate, caCert, &serverKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	caKeyDER, err := x509.MarshalECPrivateKey(caKey)
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
		{caKeyName, "EC PRIVATE KEY", caKeyDER, 0o600},
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
