package webcore

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
)

const (
	formatJSON = "json"
	formatXML  = "xml"

	contentTypeXML = "application/xml; charset=utf-8"
)

// splitFormat splits "12.json" into ("12", "json"); ok is false for any
// other or missing suffix.
func splitFormat(s string) (base, format string, ok bool) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return "", "", false
	}
	switch s[i+1:] {
	case formatJSON, formatXML:
		return s[:i], s[i+1:], true
	}
	return "", "", false
}

// requestFormat is the format suffix of the request path ("" if none).
func requestFormat(r *http.Request) string {
	_, f, _ := splitFormat(r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:])
	return f
}

// handler is a vendor handler for an authenticated caller. It returns its
// answer; vendor writes it.
type handler func(r *http.Request, caller int) reply

// vendor wraps a handler with the checks every vendor call shares —
// credentials (401), a format suffix (404), JSON-only request bodies (406) —
// and is the one place where answers are written.
func (a *API) vendor(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var rep reply
		switch caller, format := a.authenticate(r), requestFormat(r); {
		case caller == 0:
			w.Header().Set("WWW-Authenticate", `Basic realm="Webcore"`)
			rep = errorReply(http.StatusUnauthorized, errorList("Access denied"))
		case format == "":
			rep = notFound()
		case r.Method != http.MethodGet && (format == formatXML || strings.Contains(r.Header.Get("Content-Type"), "xml")):
			rep = errorReply(http.StatusNotAcceptable, errorList("XML request bodies are not supported; send JSON to the .json path"))
		default:
			rep = h(r, caller)
		}
		rep.write(w, r)
	}
}

// reply is a vendor handler's answer, so a handler reads as "find it or 404,
// check the rules, commit, answer".
type reply struct {
	status   int
	body     any    // encoded as JSON (a json.RawMessage is sent as it is), or as XML on .xml paths
	listName string // root element of a top-level array in XML
	location string // Location header of a created object
	jsonOnly bool   // error bodies are JSON even on .xml paths
}

func ok(body any) reply { return reply{status: http.StatusOK, body: body} }

// okList answers a list; listName is the XML root element (<users type="array">).
func okList(list any, listName string) reply {
	return reply{status: http.StatusOK, body: list, listName: listName}
}

// created answers 201; location, when not empty, is the new object's path.
func created(body any, location string) reply {
	return reply{status: http.StatusCreated, body: body, location: location}
}

func noContent() reply { return reply{status: http.StatusNoContent} }

func notFound() reply { return errorReply(http.StatusNotFound, errorList("Resource not found")) }

// forbidden answers 403 with the message under "base".
func forbidden(msg string) reply {
	return errorReply(http.StatusForbidden, errorsBody{Errors: map[string][]string{"base": {msg}}})
}

func unprocessable(fe fieldErrors) reply {
	return errorReply(http.StatusUnprocessableEntity, errorsBody{Errors: fe})
}

// failed answers 500: something the request did not cause (a store error).
func failed(err error) reply {
	return errorReply(http.StatusInternalServerError, errorList("Internal error: "+err.Error()))
}

func errorReply(status int, body errorsBody) reply {
	return reply{status: status, body: body, jsonOnly: true}
}

type errorsBody struct {
	Errors any `json:"errors"`
}

func errorList(msg string) errorsBody { return errorsBody{Errors: []string{msg}} }

// write sends the answer: JSON, or Rails-style XML on .xml paths.
func (rep reply) write(w http.ResponseWriter, r *http.Request) {
	if rep.location != "" {
		w.Header().Set("Location", rep.location)
	}
	if rep.status == http.StatusNoContent {
		w.WriteHeader(rep.status)
		return
	}
	body, isRaw := rep.body.(json.RawMessage) // pre-encoded: the hot GET path only copies bytes
	if !isRaw {
		var err error
		if body, err = json.Marshal(rep.body); err != nil {
			failed(err).write(w, r)
			return
		}
	}
	if rep.jsonOnly || requestFormat(r) != formatXML {
		httpjson.WriteBytes(w, rep.status, httpjson.ContentTypeUTF8, body)
		return
	}
	x, err := jsonToXML(body, rep.listName)
	if err != nil {
		failed(err).write(w, r)
		return
	}
	httpjson.WriteBytes(w, rep.status, contentTypeXML, x)
}

// fieldErrors is the 422 body: field → messages; "base" for the rest.
type fieldErrors map[string][]string

func (fe fieldErrors) add(field, msg string) { fe[field] = append(fe[field], msg) }

func (fe fieldErrors) addf(field, format string, args ...any) {
	fe.add(field, fmt.Sprintf(format, args...))
}
