package models

import "math"

// stabilityFactor decides when the membrane and synaptic time constants
// are so close that the regular propagator formula loses precision; NEST
// uses the same threshold (1e-7 * tau_m^2 / |tau_m - tau_syn|).
const stabilityFactor = 1e-7

// expPropagator is the exact-integration element that carries an
// exponentially decaying synaptic current into the membrane potential of a
// leaky integrator over one step h:
//
//	P = tau_s*tau_m/(C*(tau_m - tau_s)) * exp(-h/tau_s) * expm1(h*(1/tau_s - 1/tau_m))
//
// When tau_s and tau_m coincide (or nearly so) that expression is 0*inf or
// loses all digits; its limit h/C*exp(-h/tau_m) is used instead. The choice
// between the two is the one NEST 3.10 makes: the regular value is kept
// whenever it is a normal, positive number.
func expPropagator(tauSyn, tauM, cM, h float64) float64 {
	beta := tauSyn * tauM / (tauM - tauSyn)
	gamma := beta / cM
	invBeta := (tauM - tauSyn) / (tauSyn * tauM)
	// Multiplying by precomputed inverses (rather than dividing) keeps the
	// rounding identical to NEST's.
	invTauSyn, invTauM, invCM := 1/tauSyn, 1/tauM, 1/cM
	expSyn := math.Exp(-h * invTauSyn)
	p := gamma * expSyn * math.Expm1(h*invBeta)
	if isNormal(p) && p > 0 {
		return p
	}
	return h * invCM * math.Exp(-h*invTauM)
}

// isNormal reports whether x is a normal floating-point number (not zero,
// subnormal, infinite or NaN), like C's isnormal.
func isNormal(x float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return false
	}
	return math.Abs(x) >= 0x1p-1022
}
