package client

import (
	"context"
	"net/http"
	"net/url"
)

// Application is a Webscale application (a site served by Webscale).
type Application struct {
	Href    FlexString   `json:"href"` // /v2/applications/{id}
	Name    FlexString   `json:"name"`
	Aliases []FlexString `json:"aliases"`
	Account FlexString   `json:"account"`
}

// ID returns the application's id, the last segment of its href.
func (a Application) ID() string { return lastSegment(string(a.Href)) }

// ListApplications lists the applications visible to the token.
func (s *Webscale) ListApplications(ctx context.Context) ([]Application, error) {
	var apps []Application
	if err := s.doJSON(ctx, webscaleRequest{method: http.MethodGet, path: "/applications"}, &apps); err != nil {
		return nil, err
	}
	return apps, nil
}

// GetApplication reads one application.
func (s *Webscale) GetApplication(ctx context.Context, id string) (*Application, error) {
	var app Application
	if err := s.doJSON(ctx, webscaleRequest{method: http.MethodGet, path: "/applications/" + url.PathEscape(id)}, &app); err != nil {
		return nil, err
	}
	return &app, nil
}
