package webscale

import (
	"encoding/json"
	"net/http"
	"sync/atomic"
	"time"
)

// clock is the domain's notion of now: the base clock plus an offset tests can move
// through the control API, so expiry (access keys, download links) is testable without sleeping.
type clock struct {
	base   func() time.Time
	offset atomic.Int64 // nanoseconds
}

func (c *clock) now() time.Time { return c.base().Add(time.Duration(c.offset.Load())) }

// clockState is the body of PUT/GET /_emulator/webscale/clock.
type clockState struct {
	Offset string `json:"offset"`
	Now    string `json:"now,omitempty"`
}

func (a *API) putClock(w http.ResponseWriter, r *http.Request) {
	var body clockState
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		WriteError(w, http.StatusBadRequest, "body must be {\"offset\": \"<Go duration>\"}")
		return
	}
	d, err := time.ParseDuration(body.Offset)
	if err != nil {
		WriteError(w, http.StatusBadRequest, "offset must be a Go duration such as \"15m\" or \"-2h\"")
		return
	}
	a.clock.offset.Store(int64(d))
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) getClock(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, clockState{
		Offset: time.Duration(a.clock.offset.Load()).String(),
		Now:    a.clock.now().UTC().Format(time.RFC3339Nano),
	})
}
