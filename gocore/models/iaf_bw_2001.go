package models

import (
	"math"
	"math/big"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("iaf_bw_2001", func() node.Node { return NewIafBw2001() }) }

// IafBw2001 is NEST's iaf_bw_2001: the conductance-based
// integrate-and-fire neuron of Brunel and Wang (2001) with AMPA, GABA and
// NMDA synapses, the NMDA conductance approximated as NEST does. The
// gating variables s_AMPA and s_GABA jump by the weight of a spike on
// their receptor and decay with tau_AMPA and tau_GABA; s_NMDA decays with
// tau_decay_NMDA and jumps by the weight times the increment the sending
// neuron computed when it fired (which is why NMDA input must come from
// an iaf_bw_2001). The membrane follows
//
//	C_m dV/dt = -g_L (V - E_L) - I_AMPA - I_GABA - I_NMDA + I_stim,
//	I_AMPA = (V - E_ex) s_AMPA,  I_GABA = (V - E_in) s_GABA,
//	I_NMDA = (V - E_ex) s_NMDA / (1 + [Mg2+] exp(-0.062 V) / 3.57)
//
// integrated with the adaptive Runge-Kutta-Fehlberg 4(5) method (package
// ode) under the absolute error bound gsl_error_tol, as NEST does with
// GSL (fixed at the first Simulate). The membrane is not clamped inside
// the right-hand side; while refractory it is reset to V_reset after
// every step.
//
// The NMDA increment of a spike: the neuron keeps the presynaptic trace
// s_pre, decayed with tau_decay_NMDA from its last spike to this one;
// the increment is k_0 + k_1 s_pre with k_1 = expm1(-alpha tau_rise_NMDA)
// and k_0 = (alpha tau_rise_NMDA)^(tau_rise_NMDA/tau_decay_NMDA) times the
// lower incomplete gamma function of 1 - tau_rise_NMDA/tau_decay_NMDA at
// alpha tau_rise_NMDA; s_pre grows by it. It travels in the spike's
// offset (as in NEST, whose spike_recorder therefore reports these
// spikes that much before the grid time, and so does ours).
//
// Parameters (status keys, defaults, units):
//
//	E_L             -70.0   mV    leak reversal potential
//	E_ex              0.0   mV    excitatory reversal potential
//	E_in            -70.0   mV    inhibitory reversal potential
//	V_th            -55.0   mV    spike threshold
//	V_reset         -60.0   mV    reset potential
//	C_m             500.0   pF    membrane capacitance
//	g_L              25.0   nS    leak conductance
//	t_ref             2.0   ms    absolute refractory period
//	tau_AMPA          2.0   ms    AMPA decay time
//	tau_GABA          5.0   ms    GABA decay time
//	tau_decay_NMDA  100.0   ms    NMDA decay time
//	tau_rise_NMDA     2.0   ms    NMDA rise time
//	alpha             0.5   1/ms  NMDA saturation rate
//	conc_Mg2          1.0   mM    extracellular magnesium
//	gsl_error_tol     0.001       absolute error bound of the integration
//
// State: V_m (mV, starts at E_L), s_AMPA, s_GABA, s_NMDA (nS, start at 0)
// and, reported only, the currents I_AMPA, I_GABA, I_NMDA (pA) of the
// last right-hand side evaluation. Like every NEST neuron it keeps a
// spike archive for STDP synapses.
// Receptors (receptor_types): spikes on AMPA 1, GABA 2, NMDA 3; currents
// on 0.
// Recordables: I_AMPA, I_GABA, I_NMDA, V_m, s_AMPA, s_GABA, s_NMDA.
type IafBw2001 struct {
	P IafBw2001Params
	S iafBw2001State
	v iafBw2001Internals
	neuron
	input [iafBw2001Channels]float64
}

// State vector elements, in NEST's order.
const (
	iafBw2001V = iota
	iafBw2001SAMPA
	iafBw2001SGABA
	iafBw2001SNMDA
	iafBw2001Dim
)

// iafBw2001State is the dynamic state.
type iafBw2001State struct {
	Y         [iafBw2001Dim]float64 // V_m (mV), s_AMPA, s_GABA, s_NMDA (nS)
	I         bwCurrents            // currents of the last right-hand side evaluation
	SNMDAPre  float64               // presynaptic NMDA trace at the last spike
	LastSpike float64               // time of the last spike, ms (-1: none), NEST's get_spiketime_ms
	RefSteps  int64                 // remaining refractory steps
	IStim     float64               // current input read in the previous step, pA
}

// iafBw2001Internals are derived in Prepare.
type iafBw2001Internals struct {
	condODE
	k0, k1 float64 // NMDA increment k0 + k1 s_pre
	// the (alpha, tau_rise_NMDA, tau_decay_NMDA) k0 and k1 were computed
	// for: their exact computation is costly, so Prepare repeats it only
	// when they changed
	jumpOf [3]float64
}

// Input ring-buffer channels: receptor r into channel r-1.
const (
	iafBw2001Channels = bwNMDA + 1 // AMPA, GABA, NMDA, current
	iafBw2001Current  = bwNMDA
)

// NewIafBw2001 returns a neuron with default parameters at rest.
func NewIafBw2001() *IafBw2001 {
	n := &IafBw2001{P: DefaultIafBw2001Params(), neuron: newNeuron()}
	n.S.Y[iafBw2001V] = n.P.EL
	n.S.LastSpike = -1
	return n
}

// Model implements node.Node.
func (n *IafBw2001) Model() string { return "iaf_bw_2001" }

// Clone implements node.Node; the copy has no loggers, empty buffers, no
// spike history and sets up its own integration when first prepared.
func (n *IafBw2001) Clone() node.Node {
	c := &IafBw2001{P: n.P, S: n.S, neuron: n.copyNeuron()}
	c.S.LastSpike = -1
	return c
}

// Status implements node.Node.
func (n *IafBw2001) Status() dict.Dict {
	y := &n.S.Y
	d := dict.Dict{
		"V_m": y[iafBw2001V], "s_AMPA": y[iafBw2001SAMPA], "s_GABA": y[iafBw2001SGABA], "s_NMDA": y[iafBw2001SNMDA],
		"I_AMPA": n.S.I.AMPA, "I_GABA": n.S.I.GABA, "I_NMDA": n.S.I.NMDA,
		"recordables": append([]string(nil), bwRecordables...),
	}
	n.P.status(d)
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *IafBw2001) SetStatus(r *dict.Reader, _ *node.Env) error {
	p, s := n.P, n.S
	arch, err := n.setParamsState(r, p.fields(), p.Validate, []floatField{
		{"V_m", &s.Y[iafBw2001V]}, {"s_AMPA", &s.Y[iafBw2001SAMPA]}, {"s_GABA", &s.Y[iafBw2001SGABA]}, {"s_NMDA", &s.Y[iafBw2001SNMDA]},
	})
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// CheckSpikeReceptor implements node.SpikeReceiver: AMPA, GABA and NMDA;
// NMDA input only from another iaf_bw_2001, whose spikes carry the NMDA
// increment.
func (n *IafBw2001) CheckSpikeReceptor(senderModel string, rport int) error {
	if rport < bwAMPA || rport > bwNMDA {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in iaf_bw_2001.", rport)
	}
	if rport == bwNMDA && senderModel != "iaf_bw_2001" {
		return nesterr.New(nesterr.ErrIllegalConnection,
			"For NMDA synapses in iaf_bw_2001, pre-synaptic neuron must also be of type iaf_bw_2001 (not %s).", senderModel)
	}
	return nil
}

// HandleSpike implements node.SpikeReceiver: the weighted spike goes to
// its receptor's channel; on NMDA it is also scaled by the increment the
// sender attached.
func (n *IafBw2001) HandleSpike(e *node.SpikeEvent) {
	w := e.Weight * float64(e.Multiplicity)
	if e.Rport == bwNMDA {
		w *= e.Offset
	}
	n.ring.Add(e.Slot, e.Rport-1, w)
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptor 0 only.
func (n *IafBw2001) CheckCurrentReceptor(rport int) error {
	return checkReceptor("iaf_bw_2001", rport, 0)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *IafBw2001) HandleCurrent(slot, _ int, weighted float64) {
	n.ring.Add(slot, iafBw2001Current, weighted)
}

// Prepare implements node.Node. The integration (with its tolerance) is
// set up before the first run only (see integrator); the refractory
// period and the NMDA constants follow the parameters in every run.
func (n *IafBw2001) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	v.prepareODE(env, iafBw2001Dim, p.GSLErrorTol, n.derivs, p.TRef)
	if in := [3]float64{p.Alpha, p.TauRiseNMDA, p.TauDecayNMDA}; in != v.jumpOf || v.k0 == 0 && v.k1 == 0 {
		v.k0, v.k1 = bwNMDAJump(p.Alpha, p.TauRiseNMDA, p.TauDecayNMDA)
		v.jumpOf = in
	}
	if math.IsNaN(v.k0) {
		// NEST's Simulate fails here too: Boost's incomplete gamma
		// function raises a domain error (a ValueError in PyNEST). A
		// panic with a NEST error is how a model stops Simulate.
		panic(nesterr.New(nesterr.ErrBadParameter,
			"iaf_bw_2001: the incomplete gamma function of the NMDA jump needs tau_rise_NMDA < tau_decay_NMDA (got %g ms and %g ms).",
			p.TauRiseNMDA, p.TauDecayNMDA))
	}
	n.bindBuffers(env, iafBw2001Channels)
}

// derivs is the right-hand side of the system. It reads the input current
// from the node and leaves the synaptic currents there, as NEST's does.
func (n *IafBw2001) derivs(_ float64, y, f []float64) error {
	p := &n.P
	f[iafBw2001V] = n.S.I.dVdt(p, y[iafBw2001V], y[iafBw2001SAMPA], y[iafBw2001SGABA], y[iafBw2001SNMDA], n.S.IStim)
	f[iafBw2001SAMPA] = -y[iafBw2001SAMPA] / p.TauAMPA
	f[iafBw2001SNMDA] = -y[iafBw2001SNMDA] / p.TauDecayNMDA
	f[iafBw2001SGABA] = -y[iafBw2001SGABA] / p.TauGABA
	return nil
}

// Update implements node.Node. NEST's order inside a step: integrate, add
// the spikes arriving in this step to the gating variables, then the
// refractory count-down or the threshold test (a spike updates the NMDA
// trace and carries its increment), then take the current for the next
// step, then log.
func (n *IafBw2001) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		v.advance("iaf_bw_2001", v.f, s.Y[:])

		n.ring.Take(ctx.Slot(step), in[:])
		s.Y[iafBw2001SAMPA] += in[bwAMPA-1]
		s.Y[iafBw2001SGABA] += in[bwGABA-1]
		s.Y[iafBw2001SNMDA] += in[bwNMDA-1]

		if v.refractoryOrThreshold(&s.RefSteps, &s.Y[iafBw2001V], p.Vth, p.Vreset) {
			tSpike := v.stepToMs(step + 1)
			s.SNMDAPre *= libm.Exp(-(tSpike - s.LastSpike) / p.TauDecayNMDA)
			s.LastSpike = tSpike
			delta := v.k0 + float64(v.k1*s.SNMDAPre)
			s.SNMDAPre += delta
			v.fire(ctx, &n.arch, step, delta)
		}

		s.IStim = in[iafBw2001Current]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *IafBw2001) Recordables() []string { return bwRecordables }

// RecordableValue implements node.Recordable.
func (n *IafBw2001) RecordableValue(i int) float64 {
	s := &n.S
	switch i {
	case 0:
		return s.I.AMPA
	case 1:
		return s.I.GABA
	case 2:
		return s.I.NMDA
	case 3, 4, 5, 6:
		return s.Y[i-3]
	}
	return math.NaN()
}

// bwNMDAJump returns NEST's constants of the NMDA increment k0 + k1 s_pre:
// k1 = expm1(-alpha tau_rise) and k0 = (alpha tau_rise)^r times the
// lower incomplete gamma function of 1 - r at alpha tau_rise, with
// r = tau_rise/tau_decay. The power, the gamma function and expm1 are
// each correctly rounded (computed in 256-bit arithmetic; they run once
// per Simulate), as glibc's pow and expm1 and Boost's tgamma_lower
// deliver them in practice, and k0 is their product in double, as in
// NEST. For tau_rise >= tau_decay the gamma function is undefined (Boost
// raises a domain error in NEST); k0 is NaN then.
func bwNMDAJump(alpha, tauRise, tauDecay float64) (k0, k1 float64) {
	alphaTau := alpha * tauRise
	r := tauRise / tauDecay
	k1 = bigExpm1(-alpha * tauRise)
	pow := bigPow(alphaTau, r)
	return float64(pow * bigTgammaLower(1-r, alphaTau)), k1
}

// bigPrec is the precision of the 256-bit evaluations.
const bigPrec = 256

func newBig(x float64) *big.Float { return new(big.Float).SetPrec(bigPrec).SetFloat64(x) }

// bigExpOf returns e^x for a finite x.
func bigExpOf(x *big.Float) *big.Float {
	// e^x = (e^(x/2^m))^(2^m) with |x/2^m| < 2^-8, the inner power from
	// its Taylor series.
	m := 0
	if e := x.MantExp(nil); e > -8 {
		m = e + 8
	}
	y := new(big.Float).SetPrec(bigPrec).SetMantExp(x, -m)
	sum, term := newBig(1), newBig(1)
	eps := newBig(0).SetMantExp(newBig(1), -bigPrec-8)
	for k := int64(1); k < 200; k++ {
		term.Mul(term, y)
		term.Quo(term, newBig(float64(k)))
		sum.Add(sum, term)
		if new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	for range m {
		sum.Mul(sum, sum)
	}
	return sum
}

// bigLogOf returns ln x for x > 0 by Newton steps on e^y = x from the
// double logarithm (each step triples the correct bits).
func bigLogOf(x *big.Float) *big.Float {
	xf, _ := x.Float64()
	y := newBig(math.Log(xf))
	two := newBig(2)
	for range 4 {
		ey := bigExpOf(y)
		num := new(big.Float).SetPrec(bigPrec).Sub(x, ey)
		den := new(big.Float).SetPrec(bigPrec).Add(x, ey)
		num.Quo(num, den)
		y.Add(y, num.Mul(num, two))
	}
	return y
}

// bigExpm1 returns e^x - 1 correctly rounded (but for hard cases).
func bigExpm1(x float64) float64 {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) || math.Abs(x) < 1e-30 || x > 709 {
		return math.Expm1(x)
	}
	v := bigExpOf(newBig(x))
	f, _ := v.Sub(v, newBig(1)).Float64()
	return f
}

// bigPow returns x^y for x > 0, correctly rounded (but for hard cases).
func bigPow(x, y float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) || math.IsInf(y, 0) || math.IsNaN(y) {
		return math.Pow(x, y)
	}
	if x == 1 || y == 0 {
		return 1
	}
	l := bigLogOf(newBig(x))
	f, _ := bigExpOf(l.Mul(l, newBig(y))).Float64()
	return f
}

// bigTgammaLower is the lower incomplete gamma function
// gamma(a, x) = integral from 0 to x of t^(a-1) e^(-t) dt (Boost's
// tgamma_lower), for a > 0 and 0 <= x <= 1e4, from its series
// x^a e^(-x) sum_n x^n / (a (a+1) ... (a+n)), correctly rounded but for
// hard cases. Beyond x = 1e4 the upper part is negligible: Gamma(a).
// For a <= 0 or NaN input it is NaN.
func bigTgammaLower(a, x float64) float64 {
	switch {
	case !(a > 0) || !(x >= 0):
		return math.NaN()
	case x == 0:
		return 0
	case x > 1e4:
		return math.Gamma(a)
	}
	bx, ba := newBig(x), newBig(a)
	term := new(big.Float).SetPrec(bigPrec).Quo(newBig(1), ba)
	sum := new(big.Float).SetPrec(bigPrec).Set(term)
	den := new(big.Float).SetPrec(bigPrec)
	for n := 1; n < 100000; n++ {
		term.Mul(term, bx)
		term.Quo(term, den.Add(ba, newBig(float64(n))))
		sum.Add(sum, term)
		if float64(n) > x && term.MantExp(nil) < sum.MantExp(nil)-bigPrec-8 {
			break
		}
	}
	// x^a e^-x = exp(a ln x - x).
	l := bigLogOf(bx)
	l.Mul(l, ba).Sub(l, bx)
	f, _ := sum.Mul(sum, bigExpOf(l)).Float64()
	return f
}
