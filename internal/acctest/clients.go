package acctest

import (
	"testing"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// WebcoreClient returns a client of the shared emulator logged in with login
// and password, for checks and changes made behind Terraform's back.
func WebcoreClient(t testing.TB, login, password string) *client.Webcore {
	t.Helper()
	info := Emulator(t).Info()
	webcore, err := client.NewWebcore(transport(t, info.CACertFile), client.WebcoreConfig{
		URL: info.WebcoreURL, Username: login, Password: password,
		Wait: client.WaitOptions{Initial: TxDuration},
	})
	if err != nil {
		t.Fatalf("webcore client: %v", err)
	}
	return webcore
}

// WebcoreClientWithAPIKey returns a client of the shared emulator that logs
// in with an account's email and API key (a generated user key, say).
func WebcoreClientWithAPIKey(t testing.TB, email, apiKey string) *client.Webcore {
	t.Helper()
	info := Emulator(t).Info()
	webcore, err := client.NewWebcore(transport(t, info.CACertFile), client.WebcoreConfig{
		URL: info.WebcoreURL, Username: email, APIKey: apiKey,
		Wait: client.WaitOptions{Initial: TxDuration},
	})
	if err != nil {
		t.Fatalf("webcore client: %v", err)
	}
	return webcore
}

// AdminWebcoreClient returns a client of the shared emulator logged in as its
// seeded admin.
func AdminWebcoreClient(t testing.TB) *client.Webcore {
	t.Helper()
	info := Emulator(t).Info()
	return WebcoreClient(t, info.WebcoreLogin, info.WebcorePassword)
}

// WebscaleClient returns a client of the shared emulator with its bootstrap
// token.
func WebscaleClient(t testing.TB) *client.Webscale {
	t.Helper()
	return WebscaleClientWithToken(t, Emulator(t).Info().WebscaleToken)
}

// WebscaleClientWithToken returns a client of the shared emulator that
// authenticates with token (an access key's secret, say).
func WebscaleClientWithToken(t testing.TB, token string) *client.Webscale {
	t.Helper()
	info := Emulator(t).Info()
	webscale, err := client.NewWebscale(transport(t, info.CACertFile), client.WebscaleConfig{
		URL: info.WebscaleURL, AccessToken: token,
	})
	if err != nil {
		t.Fatalf("webscale client: %v", err)
	}
	return webscale
}

func transport(t testing.TB, caCertFile string) *client.Transport {
	t.Helper()
	tr, err := client.NewTransport(client.TransportConfig{CACertFile: caCertFile})
	if err != nil {
		t.Fatalf("transport: %v", err)
	}
	return tr
}
