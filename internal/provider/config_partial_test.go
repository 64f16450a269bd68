package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Any one Webcore setting alone counts as starting the configuration: the
// reason names what is missing, not the whole list as for none.
func TestBuildClients_anyOneWebcoreSettingNamesTheMissingOnes(t *testing.T) {
	for env, missing := range map[string]string{
		EnvWebcoreURL:      "webcore.username",
		EnvWebcoreUsername: "webcore.url",
		EnvWebcorePassword: "webcore.url",
		EnvWebcoreAPIKey:   "webcore.username",
	} {
		var diags diag.Diagnostics
		clients := buildClients(context.Background(), providerModel{}, envOf(map[string]string{env: "https://x.example.com"}), "ua", nil, &diags)
		reason := webcoreReason(clients)
		if !strings.Contains(reason, "Missing Webcore setting") || !strings.Contains(reason, missing) {
			t.Errorf("only %s set: reason %q, want one naming %s as missing", env, reason, missing)
		}
	}
}
