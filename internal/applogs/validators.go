package applogs

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// logTimeFormat validates start_time/end_time. Written here because the
// framework validators have no timestamp validator, and timetypes.RFC3339
// would reject the vendor's offset-less form.
type logTimeFormat struct{}

func (logTimeFormat) Description(context.Context) string {
	return "must be an RFC 3339 timestamp, or one without an offset meaning UTC (2015-07-31T00:00:00)"
}

func (v logTimeFormat) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (logTimeFormat) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseLogTime(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid timestamp", err.Error()+".")
	}
}

// endAfterStart checks, when both are known, that end_time is after start_time.
type endAfterStart struct{}

var (
	_ datasource.ConfigValidator = endAfterStart{}
	_ ephemeral.ConfigValidator  = endAfterStart{}
)

func (endAfterStart) Description(context.Context) string {
	return "end_time must be after start_time"
}

func (v endAfterStart) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v endAfterStart) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	resp.Diagnostics.Append(v.validate(ctx, req.Config)...)
}

func (v endAfterStart) ValidateEphemeralResource(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	resp.Diagnostics.Append(v.validate(ctx, req.Config)...)
}

func (endAfterStart) validate(ctx context.Context, config tfsdk.Config) diag.Diagnostics {
	var diags diag.Diagnostics
	var start, end types.String
	diags.Append(config.GetAttribute(ctx, path.Root("start_time"), &start)...)
	diags.Append(config.GetAttribute(ctx, path.Root("end_time"), &end)...)
	if start.IsNull() || start.IsUnknown() || end.IsNull() || end.IsUnknown() {
		return diags
	}
	s, errS := parseLogTime(start.ValueString())
	e, errE := parseLogTime(end.ValueString())
	if errS != nil || errE != nil {
		return diags // the format validator reports these
	}
	if !e.After(s) {
		diags.AddAttributeError(path.Root("end_time"), "end_time must be after start_time",
			fmt.Sprintf("The window [%s, %s) is empty or reversed: end_time must be later than start_time.",
				s.Format(time.RFC3339), e.Format(time.RFC3339)))
	}
	return diags
}

// noSlash keeps app_id a single path segment.
var noSlash = regexp.MustCompile(`^[^/]+$`)
