package webcore

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/httpjson"
)

// params is a decoded request body. Values are read loosely: numbers and
// booleans may arrive as strings ("1024", "1"), as the vendor's server allows.
type params map[string]any

// readParams decodes a JSON body, unwrapping {"<root>": {...}} when present
// (unwrapped bodies are accepted too). An empty body gives empty params.
func readParams(r *http.Request, root string) (params, error) {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, httpjson.MaxBodyBytes))
	if err != nil {
		return nil, err
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return params{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, errors.New("body is not a JSON object")
	}
	if inner, ok := m[root].(map[string]any); ok {
		return params(inner), nil
	}
	if m == nil {
		m = map[string]any{}
	}
	return params(m), nil
}

// has reports whether key is present with a non-null value.
func (p params) has(key string) bool { return p[key] != nil }

// str reads a string; numbers and booleans are accepted in their text form.
func (p params) str(key string) (string, bool) {
	switch v := p[key].(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

var errNotInteger = errors.New("is not a number")

// integer reads an integer given as a number or a numeric string.
func (p params) integer(key string) (int, error) {
	var s string
	switch v := p[key].(type) {
	case json.Number:
		s = v.String()
	case string:
		s = strings.TrimSpace(v)
	default:
		return 0, errNotInteger
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
		return 0, errNotInteger
	}
	return int(f), nil
}

var errNotBoolean = errors.New("is not a boolean")

// boolean reads true/false, 1/0 or their string forms.
func (p params) boolean(key string) (bool, error) {
	switch v := p[key].(type) {
	case bool:
		return v, nil
	case json.Number:
		switch v.String() {
		case "1":
			return true, nil
		case "0":
			return false, nil
		}
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "1", "true", "t", "yes":
			return true, nil
		case "0", "false", "f", "no", "":
			return false, nil
		}
	}
	return false, errNotBoolean
}

// intList reads an array of integers (each possibly a string).
func (p params) intList(key string) ([]int, error) {
	arr, ok := p[key].([]any)
	if !ok {
		return nil, errors.New("is not an array of ids")
	}
	out := make([]int, 0, len(arr))
	for _, v := range arr {
		n, err := params{"v": v}.integer("v")
		if err != nil {
			return nil, errors.New("is not an array of ids")
		}
		out = append(out, n)
	}
	return out, nil
}

// optInt reads an optional integer into fe; it returns (value, present).
func (p params) optInt(fe fieldErrors, key string) (int, bool) {
	if !p.has(key) {
		return 0, false
	}
	n, err := p.integer(key)
	if err != nil {
		fe.add(key, err.Error())
		return 0, false
	}
	return n, true
}

// optBool reads an optional boolean into fe; it returns (value, present).
func (p params) optBool(fe fieldErrors, key string) (bool, bool) {
	if !p.has(key) {
		return false, false
	}
	b, err := p.boolean(key)
	if err != nil {
		fe.add(key, err.Error())
		return false, false
	}
	return b, true
}
