package emulator

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"maps"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// A fault's probability may be 0 or 1 and anything between; its status any
// from 400 to 599. A probability of 1 fires on every request, 0 on none.
func TestFaultRuleEdges(t *testing.T) {
	h := startTest(t, Config{})
	ctl := h.srv.Control()
	zero, one, below, above := 0.0, 1.0, -0.01, 1.01
	for _, r := range []FaultRule{
		{Path: "/none", Kind: FaultDrop, Probability: &zero},
		{Path: "/none", Kind: FaultDrop, Probability: &one},
		{Path: "/none", Kind: FaultErrorBody, Status: 400},
		{Path: "/none", Kind: FaultErrorBody, Status: 599},
		{Path: "/none", Kind: FaultProxyHTML, Status: 400},
	} {
		if err := ctl.SetFaults(1, []FaultRule{r}); err != nil {
			t.Errorf("rule %+v refused: %v", r, err)
		}
	}
	for _, r := range []FaultRule{
		{Path: "/none", Kind: FaultDrop, Probability: &below},
		{Path: "/none", Kind: FaultDrop, Probability: &above},
		{Path: "/none", Kind: FaultErrorBody, Status: 399},
		{Path: "/none", Kind: FaultErrorBody, Status: 600},
	} {
		if err := ctl.SetFaults(1, []FaultRule{r}); err == nil {
			t.Errorf("rule %+v accepted", r)
		}
	}
	for p, wantFaults := range map[*float64]int{&one: 20, &zero: 0} {
		if err := ctl.SetFaults(7, []FaultRule{{Path: "/templates.json", Kind: FaultStatus, Status: 418, Probability: p}}); err != nil {
			t.Fatal(err)
		}
		faults := 0
		for range 20 {
			if status, _ := h.send(http.MethodGet, h.info.WebcoreURL+"/templates.json", "", ""); status == 418 {
				faults++
			}
		}
		if faults != wantFaults {
			t.Errorf("probability %v: %d of 20 requests faulted, want %d", *p, faults, wantFaults)
		}
	}
}

// A rule without latency_ms has no wait a gone client could cut short: even
// a request whose client has already hung up is answered with the rule's
// status (and recorded with it), every time.
func TestFaultWithoutLatencyNeverWaits(t *testing.T) {
	h := startTest(t, Config{})
	if err := h.srv.Control().SetFaults(1, []FaultRule{{Path: "/templates.json", Kind: FaultStatus, Status: 503}}); err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	for i := range 30 {
		rec := httptest.NewRecorder()
		h.srv.http.Handler.ServeHTTP(rec, httptest.NewRequestWithContext(gone, http.MethodGet, "/templates.json", nil))
		if rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("request %d of a gone client: %d, want the rule's 503", i, rec.Code)
		}
	}
}

// The ControlClient says what it sends: a body is labelled JSON, and a call
// without one claims no body type.
func TestControlClientLabelsItsBodies(t *testing.T) {
	var mu sync.Mutex
	got := map[string]string{}
	fake := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		got[r.Method+" "+r.URL.Path] = r.Header.Get("Content-Type")
		w.WriteHeader(http.StatusNoContent)
	}))
	defer fake.Close()
	pool := x509.NewCertPool()
	pool.AddCert(fake.Certificate())
	ctl := newControlClient(fake.URL+"/_emulator/", pool)
	if err := ctl.SetFaults(1, []FaultRule{{Path: "*", Kind: FaultDrop}}); err != nil {
		t.Fatal(err)
	}
	if err := ctl.Reset(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"PUT /_emulator/faults": "application/json", "POST /_emulator/reset": "application/json"}
	mu.Lock()
	defer mu.Unlock()
	if !maps.Equal(got, want) {
		t.Fatalf("Content-Type per call %v, want %v", got, want)
	}
}

// A dropped connection is recorded with status 0 and its fault; a delayed
// request with its delay, in milliseconds.
func TestRequestRecordOfDropsAndDelays(t *testing.T) {
	h := startTest(t, Config{})
	ctl := h.srv.Control()
	if err := ctl.SetFaults(1, []FaultRule{
		{Method: "GET", Path: "/users.json", Kind: FaultDrop, Count: 1},
		{Method: "GET", Path: "/templates.json", Kind: FaultLatency, LatencyMS: 120, Count: 1},
	}); err != nil {
		t.Fatal(err)
	}
	if resp, err := h.request(http.MethodGet, h.info.WebcoreURL+"/users.json", "", ""); err == nil {
		_ = resp.Body.Close()
		t.Fatal("the drop answered")
	}
	h.send(http.MethodGet, h.info.WebcoreURL+"/templates.json", "", "")
	records, err := ctl.Requests()
	if err != nil || len(records) != 2 {
		t.Fatalf("records %+v, %v", records, err)
	}
	if drop := records[0]; drop.Status != 0 || drop.Fault != FaultDrop {
		t.Errorf("the dropped request is recorded as %+v", drop)
	}
	if slow := records[1]; slow.DurationMS < 120 || slow.DurationMS > 5000 {
		t.Errorf("a request delayed 120ms took %v ms", slow.DurationMS)
	}
}

// The request log's query masking keeps every separator, empty parts
// included, and masks a secret after any of them.
func TestMaskQuerySeparators(t *testing.T) {
	for raw, want := range map[string]string{
		"a=1&token=s3cret&":          "a=1&token=***&",
		"a=1&&token=s3cret":          "a=1&&token=***",
		";password=s3cret;b=2":       ";password=***;b=2",
		"authorization=s3cret":       "authorization=***",
		"x=download/s3cret&api_key=": "x=download/s3cret&api_key=***",
	} {
		if got := maskQuery(raw); got != want {
			t.Errorf("maskQuery(%q) = %q, want %q", raw, got, want)
		}
	}
}

// A ready file must name both APIs' URLs.
func TestReadReadyFileNeedsBothURLs(t *testing.T) {
	for _, body := range []string{`{"webcore_url": "https://h:1"}`, `{"webscale_url": "https://h:1/v2"}`} {
		path := filepath.Join(t.TempDir(), "ready.json")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadReadyFile(path); err == nil {
			t.Errorf("%s accepted", body)
		}
	}
}

// Empty store files are no world: a seed file given with them applies.
func TestEmptyStoreFilesAreAFreshWorld(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"webcore.db", "webscale.db"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if worldStored(dir) {
		t.Fatal("empty store files count as a world")
	}
	if err := os.WriteFile(filepath.Join(dir, "webscale.db"), []byte{1}, 0o600); err != nil {
		t.Fatal(err)
	}
	if !worldStored(dir) || worldStored("") {
		t.Fatal("a store file with data is no world, or memory mode is")
	}
}

// A kept server certificate with less than a day left is replaced at start.
func TestShortLivedCertificateIsRegenerated(t *testing.T) {
	dir := t.TempDir()
	if _, err := loadTLS(Config{}, dir); err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(12 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	tlsDir := filepath.Join(dir, "tls")
	if err := os.WriteFile(filepath.Join(tlsDir, serverCertName), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tlsDir, serverKeyName), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadTLS(Config{}, dir); err != nil {
		t.Fatal(err)
	}
	cert, err := tls.LoadX509KeyPair(filepath.Join(tlsDir, serverCertName), filepath.Join(tlsDir, serverKeyName))
	if err != nil {
		t.Fatal(err)
	}
	if left := time.Until(cert.Leaf.NotAfter); left < 80*24*time.Hour {
		t.Fatalf("the certificate kept has %v left", left)
	}
	if !slices.Contains(cert.Leaf.DNSNames, "localhost") {
		t.Fatalf("the regenerated certificate names %v", cert.Leaf.DNSNames)
	}
}
