package apidiag

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

func TestAppend_unauthorizedNamesTheSettingsOfTheRefusingAPI(t *testing.T) {
	cases := []struct {
		service       string
		want, notWant string
	}{
		{service: "webcore", want: "WEBCORE_PASSWORD", notWant: "access_token"},
		{service: "webscale", want: "WEBSCALE_ACCESS_TOKEN", notWant: "webcore.password"},
	}
	for _, c := range cases {
		t.Run(c.service, func(t *testing.T) {
			var diags diag.Diagnostics
			Append(&diags, "reading", &client.APIError{Service: c.service, StatusCode: 401, Kind: client.KindUnauthorized, Method: "GET", Path: "/x"}, nil)
			if len(diags) != 1 {
				t.Fatalf("want one diagnostic, got %v", diags)
			}
			detail := diags[0].Detail()
			if !strings.Contains(diags[0].Summary(), "credentials rejected") || !strings.Contains(detail, c.want) || strings.Contains(detail, c.notWant) {
				t.Errorf("summary %q detail %q: want %q and not %q", diags[0].Summary(), detail, c.want, c.notWant)
			}
		})
	}
}

func TestAppend_forbiddenExplainedInTheTermsOfTheAPI(t *testing.T) {
	cases := map[string]string{"webcore": "resource limits", "webscale": "another account"}
	for service, want := range cases {
		var diags diag.Diagnostics
		Append(&diags, "creating", &client.APIError{Service: service, StatusCode: 403, Kind: client.KindForbidden, Method: "POST", Path: "/x"}, nil)
		if len(diags) != 1 || !strings.Contains(diags[0].Summary(), "forbidden") || !strings.Contains(diags[0].Detail(), want) {
			t.Errorf("%s: want a forbidden error mentioning %q, got %v", service, want, diags)
		}
	}
}
