package emulator

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchmarkRoute measures the whole handler chain (path cleaning, request log,
// loopback check, faults, routing, auth, handler) without network or TLS.
func benchmarkRoute(b *testing.B, path string, auth func(*http.Request, ReadyInfo)) {
	srv, err := Start(Config{Listen: "127.0.0.1:0", LogOutput: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	handler := srv.http.Handler
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.RemoteAddr = "127.0.0.1:40000"
			auth(req, srv.Info())
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
}

func BenchmarkWebscaleGetUser(b *testing.B) {
	benchmarkRoute(b, "/v2/users/self", func(r *http.Request, info ReadyInfo) {
		r.Header.Set("Authorization", "Bearer "+info.WebscaleToken)
	})
}

func BenchmarkWebcoreGetUser(b *testing.B) {
	benchmarkRoute(b, "/users/1.json", func(r *http.Request, info ReadyInfo) {
		r.SetBasicAuth(info.WebcoreEmail, info.WebcoreAPIKey)
	})
}
