package client

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Kind classifies an API error so callers can branch without status codes.
type Kind string

// Error kinds.
const (
	KindNotFound     Kind = "not_found"    // 404 (and 410 for expired downloads)
	KindValidation   Kind = "validation"   // 422, and 400
	KindForbidden    Kind = "forbidden"    // 403
	KindUnauthorized Kind = "unauthorized" // 401
	KindConflict     Kind = "conflict"     // 409
	KindRateLimited  Kind = "rate_limited" // 429
	KindServer       Kind = "server"       // 5xx
	KindUnexpected   Kind = "unexpected"   // anything else
)

// APIError is a non-2xx answer from Webcore or Webscale.
type APIError struct {
	Service     string // "webcore" or "webscale"
	StatusCode  int
	Kind        Kind
	Type        string // Webscale error type, e.g. "bad_request"; empty for Webcore
	Message     string
	FieldErrors map[string][]string // Webcore 422 details by field; "base" holds object-level errors
	Method      string
	Path        string // request path with secrets masked
	RetryAfter  time.Duration
	// TurnedAway is set when the API refused the request before doing
	// anything with it: a 429, or a 503 that says when to come back.
	TurnedAway bool
}

// Error renders e.g. `webcore: POST /users.json: 422 Unprocessable Entity:
// login has already been taken`.
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Service != "" {
		b.WriteString(e.Service)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// AsAPIError returns the *APIError in err's chain.
func AsAPIError(err error) (*APIError, bool) {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr, true
	}
	return nil, false
}

// IsKind reports whether err is an APIError of the given kind.
func IsKind(err error, kind Kind) bool {
	apiErr, ok := AsAPIError(err)
	return ok && apiErr.Kind == kind
}

// IsNotFound reports whether err is a 404 (or 410) API error.
func IsNotFound(err error) bool { return IsKind(err, KindNotFound) }

// IsValidation reports whether err is a 422 (or 400) API error.
func IsValidation(err error) bool { return IsKind(err, KindValidation) }

// IsForbidden reports whether err is a 403 API error.
func IsForbidden(err error) bool { return IsKind(err, KindForbidden) }

// IsUnauthorized reports whether err is a 401 API error.
func IsUnauthorized(err error) bool { return IsKind(err, KindUnauthorized) }

// IsConflict reports whether err is a 409 API error.
func IsConflict(err error) bool { return IsKind(err, KindConflict) }

// kindOfStatus maps the statuses with a Kind of their own; any other 5xx is
// KindServer and the rest KindUnexpected.
var kindOfStatus = map[int]Kind{
	http.StatusNotFound:            KindNotFound,
	http.StatusGone:                KindNotFound,
	http.StatusUnprocessableEntity: KindValidation,
	http.StatusBadRequest:          KindValidation,
	http.StatusForbidden:           KindForbidden,
	http.StatusUnauthorized:        KindUnauthorized,
	http.StatusConflict:            KindConflict,
	http.StatusTooManyRequests:     KindRateLimited,
}

// kindForStatus maps an HTTP status to a Kind.
func kindForStatus(status int) Kind {
	if kind, ok := kindOfStatus[status]; ok {
		return kind
	}
	if status >= 500 {
		return KindServer
	}
	return KindUnexpected
}

// newAPIError builds the error for a non-2xx response to c, with every
// message passed through the call's redactor.
func newAPIError(c call, path string, resp *http.Response, body []byte) *APIError {
	e := &APIError{
		Service:    c.service,
		StatusCode: resp.StatusCode,
		Kind:       kindForStatus(resp.StatusCode),
		Method:     c.method,
		Path:       path,
	}
	e.RetryAfter, _ = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	e.TurnedAway = turnedAway(resp)
	e.fillFromBody(body)
	e.Message = c.redact.apply(e.Message)
	for _, msgs := range e.FieldErrors {
		for i := range msgs {
			msgs[i] = c.redact.apply(msgs[i])
		}
	}
	return e
}

// errorBody is the union of the error shapes both APIs send:
// Webcore {"errors": {...}} / {"errors": [...]} / {"error": "msg"} and the
// Webscale envelope {"status": n, "error": {"type", "message"}}.
type errorBody struct {
	Errors json.RawMessage `json:"errors"`
	Error  json.RawMessage `json:"error"`
}

// fillFromBody sets Message, FieldErrors and Type from an error body.
func (e *APIError) fillFromBody(body []byte) {
	var parsed errorBody
	if len(strings.TrimSpace(string(body))) == 0 {
		return
	}
	if err := json.Unmarshal(body, &parsed); err != nil {
		e.Message = nonJSONMessage(e.StatusCode)
		return
	}
	// An absent member reads as no message: both readers return nil for it.
	messages := append(e.readErrors(parsed.Errors), e.readError(parsed.Error)...)
	e.Message = strings.Join(messages, "; ")
}

func nonJSONMessage(status int) string {
	if status >= 500 {
		return "server error (non-JSON body)"
	}
	return "unexpected non-JSON body"
}

// readErrors handles {"errors": {"field": ["msg"]}} and {"errors": ["msg"]}.
func (e *APIError) readErrors(raw json.RawMessage) []string {
	var list []flexString
	if err := json.Unmarshal(raw, &list); err == nil {
		out := make([]string, 0, len(list))
		for _, m := range list {
			out = append(out, string(m))
		}
		return out
	}
	var byField map[string]json.RawMessage
	if err := json.Unmarshal(raw, &byField); err != nil {
		var single flexString
		if json.Unmarshal(raw, &single) == nil && single != "" {
			return []string{string(single)}
		}
		return nil
	}
	e.FieldErrors = make(map[string][]string, len(byField))
	// "base" first (it describes the whole object), then fields alphabetically
	// so messages are stable.
	fields := slices.SortedFunc(maps.Keys(byField), func(a, b string) int {
		return cmp.Or(cmp.Compare(fieldRank(a), fieldRank(b)), strings.Compare(a, b))
	})
	var out []string
	for _, field := range fields {
		msgs := decodeMessages(byField[field])
		e.FieldErrors[field] = msgs
		for _, m := range msgs {
			if field == "base" {
				out = append(out, m)
			} else {
				out = append(out, field+" "+m)
			}
		}
	}
	return out
}

// fieldRank orders "base" before every field.
func fieldRank(field string) int {
	if field == "base" {
		return 0
	}
	return 1
}

// decodeMessages reads ["msg", ...] or a single "msg".
func decodeMessages(raw json.RawMessage) []string {
	var list []flexString
	if err := json.Unmarshal(raw, &list); err == nil {
		out := make([]string, 0, len(list))
		for _, m := range list {
			out = append(out, string(m))
		}
		return out
	}
	var single flexString
	if err := json.Unmarshal(raw, &single); err == nil {
		return []string{string(single)}
	}
	return nil
}

// readError handles {"error": "msg"} and the Webscale {"error": {"type", "message"}}.
func (e *APIError) readError(raw json.RawMessage) []string {
	var single flexString
	if err := json.Unmarshal(raw, &single); err == nil {
		if single == "" {
			return nil
		}
		return []string{string(single)}
	}
	var envelope struct {
		Type    flexString `json:"type"`
		Message flexString `json:"message"`
	}
	if err := json.Unmarshal(raw, &envelope); err != nil {
		return nil
	}
	e.Type = string(envelope.Type)
	if envelope.Message != "" {
		return []string{string(envelope.Message)}
	}
	if envelope.Type != "" {
		return []string{string(envelope.Type)}
	}
	return nil
}

// RequestError is a request that got no HTTP answer (connection refused,
// TLS failure, timeout, reset). Its text names the method and masked path,
// never the full URL.
type RequestError struct {
	Service string
	Method  string
	Path    string
	Err     error
	// MaybeProcessed is set when a non-idempotent request may have reached
	// the server before the failure, so it was not resent: the object may
	// exist although the call failed.
	MaybeProcessed bool
	redact         redactor
}

// Error implements error.
func (e *RequestError) Error() string {
	msg := fmt.Sprintf("%s: %s %s: %v", e.Service, e.Method, e.Path, e.Err)
	if e.MaybeProcessed {
		msg += " (the request may have been processed; it was not resent because repeating it is unsafe)"
	}
	return e.redact.apply(msg)
}

// Unwrap returns the underlying network or context error.
func (e *RequestError) Unwrap() error { return e.Err }

// RetryAfterError is a request the API turned away (429, or 503 with
// Retry-After) asking for a longer wait than the operation has left.
type RetryAfterError struct {
	Service  string
	Method   string
	Path     string
	Status   int
	Wait     time.Duration // what the API asked for
	Left     time.Duration // what the operation had left
	Deadline bool          // Left is the operation's deadline, not the client's limit for operations without one
}

// Error says how long the API asked to wait and why the client did not.
func (e *RetryAfterError) Error() string {
	why := fmt.Sprintf("the operation has only %s left before its timeout; raise the resource's timeouts or try later",
		e.Left.Round(time.Second))
	if !e.Deadline {
		why = fmt.Sprintf("waits over %s are not honoured for an operation without a timeout; try later", e.Left)
	}
	return fmt.Sprintf("%s: %s %s: %d %s: the API asked to be retried after %s (Retry-After), but %s",
		e.Service, e.Method, e.Path, e.Status, http.StatusText(e.Status), e.Wait, why)
}

// OperationError is a Webcore transaction that ended failed or cancelled.
type OperationError struct {
	Action        string
	Status        string
	LogOutput     string
	TransactionID int64
}

// Error quotes the transaction's action and log output.
func (e *OperationError) Error() string {
	msg := fmt.Sprintf("webcore: transaction %d (%s) %s", e.TransactionID, e.Action, e.Status)
	if out := strings.TrimSpace(e.LogOutput); out != "" {
		msg += ": " + out
	}
	return msg
}

// TimeoutError says what was still in progress when a wait's context ended.
// It wraps the context's error, so errors.Is(err, context.DeadlineExceeded)
// holds.
type TimeoutError struct {
	What    string   // e.g. "transactions of virtual server 12"
	Pending []string // e.g. "build_disk (transaction 57, running)"
	LastErr error    // the transient error the last checks failed with, if the API was failing
	Err     error
}

// Error implements error.
func (e *TimeoutError) Error() string {
	msg := "webcore: gave up waiting for " + e.What
	if len(e.Pending) > 0 {
		msg += "; still in progress: " + strings.Join(e.Pending, ", ")
	}
	if e.LastErr != nil {
		msg += "; the API kept failing: " + e.LastErr.Error()
	}
	return msg + ": " + e.Err.Error()
}

// Unwrap returns the context error.
func (e *TimeoutError) Unwrap() error { return e.Err }

// DecodeError is a 2xx response whose body could not be decoded.
type DecodeError struct {
	Service string
	Err     error
	redact  redactor
}

// Error implements error. The decoder's text may quote the body, so it
// goes through the client's redactor like every other error.
func (e *DecodeError) Error() string {
	return e.redact.apply(e.Service + ": unexpected response body: " + e.Err.Error())
}

// Unwrap returns the JSON error.
func (e *DecodeError) Unwrap() error { return e.Err }
