package provider

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// httpURL checks that a string is an absolute URL with one of the allowed
// schemes and a host. Written here because the framework validators have no
// URL validator. Messages quote the URL masked (client.MaskURL): it may
// carry a password in its user info or query.
type httpURL struct {
	schemes []string
}

func (v httpURL) Description(context.Context) string {
	return "must be an absolute URL using " + strings.Join(v.schemes, " or ")
}

func (v httpURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v httpURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			fmt.Sprintf("Expected an absolute URL such as %s://example.com, got %s.", v.schemes[0], client.MaskURL(raw)))
	case !slices.Contains(v.schemes, strings.ToLower(u.Scheme)):
		resp.Diagnostics.AddAttributeError(req.Path, "Unsupported URL scheme",
			fmt.Sprintf("The URL must use %s, got %s.", strings.Join(v.schemes, " or "), client.MaskURL(raw)))
	case u.User != nil:
		resp.Diagnostics.AddAttributeError(req.Path, "Credentials in the URL",
			"The URL must not carry user info (user:password@); configure the credentials in their own attributes.")
	}
}
