package models

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("glif_psc", func() node.Node { return NewGlifPsc() }) }

// GlifPsc is NEST's glif_psc: the generalized leaky integrate-and-fire
// neuron of the Allen Institute (Teeter et al. 2018, Nat. Commun. 9:709)
// with alpha-shaped synaptic currents on any number of receptor ports.
// Its three mechanism switches select GLIF levels 1 to 5 (see
// glif_common.go): a spike-dependent threshold component with a partial
// voltage reset (R), after-spike currents (ASC) and a voltage-dependent
// threshold component (A). Membrane, threshold components and after-spike
// currents are integrated exactly over each step; the neuron fires when
// V_m exceeds the total threshold V_th + threshold_spike +
// threshold_voltage, and V_m is then held for t_ref.
//
// Parameters (status keys, defaults, units):
//
//	g                          9.43    nS    membrane conductance
//	E_L                      -78.85    mV    resting potential
//	V_th                     -51.68    mV    threshold at rest
//	C_m                       58.72    pF    membrane capacitance
//	t_ref                      3.75    ms    refractory period
//	V_reset                  -78.85    mV    reset potential (levels 1, 3)
//	th_spike_add               0.37    mV    threshold jump at a spike
//	th_spike_decay             0.009   1/ms  its decay rate
//	voltage_reset_fraction     0.2           share of V_m kept at reset
//	voltage_reset_add         18.51    mV    added to V_m at reset
//	th_voltage_index           0.005   1/ms  coupling of V_m into the threshold
//	th_voltage_decay           0.09    1/ms  decay rate of that component
//	asc_init            [0, 0]         pA    after-spike currents of a new neuron
//	asc_decay           [0.003, 0.1]   1/ms  their decay rates
//	asc_amps            [-9.18, -198.94] pA  their jumps at a spike
//	asc_r               [1, 1]               share of each kept over a spike
//	tau_syn             [2]            ms    one synaptic time constant per receptor port
//	spike_dependent_threshold  false
//	after_spike_currents       false
//	adapting_threshold         false
//	has_connections            false         (read only) spike connections exist
//
// State: V_m (mV, starts at E_L), ASCurrents (pA), threshold_spike and
// threshold_voltage (mV); the last three may only be set when the level
// has them. Like every NEST neuron it keeps a spike archive for STDP
// synapses (tau_minus, tau_minus_triplet, t_spike).
// Receptors: spikes on ports 1..len(tau_syn), a spike of weight w (pA)
// giving a current peaking at w after tau_syn; currents on 0. The number
// of ports is fixed once the neuron has a spike connection.
// Recordables: V_m, ASCurrents_sum, I, I_syn, threshold, threshold_spike,
// threshold_voltage.
type GlifPsc struct {
	P GlifPscParams
	S glifPscState
	v glifPscInternals
	multiPorts
	input []float64
}

// GlifPscParams are the parameters of glif_psc.
type GlifPscParams struct {
	GlifParams
	TauSyn []float64 // tau_syn, ms, one per receptor port
}

// NewGlifPsc returns a neuron with default parameters at rest.
func NewGlifPsc() *GlifPsc {
	p := GlifPscParams{GlifParams: defaultGlifParams(), TauSyn: []float64{2}}
	return &GlifPsc{P: p, S: glifPscState{glifState: newGlifState(&p.GlifParams)}, multiPorts: newMultiPorts("glif_psc", len(p.TauSyn))}
}

// Model implements node.Node.
func (n *GlifPsc) Model() string { return "glif_psc" }

// Clone implements node.Node; the copy has no loggers, connections or
// buffered input.
func (n *GlifPsc) Clone() node.Node {
	return &GlifPsc{P: n.P, S: n.S.clone(), multiPorts: n.copyPorts()}
}

// Status implements node.Node.
func (n *GlifPsc) Status() dict.Dict {
	d := dict.Dict{"tau_syn": append([]float64{}, n.P.TauSyn...)}
	glifPscStatus(d, &n.P.GlifParams, &n.S, &n.multiPorts)
	return d
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *GlifPsc) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	s, arch, err := glifPscSet(r, &n.multiPorts, &p.GlifParams, &n.S, func() error {
		return n.readPortTaus(r, "tau_syn", "synaptic time constants", &p.TauSyn)
	})
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	n.ports = len(p.TauSyn)
	return nil
}

// Prepare implements node.Node: it derives the propagators for the step
// and binds the input channels (one per port and one for the current).
func (n *GlifPsc) Prepare(env *node.Env) {
	kernels := make([]glifAlphaKernel, len(n.P.TauSyn))
	for i, tau := range n.P.TauSyn {
		kernels[i] = glifAlphaKernel{tau: tau, amp: 1}
	}
	n.v.prepare(&n.P.GlifParams, &n.S, env, n.ports, kernels)
	n.input = n.bindPortInput(env, n.input)
}

// Update implements node.Node (see glifPscUpdate).
func (n *GlifPsc) Update(ctx *node.Context, origin int64, from, to int) {
	glifPscUpdate(ctx, origin, from, to, &n.multiPorts, n, &n.P.GlifParams, &n.S, &n.v, n.input)
}

// Recordables implements node.Recordable.
func (n *GlifPsc) Recordables() []string { return glifPscRecordables }

// RecordableValue implements node.Recordable.
func (n *GlifPsc) RecordableValue(i int) float64 { return n.S.value(&n.P.GlifParams, i) }
