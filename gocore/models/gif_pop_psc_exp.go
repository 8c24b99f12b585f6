package models

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/randdist"
)

func init() { register("gif_pop_psc_exp", func() node.Node { return NewGifPopPscExp() }) }

// GifPopPscExp is NEST's gif_pop_psc_exp: a population of N
// generalized integrate-and-fire neurons with escape noise, exponential
// postsynaptic currents and threshold adaptation, simulated as a whole by
// the mesoscopic method of Schwalger, Deger & Gerstner (2017): the
// population keeps, for each of the last len_kernel steps, how many
// neurons last fired then and how many of those survived without firing
// since (with their mean membrane potential and escape rate); from these
// it computes the expected number of spikes in each step and draws the
// actual number, binomially (BinoRand true) or from a Poisson distribution
// (capped at N), from the node's thread's random stream. A step with n > 0
// spikes sends one spike event of multiplicity n.
//
// The single neuron's hazard is lambda_0*exp((V - E_sfa)/Delta_V); after
// a spike V restarts at V_reset (held for t_ref), and each adaptation
// component (jump q_sfa, time constant tau_sfa) raises the threshold.
// Input spikes of weight w > 0 (pA) feed the excitatory current, the
// others the inhibitory one; every connection counts as one onto each of
// the N neurons.
//
// Parameters (status keys, defaults, units):
//
//	N            100      -     number of neurons (> 0)
//	tau_m         20.0    ms    membrane time constant
//	C_m          250.0    pF    membrane capacitance
//	t_ref          4.0    ms    refractory period
//	lambda_0      10.0    1/s   escape rate at threshold
//	Delta_V        2.0    mV    noise level of the escape rate
//	len_kernel    -1      -     steps of spike history kept; < 1: chosen
//	                            from the parameters when first simulated
//	I_e            0.0    pA    constant input current
//	V_reset        0.0    mV    potential after a spike
//	V_T_star      15.0    mV    base threshold
//	E_L            0.0    mV    resting potential
//	tau_syn_ex     3.0    ms    excitatory synaptic current time constant
//	tau_syn_in     6.0    ms    inhibitory synaptic current time constant
//	tau_sfa      [300.0]  ms    adaptation time constants
//	q_sfa        [0.5]    mV    adaptation jumps
//	BinoRand     true     -     binomial (true) or Poisson spike counts
//
// State: V_m (mV, free membrane potential, starts at 0), I_syn_ex and
// I_syn_in (pA), all settable; E_sfa (mV, threshold of neurons free of
// refractoriness), mean (expected spikes in the last step) and n_events
// (spikes in the last step). Any status change restarts the population
// history at the next run. Empty tau_sfa or q_sfa make the next Simulate
// fail with BadProperty, as in NEST. Unlike the single-neuron models it
// keeps no spike archive (NEST's is a plain Node), so STDP synapses cannot
// target it.
// Receptors: 0 for spikes and currents.
// Recordables: V_m, n_events, E_sfa, mean, I_syn_ex, I_syn_in.
type GifPopPscExp struct {
	P GifPopPscExpParams
	S gifPopState
	v gifPopInternals
	popPorts
	input [gifPopChannels]float64

	// replay, when set, replaces the random spike count of each step
	// (given the expected count): the tests impose NEST's recorded counts
	// to compare the population dynamics exactly.
	replay func(mean float64) int64
}

// GifPopPscExpParams are the user-settable parameters.
type GifPopPscExpParams struct {
	N        int64   // N
	TauM     float64 // tau_m, ms
	Cm       float64 // C_m, pF
	TRef     float64 // t_ref, ms
	Lambda0  float64 // lambda_0, 1/s
	DeltaV   float64 // Delta_V, mV
	LenKer   int64   // len_kernel, steps
	Ie       float64 // I_e, pA
	Vreset   float64 // V_reset, mV
	VTStar   float64 // V_T_star, mV
	EL       float64 // E_L, mV
	TauSynEx float64 // tau_syn_ex, ms
	TauSynIn float64 // tau_syn_in, ms
	TauSfa   []float64
	QSfa     []float64
	BinoRand bool
}

// DefaultGifPopPscExpParams returns NEST 3.10's defaults.
func DefaultGifPopPscExpParams() GifPopPscExpParams {
	return GifPopPscExpParams{
		N: 100, TauM: 20, Cm: 250, TRef: 4, Lambda0: 10, DeltaV: 2, LenKer: -1, Ie: 0,
		Vreset: 0, VTStar: 15, EL: 0, TauSynEx: 3, TauSynIn: 6,
		TauSfa: []float64{300}, QSfa: []float64{0.5}, BinoRand: true,
	}
}

// Validate checks the rules NEST enforces when the status is set, in its
// order.
func (p *GifPopPscExpParams) Validate() error {
	if err := checkKernelSizes("tau_sfa", "q_sfa", p.TauSfa, p.QSfa, "dimension"); err != nil {
		return err
	}
	switch {
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", p.Cm)
	case p.TauM <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "The membrane time constants must be strictly positive (tau_m = %g ms).", p.TauM)
	case p.TauSynEx <= 0, p.TauSynIn <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "The synaptic time constants must be strictly positive (tau_syn_ex = %g ms, tau_syn_in = %g ms).",
			p.TauSynEx, p.TauSynIn)
	}
	if err := checkPositiveTaus("tau_sfa", p.TauSfa); err != nil {
		return err
	}
	switch {
	case p.N <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Number of neurons must be positive (N = %d).", p.N)
	case p.Lambda0 < 0:
		return nesterr.New(nesterr.ErrBadProperty, "lambda_0 must be positive (lambda_0 = %g 1/s).", p.Lambda0)
	case p.DeltaV <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Delta_V must be strictly positive (Delta_V = %g mV).", p.DeltaV)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Absolute refractory period cannot be negative (t_ref = %g ms).", p.TRef)
	}
	return nil
}

// gifPopState is the state NEST reports.
type gifPopState struct {
	Y0       float64 // current input read in the previous step, pA
	ISynEx   float64 // pA
	ISynIn   float64 // pA
	V        float64 // free membrane potential, mV
	NExpect  float64 // expected number of spikes in the last step
	ThetaHat float64 // E_sfa, mV
	NSpikes  int64   // spikes in the last step
	// Initialized is false until the population history is set up, and
	// again after every status change.
	Initialized bool
}

// gifPopInternals are the propagators and the population history.
type gifPopInternals struct {
	h, p20, p22, p11ex, p11in float64
	kRef                      int64
	rng                       *rand.Rand

	// Set up with the history (see initHistory).
	q30, q30K, theta, thetaTld []float64
	x, z, lambdaFree           float64
	m, n, u, vv, lambda, g     []float64 // vv: NEST's v_, the variance of survivors
	k0                         int64
}

// Input ring-buffer channels.
const (
	gifPopSpikeEx = iota
	gifPopSpikeIn
	gifPopCurrent
	gifPopChannels
)

var gifPopRecordables = []string{"V_m", "n_events", "E_sfa", "mean", "I_syn_ex", "I_syn_in"}

// popPorts is the node side of gif_pop_psc_exp: input lanes and data
// loggers but, unlike neuron, no spike archive.
type popPorts struct {
	ring node.Ring
	logs node.Loggers
}

// ElementType implements node.Node.
func (p *popPorts) ElementType() node.ElementType { return node.Neuron }

// SendsSpikes implements node.SpikeSender.
func (p *popPorts) SendsSpikes() bool { return true }

// Loggers implements node.Recordable.
func (p *popPorts) Loggers() *node.Loggers { return &p.logs }

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 only.
func (p *popPorts) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor("gif_pop_psc_exp", rport, 0)
}

// SpikeChannels implements node.FastSpikeInput.
func (p *popPorts) SpikeChannels() (positive, other int) { return gifPopSpikeEx, gifPopSpikeIn }

// HandleSpike implements node.SpikeReceiver: positive weighted input to
// the excitatory current, the rest to the inhibitory one.
func (p *popPorts) HandleSpike(e *node.SpikeEvent) {
	if w := e.Weight * float64(e.Multiplicity); w > 0 {
		p.ring.Add(e.Slot, gifPopSpikeEx, w)
	} else {
		p.ring.Add(e.Slot, gifPopSpikeIn, w)
	}
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptor 0 only.
func (p *popPorts) CheckCurrentReceptor(rport int) error {
	return checkReceptor("gif_pop_psc_exp", rport, 0)
}

// HandleCurrent implements node.CurrentReceiver.
func (p *popPorts) HandleCurrent(slot, _ int, weighted float64) {
	p.ring.Add(slot, gifPopCurrent, weighted)
}

// NewGifPopPscExp returns a population with default parameters.
func NewGifPopPscExp() *GifPopPscExp { return &GifPopPscExp{P: DefaultGifPopPscExpParams()} }

// Model implements node.Node.
func (n *GifPopPscExp) Model() string { return "gif_pop_psc_exp" }

// PlainNode marks a neuron without NEST's structural-plasticity and
// archiving entries (NEST derives gif_pop_psc_exp from its plain Node class).
func (n *GifPopPscExp) PlainNode() {}

// Clone implements node.Node. As a copied NEST node, the copy has
// parameters and state but no population history: it sets that up when
// first prepared (unless the original had, which prototypes never have).
func (n *GifPopPscExp) Clone() node.Node {
	c := &GifPopPscExp{P: n.P, S: n.S}
	c.S.Initialized = false
	return c
}

// Status implements node.Node.
func (n *GifPopPscExp) Status() dict.Dict {
	p, s := &n.P, &n.S
	return dict.Dict{
		"N": int(p.N), "tau_m": p.TauM, "C_m": p.Cm, "lambda_0": p.Lambda0, "Delta_V": p.DeltaV,
		"len_kernel": int(p.LenKer), "I_e": p.Ie, "V_reset": p.Vreset, "V_T_star": p.VTStar, "E_L": p.EL,
		"t_ref": p.TRef, "tau_syn_ex": p.TauSynEx, "tau_syn_in": p.TauSynIn, "BinoRand": p.BinoRand,
		"tau_sfa": append([]float64{}, p.TauSfa...), "q_sfa": append([]float64{}, p.QSfa...),
		"V_m": s.V, "n_events": int(s.NSpikes), "E_sfa": s.ThetaHat, "mean": s.NExpect,
		"I_syn_ex": s.ISynEx, "I_syn_in": s.ISynIn,
		"recordables": append([]string(nil), gifPopRecordables...),
	}
}

// SetStatus implements node.Node: parameters and state are changed on
// copies and committed only when every rule holds. Any accepted change
// restarts the population history at the next run, as in NEST.
func (n *GifPopPscExp) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	if _, err := r.Int("N", &p.N); err != nil {
		return err
	}
	if err := readFloats(r, []floatField{
		{"tau_m", &p.TauM}, {"C_m", &p.Cm}, {"lambda_0", &p.Lambda0}, {"Delta_V", &p.DeltaV},
	}); err != nil {
		return err
	}
	if _, err := r.Int("len_kernel", &p.LenKer); err != nil {
		return err
	}
	if err := readFloats(r, []floatField{
		{"I_e", &p.Ie}, {"V_reset", &p.Vreset}, {"V_T_star", &p.VTStar}, {"E_L", &p.EL},
		{"t_ref", &p.TRef}, {"tau_syn_ex", &p.TauSynEx}, {"tau_syn_in", &p.TauSynIn},
	}); err != nil {
		return err
	}
	if _, err := r.Bool("BinoRand", &p.BinoRand); err != nil {
		return err
	}
	if _, err := r.Floats("tau_sfa", &p.TauSfa); err != nil {
		return err
	}
	if _, err := r.Floats("q_sfa", &p.QSfa); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	s := n.S
	if err := readFloats(r, []floatField{{"V_m", &s.V}, {"I_syn_ex", &s.ISynEx}, {"I_syn_in", &s.ISynIn}}); err != nil {
		return err
	}
	s.Initialized = false
	n.P, n.S = p, s
	return nil
}

// Prepare implements node.Node: the propagators in every run, and the
// population history when it is not set up (first run, or after a status
// change). An empty adaptation kernel is NEST's BadProperty here, which
// ends the Simulate call.
func (n *GifPopPscExp) Prepare(env *node.Env) {
	p, v := &n.P, &n.v
	if len(p.TauSfa) == 0 {
		panic(nesterr.New(nesterr.ErrBadProperty, "Time constant array should not be empty (gif_pop_psc_exp needs tau_sfa)."))
	}
	if len(p.QSfa) == 0 {
		panic(nesterr.New(nesterr.ErrBadProperty, "Adaptation value array should not be empty (gif_pop_psc_exp needs q_sfa)."))
	}
	v.h = env.Base.Resolution
	v.rng = env.RNG
	v.p22 = libm.Exp(-v.h / p.TauM)
	v.p20 = p.TauM / p.Cm * (1 - v.p22)
	v.p11ex = libm.Exp(-v.h / p.TauSynEx)
	v.p11in = libm.Exp(-v.h / p.TauSynIn)
	if !n.S.Initialized {
		if p.LenKer < 1 {
			p.LenKer = n.historySize()
		}
		v.kRef = env.Base.MsToSteps(p.TRef)
		n.initHistory()
		n.S.Initialized = true
	}
	n.ring.Bind(env, gifPopChannels)
	n.logs.Init(env.Now, env.SliceOrigin)
}

// adaptationKernel is the sum of the adaptation components k steps after
// a spike (mV).
func (n *GifPopPscExp) adaptationKernel(k int64) float64 {
	p := &n.P
	theta := 0.0
	for j, tau := range p.TauSfa {
		theta += p.QSfa[j] * libm.Exp(float64(-k)*n.v.h/tau)
	}
	return theta
}

// historySize is NEST's automatic len_kernel: the steps until the
// adaptation kernel has fallen below a tenth of Delta_V, at most 20 s, at
// least 5 tau_m, and more than t_ref. (C's double-to-int conversions
// truncate, as Go's do.)
func (n *GifPopPscExp) historySize() int64 {
	p, h := &n.P, n.v.h
	k := int64(int32(20000 / h))
	kMin := int64(int32(5 * p.TauM / h))
	for n.adaptationKernel(k)/p.DeltaV < 0.1 && k > kMin {
		k--
	}
	if float64(k)*h <= p.TRef {
		k = int64(int32(p.TRef/h)) + 1
	}
	return k
}

// initHistory sets up the population as if every neuron had fired
// len_kernel steps ago (NEST's InitPopulations).
func (n *GifPopPscExp) initHistory() {
	p, v := &n.P, &n.v
	l := int(p.LenKer)
	nN := float64(p.N)
	v.n = make([]float64, l)
	v.m = make([]float64, l)
	v.vv = make([]float64, l)
	v.u = make([]float64, l)
	v.lambda = make([]float64, l)
	v.theta = make([]float64, l)
	v.thetaTld = make([]float64, l)
	for k := range l {
		th := n.adaptationKernel(p.LenKer - int64(k))
		v.theta[k] = th
		v.thetaTld[k] = p.DeltaV * (1 - libm.Exp(-th/p.DeltaV)) / nN
	}
	v.n[l-1] = nN
	v.m[l-1] = nN
	v.x, v.z, v.lambdaFree, v.k0 = 0, 0, 0, 0
	v.g = make([]float64, len(p.TauSfa))
	v.q30 = make([]float64, len(p.TauSfa))
	v.q30K = make([]float64, len(p.TauSfa))
	for j, tau := range p.TauSfa {
		// NEST's J is the product of the jump and tau_sfa.
		v.q30K[j] = p.QSfa[j] * tau * libm.Exp(-v.h*float64(p.LenKer)/tau)
		v.q30[j] = libm.Exp(-v.h / tau)
	}
}

// escRate is the hazard (1/s) at distance x (mV) above threshold.
func (n *GifPopPscExp) escRate(x float64) float64 {
	return n.P.Lambda0 * libm.Exp(x/n.P.DeltaV)
}

// Update implements node.Node: per step, the membrane and synaptic
// update (Fig. 11 of Schwalger et al.), the population update (Fig. 12)
// with the random spike count, the history shift, logging, and then the
// spike event, in NEST's order and with its roundings.
func (n *GifPopPscExp) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v := &n.P, &n.S, &n.v
	in := &n.input
	l := p.LenKer
	nN := float64(p.N)
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		hTot := float64((p.Ie+s.Y0)*v.p20) + p.EL

		n.ring.Take(ctx.Slot(step), in[:])
		// Spike input as NEST rescales it: weighted counts per ms, then
		// onto the voltage scale of the method.
		jnaEx := in[gifPopSpikeEx] / v.h
		jnaIn := in[gifPopSpikeIn] / v.h
		jnaEx *= p.TauSynEx / p.Cm
		jnaIn *= p.TauSynIn / p.Cm
		jnyEx := s.ISynEx / p.Cm
		jnyIn := s.ISynIn / p.Cm

		hEx := gifPopSynapse(p.TauSynEx, p.TauM, v.p11ex, v.p22, jnyEx, jnaEx)
		hIn := gifPopSynapse(p.TauSynIn, p.TauM, v.p11in, v.p22, jnyIn, jnaIn)
		hTot += hEx + hIn

		jnyEx = jnaEx + float64((jnyEx-jnaEx)*v.p11ex)
		jnyIn = jnaIn + float64((jnyIn-jnaIn)*v.p11in)
		s.ISynEx = jnyEx * p.Cm
		s.ISynIn = jnyIn * p.Cm

		s.Y0 = in[gifPopCurrent]

		var w, x, y, z float64
		s.ThetaHat = p.VTStar
		s.V = float64((s.V-p.EL)*v.p22) + hTot

		// Adaptation of the neurons free of refractoriness.
		for j := range p.TauSfa {
			gTmp := float64((1-v.q30[j])*v.n[v.k0]) / (nN * v.h)
			v.g[j] = float64(v.g[j]*v.q30[j]) + gTmp
			s.ThetaHat += float64(v.q30K[j] * v.g[j])
		}

		lambdaTld := n.escRate(s.V - s.ThetaHat)
		pFree := 1 - libm.Exp(float64(-0.0005*(v.lambdaFree+lambdaTld))*v.h)
		v.lambdaFree = lambdaTld
		// NEST subtracts the contribution of history slot 0 here (not
		// that of the current slot k0).
		s.ThetaHat -= float64(v.n[0] * v.thetaTld[0])

		for k := range l {
			x += v.m[k]
		}

		thetaHat := s.ThetaHat
		for km := int64(0); km < l-v.kRef; km++ {
			k := (v.k0 + km) % l
			theta := v.theta[km] + thetaHat
			thetaHat += float64(v.n[k] * v.thetaTld[km])
			v.u[k] = float64((v.u[k]-p.EL)*v.p22) + hTot
			lambdaTld = n.escRate(v.u[k] - theta)
			pLambda := float64(0.0005*(lambdaTld+v.lambda[k])) * v.h
			if pLambda > 0.01 {
				pLambda = 1 - libm.Exp(-pLambda)
			}
			v.lambda[k] = lambdaTld
			y += float64(pLambda * v.vv[k])
			z += v.vv[k]
			w += float64(pLambda * v.m[k])
			ompl := 1 - pLambda
			v.vv[k] = float64(float64(ompl*ompl)*v.vv[k]) + float64(pLambda*v.m[k])
			v.m[k] = ompl * v.m[k]
		}

		pLambdaAll := 0.0
		if z+v.z > 0 {
			pLambdaAll = (y + float64(pFree*v.z)) / (z + v.z)
		}

		s.NExpect = w + float64(pFree*v.x) + float64(pLambdaAll*(nN-x-v.x))
		switch {
		case n.replay != nil:
			s.NSpikes = n.replay(s.NExpect)
		case p.BinoRand:
			s.NSpikes = gifPopBinomial(v.rng, p.N, s.NExpect)
		default:
			s.NSpikes = gifPopPoisson(v.rng, p.N, s.NExpect)
		}

		ompf := 1 - pFree
		v.z = float64(float64(ompf*ompf)*v.z) + float64(v.x*pFree) + v.vv[v.k0]
		v.x = float64(v.x*ompf) + v.m[v.k0]

		ns := float64(s.NSpikes)
		v.n[v.k0] = ns
		v.m[v.k0] = ns
		v.vv[v.k0] = 0
		v.u[v.k0] = p.Vreset
		v.lambda[v.k0] = 0
		v.k0 = (v.k0 + 1) % l

		n.logs.Record(step, n)
		if s.NSpikes > 0 {
			ctx.Emit.EmitSpikes(ctx.Index, step, 0, int(s.NSpikes))
		}
	}
}

// gifPopSynapse is the membrane's exact response over one step to an
// exponential synaptic current (jny: its value, jna: the step's input,
// both on the method's voltage scale).
func gifPopSynapse(tauS, tauM, p11, p22, jny, jna float64) float64 {
	tmp := float64(float64(tauS*p11)*(jny-jna)) - float64(p22*(float64(tauS*jny)-float64(tauM*jna)))
	return tauM * (jna + tmp/(tauS-tauM))
}

// gifPopBinomial draws the spike count for expectation mean among n
// neurons: binomial with p = mean/n, n itself for p >= 1 and 0 for
// p <= 0 (no draw then).
func gifPopBinomial(rng *rand.Rand, n int64, mean float64) int64 {
	p := mean / float64(n)
	switch {
	case p >= 1:
		return n
	case p <= 0:
		return 0
	}
	return drawBinomial(rng, n, p)
}

// gifPopPoisson draws a Poisson spike count of the given mean, capped at
// n: n itself for a mean above n, nothing (and no draw) for a mean below
// the smallest normal double, and a Bernoulli draw when the chance of two
// or more spikes is below it, as NEST does.
func gifPopPoisson(rng *rand.Rand, n int64, mean float64) int64 {
	const minNormal = 0x1p-1022
	switch {
	case mean > float64(n):
		return n
	case !(mean > minNormal):
		return 0
	}
	var k int64
	if 1-(mean+1)*libm.Exp(-mean) > minNormal {
		k = drawPoisson(rng, mean)
	} else if rng.Float64() < mean {
		k = 1
	}
	return min(max(k, 0), n)
}

// drawPoisson draws from the Poisson distribution of mean lambda > 0:
// by inversion (sequential search) below 10, by Hoermann's transformed
// rejection with squeeze (PTRS) above.
func drawPoisson(rng *rand.Rand, lambda float64) int64 {
	if lambda < 10 {
		u := rng.Float64()
		pk := libm.Exp(-lambda)
		k := int64(0)
		for u > pk && pk > 0 {
			u -= pk
			k++
			pk *= lambda / float64(k)
		}
		return k
	}
	return randdist.PoissonPTRS(lambda, rng)
}

// drawBinomial draws from the binomial distribution of n trials with
// success probability 0 < p < 1: for p > 1/2 as n minus a draw with 1 - p;
// by inversion (sequential search) when n*p < 10; otherwise by Hoermann's
// transformed rejection with squeeze (BTRS), accepting against the exact
// log-probability ratio to the mode.
func drawBinomial(rng *rand.Rand, n int64, p float64) int64 {
	if p > 0.5 {
		return n - drawBinomial(rng, n, 1-p)
	}
	nf := float64(n)
	q := 1 - p
	if nf*p < 10 {
		s := p / q
		a := (nf + 1) * s
		r := math.Pow(q, nf)
		u := rng.Float64()
		k := int64(0)
		for u > r && k < n {
			u -= r
			k++
			r *= a/float64(k) - s
		}
		return k
	}
	spq := math.Sqrt(nf * p * q)
	b := 1.15 + 2.53*spq
	a := -0.0873 + 0.0248*b + 0.01*p
	c := nf*p + 0.5
	vr := 0.92 - 4.2/b
	alpha := (2.83 + 5.1/b) * spq
	lpq := math.Log(p / q)
	m := math.Floor((nf + 1) * p)
	lgm, _ := math.Lgamma(m + 1)
	lgnm, _ := math.Lgamma(nf - m + 1)
	for {
		u := rng.Float64() - 0.5
		v := rng.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + c)
		if k < 0 || k > nf {
			continue
		}
		if us >= 0.07 && v <= vr {
			return int64(k)
		}
		lgk, _ := math.Lgamma(k + 1)
		lgnk, _ := math.Lgamma(nf - k + 1)
		if math.Log(v*alpha/(a/(us*us)+b)) <= lgm+lgnm-lgk-lgnk+(k-m)*lpq {
			return int64(k)
		}
	}
}

// Recordables implements node.Recordable.
func (n *GifPopPscExp) Recordables() []string { return gifPopRecordables }

// RecordableValue implements node.Recordable.
func (n *GifPopPscExp) RecordableValue(i int) float64 {
	s := &n.S
	switch i {
	case 0:
		return s.V
	case 1:
		return float64(s.NSpikes)
	case 2:
		return s.ThetaHat
	case 3:
		return s.NExpect
	case 4:
		return s.ISynEx
	case 5:
		return s.ISynIn
	}
	return math.NaN()
}
