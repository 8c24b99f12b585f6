package pybind

import (
	"encoding/json"
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
