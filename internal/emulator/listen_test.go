package emulator

import (
	"net"
	"net/http"
	"strings"
	"testing"
)

// A wildcard listen address is reported as 127.0.0.1, which clients can
// dial and the certificate names; a specific one is reported as it is.
func TestWildcardListenIsReportedAsLoopback(t *testing.T) {
	h := startTest(t, Config{Listen: "0.0.0.0:0"})
	for _, u := range []string{h.info.WebcoreURL, h.info.WebscaleURL, h.info.ControlURL} {
		if !strings.HasPrefix(u, "https://127.0.0.1:") {
			t.Errorf("URL %s, want one on 127.0.0.1", u)
		}
	}
	if status, _ := h.send(http.MethodGet, h.info.WebscaleURL+"/applications", "Bearer "+h.info.WebscaleToken, ""); status != 200 {
		t.Fatalf("the reported URL answers %d", status)
	}
	for addr, want := range map[*net.TCPAddr]string{
		{IP: net.IPv6unspecified, Port: 8443}:  "127.0.0.1:8443",
		{Port: 8443}:                           "127.0.0.1:8443",
		{IP: net.IPv6loopback, Port: 8443}:     "[::1]:8443",
		{IP: net.IPv4(10, 0, 0, 5), Port: 443}: "10.0.0.5:443",
	} {
		if got := publicHostPort(addr); got != want {
			t.Errorf("publicHostPort(%v) = %s, want %s", addr, got, want)
		}
	}
}
