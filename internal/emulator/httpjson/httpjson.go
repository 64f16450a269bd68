// Package httpjson is the emulator's one way to answer with JSON and to read a
// control-API body. Each API keeps the content type its clients see: Webcore
// answers like Rails (ContentTypeUTF8); Webscale and the control API answer
// with the bare ContentType.
package httpjson

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
)

// Content types of JSON answers.
const (
	ContentType     = "application/json"
	ContentTypeUTF8 = "application/json; charset=utf-8"
)

// MaxBodyBytes bounds every request body the emulator reads.
const MaxBodyBytes = 1 << 20

// Write answers status with v encoded as JSON and a final newline, as ContentType.
func Write(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"errors":["encoding the response failed"]}`)
	}
	WriteBytes(w, status, ContentType, append(body, '\n'))
}

// WriteBytes answers status with an already encoded body.
func WriteBytes(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // the client is gone if this fails; nothing to do
}

// Errors is the error envelope of the control API and of the core's own
// answers (unknown paths, injected faults outside Webscale): {"errors": [...]}.
type Errors struct {
	Errors []string `json:"errors"`
}

// WriteErrors answers status with the Errors envelope holding messages.
func WriteErrors(w http.ResponseWriter, status int, messages ...string) {
	Write(w, status, Errors{Errors: messages})
}

// ReadControl decodes a control-API body into v strictly — a misspelt setting
// ("fail_action") must be a 400, not a silently ignored no-op — and reports
// whether it succeeded. On failure it has answered 400 with the Errors envelope.
func ReadControl(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.Decode(&json.RawMessage{}) != io.EOF {
		err = errors.New("more than one JSON value")
	}
	if err != nil {
		WriteErrors(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return false
	}
	return true
}
