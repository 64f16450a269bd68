package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The Webcore API (and, defensively, Webscale) may send a number as a string
// ("memory": "1024"), a boolean as "0"/"1", or a string as a bare number. The
// flex types below accept all of these and null, and marshal back to their
// natural JSON type. They are the wire side only: the exported API structs
// hold plain Go types and decode through decodeLoose (loose.go).

// flexInt is an int64 that decodes from a JSON number, a numeric string, a
// boolean (1/0) or null (0).
type flexInt int64

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexInt) UnmarshalJSON(data []byte) error {
	raw := bytes.TrimSpace(data)
	switch {
	case isNull(raw):
		*f = 0
		return nil
	case bytes.Equal(raw, []byte("true")):
		*f = 1
		return nil
	case bytes.Equal(raw, []byte("false")):
		*f = 0
		return nil
	}
	text := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &text); err != nil {
			return err
		}
		text = strings.TrimSpace(text)
		if text == "" {
			*f = 0
			return nil
		}
	}
	n, err := parseFlexInt(text)
	if err != nil {
		return fmt.Errorf("cannot decode %s as an integer", truncateForError(raw))
	}
	*f = flexInt(n)
	return nil
}

// parseFlexInt accepts integers and integral decimals ("1024", "1024.0", "1e3").
func parseFlexInt(text string) (int64, error) {
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, nil
	}
	fl, err := strconv.ParseFloat(text, 64)
	// float64 cannot hold MaxInt64: 2^63 itself is the first value too big.
	if err != nil || fl != math.Trunc(fl) || fl >= 0x1p63 || fl < -0x1p63 {
		return 0, fmt.Errorf("not an integer: %q", text)
	}
	return int64(fl), nil
}

// flexBool is a bool that decodes from true/false, "1"/"0", "true"/"false",
// "t"/"f", "yes"/"no", a number (non-zero is true), "" or null (false).
type flexBool bool

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexBool) UnmarshalJSON(data []byte) error {
	raw := bytes.TrimSpace(data)
	if isNull(raw) {
		*f = false
		return nil
	}
	text := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &text); err != nil {
			return err
		}
	}
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "true", "t", "yes", "y", "on":
		*f = true
		return nil
	case "false", "f", "no", "n", "off", "":
		*f = false
		return nil
	}
	n, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return fmt.Errorf("cannot decode %s as a boolean", truncateForError(raw))
	}
	*f = n != 0
	return nil
}

// flexString is a string that decodes from a JSON string, a number (its
// literal text), a boolean ("true"/"false") or null ("").
type flexString string

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexString) UnmarshalJSON(data []byte) error {
	raw := bytes.TrimSpace(data)
	if isNull(raw) {
		*f = ""
		return nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	case '{', '[':
		// The value is not echoed: string fields include secrets (secret_key, api_key).
		return errors.New("cannot decode a JSON object or array as a string")
	default: // number or boolean literal
		*f = flexString(raw)
		return nil
	}
}

// flexTime is a timestamp that decodes from RFC 3339 (with or without
// fraction), "2006-01-02 15:04:05 UTC"-style strings, Unix seconds, "" or
// null (the zero time). It marshals as RFC 3339, or null when zero.
type flexTime struct{ time.Time }

// flexTimeLayouts lists the textual forms seen from Rails-style APIs.
var flexTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexTime) UnmarshalJSON(data []byte) error {
	raw := bytes.TrimSpace(data)
	if isNull(raw) {
		f.Time = time.Time{}
		return nil
	}
	if raw[0] != '"' {
		var secs flexInt
		if err := secs.UnmarshalJSON(raw); err != nil {
			return fmt.Errorf("cannot decode %s as a timestamp", truncateForError(raw))
		}
		f.Time = time.Unix(int64(secs), 0).UTC()
		return nil
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return err
	}
	t, err := parseFlexTime(text)
	if err != nil {
		return err
	}
	f.Time = t
	return nil
}

// MarshalJSON implements json.Marshaler.
func (f flexTime) MarshalJSON() ([]byte, error) {
	if f.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(f.UTC().Format(time.RFC3339Nano))
}

// parseFlexTime parses text in any of flexTimeLayouts; strings without an
// offset are taken as UTC.
func parseFlexTime(text string) (time.Time, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return time.Time{}, nil
	}
	for _, layout := range flexTimeLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot decode %q as a timestamp", text)
}

func isNull(raw []byte) bool { return len(raw) == 0 || bytes.Equal(raw, []byte("null")) }

// truncateForError keeps decode errors short. Only numeric, boolean and
// time fields echo their value; no secret has those types.
func truncateForError(raw []byte) string {
	const limit = 40
	if len(raw) > limit {
		return string(raw[:limit]) + "…"
	}
	return string(raw)
}

// decodeWrapped decodes {"root": {...}} (any of roots) or a bare object into v.
func decodeWrapped(data []byte, v any, roots ...string) error {
	inner, err := unwrapRoot(data, roots...)
	if err != nil {
		return err
	}
	return json.Unmarshal(inner, v)
}

// decodeWrappedList decodes [{"root": {...}}, ...] or [{...}, ...] into a
// slice of T.
func decodeWrappedList[T any](data []byte, roots ...string) ([]T, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return nil, err
	}
	out := make([]T, 0, len(items))
	for _, item := range items {
		var v T
		if err := decodeWrapped(item, &v, roots...); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// unwrapRoot returns the value under a root when data is an object whose
// only key is one of roots; otherwise data itself.
func unwrapRoot(data []byte, roots ...string) ([]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, err
	}
	if len(obj) == 1 {
		for _, root := range roots {
			if inner, ok := obj[root]; ok {
				return inner, nil
			}
		}
	}
	return data, nil
}
