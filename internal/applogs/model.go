package applogs

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// logsModel is the configuration and state of a webscale_app_logs.
type logsModel struct {
	ID          types.String `tfsdk:"id"`
	AppID       types.String `tfsdk:"app_id"`
	StartTime   types.String `tfsdk:"start_time"`
	EndTime     types.String `tfsdk:"end_time"`
	DownloadURL types.String `tfsdk:"download_url"`
}

// logsRequest is a validated request for an application's logs.
type logsRequest struct {
	AppID string
	Start time.Time
	End   *time.Time // nil = up to now
}

// request reads the configured window. The validators have already checked
// the formats at plan time; values unknown then are checked here.
func (m logsModel) request() (logsRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := logsRequest{AppID: m.AppID.ValueString()}
	start, err := parseLogTime(m.StartTime.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("start_time"), "Invalid timestamp", err.Error()+".")
	}
	// The API takes whole seconds: widen the window outwards to them, so it
	// still covers what was asked (a truncated end could empty it).
	req.Start = start.Truncate(time.Second)
	if !m.EndTime.IsNull() {
		end, err := parseLogTime(m.EndTime.ValueString())
		switch {
		case err != nil:
			diags.AddAttributeError(path.Root("end_time"), "Invalid timestamp", err.Error()+".")
		case !diags.HasError() && !end.After(start):
			diags.AddAttributeError(path.Root("end_time"), "end_time must be after start_time",
				"The window is empty or reversed: end_time must be later than start_time.")
		}
		end = ceilSecond(end)
		req.End = &end
	}
	return req, diags
}

// id names the window the logs cover: app id, start and end (empty when
// open-ended), times in RFC 3339 UTC.
func (r logsRequest) id() string {
	end := ""
	if r.End != nil {
		end = r.End.Format(time.RFC3339)
	}
	return r.AppID + "/" + r.Start.Format(time.RFC3339) + "/" + end
}

// setResult records the download URL the API returned for r.
func (m *logsModel) setResult(r logsRequest, downloadURL string) {
	m.ID = types.StringValue(r.id())
	m.DownloadURL = types.StringValue(downloadURL)
}

// ceilSecond rounds t up to a whole second.
func ceilSecond(t time.Time) time.Time {
	if down := t.Truncate(time.Second); !down.Equal(t) {
		return down.Add(time.Second)
	}
	return t
}
