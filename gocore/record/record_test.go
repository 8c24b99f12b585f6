package record

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/cdata"
	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/gonest/gonest/gocore/nesterr"
)

// newLeakCheck returns an allocator for a table under test and registers a
// cleanup that fails the test when any of its bytes are still outstanding,
// both by arrow's checked allocator and by the CountingAllocator below it.
func newLeakCheck(t *testing.T) (*memory.CheckedAllocator, *CountingAllocator) {
	t.Helper()
	counting := NewCountingAllocator()
	checked := memory.NewCheckedAllocator(counting)
	t.Cleanup(func() {
		checked.AssertSize(t, 0)
		if n := counting.Outstanding(); n != 0 {
			t.Errorf("CountingAllocator.Outstanding() = %d after all releases, want 0", n)
		}
	})
	return checked, counting
}

func TestTableMetadata(t *testing.T) {
	alloc, _ := newLeakCheck(t)
	tab := NewTable(alloc, []string{"senders", "times", "V_m"}, []Kind{Int64, Float64, Float64})
	defer tab.Release()

	names := tab.Names()
	if want := []string{"senders", "times", "V_m"}; !slices.Equal(names, want) {
		t.Fatalf("Names() = %v, want %v", names, want)
	}
	names[0] = "changed"
	if tab.Names()[0] != "senders" {
		t.Errorf("changing the slice returned by Names changed the table")
	}
	for _, tc := range []struct {
		name string
		want int
	}{{"senders", 0}, {"times", 1}, {"V_m", 2}, {"v_m", -1}, {"", -1}} {
		if got := tab.Index(tc.name); got != tc.want {
			t.Errorf("Index(%q) = %d, want %d", tc.name, got, tc.want)
		}
	}
	if tab.Kind(0) != Int64 || tab.Kind(2) != Float64 {
		t.Errorf("Kind(0), Kind(2) = %v, %v; want Int64, Float64", tab.Kind(0), tab.Kind(2))
	}

	if tab.Len() != 0 {
		t.Errorf("Len() of an empty table = %d", tab.Len())
	}
	appendSample(tab, 0, 5)
	tab.AppendInt64(colID, 99) // a sixth row under way
	if tab.Len() != 5 || tab.ColumnLen(colID) != 6 || tab.ColumnLen(colV) != 5 {
		t.Errorf("Len, ColumnLen(id), ColumnLen(V) = %d, %d, %d; want 5, 6, 5",
			tab.Len(), tab.ColumnLen(colID), tab.ColumnLen(colV))
	}
	if got := NewTable(alloc, nil, nil).Len(); got != 0 {
		t.Errorf("Len() of a table without columns = %d", got)
	}
}

func TestCopiesOfColumns(t *testing.T) {
	for _, rows := range []int{0, 1, firstCapacity - 1, firstCapacity, firstCapacity + 1, 5000} {
		t.Run(fmt.Sprint(rows), func(t *testing.T) {
			alloc, _ := newLeakCheck(t)
			tab := newSample(t, alloc, rows)
			defer tab.Release()

			ids, times := tab.Int64s(colID), tab.Float64s(colTime)
			if len(ids) != rows || len(times) != rows {
				t.Fatalf("len(Int64s), len(Float64s) = %d, %d; want %d", len(ids), len(times), rows)
			}
			for i := range rows {
				if ids[i] != sampleID(i) {
					t.Fatalf("Int64s()[%d] = %d, want %d", i, ids[i], sampleID(i))
				}
				if d := times[i] - sampleTime(i); d > floatTol || d < -floatTol {
					t.Fatalf("Float64s()[%d] = %v, want %v", i, times[i], sampleTime(i))
				}
			}
			if rows > 0 {
				ids[0]++
				if tab.Int64s(colID)[0] != sampleID(0) {
					t.Errorf("changing the copy changed the table")
				}
			}
		})
	}
}

func TestExportRoundTrip(t *testing.T) {
	for _, rows := range []int{0, 1, firstCapacity - 1, firstCapacity, firstCapacity + 1, 100_000} {
		for col, name := range []string{"senders", "times", "V_m"} {
			t.Run(fmt.Sprintf("%s/%d", name, rows), func(t *testing.T) {
				alloc, counting := newLeakCheck(t)
				tab := newSample(t, alloc, rows)
				arr := export(t, tab, col)

				wantType := arrow.DataType(arrow.PrimitiveTypes.Float64)
				if col == colID {
					wantType = arrow.PrimitiveTypes.Int64
				}
				if !arrow.TypeEqual(arr.DataType(), wantType) {
					t.Errorf("imported type %v, want %v", arr.DataType(), wantType)
				}
				checkColumn(t, arr, col, rows)
				if rows > 0 {
					if got, want := valuesAddr(arr), tableAddr(tab, col); got != want {
						t.Errorf("imported values at 0x%x, table buffer at 0x%x: the export copied", got, want)
					}
				}
				tab.Release()
				if rows > 0 && counting.Outstanding() == 0 {
					t.Errorf("the exported array's memory was freed by Table.Release")
				}
				checkColumn(t, arr, col, rows)
				arr.Release()
			})
		}
	}
}

func TestRepeatedExportSharesTheBuffer(t *testing.T) {
	alloc, _ := newLeakCheck(t)
	tab := newSample(t, alloc, 1000)
	defer tab.Release()

	first := export(t, tab, colV)
	defer first.Release()
	second := export(t, tab, colV)
	defer second.Release()
	if valuesAddr(first) != valuesAddr(second) {
		t.Errorf("two exports without new rows use buffers 0x%x and 0x%x, want one", valuesAddr(first), valuesAddr(second))
	}
	checkColumn(t, second, colV, 1000)
}

func TestExportAppendExport(t *testing.T) {
	for _, tc := range []struct {
		name         string
		first, extra int
		sameBuffer   bool // whether the second export still fits the first buffer
	}{
		{"fits", 10, 20, true},
		{"fills exactly", 100, firstCapacity - 100, true},
		{"grows", 100, firstCapacity, false},
		{"grows many times", 1000, 100_000, false},
		{"from empty", 0, 50, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			alloc, _ := newLeakCheck(t)
			tab := newSample(t, alloc, tc.first)
			defer tab.Release()

			before := make([]arrow.Array, 3)
			for col := range before {
				before[col] = export(t, tab, col)
				defer before[col].Release()
			}
			appendSample(tab, tc.first, tc.first+tc.extra)
			for col := range before {
				after := export(t, tab, col)
				defer after.Release()
				checkColumn(t, before[col], col, tc.first)
				checkColumn(t, after, col, tc.first+tc.extra)
				if got, want := valuesAddr(after), tableAddr(tab, col); got != want {
					t.Errorf("column %d: second export at 0x%x, table buffer at 0x%x: the export copied", col, got, want)
				}
				if same := valuesAddr(before[col]) == valuesAddr(after); tc.first > 0 && same != tc.sameBuffer {
					t.Errorf("column %d: both exports share a buffer = %v, want %v", col, same, tc.sameBuffer)
				}
			}
		})
	}
}

// TestExportSurvivesTheTable exports columns and then resets, refills or
// releases the table before the exports are released, and checks that the
// exports keep their values and that every byte is freed in the end.
func TestExportSurvivesTheTable(t *testing.T) {
	const rows = 3000
	for _, tc := range []struct {
		name  string
		after func(tab *Table)
	}{
		{"nothing", func(*Table) {}},
		{"reset", func(tab *Table) { tab.Reset() }},
		{"reset and refill", func(tab *Table) {
			tab.Reset()
			appendSample(tab, 0, 2*rows)
			for i := range 2 * rows { // overwrite with other values
				tab.cols[colV].f64[i] = -1
			}
		}},
		{"release", func(tab *Table) { tab.Release() }},
		{"reset then release", func(tab *Table) { tab.Reset(); tab.Release() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			alloc, counting := newLeakCheck(t)
			tab := newSample(t, alloc, rows)
			var exported []arrow.Array
			for col := range 3 {
				exported = append(exported, export(t, tab, col))
			}
			tc.after(tab)
			for col, arr := range exported {
				checkColumn(t, arr, col, rows)
			}
			tab.Release()
			if counting.Outstanding() == 0 {
				t.Fatalf("no memory outstanding while three exports are alive")
			}
			for _, arr := range exported {
				arr.Release()
			}
		})
	}
}

// TestReleaseWithoutImport releases the exported structs directly, as a C
// consumer would, instead of importing them.
func TestReleaseWithoutImport(t *testing.T) {
	alloc, _ := newLeakCheck(t)
	tab := newSample(t, alloc, 500)
	s := newCStructs(t)
	if err := tab.Export(colTime, s.arrayAddr, s.schemaAddr); err != nil {
		t.Fatal(err)
	}
	tab.Release()
	cdata.ReleaseCArrowSchema(s.schema())
	cdata.ReleaseCArrowArray(s.array())
	if (*abiArray)(cPointer(s.arrayAddr)).release != 0 || (*abiSchema)(cPointer(s.schemaAddr)).release != 0 {
		t.Errorf("the structs are not marked released after their release callbacks")
	}
}

func TestExportErrors(t *testing.T) {
	alloc, _ := newLeakCheck(t)
	tab := newSample(t, alloc, 10)
	defer tab.Release()

	live := newCStructs(t)
	if err := tab.Export(colID, live.arrayAddr, live.schemaAddr); err != nil {
		t.Fatal(err)
	}
	released := newSample(t, alloc, 3)
	released.Release()

	for _, tc := range []struct {
		name    string
		tab     *Table
		col     int
		structs func(fresh cStructs) (arrayAddr, schemaAddr uintptr)
		cat     *nesterr.Category
		msg     string
	}{
		{"negative column", tab, -1, both, nesterr.ErrKeyError, "column index -1 is out of range"},
		{"column past the end", tab, 3, both, nesterr.ErrKeyError, "the table has 3 columns [senders, times, V_m]"},
		{"null array", tab, 0, func(f cStructs) (uintptr, uintptr) { return 0, f.schemaAddr }, nesterr.ErrBadParameter, "NULL"},
		{"null schema", tab, 0, func(f cStructs) (uintptr, uintptr) { return f.arrayAddr, 0 }, nesterr.ErrBadParameter, "NULL"},
		{"live array", tab, 1, func(f cStructs) (uintptr, uintptr) { return live.arrayAddr, f.schemaAddr }, nesterr.ErrBadParameter, "still holds an array"},
		{"live schema", tab, 1, func(f cStructs) (uintptr, uintptr) { return f.arrayAddr, live.schemaAddr }, nesterr.ErrBadParameter, "still holds a schema"},
		{"released table", released, 0, both, nesterr.ErrKernelException, "has been released"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fresh := newCStructs(t)
			a, s := tc.structs(fresh)
			err := tc.tab.Export(tc.col, a, s)
			if !errors.Is(err, tc.cat) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("Export error = %v, want a %s containing %q", err, tc.cat.Name(), tc.msg)
			}
			if !fresh.isZero() {
				t.Errorf("a failed Export wrote into the structs")
			}
		})
	}

	// The live export was left untouched by the failures.
	arr := importStructs(t, live)
	defer arr.Release()
	checkColumn(t, arr, colID, 10)
}

func both(f cStructs) (uintptr, uintptr) { return f.arrayAddr, f.schemaAddr }

func TestMisusePanics(t *testing.T) {
	alloc, _ := newLeakCheck(t)
	for _, tc := range []struct {
		name string
		do   func()
		msg  string
	}{
		{"nil allocator", func() { NewTable(nil, nil, nil) }, "needs an allocator"},
		{"names and kinds differ", func() { NewTable(alloc, []string{"a"}, nil) }, "1 column names but 0 kinds"},
		{"unknown kind", func() { NewTable(alloc, []string{"a"}, []Kind{7}) }, "unknown kind Kind(7)"},
		{"repeated name", func() { NewTable(alloc, []string{"a", "a"}, []Kind{Int64, Int64}) }, `"a" is repeated`},
		{"int64 into float64", func() {
			tab := newSample(t, alloc, 0)
			defer tab.Release()
			tab.AppendInt64(colV, 1)
		}, "AppendInt64 to column \"V_m\" of kind Float64"},
		{"float64 into int64", func() {
			tab := newSample(t, alloc, 0)
			defer tab.Release()
			tab.AppendFloat64(colID, 1)
		}, "AppendFloat64 to column \"senders\" of kind Int64"},
		{"Int64s of float64", func() {
			tab := newSample(t, alloc, 0)
			defer tab.Release()
			tab.Int64s(colV)
		}, "Int64s of column \"V_m\""},
		{"Float64s of int64", func() {
			tab := newSample(t, alloc, 0)
			defer tab.Release()
			tab.Float64s(colID)
		}, "Float64s of column \"senders\""},
		{"append after release", func() {
			tab := newSample(t, alloc, 4)
			tab.Release()
			tab.AppendFloat64(colTime, 1)
		}, "released table"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, tc.msg) {
					t.Errorf("panic %v, want one containing %q", r, tc.msg)
				}
			}()
			tc.do()
		})
	}
}

// TestConcurrentConsumerRelease releases exports from other goroutines, as
// Python may do, while the owner keeps appending and exporting. Run it with
// -race.
func TestConcurrentConsumerRelease(t *testing.T) {
	alloc, _ := newLeakCheck(t)
	tab := newSample(t, alloc, 0)
	var wg sync.WaitGroup
	for round := range 200 {
		appendSample(tab, round*37, (round+1)*37)
		arr := export(t, tab, round%3)
		wg.Go(func() {
			defer arr.Release()
			if arr.Len() != (round+1)*37 {
				t.Errorf("round %d: export of %d rows, want %d", round, arr.Len(), (round+1)*37)
			}
		})
	}
	tab.Release()
	wg.Wait()
}
