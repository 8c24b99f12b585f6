package models

import "github.com/gonest/gonest/gocore/node"

func init() { register("aeif_cond_exp", func() node.Node { return NewAeifCondExp() }) }

// AeifCondExp is NEST's aeif_cond_exp: the adaptive exponential
// integrate-and-fire neuron (Brette and Gerstner 2005) with exponentially
// decaying synaptic conductances. A spike of weight w (nS) adds w to g_ex
// if w > 0 and |w| to g_in otherwise.
//
//	C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T)
//	            - g_ex (V - E_ex) - g_in (V - E_in) - w + I_e + I_stim
//	tau_w dw/dt = a (V - E_L) - w
//
// The system is integrated with the adaptive Runge-Kutta-Fehlberg 4(5)
// method (package ode), the error of each variable bounded by
// gsl_error_tol*(1 + |h*y'|), as NEST does with GSL. Spikes are detected
// after every integration step, not only at the end of a simulation step:
// when V_m reaches V_peak (V_th if Delta_T is 0) it is set to V_reset, w
// grows by b and the neuron is refractory for t_ref; with t_ref = 0 it
// may fire several times in one simulation step. Inside the right-hand
// side V is clamped to V_peak (and held at V_reset while refractory).
//
// Parameters (status keys, defaults, units):
//
//	C_m           281.0    pF   membrane capacitance
//	V_th          -50.4    mV   spike initiation threshold
//	t_ref           0.0    ms   absolute refractory period
//	g_L            30.0    nS   leak conductance
//	E_L           -70.6    mV   leak reversal potential
//	V_reset       -60.0    mV   reset potential
//	E_ex            0.0    mV   excitatory reversal potential
//	E_in          -85.0    mV   inhibitory reversal potential
//	tau_syn_ex      0.2    ms   excitatory conductance time constant
//	tau_syn_in      2.0    ms   inhibitory conductance time constant
//	a               4.0    nS   subthreshold adaptation
//	b              80.5    pA   spike-triggered adaptation
//	Delta_T         2.0    mV   slope factor
//	tau_w         144.0    ms   adaptation time constant
//	I_e             0.0    pA   constant input current
//	V_peak          0.0    mV   spike detection threshold
//	gsl_error_tol   1e-6        error tolerance of the integration
//
// State: V_m (mV, starts at E_L), g_ex, g_in (nS) and w (pA), starting
// at 0. All are absolute values: changing E_L does not move V_m.
// Conductances must not be negative. Like every NEST neuron it keeps a
// spike archive for STDP synapses.
// Receptors: 0 for spikes and currents.
// Recordables: V_m, g_ex, g_in, w.
//
// As in NEST, the tolerance reaches the integration when the node is
// first prepared; changing gsl_error_tol after the first Simulate has no
// effect on the integration.
type AeifCondExp struct{ aeifSyn }

var aeifCondExpKind = aeifSynKind{
	model: "aeif_cond_exp", cond: true, order: aeifPeakFirst, ex: "g_ex", in: "g_in",
	recordables: []string{"V_m", "g_ex", "g_in", "w"}, recorded: []int{0, 1, 2, 3},
}

// DefaultAeifCondExpParams returns NEST 3.10's defaults.
func DefaultAeifCondExpParams() AeifSynParams { return defaultAeifSynParams() }

// NewAeifCondExp returns a neuron with default parameters at rest.
func NewAeifCondExp() *AeifCondExp { return &AeifCondExp{newAeifSyn(&aeifCondExpKind)} }

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *AeifCondExp) Clone() node.Node { return &AeifCondExp{n.clone()} }
