package record

import (
	"sync"
	"sync/atomic"
	"testing"
)

func TestCountingAllocatorCounts(t *testing.T) {
	a := NewCountingAllocator()
	steps := []struct {
		name string
		do   func(b []byte) []byte
		want int64
	}{
		{"allocate", func([]byte) []byte { return a.Allocate(100) }, 100},
		{"grow", func(b []byte) []byte { return a.Reallocate(1000, b) }, 1000},
		{"shrink", func(b []byte) []byte { return a.Reallocate(64, b) }, 64},
		{"free", func(b []byte) []byte { a.Free(b); return nil }, 0},
	}
	var b []byte
	for _, s := range steps {
		b = s.do(b)
		if got := a.Outstanding(); got != s.want {
			t.Fatalf("after %s: Outstanding() = %d, want %d", s.name, got, s.want)
		}
	}

	b = a.Allocate(32)
	for i, x := range b {
		if x != 0 {
			t.Fatalf("Allocate returned non-zero byte %d", i)
		}
	}
	a.Free(b)
}

func TestCountingAllocatorConcurrent(t *testing.T) {
	const (
		workers = 8
		rounds  = 2000
		size    = 48
	)
	a := NewCountingAllocator()
	var stop atomic.Bool
	var readers sync.WaitGroup
	readers.Go(func() {
		for !stop.Load() {
			if n := a.Outstanding(); n < 0 || n > workers*4*size {
				t.Errorf("Outstanding() = %d, outside [0, %d]", n, workers*4*size)
				return
			}
		}
	})
	var writers sync.WaitGroup
	for range workers {
		writers.Go(func() {
			for range rounds {
				b := a.Allocate(size)
				b = a.Reallocate(4*size, b)
				b = a.Reallocate(2*size, b)
				a.Free(b)
			}
		})
	}
	writers.Wait()
	stop.Store(true)
	readers.Wait()
	if n := a.Outstanding(); n != 0 {
		t.Fatalf("Outstanding() = %d after every byte was freed", n)
	}
}
