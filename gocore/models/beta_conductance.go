package models

import (
	"math"

	"github.com/gonest/gonest/gocore/libm"
)

// betaNormalization returns the factor NEST's beta-shaped synapses
// (iaf_cond_beta, aeif_cond_beta_multisynapse, ...) multiply a spike's
// weight by, so that the conductance
//
//	g(t) = c * (exp(-t/tau_decay) - exp(-t/tau_rise))
//
// peaks at the weight. The peak is at
// t_peak = tau_decay*tau_rise*ln(tau_decay/tau_rise)/(tau_decay - tau_rise).
// When the two time constants are equal to within machine epsilon (or the
// peak value vanishes) the kernel is the alpha function and the factor
// e/tau_decay, as in NEST. The exponentials are glibc's (libm.Exp), the
// logarithm correctly rounded (libm.Log), as glibc's nearly always is.
func betaNormalization(tauRise, tauDecay float64) float64 {
	diff := tauDecay - tauRise
	peak := 0.0
	if math.Abs(diff) > epsilon {
		tPeak := float64(tauDecay*tauRise) * libm.Log(tauDecay/tauRise) / diff
		peak = libm.Exp(-tPeak/tauDecay) - libm.Exp(-tPeak/tauRise)
	}
	if math.Abs(peak) < epsilon {
		return math.E / tauDecay
	}
	return (1/tauRise - 1/tauDecay) / peak
}

// epsilon is C's DBL_EPSILON (std::numeric_limits<double>::epsilon()).
const epsilon = 0x1p-52
