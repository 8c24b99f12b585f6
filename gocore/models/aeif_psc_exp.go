package models

import "github.com/gonest/gonest/gocore/node"

func init() { register("aeif_psc_exp", func() node.Node { return NewAeifPscExp() }) }

// AeifPscExp is NEST's aeif_psc_exp: the adaptive exponential
// integrate-and-fire neuron (Brette and Gerstner 2005) with exponentially
// decaying synaptic currents. A spike of weight w (pA) adds w to I_syn_ex
// if w > 0 and |w| to I_syn_in otherwise.
//
//	C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T)
//	            + I_syn_ex - I_syn_in - w + I_e + I_stim
//	tau_syn dI_syn/dt = -I_syn
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
//	tau_syn_ex      0.2    ms   excitatory current time constant
//	tau_syn_in      2.0    ms   inhibitory current time constant
//	a               4.0    nS   subthreshold adaptation
//	b              80.5    pA   spike-triggered adaptation
//	Delta_T         2.0    mV   slope factor
//	tau_w         144.0    ms   adaptation time constant
//	I_e             0.0    pA   constant input current
//	V_peak          0.0    mV   spike detection threshold
//	gsl_error_tol   1e-6        error tolerance of the integration
//
// State: V_m (mV, starts at E_L), I_syn_ex, I_syn_in (pA, both counted
// positive) and w (pA), starting at 0. All are absolute values: changing
// E_L does not move V_m. The synaptic currents must not be negative. Like
// every NEST neuron it keeps a spike archive for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: I_syn_ex, I_syn_in, V_m, w.
//
// As in NEST, the tolerance reaches the integration when the node is
// first prepared; changing gsl_error_tol after the first Simulate has no
// effect on the integration.
type AeifPscExp struct{ aeifSyn }

var aeifPscExpKind = aeifSynKind{
	model: "aeif_psc_exp", ex: "I_syn_ex", in: "I_syn_in",
	recordables: []string{"I_syn_ex", "I_syn_in", "V_m", "w"}, recorded: []int{1, 2, 0, 3},
}

// NewAeifPscExp returns a neuron with default parameters at rest.
func NewAeifPscExp() *AeifPscExp { return &AeifPscExp{newAeifSyn(&aeifPscExpKind)} }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *AeifPscExp) Clone() node.Node { return &AeifPscExp{n.clone()} }
