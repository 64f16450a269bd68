package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// AppLogs asks for an application's request logs from start (inclusive) to
// end (exclusive, optional) and returns the download URL. The URL is a
// capability: treat it as a secret.
func (s *Webscale) AppLogs(ctx context.Context, appID string, start time.Time, end *time.Time) (string, error) {
	query := url.Values{"start_time": {start.UTC().Format(time.RFC3339)}}
	if end != nil {
		query.Set("end_time", end.UTC().Format(time.RFC3339))
	}
	var out struct {
		DownloadURL flexString `json:"download_url"`
	}
	r := webscaleRequest{method: http.MethodGet, path: "/app/" + url.PathEscape(appID) + "/logs", query: query}
	if err := s.doJSON(ctx, r, &out); err != nil {
		return "", err
	}
	if out.DownloadURL == "" {
		return "", fmt.Errorf("webscale: GET /app/%s/logs: response carried no download_url", url.PathEscape(appID))
	}
	return string(out.DownloadURL), nil
}

// Download fetches a log download URL. It sends no credentials (the URL is
// the capability) and never logs or reports the URL's token.
func (s *Webscale) Download(ctx context.Context, downloadURL string) ([]byte, error) {
	u, err := url.Parse(downloadURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, errors.New("webscale: download URL is not an absolute http(s) URL")
	}
	rep, err := s.transport.send(ctx, call{
		service:    "webscale",
		method:     http.MethodGet,
		url:        u,
		idempotent: true,
		redactPath: true,
		redact:     append(newRedactor(s.token), newRedactor(lastSegment(u.Path), u.RawQuery)...),
	})
	if err != nil {
		return nil, err
	}
	return rep.body, nil
}
