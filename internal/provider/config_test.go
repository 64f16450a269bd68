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
