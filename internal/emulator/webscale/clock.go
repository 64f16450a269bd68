package webscale

import (
	"net/http"
	"sync/atomic"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
)

// clock is the domain's notion of now: the base clock plus an offset tests can move
// through the control API, so expiry (access keys, download links) is testable without sleeping.
type clock struct {
	base   func() time.Time
	offset atomic.Int64 // nanoseconds
}

func (c *clock) now() time.Time { return c.base().Add(time.Duration(c.offset.Load())) }

// clockState is the body of PUT/GET /_emulator/webscale/clock; a PUT ignores now,
// so what a GET answered can be sent back.
type clockState struct {
	Offset string `json:"offset"`
	Now    string `json:"now,omitempty"`
}

func (a *API) putClock(w http.ResponseWriter, r *http.Request) {
	var body clockState
	if !httpjson.ReadControl(w, r, &body) {
		return
	}
	d, err := time.ParseDuration(body.Offset)
	if err != nil {
		httpjson.WriteErrors(w, http.StatusBadRequest, "offset must be a Go duration such as \"15m\" or \"-2h\"")
		return
	}
	a.clock.offset.Store(int64(d))
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) getClock(w http.ResponseWriter, _ *http.Request) {
	httpjson.Write(w, http.StatusOK, clockState{
		Offset: time.Duration(a.clock.offset.Load()).String(),
		Now:    a.clock.now().UTC().Format(time.RFC3339Nano),
	})
}
