package models

import (
	"math"
	"strconv"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// The currents of a cm_default compartment (NEST's cm_compartmentcurrents):
// a sodium and a potassium channel every compartment has (inactive while
// their maximal conductance is zero), and the synaptic receptors placed on
// it. Each current is linearised around the compartment's potential for
// the implicit step of the tree solver: f_numstep returns the part g that
// multiplies the new potential and the part i that does not, both in the
// half-step form of the Crank-Nicolson scheme (cm_tree.go).

// cmQ10 is the temperature factor of both channels' time constants,
// 1/3.21 computed in double precision as NEST does.
var cmQ10 = 1 / cmThreeTwentyOne

var cmThreeTwentyOne = 3.21

// cmNa is the sodium channel (rates of Branco et al. 2010's na.mod).
type cmNa struct {
	Gbar float64 // gbar_Na, uS: maximal conductance (0: channel off)
	E    float64 // e_Na, mV: reversal potential
	M, H float64 // m_Na_<i>, h_Na_<i>: gating variables
}

// cmK is the potassium channel (rates of Branco et al. 2010's kv.mod).
type cmK struct {
	Gbar float64 // gbar_K, uS: maximal conductance (0: channel off)
	E    float64 // e_K, mV: reversal potential
	N    float64 // n_K_<i>: gating variable
}

// cmChannelsOff is the conductance below which a channel is not
// integrated, as in NEST.
const cmChannelsOff = 1e-9

// naM returns the steady state and time constant (ms) of m at v.
func cmNaM(v float64) (inf, tau float64) {
	vp := v + 35.013
	var alpha, frac float64
	if math.Abs(vp) > 1e-5 {
		e := libm.Exp(0.111111111111111 * vp)
		f := 1 / (e - 1)
		alpha = 0.182 * vp * e * f
		beta := 0.124 * vp * f
		frac = 1 / (alpha + beta)
	} else {
		// the 0/0 limits of alpha and beta
		alpha = 1.638
		frac = 1 / (alpha + 1.116)
	}
	return alpha * frac, cmQ10 * frac
}

// cmNaH returns the steady state and time constant (ms) of h at v.
func cmNaH(v float64) (inf, tau float64) {
	v50, v75 := v+50.013, v+75.013
	alpha, beta := 0.12, 0.0455 // the 0/0 limits
	if math.Abs(v50) > 1e-5 {
		alpha = 0.024 * v50 / (1 - libm.Exp(-0.2*v50))
	}
	if math.Abs(v75) > 1e-9 {
		beta = -0.0091 * v75 / (1 - libm.Exp(0.2*v75))
	}
	return 1 / (1 + libm.Exp((v+65)/6.2)), cmQ10 / (alpha + beta)
}

// cmKN returns the steady state and time constant (ms) of n at v.
func cmKN(v float64) (inf, tau float64) {
	vm := v - 25
	var alpha, frac float64
	if math.Abs(vm) > 1e-5 {
		e := libm.Exp(0.111111111111111 * vm)
		f := 1 / (e - 1)
		alpha = 0.02 * vm * e * f
		beta := 0.002 * vm * f
		frac = 1 / (alpha + beta)
	} else {
		alpha = 0.18
		frac = 1 / (alpha + 0.018)
	}
	return alpha * frac, cmQ10 * frac
}

// init puts the gating variables at their steady state for v.
func (c *cmNa) init(v float64) {
	c.M, _ = cmNaM(v)
	c.H, _ = cmNaH(v)
}

func (c *cmK) init(v float64) { c.N, _ = cmKN(v) }

// step advances the gates by dt at potential v and returns the channel's
// linearised contribution.
func (c *cmNa) step(v, dt float64) (g, i float64) {
	if !(c.Gbar > cmChannelsOff) {
		return 0, 0
	}
	mInf, tauM := cmNaM(v)
	hInf, tauH := cmNaH(v)
	p := libm.Exp(-dt / tauM)
	c.M *= p
	c.M += float64((1 - p) * mInf)
	p = libm.Exp(-dt / tauH)
	c.H *= p
	c.H += float64((1 - p) * hInf)
	gNa := c.Gbar * libm.Pow(c.M, 3) * c.H
	return gNa / 2, gNa * (c.E - v/2)
}

func (c *cmK) step(v, dt float64) (g, i float64) {
	if !(c.Gbar > cmChannelsOff) {
		return 0, 0
	}
	nInf, tauN := cmKN(v)
	p := libm.Exp(-dt / tauN)
	c.N *= p
	c.N += float64((1 - p) * nInf)
	gK := c.Gbar * c.N
	return gK / 2, gK * (c.E - v/2)
}

// cmReceptorKind is a receptor type of cm_default.
type cmReceptorKind int

// The receptor types, in the order NEST evaluates and lists them within
// a compartment.
const (
	cmAMPA cmReceptorKind = iota
	cmGABA
	cmNMDA
	cmAMPANMDA
	cmKinds
)

var cmKindNames = [cmKinds]string{"AMPA", "GABA", "NMDA", "AMPA_NMDA"}

// cmReceptor is one synaptic receptor: a conductance with a rise and a
// decay time (difference of exponentials normalised to a peak of 1 per
// unit weight); NMDA conductances are gated by the magnesium block.
// AMPA_NMDA has both, the NMDA part scaled by NMDA_ratio.
type cmReceptor struct {
	Kind cmReceptorKind
	Comp int // compartment it sits on

	E          float64 // e_AMPA / e_GABA / e_NMDA / e_AMPA_NMDA, mV
	TauR, TauD float64 // tau_r_X, tau_d_X, ms (AMPA's for AMPA_NMDA)
	TauRN      float64 // tau_r_NMDA, ms (AMPA_NMDA only)
	TauDN      float64 // tau_d_NMDA, ms (AMPA_NMDA only)
	NMDARatio  float64 // NMDA_ratio (AMPA_NMDA only)

	GR, GD   float64 // g_r_X_<i>, g_d_X_<i> (g_r_AN_AMPA_, g_d_AN_AMPA_ for AMPA_NMDA)
	GRN, GDN float64 // g_r_AN_NMDA_<i>, g_d_AN_NMDA_<i>

	norm, normN                  float64
	propR, propD, propRN, propDN float64
}

// newCMReceptor returns a receptor of kind on compartment comp with NEST's
// defaults overridden by the entries of params (nil for none); entries
// the receptor does not read are UnaccessedDictionaryEntry.
func newCMReceptor(kind cmReceptorKind, comp int, params dict.Dict) (cmReceptor, error) {
	r := cmReceptor{Kind: kind, Comp: comp, TauR: 0.2}
	var fields []floatField
	switch kind {
	case cmAMPA:
		r.TauD = 3
		fields = []floatField{{"e_AMPA", &r.E}, {"tau_r_AMPA", &r.TauR}, {"tau_d_AMPA", &r.TauD}}
	case cmGABA:
		r.E, r.TauD = -80, 10
		fields = []floatField{{"e_GABA", &r.E}, {"tau_r_GABA", &r.TauR}, {"tau_d_GABA", &r.TauD}}
	case cmNMDA:
		r.TauD = 43
		fields = []floatField{{"e_NMDA", &r.E}, {"tau_r_NMDA", &r.TauR}, {"tau_d_NMDA", &r.TauD}}
	case cmAMPANMDA:
		r.TauD, r.TauRN, r.TauDN, r.NMDARatio = 3, 0.2, 43, 2
		fields = []floatField{{"e_AMPA_NMDA", &r.E}, {"tau_r_AMPA", &r.TauR}, {"tau_d_AMPA", &r.TauD},
			{"tau_r_NMDA", &r.TauRN}, {"tau_d_NMDA", &r.TauDN}, {"NMDA_ratio", &r.NMDARatio}}
	}
	if params != nil {
		pr := dict.NewReader(params)
		if err := readFloats(pr, fields); err != nil {
			return r, err
		}
		if err := pr.CheckAllUsed("The parameters of a " + cmKindNames[kind] + " receptor"); err != nil {
			return r, err
		}
	}
	r.norm = cmPeakNorm(r.TauR, r.TauD)
	if kind == cmAMPANMDA {
		r.normN = cmPeakNorm(r.TauRN, r.TauDN)
	}
	return r, nil
}

// cmPeakNorm is the factor that makes the peak of exp(-t/tauD) -
// exp(-t/tauR) equal to 1.
func cmPeakNorm(tauR, tauD float64) float64 {
	tp := (tauR * tauD) / (tauD - tauR) * libm.Log(tauD/tauR)
	return 1 / (-libm.Exp(-tp/tauR) + libm.Exp(-tp/tauD))
}

// prepare computes the one-step decay factors for resolution dt.
func (r *cmReceptor) prepare(dt float64) {
	r.propR, r.propD = libm.Exp(-dt/r.TauR), libm.Exp(-dt/r.TauD)
	if r.Kind == cmAMPANMDA {
		r.propRN, r.propDN = libm.Exp(-dt/r.TauRN), libm.Exp(-dt/r.TauDN)
	}
}

// cmNMDASigmoid returns the magnesium block at v and its derivative.
func cmNMDASigmoid(v float64) (s, ds float64) {
	e := libm.Exp(-.1 * v)
	denom := 1 + float64(0.3*e)
	return 1 / denom, 0.03 * e / float64(denom*denom)
}

// step decays the conductances, adds the weight w of the spikes arriving
// in this step and returns the receptor's linearised contribution at v.
func (r *cmReceptor) step(v, w float64) (g, i float64) {
	r.GR *= r.propR
	r.GD *= r.propD
	if r.Kind == cmAMPANMDA {
		r.GRN *= r.propRN
		r.GDN *= r.propDN
	}
	s := w * r.norm
	r.GR -= s
	r.GD += s
	gSyn := r.GR + r.GD
	var iTot, dIdV float64
	switch r.Kind {
	case cmAMPA, cmGABA:
		iTot = gSyn * (r.E - v)
		dIdV = -gSyn
	case cmNMDA:
		sig, dsig := cmNMDASigmoid(v)
		iTot = gSyn * sig * (r.E - v)
		dIdV = gSyn * (float64(dsig*(r.E-v)) - sig)
	case cmAMPANMDA:
		s = w * r.normN
		r.GRN -= s
		r.GDN += s
		gN := r.GRN + r.GDN
		sig, dsig := cmNMDASigmoid(v)
		iTot = (gSyn + float64(r.NMDARatio*gN*sig)) * (r.E - v)
		dIdV = -gSyn + float64(r.NMDARatio*gN*(float64(dsig*(r.E-v))-sig))
	}
	g = -dIdV / 2
	return g, iTot + float64(g*v)
}

// recordables returns the names of the receptor's state variables for
// receptor index idx, each with a pointer to its value.
func (r *cmReceptor) recordables(idx int, add func(name string, p *float64)) {
	s := strconv.Itoa(idx)
	if r.Kind == cmAMPANMDA {
		add("g_r_AN_AMPA_"+s, &r.GR)
		add("g_d_AN_AMPA_"+s, &r.GD)
		add("g_r_AN_NMDA_"+s, &r.GRN)
		add("g_d_AN_NMDA_"+s, &r.GDN)
		return
	}
	name := cmKindNames[r.Kind]
	add("g_r_"+name+"_"+s, &r.GR)
	add("g_d_"+name+"_"+s, &r.GD)
}

// cmKindOf returns the receptor kind named name.
func cmKindOf(name string) (cmReceptorKind, error) {
	for k, n := range cmKindNames {
		if n == name {
			return cmReceptorKind(k), nil
		}
	}
	return 0, nesterr.New(nesterr.ErrBadProperty, "cm_default has no receptor type '%s'; the types are AMPA, GABA, NMDA and AMPA_NMDA.", name)
}
