package applogs

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// dataSourceModel is the configuration and state of the webscale_app_logs
// data source: a window and its link, and timeouts. This file is the only
// place where it is converted from and to API values.
type dataSourceModel struct {
	windowModel
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// ephemeralModel is the configuration and result of the ephemeral
// webscale_app_logs: the same window and link, never stored.
type ephemeralModel struct {
	windowModel
}

// windowModel is what both forms of webscale_app_logs have: the window
// asked for and the download link the API answers with.
type windowModel struct {
	ID          types.String `tfsdk:"id"`
	AppID       types.String `tfsdk:"app_id"`
	StartTime   types.String `tfsdk:"start_time"`
	EndTime     types.String `tfsdk:"end_time"`
	DownloadURL types.String `tfsdk:"download_url"`
}

var (
	_ tfmodel.DataSource[downloadLink, logsRequest] = (*dataSourceModel)(nil)
	_ tfmodel.DataSource[downloadLink, logsRequest] = (*ephemeralModel)(nil)
)

// logsRequest is a validated request for an application's logs.
type logsRequest struct {
	AppID string
	Start time.Time
	End   *time.Time // nil = up to now
}

// downloadLink is the API's answer to a logsRequest.
type downloadLink struct {
	Window logsRequest
	URL    string // a capability: anyone holding it can read the logs
}

// ToReadRequest reads the configured window. The validators have already
// checked the formats at plan time; values unknown then are checked here.
func (m windowModel) ToReadRequest(context.Context) (logsRequest, diag.Diagnostics) {
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

// FromAPI records the download link the API returned for a window.
func (m *windowModel) FromAPI(_ context.Context, link *downloadLink) diag.Diagnostics {
	m.ID = types.StringValue(link.Window.id())
	m.DownloadURL = types.StringValue(link.URL)
	return nil
}

// ceilSecond rounds t up to a whole second.
func ceilSecond(t time.Time) time.Time {
	if down := t.Truncate(time.Second); !down.Equal(t) {
		return down.Add(time.Second)
	}
	return t
}

// noOffsetLayout is the vendor's example form (2015-07-31T00:00:00): no
// offset, read as UTC. Fractional seconds are accepted by parsing too.
const noOffsetLayout = "2006-01-02T15:04:05.999999999"

// parseLogTime reads an RFC 3339 timestamp, or the vendor's form without an
// offset, which means UTC.
func parseLogTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.ParseInLocation(noOffsetLayout, s, time.UTC); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a timestamp such as 2015-07-31T00:00:00Z or 2015-07-31T00:00:00 (UTC)", s)
}
