// Package client speaks the Webcore Cloud API and the Webscale API v2 for the
// provider: one shared HTTP transport (TLS, proxies, retries, masked debug
// logging), typed errors and a waiter for Webcore's scheduled transactions.
// It has no Terraform imports; the provider never builds URLs itself.
package client
