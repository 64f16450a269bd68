package emulator

import (
	"net"
	"net/http"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
)

// controlPrefix is where the control API lives; it is never subject to faults.
const controlPrefix = "/_emulator"

// isLoopback reports whether a request's RemoteAddr is a loopback address.
func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackOnly answers 403 to control requests from anywhere but this machine:
// the control API has no auth and dumps secrets.
func loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isControlPath(r.URL.Path) && !isLoopback(r.RemoteAddr) {
			httpjson.WriteErrors(w, http.StatusForbidden, "the control API only answers loopback clients")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// registerControl adds the core control routes and every domain's own.
func (s *Server) registerControl(mux *http.ServeMux) {
	mux.HandleFunc("POST "+controlPrefix+"/reset", s.handleReset)
	mux.HandleFunc("GET "+controlPrefix+"/state", s.handleState)
	mux.HandleFunc("PUT "+controlPrefix+"/faults", s.handlePutFaults)
	mux.HandleFunc("GET "+controlPrefix+"/faults", s.handleGetFaults)
	mux.HandleFunc("DELETE "+controlPrefix+"/faults", s.handleDeleteFaults)
	mux.HandleFunc("GET "+controlPrefix+"/requests", s.handleRequests)
	mux.HandleFunc("DELETE "+controlPrefix+"/requests", s.handleDeleteRequests)
	mux.HandleFunc("GET "+controlPrefix+"/counters", s.handleCounters)
	mux.HandleFunc("GET "+controlPrefix+"/ui", s.handleDashboard)
	mux.HandleFunc(controlPrefix+"/", func(w http.ResponseWriter, _ *http.Request) {
		httpjson.WriteErrors(w, http.StatusNotFound, "no such control route")
	})
	for _, d := range s.domains.all() {
		d.RegisterControl(mux)
	}
}

func (s *Server) handleReset(w http.ResponseWriter, _ *http.Request) {
	if err := s.reset(); err != nil {
		httpjson.WriteErrors(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// reset re-seeds every domain and clears faults, the request log and the counters.
func (s *Server) reset() error {
	s.faults.clear()
	s.recorder.clear()
	for _, d := range s.domains.all() {
		if err := d.Reset(); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) handleState(w http.ResponseWriter, _ *http.Request) {
	httpjson.Write(w, http.StatusOK, s.domains.state())
}

func (s *Server) handlePutFaults(w http.ResponseWriter, r *http.Request) {
	var cfg FaultConfig
	if !httpjson.ReadControl(w, r, &cfg) {
		return
	}
	if err := s.faults.set(cfg); err != nil {
		httpjson.WriteErrors(w, http.StatusBadRequest, err.Error())
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleGetFaults(w http.ResponseWriter, _ *http.Request) {
	httpjson.Write(w, http.StatusOK, s.faults.snapshot())
}

func (s *Server) handleDeleteFaults(w http.ResponseWriter, _ *http.Request) {
	s.faults.clear()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleRequests(w http.ResponseWriter, _ *http.Request) {
	httpjson.Write(w, http.StatusOK, s.recorder.records())
}

func (s *Server) handleDeleteRequests(w http.ResponseWriter, _ *http.Request) {
	s.recorder.clear()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleCounters(w http.ResponseWriter, _ *http.Request) {
	httpjson.Write(w, http.StatusOK, s.recorder.counts())
}
