package record

import (
	"fmt"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/cdata"
)

// BenchmarkAppend measures one recorded row of one int64 and two float64
// columns, the shape of a multimeter sample or a spike with a weight; the
// ns/row metric is the cost of the three appends. The table is emptied
// every resetRows rows to keep the memory bounded:
//
//   - fresh: by Reset, which frees the C memory, so the row cost includes
//     the amortised growth (realloc, page faults of new memory, free);
//   - warm: by rewinding the columns in place, so only the append path
//     itself is measured, as in a long run whose buffers are already large.
func BenchmarkAppend(b *testing.B) {
	const resetRows = 1 << 20
	for _, warm := range []bool{false, true} {
		name := "fresh"
		if warm {
			name = "warm"
		}
		b.Run(name, func(b *testing.B) {
			tab := NewTable(NewCountingAllocator(), []string{"senders", "times", "V_m"}, []Kind{Int64, Float64, Float64})
			defer tab.Release()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				tab.AppendInt64(0, int64(i))
				tab.AppendFloat64(1, float64(i)*0.1)
				tab.AppendFloat64(2, -70)
				i++
				if i == resetRows {
					i = 0
					if !warm {
						tab.Reset()
						continue
					}
					for c := range tab.cols {
						tab.cols[c].n = 0
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/row")
		})
	}
}

// BenchmarkExport measures Export of one float64 column plus the consumer's
// release of the array and schema, for several column lengths; the cost
// does not depend on the length because nothing is copied.
func BenchmarkExport(b *testing.B) {
	for _, rows := range []int{1_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			tab := newSample(b, NewCountingAllocator(), rows)
			defer tab.Release()
			s := newCStructs(b)
			b.ReportAllocs()
			for b.Loop() {
				if err := tab.Export(colV, s.arrayAddr, s.schemaAddr); err != nil {
					b.Fatal(err)
				}
				cdata.ReleaseCArrowSchema(s.schema())
				cdata.ReleaseCArrowArray(s.array())
			}
		})
	}
}

// BenchmarkAppendExport measures a row appended after every export (Python
// polling the events during a run): the export keeps the buffer shared, so
// each growth copies the column into a fresh buffer instead of reallocating
// it, but appends and exports stay cheap.
func BenchmarkAppendExport(b *testing.B) {
	tab := newSample(b, NewCountingAllocator(), 0)
	defer tab.Release()
	s := newCStructs(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		appendSample(tab, i, i+1)
		i++
		if err := tab.Export(colV, s.arrayAddr, s.schemaAddr); err != nil {
			b.Fatal(err)
		}
		cdata.ReleaseCArrowSchema(s.schema())
		cdata.ReleaseCArrowArray(s.array())
	}
}
