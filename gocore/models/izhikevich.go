package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("izhikevich", func() node.Node { return NewIzhikevich() }) }

// Izhikevich is NEST's izhikevich: the two-variable neuron of Izhikevich
// (2003),
//
//	dV/dt = 0.04 V^2 + 5 V + 140 - U + I
//	dU/dt = a (b V - U)
//
// with the reset V <- c, U <- U + d when V reaches V_th. Spikes (weight in
// mV) jump V directly; currents (pA, taken as mV/ms) add to I.
//
// It is integrated by forward Euler as NEST does it. With
// consistent_integration (the default) one Euler step of length h
// advances V and U from the values at the start of the step, and the
// spikes of the step are added to V. Without it, NEST's rendering of
// Izhikevich's published scheme: V takes two half steps (the spike input
// counted as a current in both), then U one step from the new V; it
// matches the published model at h = 1 ms only.
//
// Parameters (status keys, defaults, units):
//
//	a       0.02      -    time scale of U
//	b       0.2       -    sensitivity of U to V
//	c     -65.0       mV   reset potential
//	d       8.0       mV   jump of U at a spike
//	I_e     0.0       pA   constant input current
//	V_th   30.0       mV   spike cut-off
//	V_min  -max float mV   lower bound of V
//	consistent_integration  true  (see above)
//
// State: V_m (mV, starts at -65), U_m (starts at b*(-65) = -13), spike
// archive (tau_minus, tau_minus_triplet, t_spike).
// Receptors: 0 for spikes and currents.
// Recordables: V_m, U_m.
type Izhikevich struct {
	P IzhikevichParams
	S izhikevichState
	plainNeuron
	h        float64
	stepToMs func(int64) float64
	input    [deltaChannels]float64
}

// IzhikevichParams are the user-settable parameters.
type IzhikevichParams struct {
	A, B, C, D float64
	Ie         float64 // I_e, pA
	Vth        float64 // V_th, mV
	Vmin       float64 // V_min, mV
	Consistent bool    // consistent_integration
}

// DefaultIzhikevichParams returns NEST 3.10's defaults.
func DefaultIzhikevichParams() IzhikevichParams {
	return IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 8, Ie: 0, Vth: 30, Vmin: -math.MaxFloat64, Consistent: true}
}

type izhikevichState struct {
	V, U float64 // mV
	I    float64 // current input during this step, pA
}

var izhikevichRecordables = []string{"V_m", "U_m"}

// NewIzhikevich returns a neuron with default parameters and state.
func NewIzhikevich() *Izhikevich {
	return &Izhikevich{
		P:           DefaultIzhikevichParams(),
		S:           izhikevichState{V: -65, U: 0.2 * -65},
		plainNeuron: newPlainNeuron("izhikevich", deltaChSpikes, deltaChSpikes, deltaChI0),
	}
}

// Model implements node.Node.
func (n *Izhikevich) Model() string { return "izhikevich" }

// Clone implements node.Node; the copy has no loggers and empty buffers.
func (n *Izhikevich) Clone() node.Node {
	return &Izhikevich{P: n.P, S: n.S, plainNeuron: n.copyPlain()}
}

// Status implements node.Node.
func (n *Izhikevich) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *Izhikevich) StatusTo(w node.StatusSink) {
	p := &n.P
	writeFields(w, []floatField{{"a", &p.A}, {"b", &p.B}, {"c", &p.C}, {"d", &p.D}, {"I_e", &p.Ie},
		{"V_th", &p.Vth}, {"V_min", &p.Vmin}, {"V_m", &n.S.V}, {"U_m", &n.S.U}})
	w.Bool("consistent_integration", p.Consistent)
	w.Strings("recordables", izhikevichRecordables)
	n.arch.StatusTo(w)
}

// SetStatus implements node.Node; transactional. NEST has no rules on
// these values.
func (n *Izhikevich) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := readFloats(r, []floatField{
		{"V_th", &p.Vth}, {"V_min", &p.Vmin}, {"I_e", &p.Ie},
		{"a", &p.A}, {"b", &p.B}, {"c", &p.C}, {"d", &p.D},
	}); err != nil {
		return err
	}
	if _, err := r.Bool("consistent_integration", &p.Consistent); err != nil {
		return err
	}
	s := n.S
	if err := readFloats(r, []floatField{{"U_m", &s.U}, {"V_m", &s.V}}); err != nil {
		return err
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// Prepare implements node.Node.
func (n *Izhikevich) Prepare(env *node.Env) {
	n.h = env.Base.Resolution
	n.stepToMs = env.StepsToMs()
	n.bindBuffers(env, deltaChannels)
}

// Update implements node.Node, with NEST's operations in NEST's order.
func (n *Izhikevich) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, h := &n.P, &n.S, n.h
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		n.ring.Take(ctx.Slot(step), in[:])
		if p.Consistent {
			v, u := s.V, s.U
			s.V += h*(0.04*v*v+5.0*v+140.0-u+s.I+p.Ie) + in[deltaChSpikes]
			s.U += h * p.A * (p.B*v - u)
		} else {
			iSyn := in[deltaChSpikes]
			s.V += h * 0.5 * (0.04*s.V*s.V + 5.0*s.V + 140.0 - s.U + s.I + p.Ie + iSyn)
			s.V += h * 0.5 * (0.04*s.V*s.V + 5.0*s.V + 140.0 - s.U + s.I + p.Ie + iSyn)
			s.U += h * p.A * (p.B*s.V - s.U)
		}
		if s.V < p.Vmin {
			s.V = p.Vmin
		}
		if s.V >= p.Vth {
			s.V = p.C
			s.U = s.U + p.D
			ctx.Emit.EmitSpike(ctx.Index, step, 0)
			n.arch.Spike(n.stepToMs(step + 1))
		}
		s.I = in[deltaChI0]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *Izhikevich) Recordables() []string { return izhikevichRecordables }

// RecordableValue implements node.Recordable.
func (n *Izhikevich) RecordableValue(i int) float64 {
	switch i {
	case 0:
		return n.S.V
	case 1:
		return n.S.U
	}
	return math.NaN()
}
