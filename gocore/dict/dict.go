// Package dict holds the status dictionaries exchanged with users: the keys
// are NEST's parameter names, the values come from JSON (float64, bool,
// string, []any, map[string]any, nil).
//
// A Reader wraps a dictionary given by a user, converts values with NEST's
// type rules and remembers which keys were read, so that a key nobody
// understood can be reported as UnaccessedDictionaryEntry, as NEST does.
package dict

import (
	"math"
	"sort"
	"strings"

	"github.com/gonest/gonest/gocore/nesterr"
)

// Dict is a status dictionary: NEST key -> value.
type Dict map[string]any

// Clone returns a shallow copy of d.
func (d Dict) Clone() Dict {
	c := make(Dict, len(d))
	for k, v := range d {
		c[k] = v
	}
	return c
}

// Keys returns the keys of d in sorted order.
func (d Dict) Keys() []string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Reader reads typed values from a user dictionary and records which keys
// were accessed.
//
// A dictionary of a few entries (the common case of setting one or two
// values on many nodes, where a model asks for each of its keys) is read
// by comparing the asked key with its keys, which is cheaper than hashing
// it, and without a map of accessed keys.
type Reader struct {
	d    Dict
	used map[string]bool // for a dictionary of more than smallReader entries
	// the entries of a small dictionary and which were accessed
	n    int
	keys [smallReader]string
	vals [smallReader]any
	read [smallReader]bool
}

// smallReader is the largest dictionary read without hashing.
const smallReader = 4

// NewReader returns a Reader over d. A nil d reads as empty.
func NewReader(d Dict) *Reader {
	r := &Reader{}
	r.Reset(d)
	return r
}

// Reset makes r a fresh Reader over d, so that one Reader can read many
// dictionaries in turn (nothing of the previous one stays).
func (r *Reader) Reset(d Dict) {
	*r = Reader{d: d}
	if len(d) > smallReader {
		r.used = make(map[string]bool, len(d))
		return
	}
	for k, v := range d {
		r.keys[r.n], r.vals[r.n] = k, v
		r.n++
	}
}

// Has reports whether key is present, and marks it accessed.
func (r *Reader) Has(key string) bool {
	_, ok := r.Raw(key)
	return ok
}

// Raw returns the value of key as given, marking it accessed.
func (r *Reader) Raw(key string) (any, bool) {
	if r.used == nil {
		for i := range r.n {
			if r.keys[i] == key {
				r.read[i] = true
				return r.vals[i], true
			}
		}
		return nil, false
	}
	v, ok := r.d[key]
	if ok {
		r.used[key] = true
	}
	return v, ok
}

// Float stores the value of key in *dst if the key is present. Integers and
// booleans are not silently accepted as strings; a string, list or dict is a
// TypeMismatch naming the key.
func (r *Reader) Float(key string, dst *float64) (bool, error) {
	v, ok := r.Raw(key)
	if !ok {
		return false, nil
	}
	f, err := ToFloat(key, v)
	if err != nil {
		return false, err
	}
	*dst = f
	return true, nil
}

// Int stores the integer value of key in *dst if present. A float with a
// fractional part is a TypeMismatch.
func (r *Reader) Int(key string, dst *int64) (bool, error) {
	v, ok := r.Raw(key)
	if !ok {
		return false, nil
	}
	i, err := ToInt(key, v)
	if err != nil {
		return false, err
	}
	*dst = i
	return true, nil
}

// Bool stores the boolean value of key in *dst if present.
func (r *Reader) Bool(key string, dst *bool) (bool, error) {
	v, ok := r.Raw(key)
	if !ok {
		return false, nil
	}
	b, ok2 := v.(bool)
	if !ok2 {
		return false, nesterr.New(nesterr.ErrTypeMismatch, "%s expects a boolean, got %s.", key, Describe(v))
	}
	*dst = b
	return true, nil
}

// String stores the string value of key in *dst if present.
func (r *Reader) String(key string, dst *string) (bool, error) {
	v, ok := r.Raw(key)
	if !ok {
		return false, nil
	}
	s, ok2 := v.(string)
	if !ok2 {
		return false, nesterr.New(nesterr.ErrTypeMismatch, "%s expects a string, got %s.", key, Describe(v))
	}
	*dst = s
	return true, nil
}

// Strings stores a list of strings (a single string counts as a list of
// one) in *dst if present.
func (r *Reader) Strings(key string, dst *[]string) (bool, error) {
	v, ok := r.Raw(key)
	if !ok {
		return false, nil
	}
	switch x := v.(type) {
	case string:
		*dst = []string{x}
		return true, nil
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				return false, nesterr.New(nesterr.ErrTypeMismatch, "%s expects a list of strings, element %d is %s.", key, i, Describe(e))
			}
			out[i] = s
		}
		*dst = out
		return true, nil
	case []string:
		*dst = append([]string(nil), x...)
		return true, nil
	}
	return false, nesterr.New(nesterr.ErrTypeMismatch, "%s expects a list of strings, got %s.", key, Describe(v))
}

// Floats stores a list of numbers in *dst if present.
func (r *Reader) Floats(key string, dst *[]float64) (bool, error) {
	v, ok := r.Raw(key)
	if !ok {
		return false, nil
	}
	switch x := v.(type) {
	case []any:
		out := make([]float64, len(x))
		for i, e := range x {
			f, err := ToFloat(key, e)
			if err != nil {
				return false, err
			}
			out[i] = f
		}
		*dst = out
		return true, nil
	case []float64:
		*dst = append([]float64(nil), x...)
		return true, nil
	}
	return false, nesterr.New(nesterr.ErrTypeMismatch, "%s expects a list of numbers, got %s.", key, Describe(v))
}

// Unused returns the keys that were never accessed, sorted.
func (r *Reader) Unused() []string {
	var out []string
	if r.used == nil {
		for i := range r.n {
			if !r.read[i] {
				out = append(out, r.keys[i])
			}
		}
		sort.Strings(out)
		return out
	}
	for k := range r.d {
		if !r.used[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// CheckAllUsed returns UnaccessedDictionaryEntry naming every key that was
// not accessed; what names the object the dictionary was meant for.
func (r *Reader) CheckAllUsed(what string) error {
	unused := r.Unused()
	if len(unused) == 0 {
		return nil
	}
	return nesterr.New(nesterr.ErrUnaccessedDictionaryEntry,
		"%s does not have the parameter(s) %s; nothing was changed.", what, quoteList(unused))
}

// ToFloat converts a JSON value to float64 or returns a TypeMismatch that
// names key.
func ToFloat(key string, v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case int:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case string:
		// Non-finite numbers cross JSON as strings (see pybind).
		switch x {
		case "inf":
			return math.Inf(1), nil
		case "-inf":
			return math.Inf(-1), nil
		case "nan":
			return math.NaN(), nil
		}
	}
	return 0, nesterr.New(nesterr.ErrTypeMismatch, "%s expects a number, got %s.", key, Describe(v))
}

// ToInt converts a JSON value holding a whole number to int64.
func ToInt(key string, v any) (int64, error) {
	switch x := v.(type) {
	case int:
		return int64(x), nil
	case int64:
		return x, nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
			return int64(x), nil
		}
		return 0, nesterr.New(nesterr.ErrTypeMismatch, "%s expects an integer, got %v.", key, x)
	}
	return 0, nesterr.New(nesterr.ErrTypeMismatch, "%s expects an integer, got %s.", key, Describe(v))
}

// Describe names the JSON type and value of v for error messages.
func Describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "the string '" + x + "'"
	case bool:
		if x {
			return "the boolean True"
		}
		return "the boolean False"
	case []any:
		return "a list"
	case map[string]any, Dict:
		return "a dictionary"
	case float64:
		return "the number " + strings.TrimSpace(formatFloat(x))
	}
	return "a value of an unsupported type"
}

func quoteList(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = "'" + k + "'"
	}
	return strings.Join(q, ", ")
}
