package models

import "github.com/gonest/gonest/gocore/node"

func init() { register("aeif_psc_alpha", func() node.Node { return NewAeifPscAlpha() }) }

// AeifPscAlpha is NEST's aeif_psc_alpha: the adaptive exponential
// integrate-and-fire neuron (Brette and Gerstner 2005) with alpha-shaped
// synaptic currents. A spike of weight w (pA) starts the current
// |w|*(t/tau_syn)*exp(1 - t/tau_syn), which peaks at |w| after tau_syn, in
// the excitatory synapse if w > 0 and in the inhibitory one otherwise.
// Each current is the second of the pair
//
//	dI'/dt = -I'/tau_syn,  dI/dt = I' - I/tau_syn,
//
// a spike raising I' by |w|*e/tau_syn. Membrane and adaptation follow
//
//	C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T)
//	            + I_syn_ex - I_syn_in - w + I_e + I_stim
//	tau_w dw/dt = a (V - E_L) - w
//
// integrated with the adaptive Runge-Kutta-Fehlberg 4(5) method (package
// ode), the error of each variable bounded by gsl_error_tol*(1 + |h*y'|),
// as NEST does with GSL. Spikes are detected after every integration
// step: when V_m reaches V_peak (V_th if Delta_T is 0) it is set to
// V_reset, w grows by b and the neuron is refractory for t_ref; with
// t_ref = 0 it may fire several times in one simulation step. Inside the
// right-hand side V is clamped to V_peak (and held at V_reset while
// refractory).
//
// Parameters (status keys, defaults, units):
//
//	C_m           281.0    pF   membrane capacitance
//	V_th          -50.4    mV   spike initiation threshold
//	t_ref           0.0    ms   absolute refractory period
//	g_L            30.0    nS   leak conductance
//	E_L           -70.6    mV   leak reversal potential
//	V_reset       -60.0    mV   reset potential
//	tau_syn_ex      0.2    ms   rise time of the excitatory current
//	tau_syn_in      2.0    ms   rise time of the inhibitory current
//	a               4.0    nS   subthreshold adaptation
//	b              80.5    pA   spike-triggered adaptation
//	Delta_T         2.0    mV   slope factor
//	tau_w         144.0    ms   adaptation time constant
//	I_e             0.0    pA   constant input current
//	V_peak          0.0    mV   spike detection threshold
//	gsl_error_tol   1e-6        error tolerance of the integration
//
// State: V_m (mV, starts at E_L), I_syn_ex, I_syn_in (pA, both counted
// positive), their companions dI_syn_ex, dI_syn_in (pA/ms) and w (pA), all
// but V_m starting at 0. All are absolute values: changing E_L does not
// move V_m. The synaptic currents must not be negative. Like every NEST
// neuron it keeps a spike archive for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: I_syn_ex, I_syn_in, V_m, w.
//
// As in NEST, the tolerance reaches the integration when the node is
// first prepared; changing gsl_error_tol after the first Simulate has no
// effect on the integration.
type AeifPscAlpha struct{ aeifSyn }

var aeifPscAlphaKind = aeifSynKind{
	model: "aeif_psc_alpha", alpha: true, ex: "I_syn_ex", in: "I_syn_in", dEx: "dI_syn_ex", dIn: "dI_syn_in",
	recordables: []string{"I_syn_ex", "I_syn_in", "V_m", "w"}, recorded: []int{2, 4, 0, 5},
}

// NewAeifPscAlpha returns a neuron with default parameters at rest.
func NewAeifPscAlpha() *AeifPscAlpha { return &AeifPscAlpha{newAeifSyn(&aeifPscAlphaKind)} }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *AeifPscAlpha) Clone() node.Node { return &AeifPscAlpha{n.clone()} }
