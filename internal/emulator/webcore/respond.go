package webcore

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
)

const (
	formatJSON = "json"
	formatXML  = "xml"
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

// handler is a vendor handler for an authenticated caller.
type handler func(w http.ResponseWriter, r *http.Request, caller int)

// vendor wraps a handler with the checks every vendor call shares:
// credentials (401), a format suffix (404) and JSON-only request bodies (406).
func (a *API) vendor(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		caller := a.authenticate(r)
		if caller == 0 {
			w.Header().Set("WWW-Authenticate", `Basic realm="Webcore"`)
			writeJSON(w, http.StatusUnauthorized, errorList("Access denied"))
			return
		}
		format := requestFormat(r)
		if format == "" {
			notFound(w)
			return
		}
		if r.Method != http.MethodGet && (format == formatXML || strings.Contains(r.Header.Get("Content-Type"), "xml")) {
			writeJSON(w, http.StatusNotAcceptable, errorList("XML request bodies are not supported; send JSON to the .json path"))
			return
		}
		h(w, r, caller)
	}
}

type errorsBody struct {
	Errors any `json:"errors"`
}

func errorList(msg string) errorsBody { return errorsBody{Errors: []string{msg}} }

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error: "+err.Error(), http.StatusInternalServerError)
		return
	}
	httpjson.WriteBytes(w, status, httpjson.ContentTypeUTF8, b)
}

// reply writes v as JSON, or as Rails-style XML for .xml paths; listName
// names the root element of a top-level array.
func reply(w http.ResponseWriter, r *http.Request, status int, v any, listName string) {
	b, err := json.Marshal(v)
	if err != nil {
		internalError(w, err)
		return
	}
	replyBytes(w, r, status, b, listName)
}

func replyBytes(w http.ResponseWriter, r *http.Request, status int, b []byte, listName string) {
	if requestFormat(r) != formatXML {
		httpjson.WriteBytes(w, status, httpjson.ContentTypeUTF8, b)
		return
	}
	x, err := jsonToXML(b, listName)
	if err != nil {
		internalError(w, err)
		return
	}
	httpjson.WriteBytes(w, status, "application/xml; charset=utf-8", x)
}

func notFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, errorList("Resource not found"))
}

// forbidden answers 403 with the message under "base".
func forbidden(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusForbidden, errorsBody{Errors: map[string][]string{"base": {msg}}})
}

func unprocessable(w http.ResponseWriter, fe fieldErrors) {
	writeJSON(w, http.StatusUnprocessableEntity, errorsBody{Errors: fe})
}

func internalError(w http.ResponseWriter, err error) {
	writeJSON(w, http.StatusInternalServerError, errorList("Internal error: "+err.Error()))
}

// fieldErrors is the 422 body: field → messages; "base" for the rest.
type fieldErrors map[string][]string

func (fe fieldErrors) add(field, msg string) { fe[field] = append(fe[field], msg) }

func (fe fieldErrors) addf(field, format string, args ...any) {
	fe.add(field, fmt.Sprintf(format, args...))
}

// defaultPerPage applies when ?page= is given without ?per_page=.
const defaultPerPage = 100

// paginate returns one page of items; without page and per_page it returns
// everything. Invalid values are a 422 (field errors returned).
func paginate[T any](r *http.Request, items []T) ([]T, fieldErrors) {
	q := r.URL.Query()
	ps, pps := q.Get("page"), q.Get("per_page")
	if ps == "" && pps == "" {
		return items, nil
	}
	fe := fieldErrors{}
	page, perPage := 1, defaultPerPage
	if ps != "" {
		n, err := strconv.Atoi(ps)
		if err != nil || n < 1 {
			fe.add("page", "must be a positive integer")
		}
		page = n
	}
	if pps != "" {
		n, err := strconv.Atoi(pps)
		if err != nil || n < 1 {
			fe.add("per_page", "must be a positive integer")
		}
		perPage = n
	}
	if len(fe) > 0 {
		return nil, fe
	}
	// Compare before multiplying: (page-1)*perPage and start+perPage can overflow
	// for huge values and must never turn into slice bounds.
	pages := len(items) / perPage
	if len(items)%perPage != 0 {
		pages++
	}
	if page > pages {
		return []T{}, nil
	}
	start := (page - 1) * perPage
	return items[start : start+min(perPage, len(items)-start)], nil
}

// parseID reads the {id} path value; the suffix, when present, must be a
// known format.
func parseID(r *http.Request, suffixed bool) (string, bool) {
	v := r.PathValue("id")
	if !suffixed {
		return v, v != ""
	}
	base, _, ok := splitFormat(v)
	return base, ok && base != ""
}
