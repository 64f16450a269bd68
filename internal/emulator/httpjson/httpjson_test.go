package httpjson

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestWriteAndWriteErrors(t *testing.T) {
	rec := httptest.NewRecorder()
	Write(rec, http.StatusCreated, map[string]int{"n": 1})
	if rec.Code != 201 || rec.Body.String() != "{\"n\":1}\n" || rec.Header().Get("Content-Type") != ContentType ||
		rec.Header().Get("Content-Length") != "8" {
		t.Fatalf("Write: %d %q %v", rec.Code, rec.Body, rec.Header())
	}
	rec = httptest.NewRecorder()
	WriteErrors(rec, http.StatusNotFound, "gone")
	if rec.Code != 404 || rec.Body.String() != "{\"errors\":[\"gone\"]}\n" {
		t.Fatalf("WriteErrors: %d %q", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	WriteBytes(rec, http.StatusOK, ContentTypeUTF8, []byte(`{}`))
	if rec.Body.String() != "{}" || rec.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("WriteBytes: %q %v", rec.Body, rec.Header())
	}
}

func TestReadControlIsStrict(t *testing.T) {
	type settings struct {
		Offset string `json:"offset"`
	}
	for body, ok := range map[string]bool{
		`{"offset":"1h"}`:              true,
		` {"offset":"1h"} `:            true,
		`{"offset":"1h","ofset":"2h"}`: false, // a misspelt setting is refused, not ignored
		`{"offset":"1h"} {}`:           false,
		`{"offset":`:                   false,
		``:                             false,
		`{"offset":"` + strings.Repeat("x", MaxBodyBytes) + `"}`: false,
	} {
		rec := httptest.NewRecorder()
		var v settings
		got := ReadControl(rec, httptest.NewRequest(http.MethodPut, "/_emulator/x", strings.NewReader(body)), &v)
		if got != ok {
			t.Errorf("ReadControl(%.40q) = %v, want %v", body, got, ok)
			continue
		}
		if !ok && (rec.Code != 400 || !strings.HasPrefix(rec.Body.String(), `{"errors":["invalid JSON body: `)) {
			t.Errorf("ReadControl(%.40q) answered %d %s", body, rec.Code, rec.Body)
		}
		if ok && v.Offset != "1h" {
			t.Errorf("ReadControl(%q) decoded %+v", body, v)
		}
	}
}
