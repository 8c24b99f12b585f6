package comm

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// BenchmarkAllgather measures one collective of 1 KB buffers between
// processes (here goroutines) connected over loopback.
func BenchmarkAllgather(b *testing.B) {
	for _, size := range []int{2, 4} {
		b.Run(fmt.Sprint("size", size), func(b *testing.B) {
			comms := group(b, size, 10*time.Second)
			bufs := make([][]byte, size)
			for r := range bufs {
				bufs[r] = make([]byte, 1024)
			}
			n := b.N
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for r := 1; r < size; r++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; i < n; i++ {
						if _, err := comms[r].Allgather(bufs[r]); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			for i := 0; i < n; i++ {
				if _, err := comms[0].Allgather(bufs[0]); err != nil {
					b.Fatal(err)
				}
			}
			wg.Wait()
			b.ReportMetric(float64(time.Since(start).Microseconds())/float64(n), "µs/collective")
		})
	}
}
