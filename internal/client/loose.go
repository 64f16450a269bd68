package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// decodeLoose decodes a JSON object into the struct v points to, reading
// every field as loosely as the flex types do: int64 fields through flexInt,
// bool through flexBool, string through flexString, time.Time through
// flexTime, slices of those element by element. A pointer field stays nil
// when its key is absent or null, so "not reported" differs from a reported
// zero. Any other field (json.RawMessage, a type with its own UnmarshalJSON)
// decodes as encoding/json would. Keys match json tags as encoding/json
// matches them: exactly, else case-insensitively.
//
// Written by hand because encoding/json has no loose mode, and because it
// keeps the exported API structs free of wire types: they hold plain Go
// values and call decodeLoose from their UnmarshalJSON.
func decodeLoose(data []byte, v any) error {
	target := reflect.ValueOf(v)
	if target.Kind() != reflect.Pointer || target.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("decodeLoose: %T is not a pointer to a struct", v)
	}
	if isNull(bytes.TrimSpace(data)) {
		return nil
	}
	var object map[string]json.RawMessage
	if err := json.Unmarshal(data, &object); err != nil {
		return err
	}
	st := target.Elem()
	for _, f := range looseFieldsOf(st.Type()) {
		raw, ok := lookupKey(object, f.name)
		if !ok {
			continue
		}
		if err := decodeLooseValue(raw, st.Field(f.index)); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return nil
}

// looseField is a struct field decodeLoose fills: its index and JSON name.
type looseField struct {
	index int
	name  string
}

// looseFieldsOf lists the fields of struct type t that have a JSON name.
// Recomputed on every decode (a few dozen fields): cheaper to read than a
// package-level cache, and the provider keeps no package-level state.
func looseFieldsOf(t reflect.Type) []looseField {
	var fields []looseField
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if !sf.IsExported() || name == "-" || name == "" {
			continue
		}
		fields = append(fields, looseField{index: i, name: name})
	}
	return fields
}

// lookupKey finds name in object the way encoding/json does.
func lookupKey(object map[string]json.RawMessage, name string) (json.RawMessage, bool) {
	if raw, ok := object[name]; ok {
		return raw, true
	}
	for key, raw := range object {
		if strings.EqualFold(key, name) {
			return raw, true
		}
	}
	return nil, false
}

var (
	timeType        = reflect.TypeFor[time.Time]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

// decodeLooseValue decodes raw into dst (a settable field or element).
func decodeLooseValue(raw json.RawMessage, dst reflect.Value) error {
	raw = bytes.TrimSpace(raw)
	t := dst.Type()
	if t == timeType {
		var f flexTime
		if err := f.UnmarshalJSON(raw); err != nil {
			return err
		}
		dst.Set(reflect.ValueOf(f.Time))
		return nil
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return json.Unmarshal(raw, dst.Addr().Interface())
	}
	switch t.Kind() {
	case reflect.Pointer:
		if isNull(raw) {
			dst.SetZero()
			return nil
		}
		elem := reflect.New(t.Elem())
		if err := decodeLooseValue(raw, elem.Elem()); err != nil {
			return err
		}
		dst.Set(elem)
	case reflect.Int64, reflect.Int:
		var f flexInt
		if err := f.UnmarshalJSON(raw); err != nil {
			return err
		}
		dst.SetInt(int64(f))
	case reflect.Bool:
		var f flexBool
		if err := f.UnmarshalJSON(raw); err != nil {
			return err
		}
		dst.SetBool(bool(f))
	case reflect.String:
		var f flexString
		if err := f.UnmarshalJSON(raw); err != nil {
			return err
		}
		dst.SetString(string(f))
	case reflect.Slice:
		return decodeLooseSlice(raw, dst)
	default:
		return json.Unmarshal(raw, dst.Addr().Interface())
	}
	return nil
}

// decodeLooseSlice decodes a JSON array element by element ([]byte as
// encoding/json does, from base64).
func decodeLooseSlice(raw json.RawMessage, dst reflect.Value) error {
	t := dst.Type()
	if t.Elem().Kind() == reflect.Uint8 {
		return json.Unmarshal(raw, dst.Addr().Interface())
	}
	if isNull(raw) {
		dst.SetZero()
		return nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return err
	}
	out := reflect.MakeSlice(t, len(items), len(items))
	for i, item := range items {
		if err := decodeLooseValue(item, out.Index(i)); err != nil {
			return err
		}
	}
	dst.Set(out)
	return nil
}
