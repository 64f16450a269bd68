package accesskey

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// ttlRange checks an ephemeral key's ttl is within [min, max]. Written here
// because the framework validators have none for durations; the format is
// timetypes.GoDuration's to check.
type ttlRange struct{ min, max time.Duration }

var _ validator.String = ttlRange{}

func (v ttlRange) Description(context.Context) string {
	return fmt.Sprintf("must be a duration from %s to %s", v.min, v.max)
}

func (v ttlRange) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v ttlRange) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil {
		return // timetypes.GoDuration reports the format
	}
	if d < v.min || d > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid ttl",
			fmt.Sprintf("ttl is %s; it must be from %s to %s.", d, v.min, v.max))
	}
}
