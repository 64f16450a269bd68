package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestHTTPURLNeverQuotesCredentials: a bad URL is quoted masked, with no
// user info and no secret query value, and user info alone is an error.
func TestHTTPURLNeverQuotesCredentials(t *testing.T) {
	v := httpURL{schemes: []string{"https"}}
	for raw, want := range map[string]string{
		"ftp://admin:hunter22@cloud.example.com/?token=t0k": "Unsupported URL scheme",
		"https://admin:hunter22@cloud.example.com":          "Credentials in the URL",
		"admin:hunter22@cloud.example.com?token=t0k":        "Invalid URL",
		"https://cloud example.com/hunter22\x7f":            "Invalid URL",
	} {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("url"), ConfigValue: types.StringValue(raw)}, resp)
		if !resp.Diagnostics.HasError() {
			t.Errorf("%q accepted", raw)
			continue
		}
		text := resp.Diagnostics[0].Summary() + ": " + resp.Diagnostics[0].Detail()
		if !strings.Contains(text, want) || strings.Contains(text, "hunter22") || strings.Contains(text, "t0k") {
			t.Errorf("%q: %s", raw, text)
		}
	}
}
