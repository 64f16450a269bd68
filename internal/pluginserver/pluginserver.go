// Package pluginserver serves a terraform-plugin-framework provider over the
// plugin protocol (version 6) as providerserver.Serve does, but lets go of
// each call's context when the call ends.
//
// The framework (v1.19.0, internal/proto6server) keeps the cancel function
// of every call it serves, so that StopProvider can cancel the calls in
// flight, and forgets them only then: Terraform sends StopProvider only
// when it is interrupted, so in a run that goes well never. Each cancel
// function holds the context it was derived from, and with it what
// terraform-plugin-go adds to every call: a request id, a dozen logger
// options and three loggers, about 10 KB. A plan calls the provider four
// times per object, so the live heap grew by ~42 KB per object: ~210 MB
// for 5,000 objects, which the garbage collector scans again in every cycle
// and GOGC multiplies into resident memory. Wrap hands the framework a
// context that forwards to the call's own until the call returns and to
// nothing after it, so the framework keeps a few words per call instead.
package pluginserver

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Serve serves the provider of providerFunc at address, as
// providerserver.Serve does for protocol 6 (debug: a managed debug session
// that prints TF_REATTACH_PROVIDERS), through Wrap.
func Serve(address string, providerFunc func() provider.Provider, debug bool) error {
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(address, func() tfprotov6.ProviderServer {
		return Wrap(providerserver.NewProtocol6(providerFunc())())
	}, opts...)
}

// Factory is providerserver.NewProtocol6WithError through Wrap: a
// provider server for terraform-plugin-testing's ProtoV6ProviderFactories.
func Factory(p provider.Provider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		return Wrap(providerserver.NewProtocol6(p)()), nil
	}
}

// Wrap returns server with the contexts of its calls released when they
// return. Only the unary calls about resources, data sources and ephemeral
// resources are wrapped, the ones that come again for every object: a
// streaming call (ListResource, InvokeAction, the state-store byte streams)
// goes on after it returns, so it keeps its context, and so do the calls
// that come once per process. What server offers beyond ProviderServer
// (extras) the wrapped server offers too.
func Wrap(server tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	wrapped := releasing{server}
	if more, ok := server.(extras); ok {
		return releasingWithExtras{wrapped, more}
	}
	return wrapped
}

// extras are the calls that terraform-plugin-go keeps out of ProviderServer
// for now (list resources, actions, state stores): tf6server finds them by
// type assertion, so a wrapper that only embedded ProviderServer would hide
// them. The framework's server has them all.
type extras interface {
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// releasingWithExtras forwards the extras as they are.
type releasingWithExtras struct {
	releasing
	extras
}

// releasing forwards every call to the embedded server; the calls made once
// per object, whose contexts would pile up, go through call.
type releasing struct{ tfprotov6.ProviderServer }

// call runs f with a context that stops reaching ctx when f returns.
func call[Req, Resp any](ctx context.Context, req Req, f func(context.Context, Req) (Resp, error)) (Resp, error) {
	held := hold(ctx)
	defer held.release()
	return f(held, req)
}

func (s releasing) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return call(ctx, req, s.ProviderServer.ValidateResourceConfig)
}

func (s releasing) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return call(ctx, req, s.ProviderServer.UpgradeResourceState)
}

func (s releasing) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return call(ctx, req, s.ProviderServer.UpgradeResourceIdentity)
}

func (s releasing) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return call(ctx, req, s.ProviderServer.ReadResource)
}

func (s releasing) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return call(ctx, req, s.ProviderServer.PlanResourceChange)
}

func (s releasing) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return call(ctx, req, s.ProviderServer.ApplyResourceChange)
}

func (s releasing) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return call(ctx, req, s.ProviderServer.ImportResourceState)
}

func (s releasing) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return call(ctx, req, s.ProviderServer.MoveResourceState)
}

func (s releasing) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return call(ctx, req, s.ProviderServer.GenerateResourceConfig)
}

func (s releasing) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return call(ctx, req, s.ProviderServer.ValidateDataResourceConfig)
}

func (s releasing) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return call(ctx, req, s.ProviderServer.ReadDataSource)
}

func (s releasing) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return call(ctx, req, s.ProviderServer.ValidateEphemeralResourceConfig)
}

func (s releasing) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return call(ctx, req, s.ProviderServer.OpenEphemeralResource)
}

func (s releasing) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return call(ctx, req, s.ProviderServer.RenewEphemeralResource)
}

func (s releasing) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return call(ctx, req, s.ProviderServer.CloseEphemeralResource)
}
