//go:build linux

package record

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow/array"
)

func newMapped(t *testing.T) *MappedAllocator {
	t.Helper()
	a, err := NewMappedAllocator()
	if err != nil {
		t.Skipf("no memfd: %v", err)
	}
	t.Cleanup(func() {
		if n := a.Outstanding(); n != 0 {
			t.Errorf("%d bytes outstanding at the end", n)
		}
	})
	return a
}

// writable returns the values of an imported float64 array as a slice
// that writes into the exported memory.
func writable(arr *array.Float64) []float64 {
	b := arr.Data().Buffers()[1].Bytes()
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(b))), arr.Len())
}

// TestMappedExportsAreWritableAndIndependent writes into one export and
// checks that neither the table nor another export sees it.
func TestMappedExportsAreWritableAndIndependent(t *testing.T) {
	for _, rows := range []int{5000, 50_000} { // below and above mappedMin
		t.Run(strconv.Itoa(rows), func(t *testing.T) { testMappedExports(t, rows) })
	}
}

func testMappedExports(t *testing.T, rows int) {
	a := newMapped(t)
	tab := newSample(t, a, rows)
	first := export(t, tab, colV).(*array.Float64)
	second := export(t, tab, colV).(*array.Float64)
	if valuesAddr(first) == valuesAddr(second) || valuesAddr(first) == tableAddr(tab, colV) {
		t.Fatalf("exports at 0x%x and 0x%x, table at 0x%x: each export needs its own mapping",
			valuesAddr(first), valuesAddr(second), tableAddr(tab, colV))
	}
	w := writable(first)
	for i := range w {
		w[i] -= 1000
	}
	for i, v := range first.Float64Values() {
		if v != sampleV(i)-1000 {
			t.Fatalf("written export row %d = %v, want %v", i, v, sampleV(i)-1000)
		}
	}
	checkColumn(t, second, colV, rows)
	for i := range rows {
		if got := tab.cols[colV].f64[i]; got != sampleV(i) {
			t.Fatalf("table row %d = %v after a write into an export, want %v", i, got, sampleV(i))
		}
	}
	// Appends after the export, into the same pages, stay invisible to it.
	appendSample(tab, rows, 3*rows)
	checkColumn(t, second, colV, rows)
	third := export(t, tab, colV)
	checkColumn(t, third, colV, 3*rows)
	tab.Release()
	checkColumn(t, second, colV, rows)
	for _, arr := range []interface{ Release() }{first, second, third} {
		arr.Release()
	}
}

// rssAnon returns the anonymous resident memory of the process in bytes.
func rssAnon(t *testing.T) int {
	t.Helper()
	text, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	for _, line := range strings.Split(string(text), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "RssAnon:" {
			kb, _ := strconv.Atoi(f[1])
			return kb * 1024
		}
	}
	t.Skip("no RssAnon in /proc/self/status")
	return 0
}

// TestMappedExportCopiesNothingUntilWritten reads a 16 MB export: its
// pages are the table's (shared memory), so anonymous memory does not
// grow by the column's size; writing it copies the pages.
func TestMappedExportCopiesNothingUntilWritten(t *testing.T) {
	const rows = 2 << 20 // 16 MB of float64
	a := newMapped(t)
	tab := NewTable(a, []string{"x"}, []Kind{Float64})
	for i := range rows {
		tab.AppendFloat64(0, float64(i))
	}
	before := rssAnon(t)
	arr := export(t, tab, 0).(*array.Float64)
	sum := 0.0
	for _, v := range arr.Float64Values() {
		sum += v
	}
	if want := float64(rows) * float64(rows-1) / 2; sum != want {
		t.Fatalf("sum %v, want %v", sum, want)
	}
	if grown := rssAnon(t) - before; grown > rows*8/4 {
		t.Errorf("reading the export grew anonymous memory by %d bytes for a %d-byte column: it was copied", grown, rows*8)
	}
	w := writable(arr)
	for i := range w {
		w[i] = 0
	}
	if grown := rssAnon(t) - before; grown < rows*8/2 {
		t.Errorf("writing the export grew anonymous memory by only %d bytes; copy-on-write should copy its %d bytes", grown, rows*8)
	}
	tab.Release()
	arr.Release()
}

func TestMappedAllocatorCounts(t *testing.T) {
	a := newMapped(t)
	small := a.Allocate(10)
	if got := a.Outstanding(); got != 10 {
		t.Errorf("Outstanding after a 10-byte allocation = %d, want 10", got)
	}
	small[9] = 7
	b := a.Reallocate(mappedMin+1, small) // moves into the file
	if got, want := a.Outstanding(), int64(roundToPage(mappedMin+1)); got != want {
		t.Errorf("Outstanding after growing into the file = %d, want %d", got, want)
	}
	if b[9] != 7 || b[mappedMin] != 0 {
		t.Errorf("Reallocate lost the values or did not zero the rest")
	}
	priv, owner, err := a.MapPrivate(b, 100)
	if err != nil {
		t.Fatal(err)
	}
	a.Free(b)
	if priv[9] != 7 {
		t.Errorf("private mapping lost its value after the allocation was freed")
	}
	if a.Outstanding() == 0 {
		t.Errorf("nothing outstanding while a private mapping is alive")
	}
	owner.Free(priv)
	if _, _, err := a.MapPrivate(make([]byte, 8), 8); err == nil {
		t.Errorf("MapPrivate of foreign memory succeeded")
	}
	small = a.Allocate(100)
	small[3] = 5
	cp, owner, err := a.MapPrivate(small, 50)
	if err != nil || cp[3] != 5 || sliceAddr(cp) == sliceAddr(small) {
		t.Fatalf("export of a small block: %v, same address %v", err, sliceAddr(cp) == sliceAddr(small))
	}
	cp[3] = 9
	if small[3] != 5 {
		t.Errorf("a write into the export of a small block reached the block")
	}
	owner.Free(cp)
	a.Free(small)
	a.Free(a.Allocate(0))
}
