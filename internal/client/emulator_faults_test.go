package client_test

import (
	"context"
	"strings"
	"testing"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// The error shapes below are ones the spec promises but no emulator handler
// sends; the emulator's error_body and proxy_html faults put them on the wire.

// setFaults installs rules on the shared emulator until the test ends.
func setFaults(t *testing.T, srv *emulator.Server, rules ...emulator.FaultRule) {
	t.Helper()
	ctl := srv.Control()
	if err := ctl.SetFaults(1, rules); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ctl.ClearFaults() })
}

// wantAPIError checks that err is an APIError of the given service, status, kind and message.
func wantAPIError(t *testing.T, err error, service string, status int, kind client.Kind, message string) {
	t.Helper()
	apiErr, ok := client.AsAPIError(err)
	if !ok {
		t.Fatalf("want an APIError, got %T: %v", err, err)
	}
	if apiErr.Service != service || apiErr.StatusCode != status || apiErr.Kind != kind || apiErr.Message != message {
		t.Fatalf("got %s %d %s %q, want %s %d %s %q (%v)",
			apiErr.Service, apiErr.StatusCode, apiErr.Kind, apiErr.Message, service, status, kind, message, err)
	}
	if !strings.Contains(err.Error(), message) {
		t.Errorf("the error text lacks the message %q: %v", message, err)
	}
}

func TestEmulator_errorBodyBecomesTheMessage(t *testing.T) {
	srv := startEmulator(t)
	info := srv.Info()
	tr := transport(t, info)
	setFaults(t, srv,
		emulator.FaultRule{Method: "GET", Path: "/users/*", Kind: emulator.FaultErrorBody, Status: 403, Message: "Access denied by policy"},
		emulator.FaultRule{Method: "GET", Path: "/v2/users/*/access-keys", Kind: emulator.FaultErrorBody, Status: 500, Message: "database is down"},
	)

	wc, err := client.NewWebcore(tr, client.WebcoreConfig{URL: info.WebcoreURL, Username: info.WebcoreLogin, Password: info.WebcorePassword})
	if err != nil {
		t.Fatal(err)
	}
	_, err = wc.GetUser(context.Background(), 1)
	wantAPIError(t, err, "webcore", 403, client.KindForbidden, "Access denied by policy")

	// Every attempt meets the fault, so the last answer's message is the error's.
	ws, err := client.NewWebscale(tr, client.WebscaleConfig{URL: info.WebscaleURL, AccessToken: info.WebscaleToken})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ws.ListAccessKeys(context.Background(), "")
	wantAPIError(t, err, "webscale", 500, client.KindServer, "database is down")
}

func TestEmulator_proxyHTMLPageIsAServerErrorWithoutTheHTML(t *testing.T) {
	srv := startEmulator(t)
	info := srv.Info()
	setFaults(t, srv, emulator.FaultRule{Method: "GET", Path: "/templates.json", Kind: emulator.FaultProxyHTML})

	wc, err := client.NewWebcore(transport(t, info), client.WebcoreConfig{URL: info.WebcoreURL, Username: info.WebcoreLogin, Password: info.WebcorePassword})
	if err != nil {
		t.Fatal(err)
	}
	_, err = wc.ListTemplates(context.Background())
	wantAPIError(t, err, "webcore", 500, client.KindServer, "server error (non-JSON body)")
	for _, fragment := range []string{"<html", "<title>", emulator.ProxyHTMLServer} {
		if strings.Contains(err.Error(), fragment) {
			t.Errorf("the error text carries the proxy's page (%q): %v", fragment, err)
		}
	}
}
