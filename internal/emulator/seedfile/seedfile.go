// Package seedfile is what the emulator's domains share to check a seed file
// (--seed-file): Problems collects what is wrong, each under the JSON path of
// its field ("webcore.users[1].email"), and Scan reads the file strictly and
// remembers the line every value starts on, so each error names the field and
// the line.
package seedfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"strings"
)

// Problem is one thing wrong in a seed file.
type Problem struct {
	Path    string // JSON path, e.g. "webcore.users[1].email"
	Message string
}

// Problems collects what a check finds.
type Problems []Problem

// Add records a problem at path.
func (p *Problems) Add(path, format string, args ...any) {
	*p = append(*p, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// Field is the path of a field of the object at path.
func Field(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// Item is the path of the i-th element of the array at path.
func Item(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// Index knows where every JSON path of a scanned file starts.
type Index struct {
	data  []byte
	start map[string]int // path → offset of its value
}

// Line is the line of path, or of its closest enclosing value that has one; 0
// when none is known.
func (ix Index) Line(path string) int {
	for {
		if off, ok := ix.start[path]; ok {
			return lineOf(ix.data, off)
		}
		cut := strings.LastIndexAny(path, ".[")
		if cut < 0 {
			return 0
		}
		path = path[:cut]
	}
}

// pathAt is the path of the value that ends at offset end and whose path,
// without array indexes, is field (as json.UnmarshalTypeError names it): the
// one of that name that starts last before end.
func (ix Index) pathAt(field string, end int) string {
	best, bestStart := field, math.MinInt
	for path, start := range ix.start {
		// start >= bestStart would do as well (an equivalent mutant): no two
		// paths start at the same offset.
		if start < end && start > bestStart && withoutIndexes(path) == field {
			best, bestStart = path, start
		}
	}
	return best
}

var indexes = regexp.MustCompile(`\[\d+\]`)

func withoutIndexes(path string) string { return indexes.ReplaceAllString(path, "") }

func lineOf(data []byte, offset int) int {
	return bytes.Count(data[:min(offset, len(data))], []byte{'\n'}) + 1
}

// Err turns problems into one error, a line "FILE:LINE: PATH: MESSAGE" each; nil
// when there are none.
func (ix Index) Err(file string, problems Problems) error {
	if len(problems) == 0 {
		return nil
	}
	lines := make([]string, 0, len(problems))
	for _, p := range problems {
		lines = append(lines, locate(file, ix.Line(p.Path))+named(p.Path)+": "+p.Message)
	}
	return errors.New(strings.Join(lines, "\n"))
}

// named is how an error names the value at path.
func named(path string) string {
	if path == "" {
		return "the top level"
	}
	return path
}

func locate(file string, line int) string {
	if line == 0 {
		return file + ": "
	}
	return fmt.Sprintf("%s:%d: ", file, line)
}

// Decode reads data, a JSON object shaped like v's type, into v. It is strict:
// a syntax error, a field v's type does not have (matched exactly, not ignoring
// case), a value of the wrong type or anything after the object is an error
// naming the file, the line and the field. It returns the Index for later checks.
func Decode(file string, data []byte, v any) (Index, error) {
	s := &scanner{dec: json.NewDecoder(bytes.NewReader(data)), data: data, index: Index{data: data, start: map[string]int{}}}
	if err := s.value("", reflect.TypeOf(v)); err != nil {
		return Index{}, fmt.Errorf("%s%w", locate(file, s.errLine), err)
	}
	if _, err := s.dec.Token(); !errors.Is(err, io.EOF) {
		return Index{}, fmt.Errorf("%sunexpected data after the top-level object", locate(file, s.line(s.start())))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			// Offset is the end of the offending value; the scan knows where it began.
			path := s.index.pathAt(typeErr.Field, int(typeErr.Offset))
			return Index{}, fmt.Errorf("%s%s: must be %s, not %s", locate(file, s.index.Line(path)),
				named(path), describe(typeErr.Type), typeErr.Value)
		}
		return Index{}, fmt.Errorf("%s%w", locate(file, 0), err)
	}
	return s.index, nil
}

// describe names a Go type the way a JSON author thinks of it.
func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Pointer:
		return describe(t.Elem())
	default:
		return "an object"
	}
}

// scanner walks the JSON tokens alongside the Go type that will receive them.
type scanner struct {
	dec     *json.Decoder
	data    []byte
	index   Index
	errLine int
}

// start is the offset of the next value: the decoder's offset past separators.
func (s *scanner) start() int {
	off := int(s.dec.InputOffset())
	for off < len(s.data) && strings.IndexByte(" \t\r\n,:", s.data[off]) >= 0 {
		off++
	}
	return off
}

func (s *scanner) line(offset int) int { return lineOf(s.data, offset) }

// fail records the line of an error and returns it.
func (s *scanner) fail(line int, err error) error {
	s.errLine = line
	return err
}

func (s *scanner) token() (json.Token, error) {
	tok, err := s.dec.Token()
	if err == nil {
		return tok, nil
	}
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		return nil, s.fail(s.line(int(syntax.Offset)), fmt.Errorf("invalid JSON: %w", err))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return nil, s.fail(s.line(len(s.data)), errors.New("invalid JSON: the file ends too early"))
	default:
		return nil, s.fail(s.line(s.start()), fmt.Errorf("invalid JSON: %w", err))
	}
}

// value reads one value at path, to be decoded into t (nil: any shape).
func (s *scanner) value(path string, t reflect.Type) error {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	s.index.start[path] = s.start()
	tok, err := s.token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		for s.dec.More() {
			keyLine := s.line(s.start())
			k, err := s.token()
			if err != nil {
				return err
			}
			key, _ := k.(string)
			child := Field(path, key)
			ft, known := fieldType(t, key)
			if !known {
				return s.fail(keyLine, fmt.Errorf("%s: unknown field (allowed: %s)", child, strings.Join(fieldNames(t), ", ")))
			}
			if err := s.value(child, ft); err != nil {
				return err
			}
		}
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; s.dec.More(); i++ {
			if err := s.value(Item(path, i), elem); err != nil {
				return err
			}
		}
	default:
		return nil
	}
	_, err = s.token() // the closing delimiter
	return err
}

// fieldType is the type a JSON object key decodes into; known is false for a
// key a struct does not have. Maps and untyped values take any key.
func fieldType(t reflect.Type, key string) (reflect.Type, bool) {
	if t == nil {
		return nil, true
	}
	switch t.Kind() {
	case reflect.Map:
		return t.Elem(), true
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && key != "-" && jsonName(f) == key {
				return f.Type, true
			}
		}
		return nil, false
	default:
		return nil, true // a type mismatch: json.Unmarshal reports it
	}
}

// fieldNames lists a struct's JSON field names, for the unknown-field message.
func fieldNames(t reflect.Type) []string {
	var names []string
	for i := 0; t != nil && t.Kind() == reflect.Struct && i < t.NumField(); i++ {
		if f := t.Field(i); f.IsExported() && jsonName(f) != "-" {
			names = append(names, jsonName(f))
		}
	}
	return names
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}
