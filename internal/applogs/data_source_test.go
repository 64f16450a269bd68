package applogs_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webscale"
)

const logsAddr = "data.webscale_app_logs.test"

func logsConfig(app, start, end string) string {
	endLine := ""
	if end != "" {
		endLine = fmt.Sprintf("end_time = %q", end)
	}
	return fmt.Sprintf(`
data "webscale_app_logs" "test" {
  provider   = webcore
  app_id     = %q
  start_time = %q
  %s
}
`, app, start, endLine)
}

// logLines decodes a logs download (NDJSON).
func logLines(body []byte) ([]webscale.LogLine, error) {
	var lines []webscale.LogLine
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		var l webscale.LogLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("line %d: %w", len(lines)+1, err)
		}
		lines = append(lines, l)
	}
	return lines, sc.Err()
}

// downloadFromState fetches the download_url the data source put in state.
func downloadFromState(t *testing.T, s *terraform.State) ([]byte, error) {
	rs, ok := s.RootModule().Resources[logsAddr]
	if !ok {
		return nil, fmt.Errorf("%s not in state", logsAddr)
	}
	return acctest.WebscaleClient(t).Download(context.Background(), rs.Primary.Attributes["download_url"])
}

// linesFromState downloads and decodes the log lines of the download_url
// the data source put in state.
func linesFromState(t *testing.T, s *terraform.State) ([]webscale.LogLine, error) {
	body, err := downloadFromState(t, s)
	if err != nil {
		return nil, err
	}
	return logLines(body)
}

// downloadWindow asks the API directly for the logs of a window.
func downloadWindow(t *testing.T, app string, start, end time.Time) ([]webscale.LogLine, error) {
	ws := acctest.WebscaleClient(t)
	url, err := ws.AppLogs(context.Background(), app, start, &end)
	if err != nil {
		return nil, err
	}
	body, err := ws.Download(context.Background(), url)
	if err != nil {
		return nil, err
	}
	return logLines(body)
}

func TestAccAppLogs_window(t *testing.T) {
	// The vendor's offset-less form (UTC) and RFC 3339 with an offset.
	start, end := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	mid := time.Date(2025, 6, 1, 5, 0, 0, 0, time.UTC)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: logsConfig("example-app", "2025-06-01T00:00:00", "2025-06-01T14:00:00+02:00"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(logsAddr, tfjsonpath.New("id"),
					knownvalue.StringExact("example-app/2025-06-01T00:00:00Z/2025-06-01T12:00:00Z")),
				statecheck.ExpectKnownValue(logsAddr, tfjsonpath.New("download_url"),
					knownvalue.StringRegexp(regexp.MustCompile(`^https://127\.0\.0\.1:\d+/download/\S+$`))),
				statecheck.ExpectSensitiveValue(logsAddr, tfjsonpath.New("download_url")),
			},
			Check: func(s *terraform.State) error {
				got, err := linesFromState(t, s)
				if err != nil {
					return err
				}
				if len(got) == 0 {
					return fmt.Errorf("a 12-hour window of example-app has no log lines")
				}
				for i, l := range got {
					arrival, err := time.Parse(time.RFC3339Nano, l.Arrival)
					if err != nil || arrival.Before(start) || !arrival.Before(end) {
						return fmt.Errorf("line %d arrived at %q, outside [%s, %s)", i, l.Arrival, start, end)
					}
					if i > 0 && l.Arrival < got[i-1].Arrival {
						return fmt.Errorf("line %d is out of arrival order", i)
					}
					if l.RequestMethod == "" || l.RequestPath == "" || l.ResponseStatusCode == 0 || l.Completed == "" {
						return fmt.Errorf("line %d lacks fields: %+v", i, l)
					}
				}
				// The emulator's logs are deterministic per app and window: the
				// download is exactly its generator's lines, and the same window
				// asked directly, and as two halves, gives the same lines.
				if want := webscale.LogLinesFor("example-app", start, end); !slices.Equal(got, want) {
					return fmt.Errorf("the download has %d lines, the emulator generates %d different ones for the window", len(got), len(want))
				}
				direct, err := downloadWindow(t, "example-app", start, end)
				if err != nil {
					return err
				}
				first, err := downloadWindow(t, "example-app", start, mid)
				if err != nil {
					return err
				}
				second, err := downloadWindow(t, "example-app", mid, end)
				if err != nil {
					return err
				}
				if !slices.Equal(got, direct) || !slices.Equal(got, append(first, second...)) {
					return fmt.Errorf("the download differs from the emulator's lines for the same window (%d vs %d vs %d+%d lines)",
						len(got), len(direct), len(first), len(second))
				}
				return nil
			},
		}},
	})
}

// The emulator's applications have traffic only since 2025, so the seed's
// example window is empty: a link to an empty file, not an error.
func TestAccAppLogs_emptyWindow(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: logsConfig("example-app", "2015-07-31T00:00:00", "2015-08-01T00:00:00"),
			Check: func(s *terraform.State) error {
				body, err := downloadFromState(t, s)
				if err != nil {
					return err
				}
				if len(bytes.TrimSpace(body)) != 0 {
					return fmt.Errorf("want an empty download, got %d bytes", len(body))
				}
				return nil
			},
		}},
	})
}

func TestAccAppLogs_unknownApp(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      logsConfig("no-such-app", "2025-06-01T00:00:00", ""),
				ExpectError: regexp.MustCompile(`App not found[\s\S]*"no-such-app"`),
			},
			{
				// Another account's app is reported exactly like an unknown one.
				Config:      logsConfig("other-app", "2025-06-01T00:00:00", ""),
				ExpectError: regexp.MustCompile(`App not found[\s\S]*"other-app"`),
			},
		},
	})
}

func TestAccAppLogs_badTimesFailAtPlan(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      logsConfig("example-app", "yesterday", ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Invalid timestamp[\s\S]*"yesterday"`),
			},
			{
				Config:      logsConfig("example-app", "2025-06-01T00:00:00", "31/05/2025"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Invalid timestamp`),
			},
			{
				Config:      logsConfig("example-app", "2025-06-02T00:00:00", "2025-06-01T00:00:00Z"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`end_time must be after start_time`),
			},
		},
	})
}

// The shipped example applies as written.
func TestAccAppLogs_example(t *testing.T) {
	example, err := os.ReadFile("../../examples/data-sources/webscale_app_logs/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: string(example),
			// Every read gets a new link, so the example's output always changes.
			ExpectNonEmptyPlan: true,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.webscale_app_logs.example", tfjsonpath.New("download_url"),
					knownvalue.StringRegexp(regexp.MustCompile(`/download/`))),
			},
		}},
	})
}

// Both ways of sending the token work, a request never carries both, and the
// token never reaches the emulator's log. Not parallel: it reads the
// emulator's request log.
func TestAccAppLogs_transports(t *testing.T) {
	control := acctest.Emulator(t).Control()
	clear := func() {
		if err := control.ClearRequests(); err != nil {
			t.Fatal(err)
		}
	}
	// expectAuth checks every logs request of the step used the wanted way.
	expectAuth := func(header string, query bool) func(*terraform.State) error {
		return func(*terraform.State) error {
			records, err := control.Requests()
			if err != nil {
				return err
			}
			seen := 0
			for _, r := range records {
				if r.AuthHeader != "" && r.AuthQuery {
					return fmt.Errorf("%s %s carried the token in the header and the query", r.Method, r.Path)
				}
				if !strings.HasPrefix(r.Path, "/v2/app/") {
					continue
				}
				seen++
				if r.AuthHeader != header || r.AuthQuery != query || r.Status != 200 {
					return fmt.Errorf("%s %s: auth header %q, auth query %v, status %d; want header %q, query %v, 200",
						r.Method, r.Path, r.AuthHeader, r.AuthQuery, r.Status, header, query)
				}
				if query && !strings.Contains(r.Query, "authorization=***") {
					return fmt.Errorf("the request log shows the query unmasked or without the token: %q", r.Query)
				}
			}
			if seen == 0 {
				return fmt.Errorf("no logs request was recorded")
			}
			if token := acctest.Emulator(t).Info().WebscaleToken; strings.Contains(acctest.EmulatorLog(), token) {
				return fmt.Errorf("the emulator's log contains the access token")
			}
			return nil
		}
	}
	cfg := logsConfig("shop-app", "2025-06-01T00:00:00", "2025-06-01T01:00:00")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: clear,
				Config:    cfg,
				Check:     expectAuth("Bearer", false),
			},
			{
				PreConfig: clear,
				Config: cfg + `
provider "webcore" {
  webscale {
    token_in_query = true
  }
}
`,
				Check: expectAuth("", true),
			},
		},
	})
}
