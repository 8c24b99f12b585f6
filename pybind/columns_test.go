package pybind

import (
	"encoding/json"
	"reflect"
	"testing"
	"unsafe"
)

func TestNodeIDsFromRangeAndBuffer(t *testing.T) {
	got, err := nodeIDs(3, 2, 4, 0)
	if err != nil || len(got) != 4 || got[0] != 3 || got[3] != 9 {
		t.Fatalf("range: %v %v", got, err)
	}
	buf := []int64{5, 7, 11}
	got, err = nodeIDs(0, 0, 3, uintptr(unsafe.Pointer(&buf[0])))
	if err != nil || len(got) != 3 || got[2] != 11 {
		t.Fatalf("buffer: %v %v", got, err)
	}
	if _, err := nodeIDs(0, 0, -1, 0); err == nil {
		t.Fatal("a negative count was accepted")
	}
}

func TestColumnKind(t *testing.T) {
	for _, tc := range []struct {
		vals []any
		want byte
	}{
		{[]any{1.0, 2.0}, 'f'},
		{[]any{1, int64(2)}, 'i'},
		{[]any{true, false}, 'b'},
		{[]any{"a", "b"}, 's'},
		{[]any{1.0, 2}, 0},
		{[]any{1.0, absentValue{}}, 0},
		{[]any{[]float64{1}}, 0},
	} {
		if got := columnKind(tc.vals); got != tc.want {
			t.Errorf("columnKind(%v) = %q, want %q", tc.vals, got, tc.want)
		}
	}
}

func TestColumnSpecsAreChecked(t *testing.T) {
	vals := []float64{1, 2, 3}
	spec := []columnSpec{{Key: "V_m", Kind: "f", Addr: uintptr(unsafe.Pointer(&vals[0])), N: 3}}
	js, _ := json.Marshal(spec)
	cols, err := decodeColumns(string(js), 3, "node(s)")
	if err != nil || cols[0].value(2) != 3.0 {
		t.Fatalf("decodeColumns: %v %v", cols, err)
	}
	if _, err := decodeColumns(string(js), 4, "node(s)"); err == nil {
		t.Error("a column of the wrong length was accepted")
	}
	spec[0].Kind = "x"
	js, _ = json.Marshal(spec)
	if _, err := decodeColumns(string(js), 3, "node(s)"); err == nil {
		t.Error("a column of unknown kind was accepted")
	}
}

func TestDecodeIDsCompactForms(t *testing.T) {
	got, err := decodeIDs(`{"first":4,"step":3,"n":3}`)
	if err != nil || len(got) != 3 || got[2] != 10 {
		t.Fatalf("range form: %v %v", got, err)
	}
	buf := []int64{2, 9}
	got, err = decodeIDs(`{"addr":` + itoaAddr(uintptr(unsafe.Pointer(&buf[0]))) + `,"n":2}`)
	if err != nil || len(got) != 2 || got[1] != 9 {
		t.Fatalf("address form: %v %v", got, err)
	}
	if got, err := decodeIDs(`[1,2]`); err != nil || len(got) != 2 {
		t.Fatalf("list form: %v %v", got, err)
	}
	if _, err := decodeIDs(`{"n":"x"}`); err == nil {
		t.Fatal("a bad compact form was accepted")
	}
}

func itoaAddr(u uintptr) string {
	b, _ := json.Marshal(uint64(u))
	return string(b)
}

func TestColumnBuilderKeepsTypesUntilTheyDiffer(t *testing.T) {
	b := newColumnBuilder(4, 0)
	for _, v := range []any{1.5, 2.5} {
		b.add(v)
	}
	if b.kind != 'f' || len(b.f) != 2 {
		t.Fatalf("floats: kind %q, %v", b.kind, b.f)
	}
	b.add("x") // another type: one value per node from now on
	b.add(absentValue{})
	if b.kind != 0 || len(b.vals) != 4 || b.vals[0] != 1.5 || b.vals[2] != "x" {
		t.Fatalf("untyped: kind %q, %v", b.kind, b.vals)
	}
	if _, absent := b.vals[3].(absentValue); !absent {
		t.Fatalf("the absent value was lost: %v", b.vals)
	}
	s := newColumnBuilder(3, 0)
	for _, v := range []any{"a", "b", "a"} {
		s.add(v)
	}
	if s.kind != 's' || !reflect.DeepEqual(s.iv, []int64{0, 1, 0}) || !reflect.DeepEqual(s.names, []string{"a", "b"}) {
		t.Fatalf("strings: %q %v %v", s.kind, s.iv, s.names)
	}
	s.add(true)
	if s.kind != 0 || s.vals[1] != "b" || s.vals[3] != true {
		t.Fatalf("strings untyped: %v", s.vals)
	}
	late := newColumnBuilder(3, 2) // first met at the third node
	late.add(7)
	if late.kind != 0 || len(late.vals) != 3 || late.vals[2] != 7 {
		t.Fatalf("late key: %v", late.vals)
	}
}
