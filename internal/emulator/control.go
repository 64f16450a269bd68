package emulator

import (
	"encoding/json"
	"net"
	"net/http"
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
			writeJSON(w, http.StatusForbidden, map[string][]string{"errors": {"the control API only answers loopback clients"}})
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
	mux.HandleFunc(controlPrefix+"/", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string][]string{"errors": {"no such control route"}})
	})
	for _, d := range s.domains {
		d.RegisterControl(mux)
	}
}

func controlError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string][]string{"errors": {err.Error()}})
}

func (s *Server) handleReset(w http.ResponseWriter, _ *http.Request) {
	if err := s.reset(); err != nil {
		controlError(w, http.StatusInternalServerError, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// reset re-seeds every domain and clears faults, the request log and the counters.
func (s *Server) reset() error {
	s.faults.clear()
	s.recorder.clear()
	for _, d := range s.domains {
		if err := d.Reset(); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) handleState(w http.ResponseWriter, _ *http.Request) {
	state := map[string]any{}
	for _, d := range s.domains {
		state[d.Name()] = d.State()
	}
	writeJSON(w, http.StatusOK, state)
}

func (s *Server) handlePutFaults(w http.ResponseWriter, r *http.Request) {
	var cfg FaultConfig
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields() // a typo in a rule must not silently disable it
	if err := dec.Decode(&cfg); err != nil {
		controlError(w, http.StatusBadRequest, err)
		return
	}
	if err := s.faults.set(cfg); err != nil {
		controlError(w, http.StatusBadRequest, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleGetFaults(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.faults.snapshot())
}

func (s *Server) handleDeleteFaults(w http.ResponseWriter, _ *http.Request) {
	s.faults.clear()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleRequests(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.recorder.records())
}

func (s *Server) handleDeleteRequests(w http.ResponseWriter, _ *http.Request) {
	s.recorder.clear()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleCounters(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.recorder.counts())
}
