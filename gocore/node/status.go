package node

import (
	"slices"

	"github.com/gonest/gonest/gocore/dict"
)

// StatusSink receives the entries of a node's status one at a time, each
// value with its type: the status dictionary (DictSink) or the columns of
// a bulk read, one per key over many nodes (the kernel's column sink),
// which then need no dictionary per node.
//
// A value given to Strings or Value (a list, a dictionary) is lent for the call of
// the writer that gives it: a sink that keeps it beyond that copies it
// (DictSink does), so models may hand over slices they keep, such as
// their list of recordables.
type StatusSink interface {
	Float(key string, v float64)
	Int(key string, v int)
	Bool(key string, v bool)
	String(key string, v string)
	// Strings takes a list of strings (recordables, record_from).
	Strings(key string, v []string)
	// Value takes any other value: lists, dictionaries.
	Value(key string, v any)
}

// TypedStatus is implemented by models that write their status entries
// into a StatusSink one by one. StatusTo writes exactly the entries
// Status returns (such a model builds Status with StatusDict, so the two
// cannot differ), and writes the keys of one model in the same order for
// every node, which lets a bulk read place each value by its position.
type TypedStatus interface {
	StatusTo(s StatusSink)
}

// DictSink collects status entries into a dictionary. Lists and
// dictionaries given to Value are copied (one level deep), so the
// dictionary shares nothing with the node.
type DictSink struct{ D dict.Dict }

// Float implements StatusSink.
func (s DictSink) Float(key string, v float64) { s.D[key] = v }

// Int implements StatusSink.
func (s DictSink) Int(key string, v int) { s.D[key] = v }

// Bool implements StatusSink.
func (s DictSink) Bool(key string, v bool) { s.D[key] = v }

// String implements StatusSink.
func (s DictSink) String(key string, v string) { s.D[key] = v }

// Strings implements StatusSink.
func (s DictSink) Strings(key string, v []string) { s.D[key] = slices.Clone(v) }

// Value implements StatusSink.
func (s DictSink) Value(key string, v any) {
	switch x := v.(type) {
	case []string:
		v = slices.Clone(x)
	case []float64:
		v = slices.Clone(x)
	case []int64:
		v = slices.Clone(x)
	case []int:
		v = slices.Clone(x)
	case []any:
		v = slices.Clone(x)
	case dict.Dict:
		v = x.Clone()
	}
	s.D[key] = v
}

// StatusDict returns the status of n as a dictionary with room for size
// entries (its own and those the kernel adds, so that it is not rehashed
// as it fills).
func StatusDict(n TypedStatus, size int) dict.Dict {
	s := DictSink{make(dict.Dict, size)}
	n.StatusTo(s)
	return s.D
}
