package client

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestWebcoreErrorShapes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		status  int
		body    string
		kind    Kind
		message string
		fields  map[string][]string
	}{
		{
			name: "field errors", status: 422,
			body:    `{"errors": {"password": ["is too short (minimum is 6 characters)"], "login": ["has already been taken"]}}`,
			kind:    KindValidation,
			message: "login has already been taken; password is too short (minimum is 6 characters)",
			fields:  map[string][]string{"login": {"has already been taken"}, "password": {"is too short (minimum is 6 characters)"}},
		},
		{
			name: "base errors first", status: 403,
			body:    `{"errors": {"label": ["is bad"], "base": ["User has active virtual servers"]}}`,
			kind:    KindForbidden,
			message: "User has active virtual servers; label is bad",
			fields:  map[string][]string{"base": {"User has active virtual servers"}, "label": {"is bad"}},
		},
		{name: "list", status: 404, body: `{"errors": ["Resource not found"]}`, kind: KindNotFound, message: "Resource not found"},
		{name: "single", status: 401, body: `{"error": "Access denied"}`, kind: KindUnauthorized, message: "Access denied"},
		{name: "html 500", status: 500, body: "<html><body><h1>We're sorry, but something went wrong.</h1></body></html>", kind: KindServer, message: "server error (non-JSON body)"},
		{name: "empty 409", status: 409, body: "", kind: KindConflict, message: ""},
		{name: "errors as one string", status: 422, body: `{"errors": "Template is not available"}`, kind: KindValidation, message: "Template is not available"},
		{
			name: "a field with one message", status: 422, body: `{"errors": {"email": "is invalid"}}`,
			kind: KindValidation, message: "email is invalid", fields: map[string][]string{"email": {"is invalid"}},
		},
		{name: "errors and error", status: 400, body: `{"errors": ["first"], "error": "second"}`, kind: KindValidation, message: "first; second"},
		{name: "envelope with a type only", status: 404, body: `{"status": 404, "error": {"type": "not_found"}}`, kind: KindNotFound, message: "not_found"},
		{name: "null members", status: 410, body: `{"errors": null, "error": null}`, kind: KindNotFound, message: ""},
		{name: "no known member", status: 422, body: `{"message": "elsewhere"}`, kind: KindValidation, message: ""},
		{name: "text 406", status: 406, body: "Not Acceptable", kind: KindUnexpected, message: "unexpected non-JSON body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})
			_, err := newTestWebcore(t, srv.URL, fastConfig(nil)).GetUser(context.Background(), 12)
			apiErr, ok := AsAPIError(err)
			if !ok {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if apiErr.Kind != tc.kind || apiErr.StatusCode != tc.status || apiErr.Message != tc.message {
				t.Errorf("got kind %s status %d message %q", apiErr.Kind, apiErr.StatusCode, apiErr.Message)
			}
			if tc.fields != nil && !reflect.DeepEqual(apiErr.FieldErrors, tc.fields) {
				t.Errorf("fields = %v, want %v", apiErr.FieldErrors, tc.fields)
			}
			if apiErr.Method != "GET" || apiErr.Path != "/users/12.json" {
				t.Errorf("method/path = %s %s", apiErr.Method, apiErr.Path)
			}
			if strings.Contains(err.Error(), "<") {
				t.Errorf("HTML leaked into %q", err.Error())
			}
		})
	}
}

func TestAPIErrorString(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 422, `{"errors": {"login": ["has already been taken"], "password": ["is too short (minimum is 6 characters)"]}}`)
	})
	_, err := newTestWebcore(t, srv.URL, fastConfig(nil)).CreateUser(context.Background(), UserCreateRequest{Login: "x", Email: "y", Password: "z"})
	want := "webcore: POST /users.json: 422 Unprocessable Entity: login has already been taken; password is too short (minimum is 6 characters)"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant  %s", err, want)
	}
	if !IsValidation(err) || IsNotFound(err) || IsForbidden(err) || IsUnauthorized(err) {
		t.Fatal("kind helpers disagree")
	}
	if !IsValidation(errors.Join(errors.New("context"), err)) {
		t.Fatal("helpers must see through wrapping")
	}
}

func TestKindHelpers(t *testing.T) {
	if !IsNotFound(&APIError{Kind: KindNotFound}) || !IsForbidden(&APIError{Kind: KindForbidden}) ||
		!IsUnauthorized(&APIError{Kind: KindUnauthorized}) || !IsConflict(&APIError{Kind: KindConflict}) {
		t.Fatal("helper mismatch")
	}
	if IsNotFound(errors.New("404")) || IsNotFound(nil) {
		t.Fatal("non-API errors are not NotFound")
	}
	if _, ok := AsAPIError(nil); ok {
		t.Fatal("AsAPIError(nil) ok")
	}
	for status, kind := range map[int]Kind{
		301: KindUnexpected, 400: KindValidation, 401: KindUnauthorized, 403: KindForbidden, 404: KindNotFound,
		409: KindConflict, 410: KindNotFound, 418: KindUnexpected, 422: KindValidation, 429: KindRateLimited,
		499: KindUnexpected, 500: KindServer, 501: KindServer, 503: KindServer, 599: KindServer,
	} {
		if got := kindForStatus(status); got != kind {
			t.Errorf("kindForStatus(%d) = %s, want %s", status, got, kind)
		}
	}
}

func TestCredentialsNeverInErrors(t *testing.T) {
	// A hostile server echoes the Authorization header and the password.
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 401, `{"errors": ["denied for `+r.Header.Get("Authorization")+` with `+testPassword+`"]}`)
	})
	logger := &captureLogger{}
	_, err := newTestWebcore(t, srv.URL, fastConfig(logger)).GetUser(context.Background(), 1)
	if !IsUnauthorized(err) {
		t.Fatalf("err = %v", err)
	}
	for _, text := range []string{err.Error(), logger.text()} {
		if strings.Contains(text, testPassword) || strings.Contains(text, "YWRtaW46") { // base64("admin:")
			t.Fatalf("credential leaked: %s", text)
		}
	}
	if !strings.Contains(err.Error(), "***") {
		t.Fatalf("expected masked echo in %q", err.Error())
	}
}

// A 2xx body the decoder quotes in its error (a number field holding the
// password the server echoes) is redacted like every other error.
func TestCredentialsNeverInDecodeErrors(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"user": {"id": "`+testPassword+`"}}`)
	})
	_, err := newTestWebcore(t, srv.URL, fastConfig(nil)).GetUser(context.Background(), 1)
	var decodeErr *DecodeError
	if !errors.As(err, &decodeErr) {
		t.Fatalf("err = %v, want a DecodeError", err)
	}
	if strings.Contains(err.Error(), testPassword) || !strings.Contains(err.Error(), "***") {
		t.Fatalf("the decode error shows the password: %v", err)
	}
}

// A body over the limit (256 MiB; 1 MiB here) is an error, never silently
// cut short.
func TestOversizedResponseIsAnError(t *testing.T) {
	const limit = 1 << 20
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("x", limit+1)))
	})
	tr := newTestTransport(t, fastConfig(nil))
	tr.maxResponse = limit
	s, err := NewWebscale(tr, WebscaleConfig{URL: "https://example.com/v2", AccessToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Download(context.Background(), srv.URL+"/download/big")
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v, want a too-large error", err)
	}
}

func TestOperationAndTimeoutErrorText(t *testing.T) {
	op := &OperationError{Action: "build_disk", Status: "failed", LogOutput: "disk full\n", TransactionID: 57}
	if got := op.Error(); got != "webcore: transaction 57 (build_disk) failed: disk full" {
		t.Fatalf("OperationError = %q", got)
	}
	to := &TimeoutError{What: "transactions of virtual server 3", Pending: []string{"a (transaction 1, running)"}, Err: context.DeadlineExceeded}
	if !errors.Is(to, context.DeadlineExceeded) || !strings.Contains(to.Error(), "a (transaction 1, running)") {
		t.Fatalf("TimeoutError = %q", to.Error())
	}
	bare := &TimeoutError{What: "user 4 to be deleted", Err: context.DeadlineExceeded}
	if got := bare.Error(); got != "webcore: gave up waiting for user 4 to be deleted: context deadline exceeded" {
		t.Fatalf("TimeoutError with nothing pending = %q", got)
	}
}

// Only a 429, or a 503 that says when to come back, is the API turning a
// request away before doing anything with it.
func TestTurnedAway(t *testing.T) {
	for _, tc := range []struct {
		status     int
		retryAfter string
		want       bool
	}{
		{http.StatusTooManyRequests, "", true},
		{http.StatusTooManyRequests, "2", true},
		{http.StatusServiceUnavailable, "2", true},
		{http.StatusServiceUnavailable, "", false},
		{http.StatusServiceUnavailable, "soon", false}, // unreadable: no promise of when
		{http.StatusBadGateway, "2", false},
		{http.StatusInternalServerError, "2", false},
	} {
		resp := &http.Response{StatusCode: tc.status, Header: http.Header{}}
		if tc.retryAfter != "" {
			resp.Header.Set("Retry-After", tc.retryAfter)
		}
		if got := newAPIError(call{}, "/x", resp, nil).TurnedAway; got != tc.want {
			t.Errorf("%d with Retry-After %q: turned away = %t, want %t", tc.status, tc.retryAfter, got, tc.want)
		}
	}
}
