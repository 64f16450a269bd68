package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

const defaultWebscaleURL = "https://api.webscale.com/v2"

// Environment variables read by the provider, one per setting.
const (
	EnvWebcoreURL           = "WEBCORE_URL"
	EnvWebcoreUsername      = "WEBCORE_USERNAME"
	EnvWebcorePassword      = "WEBCORE_PASSWORD"
	EnvWebcoreAPIKey        = "WEBCORE_API_KEY" //nolint:gosec // the name of an environment variable, not a credential
	EnvWebcoreAllowHTTP     = "WEBCORE_ALLOW_PLAIN_HTTP"
	EnvWebscaleURL          = "WEBSCALE_URL"
	EnvWebscaleAccessToken  = "WEBSCALE_ACCESS_TOKEN"
	EnvWebscaleTokenInQuery = "WEBSCALE_TOKEN_IN_QUERY" //nolint:gosec // the name of an environment variable, not a credential
	EnvCACertFile           = "WEBCORE_CA_CERT_FILE"
	EnvInsecure             = "WEBCORE_INSECURE"

	EnvWebcoreMaxRequestsPerSecond  = "WEBCORE_MAX_REQUESTS_PER_SECOND"
	EnvWebscaleMaxRequestsPerSecond = "WEBSCALE_MAX_REQUESTS_PER_SECOND"
	// EnvAdaptiveRateLimit=false turns the adaptive limiter of both APIs off
	// (a 429 is then only retried); for comparison and troubleshooting.
	EnvAdaptiveRateLimit = "WEBCORE_ADAPTIVE_RATE_LIMIT"
)

// The bounds of max_requests_per_second.
const (
	minRequestsPerSecond = 0.1
	maxRequestsPerSecond = 100000
)

type providerModel struct {
	Webcore    *webcoreModel  `tfsdk:"webcore"`
	Webscale   *webscaleModel `tfsdk:"webscale"`
	CACertFile types.String   `tfsdk:"ca_cert_file"`
	Insecure   types.Bool     `tfsdk:"insecure"`
}

type webcoreModel struct {
	URL      types.String  `tfsdk:"url"`
	Username types.String  `tfsdk:"username"`
	Password types.String  `tfsdk:"password"`
	APIKey   types.String  `tfsdk:"api_key"`
	MaxRPS   types.Float64 `tfsdk:"max_requests_per_second"`
	// AllowPlainHTTP is the explicit opt-in to an http:// URL.
	AllowPlainHTTP types.Bool `tfsdk:"allow_plain_http"`
}

type webscaleModel struct {
	URL          types.String  `tfsdk:"url"`
	AccessToken  types.String  `tfsdk:"access_token"`
	TokenInQuery types.Bool    `tfsdk:"token_in_query"`
	MaxRPS       types.Float64 `tfsdk:"max_requests_per_second"`
}

// envLookup reads one environment variable; tests substitute a map.
type envLookup func(name string) string

func osEnv(name string) string { return os.Getenv(name) }

// setting is one resolved value: from the configuration, else the environment.
type setting struct {
	value   string
	unknown bool // set in the configuration but not known until apply
}

func resolveString(v types.String, env envLookup, envName string) setting {
	switch {
	case v.IsUnknown():
		return setting{unknown: true}
	case !v.IsNull():
		return setting{value: v.ValueString()}
	default:
		return setting{value: env(envName)}
	}
}

func resolveBool(v types.Bool, env envLookup, envName string, p path.Path, diags *diag.Diagnostics) (value, unknown bool) {
	switch {
	case v.IsUnknown():
		return false, true
	case !v.IsNull():
		return v.ValueBool(), false
	}
	raw := env(envName)
	if raw == "" {
		return false, false
	}
	b, err := strconv.ParseBool(raw)
	if err != nil {
		diags.AddAttributeError(p, "Invalid environment variable",
			fmt.Sprintf("%s must be true or false, got %q.", envName, raw))
	}
	return b, false
}

// resolveRateLimit reads an API's cap (block, else envName) and the adaptive
// switch; a bad environment value is returned as the API's problem.
func resolveRateLimit(v types.Float64, env envLookup, envName string) (client.RateLimitOptions, string) {
	var opts client.RateLimitOptions
	if raw := env(EnvAdaptiveRateLimit); raw != "" {
		on, err := strconv.ParseBool(raw)
		if err != nil {
			return opts, fmt.Sprintf("%s must be true or false, got %q.", EnvAdaptiveRateLimit, raw)
		}
		opts.NotAdaptive = !on
	}
	switch {
	case v.IsUnknown():
	case !v.IsNull():
		opts.MaxPerSecond = v.ValueFloat64()
	case env(envName) != "":
		raw := env(envName)
		perSecond, err := strconv.ParseFloat(raw, 64)
		if err != nil || perSecond < minRequestsPerSecond || perSecond > maxRequestsPerSecond {
			return opts, fmt.Sprintf("%s must be a number of requests per second between %v and %v, got %q.",
				envName, minRequestsPerSecond, maxRequestsPerSecond, raw)
		}
		opts.MaxPerSecond = perSecond
	}
	return opts, ""
}

// buildClients turns the configuration (plus environment) into API clients.
// An API whose settings are absent, or not known until apply, gets no client
// and a reason that resources using it will report.
func buildClients(ctx context.Context, cfg providerModel, env envLookup, userAgent string, clock providerdata.Clock, diags *diag.Diagnostics) *providerdata.Clients {
	caFile := resolveString(cfg.CACertFile, env, EnvCACertFile)
	insecure, insecureUnknown := resolveBool(cfg.Insecure, env, EnvInsecure, path.Root("insecure"), diags)
	if diags.HasError() {
		return nil
	}
	if caFile.unknown || insecureUnknown {
		why := "ca_cert_file or insecure depends on values not known until apply; the provider cannot connect during this plan."
		return providerdata.New(nil, why, nil, why, clock)
	}

	logger := newTFLogger()
	transport, err := client.NewTransport(client.TransportConfig{
		CACertFile: caFile.value,
		Insecure:   insecure,
		UserAgent:  userAgent,
		Logger:     logger,
	})
	if err != nil {
		diags.AddAttributeError(path.Root("ca_cert_file"), "Cannot set up the HTTP transport", err.Error())
		return nil
	}

	// An API's settings are checked only by the objects that need that API:
	// a WEBCORE_URL left in the shell must not break a Webscale-only
	// configuration. Each problem becomes the reason the API is unavailable.
	webcore, webcoreWhy := buildWebcore(cfg.Webcore, env, transport, logger)
	webscale, webscaleWhy := buildWebscale(cfg.Webscale, env, transport, logger)
	if insecure {
		warnInsecure(webcore, webscale, diags)
	}
	if webcore != nil && webcore.PlainHTTP() {
		diags.AddAttributeWarning(path.Root("webcore").AtName("url"), "Webcore credentials travel in clear text",
			"webcore.allow_plain_http (or "+EnvWebcoreAllowHTTP+") lets the provider use "+client.MaskURL(webcore.BaseURL())+
				" over plain HTTP: every request carries the Webcore login and password or API key in clear text, readable "+
				"by anyone on the network path. Ask your provider to enable HTTPS for the control panel, then remove the setting.")
	}
	return providerdata.New(webcore, webcoreWhy, webscale, webscaleWhy, clock)
}

// warnInsecure says, once per provider configuration, which APIs the
// provider talks to without checking their certificates.
func warnInsecure(webcore *client.Webcore, webscale *client.Webscale, diags *diag.Diagnostics) {
	var apis []string
	if webcore != nil {
		apis = append(apis, "the Webcore Cloud API ("+client.MaskURL(webcore.BaseURL())+")")
	}
	if webscale != nil {
		apis = append(apis, "the Webscale API ("+client.MaskURL(webscale.BaseURL())+")")
	}
	if len(apis) == 0 {
		apis = []string{"both the Webcore Cloud API and the Webscale API, once configured"}
	}
	diags.AddAttributeWarning(path.Root("insecure"), "TLS certificate verification is off",
		"insecure = true (or "+EnvInsecure+") makes the provider skip certificate verification for "+strings.Join(apis, " and ")+
			": anyone on the network path can pose as the API and read the credentials sent to it. To trust a private "+
			"or test certificate authority, set ca_cert_file instead.")
}

func buildWebcore(m *webcoreModel, env envLookup, transport *client.Transport, logger *tfLogger) (*client.Webcore, string) {
	if m == nil {
		m = &webcoreModel{}
	}
	url := resolveString(m.URL, env, EnvWebcoreURL)
	username := resolveString(m.Username, env, EnvWebcoreUsername)
	var password, apiKey setting
	if m.Password.IsNull() && m.APIKey.IsNull() {
		// Only when the configuration chooses neither do both variables count, so a
		// configured api_key is never overruled by a WEBCORE_PASSWORD left in the shell.
		password = setting{value: env(EnvWebcorePassword)}
		apiKey = setting{value: env(EnvWebcoreAPIKey)}
	} else {
		password = resolveString(m.Password, env, "")
		apiKey = resolveString(m.APIKey, env, "")
	}

	var allowProblem diag.Diagnostics
	allowHTTP, allowUnknown := resolveBool(m.AllowPlainHTTP, env, EnvWebcoreAllowHTTP, path.Root("webcore").AtName("allow_plain_http"), &allowProblem)
	if allowProblem.HasError() {
		return nil, "Invalid Webcore setting: " + allowProblem[0].Detail()
	}

	if url.unknown || username.unknown || password.unknown || apiKey.unknown || allowUnknown {
		return nil, providerdata.WebcoreUnknownUntilApply
	}
	if url.value == "" && username.value == "" && password.value == "" && apiKey.value == "" {
		return nil, "Set webcore.url (or " + EnvWebcoreURL + "), webcore.username (or " + EnvWebcoreUsername +
			"), and webcore.password (or " + EnvWebcorePassword + ") or webcore.api_key (or " + EnvWebcoreAPIKey +
			") in the provider configuration to manage webcore_* resources."
	}

	var problems []string
	require := func(s setting, attr, envName string) {
		if s.value == "" {
			problems = append(problems, fmt.Sprintf("Missing Webcore setting: webcore.%s is required once any Webcore setting "+
				"is given. Set it in the provider block or through %s.", attr, envName))
		}
	}
	require(url, "url", EnvWebcoreURL)
	if isPlainHTTP(url.value) && !allowHTTP {
		problems = append(problems, plainHTTPRefused)
	}
	require(username, "username", EnvWebcoreUsername)
	switch {
	case password.value == "" && apiKey.value == "":
		problems = append(problems, "Missing Webcore credentials: set webcore.password (or "+EnvWebcorePassword+
			") for login+password authentication, or webcore.api_key (or "+EnvWebcoreAPIKey+") for email+API-key authentication.")
	case password.value != "" && apiKey.value != "":
		problems = append(problems, "Conflicting Webcore credentials: both a password and an API key are set (in the "+
			"configuration or through "+EnvWebcorePassword+" and "+EnvWebcoreAPIKey+"). Set exactly one.")
	}
	if len(problems) > 0 {
		return nil, strings.Join(problems, "\n")
	}
	rateLimit, problem := resolveRateLimit(m.MaxRPS, env, EnvWebcoreMaxRequestsPerSecond)
	if problem != "" {
		return nil, "Invalid Webcore setting: " + problem
	}
	logger.addSecrets(password.value, apiKey.value)
	wc, err := client.NewWebcore(transport, client.WebcoreConfig{
		URL: url.value, Username: username.value, Password: password.value, APIKey: apiKey.value, RateLimit: rateLimit,
		AllowPlainHTTP: allowHTTP,
	})
	if err != nil {
		return nil, "Invalid Webcore configuration: " + err.Error()
	}
	return wc, ""
}

func buildWebscale(m *webscaleModel, env envLookup, transport *client.Transport, logger *tfLogger) (*client.Webscale, string) {
	if m == nil {
		m = &webscaleModel{}
	}
	url := resolveString(m.URL, env, EnvWebscaleURL)
	token := resolveString(m.AccessToken, env, EnvWebscaleAccessToken)
	var inQueryProblem diag.Diagnostics
	inQuery, inQueryUnknown := resolveBool(m.TokenInQuery, env, EnvWebscaleTokenInQuery, path.Root("webscale").AtName("token_in_query"), &inQueryProblem)
	if inQueryProblem.HasError() {
		return nil, "Invalid Webscale setting: " + inQueryProblem[0].Detail()
	}
	if url.unknown || token.unknown || inQueryUnknown {
		return nil, "The webscale settings depend on values that are not known until apply, so the provider cannot reach the Webscale API during this plan. " +
			"A data source read through this provider must wait for apply: give it a depends_on on the resource the settings come from."
	}
	if url.value == "" {
		url.value = defaultWebscaleURL
	}
	if !strings.HasPrefix(strings.ToLower(url.value), "https://") {
		return nil, fmt.Sprintf("Webscale URL must use HTTPS: the Webscale API answers only over HTTPS; got %s (from the "+
			"configuration or %s).", client.MaskURL(url.value), EnvWebscaleURL)
	}
	if token.value == "" {
		return nil, "Set webscale.access_token (or " + EnvWebscaleAccessToken + ") in the provider configuration to use webscale_* objects."
	}
	rateLimit, problem := resolveRateLimit(m.MaxRPS, env, EnvWebscaleMaxRequestsPerSecond)
	if problem != "" {
		return nil, "Invalid Webscale setting: " + problem
	}
	logger.addSecrets(token.value)
	ws, err := client.NewWebscale(transport, client.WebscaleConfig{URL: url.value, AccessToken: token.value, TokenInQuery: inQuery, RateLimit: rateLimit})
	if err != nil {
		return nil, "Invalid Webscale configuration: " + err.Error()
	}
	return ws, ""
}

// plainHTTPRefused is the error on an http:// Webcore URL without the opt-in.
const plainHTTPRefused = "The Webcore URL uses http://, so every request would carry the Webcore credentials (the Basic " +
	"authorization header) in clear text. Use an https:// URL; if your control panel serves only plain HTTP, accept " +
	"the risk explicitly with webcore.allow_plain_http = true (or " + EnvWebcoreAllowHTTP + "=true)."

// isPlainHTTP reports whether raw is an http:// URL (any letter case).
func isPlainHTTP(raw string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(raw)), "http://")
}
