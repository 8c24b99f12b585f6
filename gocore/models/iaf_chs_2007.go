package models

import (
	"math"
	"slices"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_chs_2007", func() node.Node { return NewIafChs2007() }) }

// IafChs2007 is NEST's iaf_chs_2007: the normalised spike-response
// neuron of Carandini, Horton and Sincich (2007), in dimensionless units
// (resting potential 0, threshold 1). Its potential is the sum of an
// excitatory postsynaptic potential (an alpha-shaped response of
// amplitude V_epsp per unit weight, time constant tau_epsp), an
// after-spike term that jumps by -V_reset at each spike and decays with
// tau_reset, and an optional noise signal: the given sequence noise,
// one value per step, scaled by V_noise. The neuron fires when the sum
// reaches 1; the sum is then lowered by V_reset in the same step.
//
// Parameters (status keys, defaults, units):
//
//	tau_epsp   8.5   ms   time constant of the EPSP
//	tau_reset 15.4   ms   decay time of the after-spike term
//	V_epsp     0.77  -    EPSP amplitude per unit weight
//	V_reset    2.31  -    size of the after-spike jump
//	V_noise    0.0   -    scale of the noise signal (off unless > 0)
//	noise      []    -    noise signal, one value per step from the
//	                      first step after it was set
//
// State: V_m (starts at 0; recomputed every step, so setting it only
// affects what is reported until then), spike archive (tau_minus,
// tau_minus_triplet, t_spike).
// Receptors: spikes on 0; only non-negative weights count (NEST drops
// inhibitory spikes). The model takes no currents.
// Recordables: V_m.
//
// Once the noise signal is used up, NEST reads past the end of its
// vector; gonest adds no noise from then on.
type IafChs2007 struct {
	P IafChs2007Params
	S iafChs2007State
	v iafChs2007Internals
	neuron
	input [1]float64
}

// IafChs2007Params are the user-settable parameters.
type IafChs2007Params struct {
	TauEpsp  float64   // tau_epsp, ms
	TauReset float64   // tau_reset, ms
	Epsp     float64   // V_epsp
	Reset    float64   // V_reset
	NoiseAmp float64   // V_noise
	Noise    []float64 // noise
}

// The fixed constants of the normalised model (not status entries).
const (
	chsEL = 0.0 // resting potential
	chsTh = 1.0 // threshold
	chsC  = 1.0 // capacitance
)

// DefaultIafChs2007Params returns NEST 3.10's defaults.
func DefaultIafChs2007Params() IafChs2007Params {
	return IafChs2007Params{TauEpsp: 8.5, TauReset: 15.4, Epsp: 0.77, Reset: 2.31, NoiseAmp: 0, Noise: []float64{}}
}

// Validate checks the rules NEST enforces, in NEST's order.
func (p *IafChs2007Params) Validate() error {
	switch {
	case p.Epsp < 0:
		return nesterr.New(nesterr.ErrBadProperty, "The EPSP amplitude must not be negative (V_epsp = %g).", p.Epsp)
	case p.Reset < 0:
		return nesterr.New(nesterr.ErrBadProperty, "The reset jump must not be negative (V_reset = %g).", p.Reset)
	case p.TauEpsp <= 0, p.TauReset <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (tau_epsp = %g ms, tau_reset = %g ms).", p.TauEpsp, p.TauReset)
	}
	return nil
}

type iafChs2007State struct {
	ISyn     float64 // excitatory synaptic current
	VSyn     float64 // the EPSP part of the potential
	VSpike   float64 // the after-spike part
	Vm       float64 // the whole potential
	Position int     // next entry of the noise signal
}

type iafChs2007Internals struct {
	stepToMs func(int64) float64
	p11, p22 float64 // decay of the current and of the EPSP (the same)
	p21      float64 // current -> EPSP
	p30      float64 // decay of the after-spike term
}

var iafChs2007Recordables = []string{"V_m"}

// NewIafChs2007 returns a neuron with default parameters at rest.
func NewIafChs2007() *IafChs2007 {
	return &IafChs2007{P: DefaultIafChs2007Params(), neuron: newNeuron()}
}

// Model implements node.Node.
func (n *IafChs2007) Model() string { return "iaf_chs_2007" }

// Clone implements node.Node; the copy has no loggers and empty buffers.
func (n *IafChs2007) Clone() node.Node {
	c := &IafChs2007{P: n.P, S: n.S, neuron: n.copyNeuron()}
	c.P.Noise = slices.Clone(n.P.Noise)
	return c
}

// Status implements node.Node.
func (n *IafChs2007) Status() dict.Dict {
	p := &n.P
	d := dict.Dict{
		"tau_epsp": p.TauEpsp, "tau_reset": p.TauReset, "V_epsp": p.Epsp, "V_reset": p.Reset,
		"V_noise": p.NoiseAmp, "noise": slices.Clone(p.Noise),
		"V_m":         n.S.Vm,
		"recordables": append([]string(nil), iafChs2007Recordables...),
	}
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node; transactional. A new noise signal is
// read from its start.
func (n *IafChs2007) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if err := readFloats(r, []floatField{
		{"V_reset", &p.Reset}, {"V_epsp", &p.Epsp}, {"tau_epsp", &p.TauEpsp},
		{"tau_reset", &p.TauReset}, {"V_noise", &p.NoiseAmp},
	}); err != nil {
		return err
	}
	s := n.S
	if ok, err := r.Floats("noise", &p.Noise); err != nil {
		return err
	} else if ok {
		s.Position = 0
	}
	if err := p.Validate(); err != nil {
		return err
	}
	arch, err := n.readStateArchive(r, floatField{"V_m", &s.Vm})
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// Prepare implements node.Node.
func (n *IafChs2007) Prepare(env *node.Env) {
	h := env.Base.Resolution
	p, v := &n.P, &n.v
	v.p11 = libm.Exp(-h / p.TauEpsp)
	v.p22 = v.p11
	v.p30 = libm.Exp(-h / p.TauReset)
	// e/C * exp(-h/tau) * h/tau per unit weight, in NEST's order.
	v.p21 = p.Epsp * math.E / chsC * v.p11 * h / p.TauEpsp
	v.stepToMs = env.StepsToMs()
	n.bindBuffers(env, 1)
}

// Update implements node.Node. NEST's order inside a step: the EPSP from
// the current, the current's decay and this step's spikes, the decay of
// the after-spike term, the sum with the noise, the threshold test,
// logging.
func (n *IafChs2007) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		s.VSyn = s.VSyn*v.p22 + s.ISyn*v.p21
		s.ISyn *= v.p11
		n.ring.Take(ctx.Slot(step), in[:])
		s.ISyn += in[0]
		s.VSpike *= v.p30
		noise := 0.0
		if p.NoiseAmp > 0 && len(p.Noise) > 0 {
			if s.Position < len(p.Noise) {
				noise = p.NoiseAmp * p.Noise[s.Position]
			}
			s.Position++
		}
		s.Vm = s.VSyn + s.VSpike + noise
		if s.Vm >= chsTh {
			s.VSpike -= p.Reset
			s.Vm -= p.Reset
			ctx.Emit.EmitSpike(ctx.Index, step, 0)
			n.arch.Spike(v.stepToMs(step + 1))
		}
		n.logs.Record(step, n)
	}
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 only.
func (n *IafChs2007) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor("iaf_chs_2007", rport, 0)
}

// HandleSpike implements node.SpikeReceiver: negative weights are
// ignored, as in NEST.
func (n *IafChs2007) HandleSpike(e *node.SpikeEvent) {
	if e.Weight >= 0 {
		n.ring.Add(e.Slot, 0, e.Weight*float64(e.Multiplicity))
	}
}

// Recordables implements node.Recordable.
func (n *IafChs2007) Recordables() []string { return iafChs2007Recordables }

// RecordableValue implements node.Recordable.
func (n *IafChs2007) RecordableValue(i int) float64 {
	if i == 0 {
		return n.S.Vm + chsEL
	}
	return math.NaN()
}
