package models

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/ode"
)

// TestAeifCondVecLayout pins the offsets aeif_cond_vec_amd64.s reads.
func TestAeifCondVecLayout(t *testing.T) {
	var p aeifCondVecParams
	checkLayout(t, "aeifCondVecParams", []fieldOffset{
		{"vpeak", unsafe.Offsetof(p.vpeak), 0}, {"vreset", unsafe.Offsetof(p.vreset), 32}, {"vth", unsafe.Offsetof(p.vth), 64},
		{"deltaT", unsafe.Offsetof(p.deltaT), 96}, {"gLDeltaT", unsafe.Offsetof(p.gLDeltaT), 128}, {"negGL", unsafe.Offsetof(p.negGL), 160},
		{"eL", unsafe.Offsetof(p.eL), 192}, {"eEx", unsafe.Offsetof(p.eEx), 224}, {"eIn", unsafe.Offsetof(p.eIn), 256},
		{"cm", unsafe.Offsetof(p.cm), 288}, {"tauEx", unsafe.Offsetof(p.tauEx), 320}, {"tauIn", unsafe.Offsetof(p.tauIn), 352},
		{"a", unsafe.Offsetof(p.a), 384}, {"tauW", unsafe.Offsetof(p.tauW), 416}, {"ie", unsafe.Offsetof(p.ie), 448},
		{"spiking", unsafe.Offsetof(p.spiking), 480}, {"istim", unsafe.Offsetof(p.istim), 512}, {"refractory", unsafe.Offsetof(p.refractory), 544},
		{"expConsts", unsafe.Offsetof(p.expConsts), 576}, {"expTab", unsafe.Offsetof(p.expTab), 584}, {"absMask", unsafe.Offsetof(p.absMask), 592},
		{"tiny", unsafe.Offsetof(p.tiny), 600}, {"large", unsafe.Offsetof(p.large), 608}, {"signBit", unsafe.Offsetof(p.signBit), 616},
		{"index", unsafe.Offsetof(p.index), 624}, {"minusOne", unsafe.Offsetof(p.minusOne), 632},
		{"idleY", unsafe.Offsetof(p.idleY), 640}, {"idleOut", unsafe.Offsetof(p.idleOut), 672},
		{"rDeltaT", unsafe.Offsetof(p.rDeltaT), 704}, {"rTauIn", unsafe.Offsetof(p.rTauIn), 736},
		{"mulDeltaT", unsafe.Offsetof(p.mulDeltaT), 768}, {"mulTauIn", unsafe.Offsetof(p.mulTauIn), 776},
	})
}

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

// fieldOffset is a field's offset in a structure an assembly routine
// reads, and the offset the routine uses.
type fieldOffset struct {
	name      string
	got, want uintptr
}

// checkLayout reports every field of typ whose offset is not the one the
// assembly uses.
func checkLayout(t *testing.T, typ string, fields []fieldOffset) {
	t.Helper()
	for _, f := range fields {
		if f.got != f.want {
			t.Errorf("%s.%s at offset %d, the assembly reads %d", typ, f.name, f.got, f.want)
		}
	}
}
