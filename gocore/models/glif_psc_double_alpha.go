package models

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() {
	register("glif_psc_double_alpha", func() node.Node { return NewGlifPscDoubleAlpha() })
}

// GlifPscDoubleAlpha is NEST's glif_psc_double_alpha: glif_psc (see
// GlifPsc and glif_common.go for the five GLIF levels) with a synaptic
// current on each receptor port that is the sum of two alpha functions,
// a fast one peaking at the weight and a slow one peaking at amp_slow
// times the weight.
//
// Parameters (status keys, defaults, units): those of glif_psc (g, E_L,
// V_th, C_m, t_ref, V_reset, th_spike_add, th_spike_decay,
// voltage_reset_fraction, voltage_reset_add, th_voltage_index,
// th_voltage_decay, asc_init, asc_decay, asc_amps, asc_r,
// spike_dependent_threshold, after_spike_currents, adapting_threshold,
// has_connections, with glif_psc's defaults) but tau_syn, and
//
//	tau_syn_fast  [2]    ms  fast time constant, one per receptor port
//	tau_syn_slow  [6]    ms  slow time constant, one per port
//	amp_slow      [0.3]      peak of the slow component relative to the fast one, per port
//
// The number of ports is the length of tau_syn_fast; tau_syn_slow and
// amp_slow need at least that many entries when the neuron is simulated
// (NEST does not check this and reads past them; here Simulate fails with
// BadProperty).
// State: V_m (mV, starts at E_L), ASCurrents (pA), threshold_spike and
// threshold_voltage (mV), as in glif_psc; a spike archive for STDP.
// Receptors: spikes on ports 1..len(tau_syn_fast); currents on 0.
// Recordables: V_m, ASCurrents_sum, I, I_syn (fast plus slow),
// threshold, threshold_spike, threshold_voltage.
type GlifPscDoubleAlpha struct {
	P GlifPscDoubleAlphaParams
	S glifPscState
	v glifPscInternals
	multiPorts
	input []float64
}

// GlifPscDoubleAlphaParams are the parameters of glif_psc_double_alpha.
type GlifPscDoubleAlphaParams struct {
	GlifParams
	TauSynFast []float64 // tau_syn_fast, ms, one per receptor port
	TauSynSlow []float64 // tau_syn_slow, ms
	AmpSlow    []float64 // amp_slow
}

// NewGlifPscDoubleAlpha returns a neuron with default parameters at rest.
func NewGlifPscDoubleAlpha() *GlifPscDoubleAlpha {
	p := GlifPscDoubleAlphaParams{GlifParams: defaultGlifParams(),
		TauSynFast: []float64{2}, TauSynSlow: []float64{6}, AmpSlow: []float64{0.3}}
	return &GlifPscDoubleAlpha{P: p, S: glifPscState{glifState: newGlifState(&p.GlifParams)},
		multiPorts: newMultiPorts("glif_psc_double_alpha", len(p.TauSynFast))}
}

// Model implements node.Node.
func (n *GlifPscDoubleAlpha) Model() string { return "glif_psc_double_alpha" }

// Clone implements node.Node; the copy has no loggers, connections or
// buffered input.
func (n *GlifPscDoubleAlpha) Clone() node.Node {
	return &GlifPscDoubleAlpha{P: n.P, S: n.S.clone(), multiPorts: n.copyPorts()}
}

// Status implements node.Node.
func (n *GlifPscDoubleAlpha) Status() dict.Dict {
	d := dict.Dict{
		"tau_syn_fast": append([]float64{}, n.P.TauSynFast...),
		"tau_syn_slow": append([]float64{}, n.P.TauSynSlow...),
		"amp_slow":     append([]float64{}, n.P.AmpSlow...),
	}
	glifPscStatus(d, &n.P.GlifParams, &n.S, &n.multiPorts)
	return d
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *GlifPscDoubleAlpha) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	s, arch, err := glifPscSet(r, &n.multiPorts, &p.GlifParams, &n.S, func() error {
		if err := n.readPortTaus(r, "tau_syn_fast", "synaptic time constants", &p.TauSynFast); err != nil {
			return err
		}
		// The slow kernels are checked whether given or not.
		if _, err := r.Floats("tau_syn_slow", &p.TauSynSlow); err != nil {
			return err
		}
		if err := checkPositive("tau_syn_slow", "slow synaptic time constants", p.TauSynSlow); err != nil {
			return err
		}
		if _, err := r.Floats("amp_slow", &p.AmpSlow); err != nil {
			return err
		}
		return checkPositive("amp_slow", "slow synaptic amplitudes", p.AmpSlow)
	})
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	n.ports = len(p.TauSynFast)
	return nil
}

// Prepare implements node.Node: it derives the propagators of the fast
// kernels of all ports, then of the slow ones, and binds the input
// channels. Too few slow time constants or amplitudes for the ports stop
// the simulation with BadProperty.
func (n *GlifPscDoubleAlpha) Prepare(env *node.Env) {
	p := &n.P
	if len(p.TauSynSlow) < n.ports || len(p.AmpSlow) < n.ports {
		panic(nesterr.New(nesterr.ErrBadProperty,
			"glif_psc_double_alpha needs tau_syn_slow and amp_slow for each of its %d receptor ports (tau_syn_fast); it has %d and %d.",
			n.ports, len(p.TauSynSlow), len(p.AmpSlow)))
	}
	kernels := make([]glifAlphaKernel, 0, 2*n.ports)
	for _, tau := range p.TauSynFast {
		kernels = append(kernels, glifAlphaKernel{tau: tau, amp: 1})
	}
	for i := range n.ports {
		kernels = append(kernels, glifAlphaKernel{tau: p.TauSynSlow[i], amp: p.AmpSlow[i]})
	}
	n.v.prepare(&p.GlifParams, &n.S, env, n.ports, kernels)
	n.input = n.bindPortInput(env, n.input)
}

// Update implements node.Node (see glifPscUpdate).
func (n *GlifPscDoubleAlpha) Update(ctx *node.Context, origin int64, from, to int) {
	glifPscUpdate(ctx, origin, from, to, &n.multiPorts, n, &n.P.GlifParams, &n.S, &n.v, n.input)
}

// Recordables implements node.Recordable.
func (n *GlifPscDoubleAlpha) Recordables() []string { return glifPscRecordables }

// RecordableValue implements node.Recordable.
func (n *GlifPscDoubleAlpha) RecordableValue(i int) float64 { return n.S.value(&n.P.GlifParams, i) }
