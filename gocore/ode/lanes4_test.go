package ode

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestEstimate4EqualsLanes checks that estimate4 and form4 (assembly on
// amd64) give the bits of estimate4Go and form4Go: error estimates,
// worst ratios and the states of stages 3..7, for lanes of random
// slopes, sizes and controls, some components without error and without
// tolerance (0/0: skipped), some lanes absent.
func TestLanes4EqualGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 18))
	value := func() float64 {
		switch rng.IntN(8) {
		case 0:
			return 0
		case 1:
			return math.Float64frombits(rng.Uint64())
		}
		return math.Ldexp(rng.Float64()-0.5, rng.IntN(40)-20)
	}
	same := func(x, y float64) bool {
		return math.Float64bits(x) == math.Float64bits(y) || (math.IsNaN(x) && math.IsNaN(y))
	}
	controls := []*Control{newControl(t, 1e-6, 0, 1, 0), newControl(t, 1e-8, 1e-7, 0, 1), newControl(t, 0, 1e-3, 1, 1), newControl(t, 0, 0, 0, 0)}
	for range 1 << 16 {
		var a, b [4]Lane
		var pa, pb [4]*Lane
		for i := range 4 {
			if rng.IntN(5) == 0 {
				continue
			}
			l := &a[i]
			l.Control, l.h = controls[rng.IntN(len(controls))], math.Ldexp(rng.Float64(), -rng.IntN(10))
			for j := range LaneDim {
				l.k1[j], l.k3[j], l.k4[j], l.k5[j], l.k6[j] = value(), value(), value(), value(), value()
				l.Y[j], l.k2[j], l.yt[j], l.out[j] = value(), value(), value(), value()
			}
			b[i] = *l
			pa[i], pb[i] = &a[i], &b[i]
		}
		stage := 3 + rng.IntN(5)
		form4(&pa, stage)
		form4Go(&pb, stage)
		for i := range 4 {
			for j := range LaneDim {
				if pa[i] != nil && !same(a[i].yt[j], b[i].yt[j]) {
					t.Fatalf("stage %d, lane %d: yt[%d] = %x, want %x", stage, i, j, a[i].yt[j], b[i].yt[j])
				}
			}
		}
		estimate4(&pa)
		estimate4Go(&pb)
		for i := range 4 {
			if pa[i] == nil {
				continue
			}
			for j := range LaneDim {
				if !same(a[i].yerr[j], b[i].yerr[j]) {
					t.Fatalf("lane %d: yerr[%d] = %x, want %x", i, j, a[i].yerr[j], b[i].yerr[j])
				}
			}
			if !same(a[i].worst, b[i].worst) {
				t.Fatalf("lane %d: worst = %x, want %x (yerr %v)", i, a[i].worst, b[i].worst, b[i].yerr)
			}
		}
	}
}
