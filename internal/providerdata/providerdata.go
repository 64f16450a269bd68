// Package providerdata is what one configured provider instance hands to its
// resources and data sources: its API clients (or why an API is unavailable),
// its clock, and the state its objects share across requests. The framework
// builds a new resource value for every request, so anything shared lives
// here, never in a package variable: an aliased provider gets its own.
package providerdata

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/listcache"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// Clock tells the time for decisions such as "has this key expired"; tests
// pass a shifted one instead of waiting.
type Clock func() time.Time

// Clients is the provider's ProviderData: one client per API, or the reason
// that API cannot be used with the current provider configuration, plus the
// instance's clock and shared caches.
type Clients struct {
	webcore             *client.Webcore
	webcoreUnavailable  string
	webscale            *client.Webscale
	webscaleUnavailable string

	clock      Clock
	accessKeys listcache.Cache[client.AccessKey]
	users      listcache.Reads[client.User]
	servers    listcache.Reads[client.VirtualServer]
	lookups    lookupCaches // the data sources' lists (lookups.go)
}

// New returns Clients. A nil client must come with the reason it is
// missing; a nil clock means the real time.
func New(webcore *client.Webcore, webcoreUnavailable string, webscale *client.Webscale, webscaleUnavailable string, clock Clock) *Clients {
	return &Clients{
		webcore:             webcore,
		webcoreUnavailable:  webcoreUnavailable,
		webscale:            webscale,
		webscaleUnavailable: webscaleUnavailable,
		clock:               clock,
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

// WebcoreUnknownUntilApply is the reason the provider gives when its webcore
// settings depend on values not known until apply.
const WebcoreUnknownUntilApply = "The webcore settings depend on values that are not known until apply, so the provider cannot reach the Webcore Cloud API during this plan."

// WebcoreKnownOnlyAtApply reports whether the Webcore client is missing only
// because its settings are not known until apply: an aliased provider logged
// in with a webcore_user_api_key that this plan replaces. A resource's Read
// then keeps the prior state instead of failing the plan; the next plan reads
// it with the new key.
func (c *Clients) WebcoreKnownOnlyAtApply() bool {
	return c != nil && c.webcore == nil && c.webcoreUnavailable == WebcoreUnknownUntilApply
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

// WebcoreAndID returns the Webcore client and the numeric id a typeName
// resource keeps in state, for the operations on an existing object, with an
// error for either that is unavailable.
func (c *Clients) WebcoreAndID(typeName string, id types.String) (*client.Webcore, int64, diag.Diagnostics) {
	webcore, diags := c.Webcore()
	n, d := tfmodel.StateID(typeName, id)
	diags.Append(d...)
	return webcore, n, diags
}

// Now is the instance's time: its clock's, or the real time before the
// provider is configured (a plan can run before that).
func (c *Clients) Now() time.Time {
	if c == nil || c.clock == nil {
		return time.Now()
	}
	return c.clock()
}

// AccessKeys is the instance's cache of the caller's access key list: the
// API has no GET for one key, so every read of a key needs the list.
func (c *Clients) AccessKeys() *listcache.Cache[client.AccessKey] { return &c.accessKeys }

// Users serves the instance's reads of Webcore users: many at once share
// one list of users. Before the provider is configured it is a new, unshared
// one.
func (c *Clients) Users() *listcache.Reads[client.User] {
	if c == nil {
		return new(listcache.Reads[client.User])
	}
	return &c.users
}

// Servers serves the instance's reads of virtual servers: many at once
// share one list of servers. Before the provider is configured it is a new,
// unshared one.
func (c *Clients) Servers() *listcache.Reads[client.VirtualServer] {
	if c == nil {
		return new(listcache.Reads[client.VirtualServer])
	}
	return &c.servers
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
