// Package emulator runs a local, TLS-only emulation of the Webcore Cloud API and
// the Webscale API v2 on one listener, with a loopback-only control API
// (/_emulator/...) for reset, inspection and fault injection. See README.md.
package emulator

import "net/http"

// Domain is one emulated vendor API composed into the server.
type Domain interface {
	// Name is "webcore" or "webscale"; it keys the domain in the state dump.
	Name() string
	// RegisterRoutes adds the vendor routes (Go 1.22 method-and-path patterns).
	RegisterRoutes(mux *http.ServeMux)
	// RegisterControl adds the domain's control routes, all under /_emulator/<name>/.
	RegisterControl(mux *http.ServeMux)
	// Reset wipes the domain's state and re-seeds its world (ids restart).
	Reset() error
	// State returns a JSON-able dump of everything the domain holds.
	State() any
	// Close stops background work; it is idempotent.
	Close() error
}
