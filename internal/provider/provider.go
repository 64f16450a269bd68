// Package provider defines the webcore provider: its configuration schema, how
// configuration and environment variables become API clients, and the list of
// resources and data sources it serves.
package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
	"github.com/webcore/terraform-provider-webcore/internal/secretvalidator"
)

// TypeName is the provider's type name: resources are webcore_*, and webscale_*
// objects need an explicit `provider = webcore`.
const TypeName = "webcore"

// RegistryAddress is where the provider is published.
const RegistryAddress = "registry.terraform.io/webcore/webcore"

// webcoreProvider is the provider implementation.
type webcoreProvider struct {
	version string
	clock   providerdata.Clock
}

var (
	_ provider.Provider                       = (*webcoreProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*webcoreProvider)(nil)
	_ provider.ProviderWithValidateConfig     = (*webcoreProvider)(nil)
)

// New returns a constructor for the provider at the given version.
func New(version string) func() provider.Provider {
	return NewWithClock(version, time.Now)
}

// NewWithClock is New with the clock the provider tells the time by (when a
// key has expired, say); tests pass a shifted clock instead of waiting.
func NewWithClock(version string, clock providerdata.Clock) func() provider.Provider {
	return func() provider.Provider {
		return &webcoreProvider{version: version, clock: clock}
	}
}

// Metadata implements provider.Provider.
func (p *webcoreProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = TypeName
	resp.Version = p.version
}

// Schema implements provider.Provider.
func (p *webcoreProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages Webcore Cloud users and virtual servers, and Webscale access keys and application logs. " +
			"Every setting can also come from an environment variable; a value in the configuration wins.",
		Blocks: map[string]schema.Block{
			"webcore": schema.SingleNestedBlock{
				Description: "Connection to the Webcore Cloud API (needed by webcore_user and webcore_virtual_server). " +
					"Authenticate with a login and password, or (recommended by the vendor) with the account email and an API key.",
				Attributes: map[string]schema.Attribute{
					"url": schema.StringAttribute{
						Description: "Base URL of the Webcore control panel, e.g. `https://cloud.example.com`. Environment variable: `WEBCORE_URL`.",
						Optional:    true,
						Validators:  []validator.String{httpURL{schemes: []string{"https", "http"}}},
					},
					"allow_plain_http": schema.BoolAttribute{
						Description: "Accept an `http://` `url`, over which every request carries the Webcore credentials in clear text, " +
							"for control panels that serve no HTTPS. Without it, an `http://` URL is refused at plan; with it, the " +
							"provider warns on every run. Defaults to `false`. Environment variable: `" + EnvWebcoreAllowHTTP + "`.",
						Optional: true,
					},
					"username": schema.StringAttribute{
						Description: "Login, or the account email when `api_key` is used. Environment variable: `WEBCORE_USERNAME`.",
						Optional:    true,
						Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"password": schema.StringAttribute{
						Description: "Password for `username`. Sensitive. Conflicts with `api_key`. Environment variable: `WEBCORE_PASSWORD`.",
						Optional:    true,
						Sensitive:   true,
						Validators: []validator.String{
							secretvalidator.NotEmpty(),
							stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("api_key")),
						},
					},
					"api_key": schema.StringAttribute{
						Description: "API key of the account whose email is `username`. Sensitive. Conflicts with `password`. Environment variable: `WEBCORE_API_KEY`.",
						Optional:    true,
						Sensitive:   true,
						Validators:  []validator.String{secretvalidator.NotEmpty()},
					},
					"max_requests_per_second": maxRequestsPerSecondAttribute("Webcore Cloud", EnvWebcoreMaxRequestsPerSecond),
				},
			},
			"webscale": schema.SingleNestedBlock{
				Description: "Connection to the Webscale API v2 (needed by webscale_access_key and webscale_app_logs).",
				Attributes: map[string]schema.Attribute{
					"url": schema.StringAttribute{
						Description: "Base URL of the Webscale API; it answers only over HTTPS. Defaults to `" + defaultWebscaleURL + "`. Environment variable: `WEBSCALE_URL`.",
						Optional:    true,
						Validators:  []validator.String{httpURL{schemes: []string{"https"}}},
					},
					"access_token": schema.StringAttribute{
						Description: "Access token (the secret of a Webscale access key). Sensitive. Environment variable: `WEBSCALE_ACCESS_TOKEN`.",
						Optional:    true,
						Sensitive:   true,
						Validators:  []validator.String{secretvalidator.NotEmpty()},
					},
					"token_in_query": schema.BoolAttribute{
						Description: "Send the token as the `authorization` query parameter instead of the `Authorization: Bearer` header " +
							"(never both). Defaults to `false`. Environment variable: `WEBSCALE_TOKEN_IN_QUERY`.",
						Optional: true,
					},
					"max_requests_per_second": maxRequestsPerSecondAttribute("Webscale", EnvWebscaleMaxRequestsPerSecond),
				},
			},
		},
		Attributes: map[string]schema.Attribute{
			"ca_cert_file": schema.StringAttribute{
				Description: "Path to a PEM file with an extra certificate authority to trust for both APIs, such as a private CA in front of your control panel. Environment variable: `WEBCORE_CA_CERT_FILE`.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"insecure": schema.BoolAttribute{
				Description: "Skip TLS certificate verification for both APIs. Only for testing: the provider warns on every run, " +
					"naming the APIs it does not verify. Prefer `ca_cert_file`. Defaults to `false`. Environment variable: `WEBCORE_INSECURE`.",
				Optional: true,
			},
		},
	}
}

// ValidateConfig implements provider.ProviderWithValidateConfig: a plain
// http:// webcore.url in the configuration is refused at plan, on the
// attribute, unless allow_plain_http (or its environment variable) says
// the clear-text credentials are accepted. (A URL from WEBCORE_URL is checked
// by the objects that use Webcore, like every other Webcore setting.)
func (p *webcoreProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.Webcore == nil || cfg.Webcore.URL.IsUnknown() || !isPlainHTTP(cfg.Webcore.URL.ValueString()) {
		return
	}
	allowed, unknown := resolveBool(cfg.Webcore.AllowPlainHTTP, osEnv, EnvWebcoreAllowHTTP,
		path.Root("webcore").AtName("allow_plain_http"), &resp.Diagnostics)
	if !allowed && !unknown && !resp.Diagnostics.HasError() {
		resp.Diagnostics.AddAttributeError(path.Root("webcore").AtName("url"), "Credentials would travel in clear text", plainHTTPRefused)
	}
}

// Configure implements provider.Provider: it merges configuration with the
// environment and builds the clients (see config.go).
func (p *webcoreProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clients := buildClients(ctx, cfg, osEnv, p.userAgent(req.TerraformVersion), p.clock, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.ResourceData = clients
	resp.DataSourceData = clients
	resp.EphemeralResourceData = clients
}

func (p *webcoreProvider) userAgent(terraformVersion string) string {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return "terraform-provider-webcore/" + p.version + " (+https://www.terraform.io) Terraform/" + terraformVersion
}

// Resources implements provider.Provider.
func (p *webcoreProvider) Resources(_ context.Context) []func() resource.Resource {
	return resourceConstructors
}

// EphemeralResources implements provider.ProviderWithEphemeralResources.
func (p *webcoreProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return ephemeralConstructors
}

// DataSources implements provider.Provider.
func (p *webcoreProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return dataSourceConstructors
}

// maxRequestsPerSecondAttribute is the send-rate cap of one API's block.
func maxRequestsPerSecondAttribute(api, envName string) schema.Float64Attribute {
	return schema.Float64Attribute{
		Description: "Most requests per second the provider sends to the " + api + " API with these credentials, for all its " +
			"operations together (shared with every configuration of the same URL and credentials in the process). " +
			"Unset: no cap; the provider still slows down on its own when the API answers 429. Environment variable: `" + envName + "`.",
		Optional:   true,
		Validators: []validator.Float64{float64validator.Between(minRequestsPerSecond, maxRequestsPerSecond)},
	}
}
