// Package emulator runs a local, TLS-only emulation of the Webcore Cloud API and
// the Webscale API v2 on one listener, with a loopback-only control API
// (/_emulator/...) for reset, inspection and fault injection. See README.md.
//
// Shape: Start builds the two domains (domains.go), each on a store of its own,
// and one handler chain (server.go: path cleaning, request log, loopback check,
// faults, routes). The core's control routes are in control.go; State is the
// typed dump they serve and ControlClient reads. Every JSON answer and control
// body goes through package httpjson.
package emulator

import (
	"net/http"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/webcore"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webscale"
)

// Domain is one emulated vendor API composed into the server.
type Domain interface {
	// RegisterRoutes adds the vendor routes (Go 1.22 method-and-path patterns).
	RegisterRoutes(mux *http.ServeMux)
	// RegisterControl adds the domain's control routes, all under /_emulator/<name>/.
	RegisterControl(mux *http.ServeMux)
	// Reset wipes the domain's state and re-seeds its world (ids restart).
	Reset() error
	// Close stops background work; it is idempotent.
	Close() error
}

// State is the body of GET /_emulator/state: everything both domains hold.
type State struct {
	Webcore  webcore.State  `json:"webcore"`
	Webscale webscale.State `json:"webscale"`
}
