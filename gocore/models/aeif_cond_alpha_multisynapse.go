package models

import "github.com/gonest/gonest/gocore/node"

func init() {
	register("aeif_cond_alpha_multisynapse", func() node.Node { return NewAeifCondAlphaMultisynapse() })
}

// AeifCondAlphaMultisynapse is NEST's aeif_cond_alpha_multisynapse: the
// adaptive exponential integrate-and-fire neuron (Brette and Gerstner
// 2005) with any number of receptor ports, each an alpha-shaped
// conductance with its own reversal potential and time constant. A spike
// of weight w >= 0 (nS) on port k starts w*(t/tau)*exp(1 - t/tau) in g_k;
// a negative weight stops the simulation with BadProperty, as in NEST.
//
//	C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T)
//	            + sum_k g_k (E_rev_k - V) - w + I_e + I_stim
//	tau_w dw/dt = a (V - E_L) - w
//	dg'_k/dt = -g'_k/tau_syn_k,  dg_k/dt = g'_k - g_k/tau_syn_k
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
//	E_rev         [0.0]    mV   reversal potential of each port
//	tau_syn       [2.0]    ms   rise time of each port's conductance
//	a               4.0    nS   subthreshold adaptation
//	b              80.5    pA   spike-triggered adaptation
//	Delta_T         2.0    mV   slope factor
//	tau_w         144.0    ms   adaptation time constant
//	I_e             0.0    pA   constant input current
//	V_peak          0.0    mV   spike detection threshold
//	gsl_error_tol   1e-6        error tolerance of the integration
//
// E_rev and tau_syn have one entry per port; to change the number of
// ports both are given, and once the neuron has a spike connection the
// number may grow but not shrink. Read-only: n_receptors, has_connections.
// State: V_m (mV, starts at E_L), w (pA), and per port g (nS) and dg
// (nS/ms), all but V_m starting at 0; only V_m and w can be set. g and dg
// take the new number of ports when the neuron is next prepared (the next
// Simulate), as in NEST. Like every NEST neuron it keeps a spike archive
// for STDP synapses.
// Receptors: 1..n_receptors for spikes, 0 for currents.
// Recordables: V_m, w, g_1 .. g_n (listed sorted by name).
//
// As in NEST, the tolerance reaches the integration when the node is
// first prepared; changing gsl_error_tol after the first Simulate has no
// effect on the integration.
type AeifCondAlphaMultisynapse struct{ aeifMulti }

// NewAeifCondAlphaMultisynapse returns a neuron with default parameters
// (one port) at rest.
func NewAeifCondAlphaMultisynapse() *AeifCondAlphaMultisynapse {
	return &AeifCondAlphaMultisynapse{newAeifMulti("aeif_cond_alpha_multisynapse", false)}
}

// Clone implements node.Node; the copy has no loggers, connections or
// buffers and sets up its own integration when first prepared.
func (n *AeifCondAlphaMultisynapse) Clone() node.Node {
	return &AeifCondAlphaMultisynapse{n.clone()}
}
