package templates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/samskap/samskap/workshops"
)

// Problem is one thing wrong with a template file or with the parameters:
// the field, as a path such as exercises[1].frames[0].title.nn, and what
// is wrong with it.
type Problem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	if p.Field == "" {
		return p.Message
	}
	return p.Field + ": " + p.Message
}

// maxProblems is the most problems an error lists.
const maxProblems = 50

// FileError says what is wrong with a template file. Its message names the
// file and the field, one problem a line:
//
//	visjon.json: exercises[1].frames[0].title.nn: empty
//
// It unwraps to a workshops EINVALID error, so the server answers 400.
type FileError struct {
	File     string
	Problems []Problem
}

func (e *FileError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.File)
		b.WriteString(": ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap lets workshops.ErrorCode see EINVALID.
func (e *FileError) Unwrap() error { return workshops.Errorf(workshops.EINVALID, "%s", e.Error()) }

// ParamError says what is wrong with the parameters given to Setup, field
// by field (target_groups[2].name, themes, ...), so a form can show each
// problem next to its field. It unwraps to a workshops EINVALID error.
type ParamError struct {
	Problems []Problem
}

func (e *ParamError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return "parameters: " + strings.Join(parts, "; ")
}

// Unwrap lets workshops.ErrorCode see EINVALID.
func (e *ParamError) Unwrap() error { return workshops.Errorf(workshops.EINVALID, "%s", e.Error()) }

// problems collects Problems under a path prefix.
type problems struct {
	list []Problem
}

func (ps *problems) add(field, format string, args ...any) {
	if len(ps.list) < maxProblems {
		ps.list = append(ps.list, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
}

func (ps *problems) ok() bool { return len(ps.list) == 0 }

// join appends a field name or an index to a path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// decodeStrict parses data into v (a pointer to a struct) and reports, with
// their paths, syntax errors (as line and column), unknown fields, values
// of the wrong JSON type, and fractional numbers where an integer belongs.
func decodeStrict(data []byte, v any) []Problem {
	var ps problems
	var raw any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		ps.add("", "%s", syntaxMessage(data, err))
		return ps.list
	}
	if _, err := dec.Token(); err == nil {
		ps.add("", "%s", "more than one JSON value in the file")
		return ps.list
	}
	checkShape(&ps, "", raw, reflect.TypeOf(v).Elem())
	if !ps.ok() {
		return ps.list
	}
	if err := json.Unmarshal(data, v); err != nil { // the shape check passed, so this is not expected
		ps.add("", "%s", err.Error())
	}
	return ps.list
}

// syntaxMessage turns a JSON decoding error into "line L, column C: ...".
func syntaxMessage(data []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := position(data, se.Offset-1) // Offset is just past the bad byte
		return fmt.Sprintf("line %d, column %d: malformed JSON: %s", line, col, strings.TrimPrefix(se.Error(), "json: "))
	}
	if errors.Is(err, io.EOF) {
		return "the file is empty"
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		line, col := position(data, int64(len(data)))
		return fmt.Sprintf("line %d, column %d: malformed JSON: the file ends too early", line, col)
	}
	return "malformed JSON: " + err.Error()
}

// position returns the 1-based line and column of byte offset off.
func position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// jsonFields maps the JSON names of a struct's fields to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f.Type
	}
	return m
}

// checkShape compares a decoded JSON value with the Go type it is to fill.
func checkShape(ps *problems, path string, v any, t reflect.Type) {
	if v == nil {
		if t.Kind() != reflect.Pointer && t.Kind() != reflect.Slice {
			ps.add(path, "null is not allowed here")
		}
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			ps.add(path, "want an object, got %s", jsonKind(v))
			return
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			ft, ok := fields[k]
			if !ok {
				ps.add(join(path, k), "unknown field")
				continue
			}
			checkShape(ps, join(path, k), obj[k], ft)
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			ps.add(path, "want a list, got %s", jsonKind(v))
			return
		}
		for i, e := range arr {
			checkShape(ps, index(path, i), e, t.Elem())
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			ps.add(path, "want a string, got %s", jsonKind(v))
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			ps.add(path, "want true or false, got %s", jsonKind(v))
		}
	case reflect.Int:
		n, ok := v.(json.Number)
		if !ok {
			ps.add(path, "want a whole number, got %s", jsonKind(v))
			return
		}
		if _, err := strconv.ParseInt(string(n), 10, 32); err != nil {
			ps.add(path, "want a whole number, got %s", n)
		}
	case reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			ps.add(path, "want a number, got %s", jsonKind(v))
			return
		}
		if f, err := n.Float64(); err != nil || math.IsInf(f, 0) {
			ps.add(path, "number out of range: %s", n)
		}
	default:
		ps.add(path, "unsupported field type %s", t)
	}
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "true or false"
	case json.Number:
		return "a number"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}
