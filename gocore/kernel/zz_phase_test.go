package kernel

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/gonest/gonest/gocore/dict"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestZZPhases(t *testing.T) {
	for rep := 0; rep < 3; rep++ {
		k := newKernel()
		c0 := cpuNow()
		first, err := k.CreateLayer("iaf_psc_alpha", dict.Dict{"shape": []any{100.0, 100.0}, "edge_wrap": true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		c1 := cpuNow()
		ids := make([]int, 10000)
		for i := range ids {
			ids[i] = first + i
		}
		p := map[string]any{"op": "gaussian", "args": []any{map[string]any{"op": "distance", "args": []any{}}}, "std": 0.05}
		spec := dict.Dict{"rule": "pairwise_bernoulli", "p": p, "mask": map[string]any{"circular": map[string]any{"radius": 0.1}}}
		sr, err := k.newSpatialRule(spec, ids, ids, [2]uint64{1, 2})
		if err != nil {
			t.Fatal(err)
		}
		c2 := cpuNow()
		n := 0
		sr.walked = true
		sr.search(func(s, t int) error { n++; return nil })
		c3 := cpuNow()
		m := 0
		sr.r2(func(lid int) { m++ })
		c4 := cpuNow()
		if err := k.Connect(ids, ids, spec, nil); err != nil {
			t.Fatal(err)
		}
		c5 := cpuNow()
		t.Logf("create %v rule %v search %v (%d) query-only %v (%d) connect %v", c1-c0, c2-c1, c3-c2, n, c4-c3, m, c5-c4)
	}
}

func (r *spatialRule) r2(visit func(int)) {
	at := r.at
	for i := range r.post {
		r.tgt.Position(r.tgtLids[i], at.tgt[:])
		r.candidates(at.tgt[:2], r.tgt, r.srcLids, visit)
	}
}

func TestZZPhases3D(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pos := make([]any, 50000)
	for i := range pos {
		pos[i] = []any{rng.Float64() - 0.5, rng.Float64() - 0.5, rng.Float64() - 0.5}
	}
	for rep := 0; rep < 2; rep++ {
		k := newKernel()
		c0 := cpuNow()
		first, err := k.CreateLayer("iaf_psc_alpha", dict.Dict{"positions": pos}, nil)
		if err != nil {
			t.Fatal(err)
		}
		c1 := cpuNow()
		ids := make([]int, len(pos))
		for i := range ids {
			ids[i] = first + i
		}
		p := map[string]any{"op": "exp_distribution", "args": []any{map[string]any{"op": "distance", "args": []any{}}}, "beta": 0.03}
		spec := dict.Dict{"rule": "pairwise_bernoulli", "p": p, "mask": map[string]any{"spherical": map[string]any{"radius": 0.05}}}
		sr, err := k.newSpatialRule(spec, ids, ids, [2]uint64{1, 2})
		if err != nil {
			t.Fatal(err)
		}
		c2 := cpuNow()
		n := 0
		sr.walked = true
		sr.search(func(s, t int) error { n++; return nil })
		c3 := cpuNow()
		m := 0
		sr.r3(func(lid int) { m++ })
		c4 := cpuNow()
		if err := k.Connect(ids, ids, spec, nil); err != nil {
			t.Fatal(err)
		}
		c5 := cpuNow()
		t.Logf("create %v rule %v search %v (%d) query-only %v (%d) connect %v", c1-c0, c2-c1, c3-c2, n, c4-c3, m, c5-c4)
	}
}

func (r *spatialRule) r3(visit func(int)) {
	at := r.at
	for i := range r.post {
		r.tgt.Position(r.tgtLids[i], at.tgt[:])
		r.candidates(at.tgt[:3], r.tgt, r.srcLids, visit)
	}
}
