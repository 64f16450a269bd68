package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/providerdata"
)

func envOf(m map[string]string) envLookup { return func(name string) string { return m[name] } }

// errorAt returns the summary+detail of the first error diagnostic at p.
func errorAt(diags diag.Diagnostics, p path.Path) string {
	for _, d := range diags.Errors() {
		if withPath, ok := d.(diag.DiagnosticWithPath); ok && withPath.Path().Equal(p) {
			return d.Summary() + ": " + d.Detail()
		}
	}
	return ""
}

func TestBuildClients_nothingConfiguredExplainsBothAPIs(t *testing.T) {
	var diags diag.Diagnostics
	clients := buildClients(context.Background(), providerModel{}, envOf(nil), "ua", nil, &diags)
	if diags.HasError() {
		t.Fatalf("unexpected errors: %v", diags)
	}
	_, wcDiags := clients.Webcore()
	if !wcDiags.HasError() || !strings.Contains(wcDiags[0].Detail(), EnvWebcoreURL) {
		t.Errorf("webcore reason should name %s, got %v", EnvWebcoreURL, wcDiags)
	}
	_, wsDiags := clients.Webscale()
	if !wsDiags.HasError() || !strings.Contains(wsDiags[0].Detail(), EnvWebscaleAccessToken) {
		t.Errorf("webscale reason should name %s, got %v", EnvWebscaleAccessToken, wsDiags)
	}
}

// webcoreReason is why the Webcore API is unavailable, or "" when it is.
func webcoreReason(clients *providerdata.Clients) string {
	if _, d := clients.Webcore(); d.HasError() {
		return d[0].Detail()
	}
	return ""
}

func TestBuildClients_partialWebcoreNamesEachMissingSetting(t *testing.T) {
	var diags diag.Diagnostics
	clients := buildClients(context.Background(), providerModel{}, envOf(map[string]string{EnvWebcoreURL: "https://cloud.example.com"}), "ua", nil, &diags)
	if diags.HasError() {
		t.Fatalf("Webcore settings must be checked by the objects that need Webcore, not at configuration: %v", diags)
	}
	reason := webcoreReason(clients)
	if !strings.Contains(reason, "webcore.username") || !strings.Contains(reason, EnvWebcoreUsername) {
		t.Errorf("the reason should name webcore.username and %s, got %q", EnvWebcoreUsername, reason)
	}
	if !strings.Contains(reason, EnvWebcorePassword) || !strings.Contains(reason, EnvWebcoreAPIKey) {
		t.Errorf("the reason should name both credential choices, got %q", reason)
	}
}

// A WEBCORE_URL left in the shell leaves a Webscale-only configuration
// working: only an object that needs Webcore reports the missing settings.
func TestBuildClients_strayWebcoreSettingLeavesWebscaleWorking(t *testing.T) {
	var diags diag.Diagnostics
	clients := buildClients(context.Background(), providerModel{}, envOf(map[string]string{
		EnvWebcoreURL: "https://cloud.example.com", EnvWebscaleAccessToken: "tok",
	}), "ua", nil, &diags)
	if diags.HasError() {
		t.Fatalf("configuration failed: %v", diags)
	}
	if _, d := clients.Webscale(); d.HasError() {
		t.Errorf("webscale: %v", d)
	}
	if !strings.Contains(webcoreReason(clients), "Missing Webcore setting") {
		t.Errorf("webcore objects should report the missing settings, got %q", webcoreReason(clients))
	}
}

func TestBuildClients_passwordAndAPIKeyFromEnvConflict(t *testing.T) {
	var diags diag.Diagnostics
	clients := buildClients(context.Background(), providerModel{}, envOf(map[string]string{
		EnvWebcoreURL: "https://cloud.example.com", EnvWebcoreUsername: "admin",
		EnvWebcorePassword: "hunter22", EnvWebcoreAPIKey: "abc123",
	}), "ua", nil, &diags)
	msg := webcoreReason(clients)
	if !strings.Contains(msg, "exactly one") {
		t.Fatalf("want a conflict reason, got %q", msg)
	}
	if strings.Contains(msg, "hunter22") || strings.Contains(msg, "abc123") {
		t.Errorf("error text leaks a secret: %q", msg)
	}
}

func TestBuildClients_configuredAPIKeyWinsOverEnvPassword(t *testing.T) {
	var diags diag.Diagnostics
	cfg := providerModel{Webcore: &webcoreModel{
		URL: types.StringNull(), Username: types.StringNull(),
		Password: types.StringNull(), APIKey: types.StringValue("0123456789abcdef"),
	}}
	clients := buildClients(context.Background(), cfg, envOf(map[string]string{
		EnvWebcoreURL: "https://cloud.example.com", EnvWebcoreUsername: "admin@example.com", EnvWebcorePassword: "from-shell",
	}), "ua", nil, &diags)
	if diags.HasError() {
		t.Fatalf("unexpected errors: %v", diags)
	}
	if _, d := clients.Webcore(); d.HasError() {
		t.Fatalf("webcore client missing: %v", d)
	}
}

func TestBuildClients_webscaleURLMustBeHTTPS(t *testing.T) {
	var diags diag.Diagnostics
	clients := buildClients(context.Background(), providerModel{}, envOf(map[string]string{
		EnvWebscaleURL: "http://api.webscale.com/v2", EnvWebscaleAccessToken: "tok",
	}), "ua", nil, &diags)
	_, d := clients.Webscale()
	if diags.HasError() || !d.HasError() || !strings.Contains(d[0].Detail(), "HTTPS") || !strings.Contains(d[0].Detail(), EnvWebscaleURL) {
		t.Fatalf("want webscale objects to report an HTTPS reason naming %s; configure: %v, webscale: %v", EnvWebscaleURL, diags, d)
	}
}

func TestBuildClients_unknownTokenDefersWebscale(t *testing.T) {
	var diags diag.Diagnostics
	cfg := providerModel{Webscale: &webscaleModel{
		URL: types.StringNull(), AccessToken: types.StringUnknown(), TokenInQuery: types.BoolNull(),
	}}
	clients := buildClients(context.Background(), cfg, envOf(nil), "ua", nil, &diags)
	if diags.HasError() {
		t.Fatalf("an unknown token must not fail configuration: %v", diags)
	}
	_, d := clients.Webscale()
	if !d.HasError() || !strings.Contains(d[0].Detail(), "not known until apply") {
		t.Fatalf("want a not-known-until-apply reason, got %v", d)
	}
}

func TestBuildClients_badBooleanEnvironmentVariable(t *testing.T) {
	var diags diag.Diagnostics
	buildClients(context.Background(), providerModel{}, envOf(map[string]string{EnvInsecure: "perhaps"}), "ua", nil, &diags)
	if msg := errorAt(diags, path.Root("insecure")); !strings.Contains(msg, EnvInsecure) {
		t.Fatalf("want an error naming %s, got %v", EnvInsecure, diags)
	}
}

func TestBuildClients_fullConfigurationBuildsBothClients(t *testing.T) {
	var diags diag.Diagnostics
	clients := buildClients(context.Background(), providerModel{}, envOf(map[string]string{
		EnvWebcoreURL: "https://cloud.example.com", EnvWebcoreUsername: "admin", EnvWebcorePassword: "secret1",
		EnvWebscaleAccessToken: "tok", EnvWebscaleTokenInQuery: "true",
	}), "ua", nil, &diags)
	if diags.HasError() {
		t.Fatalf("unexpected errors: %v", diags)
	}
	if _, d := clients.Webcore(); d.HasError() {
		t.Errorf("webcore: %v", d)
	}
	if _, d := clients.Webscale(); d.HasError() {
		t.Errorf("webscale: %v", d)
	}
}

func TestBuildClients_maxRequestsPerSecond(t *testing.T) {
	env := map[string]string{
		EnvWebcoreURL: "https://rate.example.com", EnvWebcoreUsername: "u", EnvWebcorePassword: "p",
		EnvWebscaleURL: "https://rate.example.com/v2", EnvWebscaleAccessToken: "rate-token", EnvWebscaleMaxRequestsPerSecond: "3.5",
	}
	var diags diag.Diagnostics
	cfg := providerModel{Webcore: &webcoreModel{MaxRPS: types.Float64Value(7)}}
	clients := buildClients(context.Background(), cfg, envOf(env), "ua", nil, &diags)
	wc, d := clients.Webcore()
	if d.HasError() || diags.HasError() {
		t.Fatalf("webcore: %v %v", d, diags)
	}
	if perSecond, paced := wc.SendRate(); !paced || perSecond != 7 {
		t.Errorf("webcore paced %v at %v, want 7 (the block's value)", paced, perSecond)
	}
	ws, d := clients.Webscale()
	if d.HasError() {
		t.Fatalf("webscale: %v", d)
	}
	if perSecond, paced := ws.SendRate(); !paced || perSecond != 3.5 {
		t.Errorf("webscale paced %v at %v, want 3.5 (from %s)", paced, perSecond, EnvWebscaleMaxRequestsPerSecond)
	}
}

func TestBuildClients_noLimitAndBadRateSettings(t *testing.T) {
	env := map[string]string{EnvWebscaleURL: "https://norate.example.com/v2", EnvWebscaleAccessToken: "t", EnvAdaptiveRateLimit: "false"}
	var diags diag.Diagnostics
	ws, d := buildClients(context.Background(), providerModel{}, envOf(env), "ua", nil, &diags).Webscale()
	if d.HasError() {
		t.Fatal(d)
	}
	if _, paced := ws.SendRate(); paced {
		t.Error("no cap and no adaptive limiter: requests must not be paced")
	}
	for name, value := range map[string]string{EnvWebscaleMaxRequestsPerSecond: "fast", EnvAdaptiveRateLimit: "sometimes"} {
		bad := map[string]string{EnvWebscaleAccessToken: "t", EnvWebscaleMaxRequestsPerSecond: "0.1"}
		bad[name] = value
		_, d := buildClients(context.Background(), providerModel{}, envOf(bad), "ua", nil, &diags).Webscale()
		if !d.HasError() || !strings.Contains(d[0].Detail(), name) || !strings.Contains(d[0].Detail(), value) {
			t.Errorf("%s=%s: want an error naming it, got %v", name, value, d)
		}
	}
	bad := map[string]string{EnvWebscaleAccessToken: "t", EnvWebscaleMaxRequestsPerSecond: "0"}
	if _, d := buildClients(context.Background(), providerModel{}, envOf(bad), "ua", nil, &diags).Webscale(); !d.HasError() {
		t.Error("a cap of 0 from the environment was accepted")
	}
}

// An API key not known until apply (a webcore_user_api_key being replaced)
// leaves the provider without a Webcore client for this plan, for that
// reason alone, so that resources keep their prior state instead of failing.
func TestBuildClients_unknownAPIKeyDefersWebcore(t *testing.T) {
	var diags diag.Diagnostics
	cfg := providerModel{Webcore: &webcoreModel{
		URL: types.StringValue("https://cloud.example.com"), Username: types.StringValue("kim@example.com"),
		Password: types.StringNull(), APIKey: types.StringUnknown(),
	}}
	clients := buildClients(context.Background(), cfg, envOf(nil), "ua", nil, &diags)
	if diags.HasError() {
		t.Fatalf("an unknown API key must not fail configuration: %v", diags)
	}
	if !clients.WebcoreKnownOnlyAtApply() {
		t.Error("WebcoreKnownOnlyAtApply() = false with an unknown API key")
	}
	configured := buildClients(context.Background(), providerModel{}, envOf(map[string]string{
		EnvWebcoreURL: "https://cloud.example.com", EnvWebcoreUsername: "admin", EnvWebcorePassword: "pw",
	}), "ua", nil, &diags)
	missing := buildClients(context.Background(), providerModel{}, envOf(map[string]string{EnvWebcoreURL: "https://cloud.example.com"}), "ua", nil, &diags)
	if configured.WebcoreKnownOnlyAtApply() || missing.WebcoreKnownOnlyAtApply() {
		t.Error("WebcoreKnownOnlyAtApply() is true for a configured provider or one missing settings: their reads must run or fail")
	}
}

// TestBuildClients_plainHTTPNeedsTheOptIn: an http:// Webcore URL (here from
// the environment) makes Webcore unavailable with a reason about clear text;
// with the opt-in the client is built and a warning on webcore.url says the
// credentials travel in clear text. The Webscale URL stays HTTPS-only, and
// its error quotes the URL masked.
func TestBuildClients_plainHTTPNeedsTheOptIn(t *testing.T) {
	env := map[string]string{EnvWebcoreURL: "http://cloud.example.com", EnvWebcoreUsername: "admin", EnvWebcorePassword: "pw-123456"}
	var diags diag.Diagnostics
	clients := buildClients(context.Background(), providerModel{}, envOf(env), "ua", nil, &diags)
	if reason := webcoreReason(clients); !strings.Contains(reason, "clear text") || !strings.Contains(reason, EnvWebcoreAllowHTTP) {
		t.Errorf("no clear-text reason without the opt-in: %q", reason)
	}
	if len(diags) != 0 {
		t.Errorf("diagnostics without a client: %v", diags)
	}

	env[EnvWebcoreAllowHTTP] = "true"
	diags = nil
	clients = buildClients(context.Background(), providerModel{}, envOf(env), "ua", nil, &diags)
	if reason := webcoreReason(clients); reason != "" {
		t.Fatalf("the opt-in did not build the client: %s", reason)
	}
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning || !strings.Contains(diags[0].Summary(), "clear text") {
		t.Errorf("want one clear-text warning, got %v", diags)
	}

	diags = nil
	clients = buildClients(context.Background(), providerModel{Webscale: &webscaleModel{URL: types.StringValue("http://u:hunter22@api.example.com/v2?token=t0k")}},
		envOf(map[string]string{EnvWebscaleAccessToken: "tok-123456"}), "ua", nil, &diags)
	if _, d := clients.Webscale(); !d.HasError() || !strings.Contains(d[0].Detail(), "HTTPS") ||
		strings.Contains(d[0].Detail(), "hunter22") || strings.Contains(d[0].Detail(), "t0k") {
		t.Errorf("plain-HTTP Webscale: %v", d)
	}
}

// TestBuildClients_insecureWarnsNamingTheAPIs: one warning on insecure,
// naming each API that has a client.
func TestBuildClients_insecureWarnsNamingTheAPIs(t *testing.T) {
	env := map[string]string{EnvWebcoreURL: "https://cloud.example.com", EnvWebcoreUsername: "admin", EnvWebcorePassword: "pw-123456", EnvInsecure: "true"}
	var diags diag.Diagnostics
	buildClients(context.Background(), providerModel{}, envOf(env), "ua", nil, &diags)
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning ||
		!strings.Contains(diags[0].Detail(), "the Webcore Cloud API (https://cloud.example.com)") || strings.Contains(diags[0].Detail(), "Webscale API (") {
		t.Errorf("want one warning naming the Webcore API only, got %v", diags)
	}
	env[EnvWebscaleAccessToken] = "tok-123456"
	diags = nil
	buildClients(context.Background(), providerModel{}, envOf(env), "ua", nil, &diags)
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), "the Webscale API (https://api.webscale.com/v2)") {
		t.Errorf("want one warning naming both APIs, got %v", diags)
	}
	delete(env, EnvInsecure)
	diags = nil
	buildClients(context.Background(), providerModel{}, envOf(env), "ua", nil, &diags)
	if len(diags) != 0 {
		t.Errorf("a warning without insecure: %v", diags)
	}
}
