package webscale

import (
	"net/http"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
)

// errorEnvelope is the body of every Webscale error response.
type errorEnvelope struct {
	Status int         `json:"status"`
	Error  errorDetail `json:"error"`
}

type errorDetail struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// errorTypes maps a status code to the envelope's error type word.
var errorTypes = map[int]string{
	http.StatusBadRequest:          "bad_request",
	http.StatusUnauthorized:        "unauthorized",
	http.StatusForbidden:           "forbidden",
	http.StatusNotFound:            "not_found",
	http.StatusMethodNotAllowed:    "method_not_allowed",
	http.StatusConflict:            "conflict",
	http.StatusGone:                "gone",
	http.StatusTooManyRequests:     "too_many_requests",
	http.StatusInternalServerError: "internal",
	http.StatusServiceUnavailable:  "unavailable",
}

// ErrorType returns the envelope's type word for a status code.
func ErrorType(status int) string {
	if t, ok := errorTypes[status]; ok {
		return t
	}
	return "error"
}

// WriteError answers with the Webscale error envelope. The core uses it for
// injected faults on Webscale paths, so faults look like the real API's errors.
func WriteError(w http.ResponseWriter, status int, message string) {
	httpjson.Write(w, status, errorEnvelope{Status: status, Error: errorDetail{Type: ErrorType(status), Message: message}})
}
