package client

import (
	"context"
	"net/http"
	"net/url"
)

// Application is a Webscale application (a site served by Webscale).
type Application struct {
	Href    string   `json:"href"` // /v2/applications/{id}
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	Account string   `json:"account"`
}

// UnmarshalJSON implements json.Unmarshaler, decoding loosely (see decodeLoose).
func (v *Application) UnmarshalJSON(data []byte) error { return decodeLoose(data, v) }

// ID returns the application's id, the last segment of its href.
func (a Application) ID() string { return lastSegment(a.Href) }

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
