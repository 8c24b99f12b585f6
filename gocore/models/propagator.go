package models

import (
	"math"

	"github.com/gonest/gonest/gocore/libm"
)

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
	expSyn := libm.Exp(-h * invTauSyn)
	p := gamma * expSyn * nestExpm1(h*invBeta)
	if isNormal(p) && p > 0 {
		return p
	}
	return h * invCM * libm.Exp(-h*invTauM)
}

// isNormal reports whether x is a normal floating-point number (not zero,
// subnormal, infinite or NaN), like C's isnormal.
func isNormal(x float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return false
	}
	return math.Abs(x) >= 0x1p-1022
}

// alphaPropagator returns the two exact-integration elements that carry an
// alpha-shaped synaptic current into the membrane potential of a leaky
// integrator over one step h. The current is I(t) = (e/tau_s) t exp(-t/tau_s)
// per unit weight, represented by the pair (dI, I) with dI' = -dI/tau_s and
// I' = dI - I/tau_s; p31 maps dI and p32 maps I to the membrane potential:
//
//	p32 = gamma * exp(-h/tau_s) * expm1(h/beta)               (as expPropagator)
//	p31 = gamma * exp(-h/tau_s) * (beta*expm1(h/beta) - h)
//
// with beta = tau_s*tau_m/(tau_m - tau_s) and gamma = beta/C. p32 falls back
// to its limit as expPropagator does. p31 suffers from cancellation when
// h*|tau_m - tau_s| is small compared to tau_m^2; below the same threshold
// as NEST 3.10 (h <= 1e-7 * tau_m^2/|tau_m - tau_s|) its limit
// h^2/(2C)*exp(-h/tau_m) is used instead.
func alphaPropagator(tauSyn, tauM, cM, h float64) (p31, p32 float64) {
	hMinRegular := stabilityFactor * tauM * tauM / math.Abs(tauM-tauSyn)
	beta := tauSyn * tauM / (tauM - tauSyn)
	gamma := beta / cM
	invBeta := (tauM - tauSyn) / (tauSyn * tauM)
	invTauSyn, invTauM, invCM := 1/tauSyn, 1/tauM, 1/cM

	expSyn := libm.Exp(-h * invTauSyn)
	expm1Beta := nestExpm1(h * invBeta)
	p32 = gamma * expSyn * expm1Beta
	expM := math.NaN()
	if !(isNormal(p32) && p32 > 0) {
		expM = libm.Exp(-h * invTauM)
		p32 = h * invCM * expM
	}
	if h > hMinRegular {
		return gamma * expSyn * (beta*expm1Beta - h), p32
	}
	if math.IsNaN(expM) {
		expM = libm.Exp(-h * invTauM)
	}
	return 0.5 * h * h * invCM * expM, p32
}

// nestExpm1 is e^x - 1 as NEST 3.10 computes it in the build the
// reference data come from (the PyPI wheel): that build does not use the
// C library's expm1 but NEST's own fallback, which sums the Taylor series
// x + x^2/2! + ... until a term no longer changes the sum (|x| <= ln 2)
// and takes exp(x) - 1 beyond. The two differ in the last bit for many
// arguments, and propagators built from them carry that bit into every
// step.
func nestExpm1(x float64) float64 {
	if x == 0 {
		return 0
	}
	if math.Abs(x) > math.Ln2 {
		return libm.Exp(x) - 1
	}
	sum, term := x, x*x/2
	for n := 2.0; math.Abs(term) > math.Abs(sum)*0x1p-52; {
		sum += term
		n++
		term *= x / n
	}
	return sum
}
