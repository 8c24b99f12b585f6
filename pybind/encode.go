package pybind

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/gonest/gonest/gocore/dict"
)

// encodeJSON writes v as JSON for the Python side. It differs from
// encoding/json in two ways that PyNEST users can see: a float64 always
// carries a decimal point or exponent (so -70.0 reaches Python as a float,
// not the int -70), and non-finite floats travel as the strings "inf",
// "-inf" and "nan", which nest/_kernel.py turns back into floats.
func encodeJSON(v any) (string, error) {
	var buf bytes.Buffer
	if err := writeJSON(&buf, v); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func writeJSON(buf *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		buf.WriteString(strconv.FormatBool(x))
	case float64:
		writeFloat(buf, x)
	case int:
		buf.WriteString(strconv.Itoa(x))
	case int64:
		buf.WriteString(strconv.FormatInt(x, 10))
	case uint64:
		buf.WriteString(strconv.FormatUint(x, 10))
	case string:
		b, _ := json.Marshal(x)
		buf.Write(b)
	case []string:
		buf.WriteByte('[')
		for i, s := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			b, _ := json.Marshal(s)
			buf.Write(b)
		}
		buf.WriteByte(']')
	case []float64:
		buf.WriteByte('[')
		for i, f := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeFloat(buf, f)
		}
		buf.WriteByte(']')
	case []int:
		buf.WriteByte('[')
		for i, n := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.WriteString(strconv.Itoa(n))
		}
		buf.WriteByte(']')
	case []any:
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeJSON(buf, e); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case []dict.Dict:
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeJSON(buf, e); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case dict.Dict:
		return writeObject(buf, x)
	case map[string]any:
		return writeObject(buf, x)
	case map[string][]string:
		m := make(map[string]any, len(x))
		for k, s := range x {
			m[k] = s
		}
		return writeObject(buf, m)
	default:
		return fmt.Errorf("InternalError: cannot encode a value of type %T as JSON", v)
	}
	return nil
}

func writeObject(buf *bytes.Buffer, m map[string]any) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		b, _ := json.Marshal(k)
		buf.Write(b)
		buf.WriteByte(':')
		if err := writeJSON(buf, m[k]); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

func writeFloat(buf *bytes.Buffer, f float64) {
	switch {
	case math.IsInf(f, 1):
		buf.WriteString(`"inf"`)
	case math.IsInf(f, -1):
		buf.WriteString(`"-inf"`)
	case math.IsNaN(f):
		buf.WriteString(`"nan"`)
	default:
		s := strconv.FormatFloat(f, 'g', -1, 64)
		buf.WriteString(s)
		if !bytes.ContainsAny([]byte(s), ".e") {
			buf.WriteString(".0")
		}
	}
}
