// Package providerdata carries the configured API clients from the provider to
// its resources and data sources, and says clearly why an API is unavailable.
package providerdata

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// Clients is the provider's ProviderData: one client per API, or the reason
// that API cannot be used with the current provider configuration.
type Clients struct {
	webcore             *client.Webcore
	webcoreUnavailable  string
	webscale            *client.Webscale
	webscaleUnavailable string
}

// New returns Clients. A nil client must come with the reason it is missing.
func New(webcore *client.Webcore, webcoreUnavailable string, webscale *client.Webscale, webscaleUnavailable string) *Clients {
	return &Clients{
		webcore:             webcore,
		webcoreUnavailable:  webcoreUnavailable,
		webscale:            webscale,
		webscaleUnavailable: webscaleUnavailable,
	}
}

// Webcore returns the Webcore Cloud API client, or an error diagnostic naming
// the settings that are missing.
func (c *Clients) Webcore() (*client.Webcore, diag.Diagnostics) {
	var diags diag.Diagnostics
	if c == nil || c.webcore == nil {
		reason := "the provider was not configured"
		if c != nil {
			reason = c.webcoreUnavailable
		}
		diags.AddError("Webcore Cloud API not configured", reason)
		return nil, diags
	}
	return c.webcore, diags
}

// Webscale returns the Webscale API client, or an error diagnostic naming the
// settings that are missing.
func (c *Clients) Webscale() (*client.Webscale, diag.Diagnostics) {
	var diags diag.Diagnostics
	if c == nil || c.webscale == nil {
		reason := "the provider was not configured"
		if c != nil {
			reason = c.webscaleUnavailable
		}
		diags.AddError("Webscale API not configured", reason)
		return nil, diags
	}
	return c.webscale, diags
}

// FromProviderData converts the ProviderData a resource or data source receives
// in Configure. It returns nil (and no error) before the provider is configured.
func FromProviderData(data any, diags *diag.Diagnostics) *Clients {
	if data == nil {
		return nil
	}
	clients, ok := data.(*Clients)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerdata.Clients, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return clients
}
