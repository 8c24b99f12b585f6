package models

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/ode"
)

// TestAeifCondVecEqualsScalar checks the vector right-hand side against
// derivsExp, bit for bit, for groups of one to eight aeif_cond_exp
// neurons with different parameters (Delta_T 0 included), refractory or
// not, with currents, at states drawn over and beyond the ranges a
// neuron visits (V_m above V_peak, conductances of both signs, zeros).
func TestAeifCondVecEqualsScalar(t *testing.T) {
	if !aeifCondVecOK {
		t.Skip("the processor lacks AVX2 or FMA")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	env := testEnv()
	vectorCalls, scalarFallbacks := 0, 0
	for round := range 20000 {
		size := 1 + round%aeifLanes
		var g aeifGroup
		for i := range size {
			n := NewAeifCondExp()
			params := dict.Dict{"I_e": 1000 * rng.Float64(), "Delta_T": []float64{2, 0.5, 3, 0}[rng.IntN(4)],
				"C_m": 100 + 300*rng.Float64(), "tau_syn_ex": 0.1 + rng.Float64(), "tau_syn_in": []float64{2, 1.7}[rng.IntN(2)],
				"a": 4 * rng.Float64(), "tau_w": 50 + 200*rng.Float64(), "V_th": -55 + 10*rng.Float64()}
			if err := n.SetStatus(dict.NewReader(params), env); err != nil {
				t.Fatal(err)
			}
			n.Prepare(env)
			n.setDivisors()
			if rng.IntN(4) == 0 {
				n.S.RefSteps = 3
			}
			n.S.IStim = 200 * (rng.Float64() - 0.5)
			g.members[i] = &n.aeifSyn
		}
		if !g.members[0].vectorFits() {
			t.Fatal("no vector evaluation for aeif_cond_exp")
		}
		g.vectorParams(size)
		f := g.vec.eval
		var ys, got, want [ode.MaxLanes][ode.LaneDim]float64
		var in, out [ode.MaxLanes]*[ode.LaneDim]float64
		for i := range size {
			if round%7 == 3 && i == size-1 && size > 1 {
				continue // a gap: lane without input
			}
			y := &ys[i]
			y[0] = -80 + 100*rng.Float64()
			if rng.IntN(10) == 0 {
				y[0] = g.members[i].P.Vth // the exponential's argument 0: the scalar route
			}
			y[1], y[2], y[3] = 20*(rng.Float64()-0.1), 20*(rng.Float64()-0.1), 200*(rng.Float64()-0.3)
			if rng.IntN(8) == 0 {
				y[1] = 0
			}
			in[i], out[i] = y, &got[i]
			g.members[i].derivsExp(y, &want[i])
		}
		p := &g.vec.p[0]
		if !aeifCondEval4(&[4]*[4]float64{in[0], in[1], in[2], in[3]}, &[4]*[4]float64{&p.idleOut, &p.idleOut, &p.idleOut, &p.idleOut}, p) {
			scalarFallbacks++
		} else {
			vectorCalls++
		}
		f(&in, &out)
		for i := range size {
			if in[i] == nil {
				continue
			}
			for j := range ode.LaneDim {
				if math.Float64bits(got[i][j]) != math.Float64bits(want[i][j]) {
					t.Fatalf("round %d, neuron %d of %d, component %d at %v: vector %v, scalar %v", round, i, size, j, ys[i], got[i], want[i])
				}
			}
		}
	}
	if vectorCalls == 0 || scalarFallbacks == 0 {
		t.Errorf("%d vector evaluations, %d fallbacks: the test must see both", vectorCalls, scalarFallbacks)
	}
}
