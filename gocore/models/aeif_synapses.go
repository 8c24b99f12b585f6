package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/ode"
)

// aeifSyn is the implementation the aeif models with one excitatory and
// one inhibitory synapse share (aeif_cond_exp, aeif_cond_alpha,
// aeif_psc_exp, aeif_psc_alpha). They differ in what a synapse is (a
// conductance with its reversal potential, or a current) and in its
// shape (exponential decay, or an alpha function made of a pair of
// variables); aeifSynKind says which.
type aeifSyn struct {
	P    AeifSynParams
	S    aeifSynState
	v    aeifCore
	kind *aeifSynKind
	plainNeuron
	input [aeifSynChannels + 1]float64
	// the context and emitter of the neuron as second of UpdatePair
	pairCtx node.Context
	held    heldSpikes
	// the integration in UpdateGroup (exponential synapses only, made in
	// the first Prepare)
	lane *ode.Lane
	divs aeifDivisors
}

// aeifSynKind describes one member of the family.
type aeifSynKind struct {
	model string
	// cond: the synapses are conductances (E_ex, E_in are parameters and
	// the currents g*(V - E) are subtracted); otherwise they are currents,
	// the excitatory one added and the inhibitory one subtracted.
	cond bool
	// alpha: each synapse is the pair dX/dt' = -dX/tau, dX/dt = dX - X/tau
	// and a spike of weight w raises dX by |w|*e/tau; otherwise
	// dX/dt = -X/tau and a spike raises X by |w|.
	alpha bool
	// order of the membrane rules.
	order aeifRuleOrder
	// sic: the neuron takes slow inward currents from astrocytes
	// (aeif_cond_alpha_astro), in an extra input channel, added to the
	// membrane current like I_stim.
	sic bool
	// names of the synaptic state: the synapse variable and its companion
	// (alpha only), excitatory then inhibitory.
	ex, in, dEx, dIn string
	recordables      []string
	// recorded[i] is the state index of recordables[i].
	recorded []int
}

// AeifSynParams are the parameters of the aeif models with two synapses.
type AeifSynParams struct {
	aeifParams
	Eex      float64 // E_ex, mV (conductance models only)
	Ein      float64 // E_in, mV (conductance models only)
	TauSynEx float64 // tau_syn_ex, ms
	TauSynIn float64 // tau_syn_in, ms
}

// defaultAeifSynParams returns NEST 3.10's defaults.
func defaultAeifSynParams() AeifSynParams {
	return AeifSynParams{aeifParams: defaultAeifParams(), Eex: 0, Ein: -85, TauSynEx: 0.2, TauSynIn: 2}
}

// State vector layout. V_m is first in every model; the synapses follow
// (X_ex, X_in for exponential synapses, dX_ex, X_ex, dX_in, X_in for alpha
// synapses), then w.
const (
	aeifSynMaxDim = 6
	// aeifSynISIC in aeifSynKind.recorded stands for the slow inward
	// current, which is not part of the state vector.
	aeifSynISIC = aeifSynMaxDim
)

// layout returns the state indices of the kind: the synapse variables,
// their companions (alpha only, else -1), w and the dimension.
func (k *aeifSynKind) layout() (ex, in, dEx, dIn, w, dim int) {
	if k.alpha {
		return 2, 4, 1, 3, 5, 6
	}
	return 1, 2, -1, -1, 3, 4
}

// aeifSynState is the dynamic state.
type aeifSynState struct {
	Y        [aeifSynMaxDim]float64 // V_m (mV), the synapses (nS or pA), w (pA); see layout
	RefSteps int64                  // remaining refractory steps
	IStim    float64                // current input read in the previous step, pA
	ISIC     float64                // slow inward current read in the previous step, pA (sic kinds)
}

// Input ring-buffer channels.
const (
	aeifSynSpikeEx = iota
	aeifSynSpikeIn // sum of the (zero or negative) weights
	aeifSynCurrent
	aeifSynChannels
	// aeifSynSIC is the extra channel of the kinds with sic; the others
	// bind aeifSynChannels channels only.
	aeifSynSIC = aeifSynChannels
)

func newAeifSyn(k *aeifSynKind) aeifSyn {
	n := aeifSyn{P: defaultAeifSynParams(), kind: k, plainNeuron: newPlainNeuron(k.model, aeifSynSpikeEx, aeifSynSpikeIn, aeifSynCurrent)}
	n.S.Y[0] = n.P.EL
	return n
}

// clone returns a copy without loggers, buffers or integration.
func (n *aeifSyn) clone() aeifSyn {
	return aeifSyn{P: n.P, S: n.S, kind: n.kind, plainNeuron: n.copyPlain()}
}

// Model implements node.Node.
func (n *aeifSyn) Model() string { return n.kind.model }

// validate checks the parameters in NEST's order.
func (n *aeifSyn) validate(p *AeifSynParams) error {
	if err := p.validate(n.kind.order); err != nil {
		return err
	}
	if err := validateTimeConstants(namedValue{"tau_syn_ex", p.TauSynEx}, namedValue{"tau_syn_in", p.TauSynIn}, namedValue{"tau_w", p.TauW}); err != nil {
		return err
	}
	return p.validateTolerance()
}

// Status implements node.Node.
func (n *aeifSyn) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *aeifSyn) StatusTo(out node.StatusSink) {
	k, p, y := n.kind, &n.P, &n.S.Y
	ex, in, dEx, dIn, w, _ := k.layout()
	out.Float("tau_syn_ex", p.TauSynEx)
	out.Float("tau_syn_in", p.TauSynIn)
	out.Float("V_m", y[0])
	out.Float(k.ex, y[ex])
	out.Float(k.in, y[in])
	out.Float("w", y[w])
	out.Strings("recordables", k.recordables)
	p.statusTo(out)
	if k.cond {
		out.Float("E_ex", p.Eex)
		out.Float("E_in", p.Ein)
	}
	if k.alpha {
		out.Float(k.dEx, y[dEx])
		out.Float(k.dIn, y[dIn])
	}
	n.arch.StatusTo(out)
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *aeifSyn) SetStatus(r *dict.Reader, _ *node.Env) error {
	k := n.kind
	p := n.P
	fields := append(p.fields(), floatField{"tau_syn_ex", &p.TauSynEx}, floatField{"tau_syn_in", &p.TauSynIn})
	if k.cond {
		fields = append(fields, floatField{"E_ex", &p.Eex}, floatField{"E_in", &p.Ein})
	}
	if err := readFloats(r, fields); err != nil {
		return err
	}
	if err := n.validate(&p); err != nil {
		return err
	}
	s := n.S
	ex, in, dEx, dIn, w, _ := k.layout()
	state := []floatField{{"V_m", &s.Y[0]}, {k.ex, &s.Y[ex]}, {k.in, &s.Y[in]}, {"w", &s.Y[w]}}
	if k.alpha {
		state = append(state, floatField{k.dEx, &s.Y[dEx]}, floatField{k.dIn, &s.Y[dIn]})
	}
	if err := readFloats(r, state); err != nil {
		return err
	}
	// NEST says conductances also of the current-based models.
	if s.Y[ex] < 0 || s.Y[in] < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Conductances must not be negative (%s = %g, %s = %g).",
			k.ex, s.Y[ex], k.in, s.Y[in])
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	return nil
}

// Prepare implements node.Node (see aeifCore.prepare).
func (n *aeifSyn) Prepare(env *node.Env) {
	_, _, _, _, _, dim := n.kind.layout()
	n.v.prepare(env, &n.P.aeifParams, dim, n.derivs)
	if !n.kind.alpha && n.lane == nil {
		n.lane = new(ode.Lane)
	}
	channels := aeifSynChannels
	if n.kind.sic {
		channels++
	}
	n.bindBuffers(env, channels)
}

// derivs is the right-hand side of the system. It reads the refractory
// counter and the input current from the node, as NEST's does; a spike
// inside a simulation step makes the rest of that step refractory. The
// sums are taken in NEST's order. Exponential synapses (V_m, X_ex, X_in,
// w) are handled in derivsExp with fixed indices, the exponential first,
// so that little else is live across its call; alpha synapses in
// derivsAlpha.
func (n *aeifSyn) derivs(_ float64, ys, fs []float64) error {
	if n.kind.alpha {
		return n.derivsAlpha(ys, fs)
	}
	n.derivsExp((*[4]float64)(ys), (*[4]float64)(fs))
	return nil
}

// derivsExp is derivs for exponential synapses (V_m, X_ex, X_in, w). It
// divides by the divisors set by setDivisors.
func (n *aeifSyn) derivsExp(y, f *[4]float64) {
	k, p, d := n.kind, &n.P, &n.divs
	refractory := n.S.RefSteps > 0
	v := p.membrane(y[0], refractory)
	iSpike := 0.0
	if p.DeltaT != 0 {
		// spikeCurrent, written out: called, it would not be inlined.
		iSpike = float64(float64(p.GL*p.DeltaT) * aeifExp(d.deltaT.of(v-p.Vth)))
	}
	switch {
	case refractory:
		f[0] = 0
	case k.cond:
		iSynEx := float64(y[1] * (v - p.Eex))
		iSynIn := float64(y[2] * (v - p.Ein))
		sum := p.leak(v) + iSpike - iSynEx - iSynIn - y[3] + p.Ie + n.S.IStim
		if k.sic {
			// Only the astrocyte kinds add it: NEST's sum ends with I_stim
			// (adding a zero would only turn a -0 into +0).
			sum += n.S.ISIC
		}
		f[0] = d.cm.of(sum)
	default:
		f[0] = d.cm.of(p.leak(v) + iSpike + y[1] - y[2] - y[3] + p.Ie + n.S.IStim)
	}
	f[1] = d.tauEx.of(-y[1])
	f[2] = d.tauIn.of(-y[2])
	f[3] = d.tauW.of(float64(p.A*(v-p.EL)) - y[3])
}

// aeifDivisors are the divisors of derivsExp.
type aeifDivisors struct{ deltaT, cm, tauEx, tauIn, tauW divisor }

// setDivisors sets the divisors of derivsExp from the parameters; Update
// and UpdateGroup call it first, since SetStatus may change them between
// two runs. (UpdatePair integrates only alpha synapses: UpdateGroup takes
// the exponential ones, and hands UpdatePair only those it refuses, which
// UpdatePair refuses too.)
func (n *aeifSyn) setDivisors() {
	d, p := &n.divs, &n.P
	d.deltaT.set(p.DeltaT)
	d.cm.set(p.Cm)
	d.tauEx.set(p.TauSynEx)
	d.tauIn.set(p.TauSynIn)
	d.tauW.set(p.TauW)
}

// derivsAlpha is derivs for alpha synapses (V_m, dX_ex, X_ex, dX_in,
// X_in, w).
func (n *aeifSyn) derivsAlpha(y, f []float64) error {
	k, p := n.kind, &n.P
	ex, in, dEx, dIn, w, _ := k.layout()
	refractory := n.S.RefSteps > 0
	v := p.membrane(y[0], refractory)
	iSpike := p.spikeCurrent(v)
	if refractory {
		f[0] = 0
	} else if k.cond {
		iSynEx := float64(y[ex] * (v - p.Eex))
		iSynIn := float64(y[in] * (v - p.Ein))
		sum := p.leak(v) + iSpike - iSynEx - iSynIn - y[w] + p.Ie + n.S.IStim
		if k.sic {
			// Only the astrocyte kinds add it: NEST's sum ends with I_stim
			// (adding a zero would only turn a -0 into +0).
			sum += n.S.ISIC
		}
		f[0] = sum / p.Cm
	} else {
		f[0] = (p.leak(v) + iSpike + y[ex] - y[in] - y[w] + p.Ie + n.S.IStim) / p.Cm
	}
	f[dEx] = -y[dEx] / p.TauSynEx
	f[ex] = y[dEx] - y[ex]/p.TauSynEx
	f[dIn] = -y[dIn] / p.TauSynIn
	f[in] = y[dIn] - y[in]/p.TauSynIn
	f[w] = p.adaptation(v, y[w])
	return nil
}

// Update implements node.Node, in NEST's order: integrate over the step
// with spike detection inside (aeifCore.step), then endStep.
func (n *aeifSyn) Update(ctx *node.Context, origin int64, from, to int) {
	p, s := &n.P, &n.S
	_, _, _, _, w, dim := n.kind.layout()
	y := s.Y[:dim]
	n.setDivisors()
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		n.v.step(n.kind.model, ctx, step, y, w, &p.aeifParams, &s.RefSteps, &n.arch, nil)
		n.endStep(ctx, step)
	}
}

// endStep ends simulation step step: count the refractory period down,
// add the spikes arriving in this step, take the current for the next
// step, log.
func (n *aeifSyn) endStep(ctx *node.Context, step int64) {
	k, p, s := n.kind, &n.P, &n.S
	ex, in, dEx, dIn, _, _ := k.layout()
	if s.RefSteps > 0 {
		s.RefSteps--
	}
	buf := &n.input
	n.ring.Take(ctx.Slot(step), buf[:])
	if k.alpha {
		// Alpha synapses: the jump of the companion per unit of weight.
		s.Y[dEx] += float64(buf[aeifSynSpikeEx] * (math.E / p.TauSynEx))
		s.Y[dIn] += float64(-buf[aeifSynSpikeIn] * (math.E / p.TauSynIn))
	} else {
		s.Y[ex] += buf[aeifSynSpikeEx]
		s.Y[in] += -buf[aeifSynSpikeIn]
	}
	s.IStim = buf[aeifSynCurrent]
	s.ISIC = buf[aeifSynSIC]
	n.logs.Record(step, n)
}

// aeifSynNode gives UpdatePair the shared part of its partner.
type aeifSynNode interface{ aeifSynPart() *aeifSyn }

func (n *aeifSyn) aeifSynPart() *aeifSyn { return n }

// UpdatePair implements node.PairUpdater: n and other, the next node of
// the thread, updated together, their adaptive steps interleaved
// (ode.ApplyPair) while both integrate. Each neuron's arithmetic is that
// of Update; other's spikes are held back and sent after all of n's, in
// the order two calls of Update send them. Only neurons of the same kind
// without loggers pair (a multimeter would see their rows interleaved).
func (n *aeifSyn) UpdatePair(ctx *node.Context, other node.Node, otherIndex int, origin int64, from, to int) bool {
	o, ok := other.(aeifSynNode)
	if !ok {
		return false
	}
	m := o.aeifSynPart()
	if m.kind != n.kind || n.logs.Len() > 0 || m.logs.Len() > 0 || !n.v.ready() || !m.v.ready() {
		return false
	}
	m.held.Emitter, m.held.steps = ctx.Emit, m.held.steps[:0]
	m.pairCtx = node.Context{Index: otherIndex, RingLen: ctx.RingLen, Emit: &m.held}
	a := aeifSynLane{n: n, ctx: ctx, lag: from}
	b := aeifSynLane{n: m, ctx: &m.pairCtx, lag: from}
	a.begin(origin, to)
	b.begin(origin, to)
	for a.active || b.active {
		switch {
		case a.active && b.active:
			ea, eb := a.n.v.evolve, b.n.v.evolve
			ra, rb := ode.ApplyPair(ea, eb, a.n.v.f, b.n.v.f, a.t, a.n.v.integrator.step, a.n.v.h, a.y,
				b.t, b.n.v.integrator.step, b.n.v.h, b.y)
			a.took(ra, origin, to)
			b.took(rb, origin, to)
		case a.active:
			a.apply(origin, to)
		default:
			b.apply(origin, to)
		}
	}
	for _, step := range m.held.steps {
		ctx.Emit.EmitSpike(otherIndex, step, 0)
	}
	m.held.Emitter = nil
	return true
}

// aeifSynLane is one neuron of UpdatePair: the simulation step it is in
// and the time reached in it.
type aeifSynLane struct {
	n      *aeifSyn
	ctx    *node.Context
	y      []float64
	lag    int
	t      float64
	active bool
}

// begin starts the lane's first simulation step, if any.
func (l *aeifSynLane) begin(origin int64, to int) {
	_, _, _, _, _, dim := l.n.kind.layout()
	l.y = l.n.S.Y[:dim]
	l.active = l.lag < to
	if l.active {
		l.n.v.beginStep()
	}
}

// apply takes one adaptive step of the lane alone.
func (l *aeifSynLane) apply(origin int64, to int) {
	v := &l.n.v
	var r ode.Result
	r.T, r.H, r.Err = v.evolve.Apply(v.f, l.t, v.integrator.step, v.h, l.y)
	l.took(r, origin, to)
}

// took finishes an adaptive step (aeifCore.afterStep) and, at the end of
// a simulation step, the simulation step (endStep), starting the next.
func (l *aeifSynLane) took(r ode.Result, origin int64, to int) {
	n := l.n
	if r.Err != nil {
		panic(solverFailure(n.kind.model, r.Err))
	}
	l.t, n.v.h = r.T, r.H
	step := origin + int64(l.lag)
	_, _, _, _, w, _ := n.kind.layout()
	n.v.afterStep(n.kind.model, l.ctx, step, l.y, w, &n.P.aeifParams, &n.S.RefSteps, &n.arch, n.v.evolve, nil)
	if l.t < n.v.integrator.step {
		return
	}
	n.endStep(l.ctx, step)
	l.lag++
	l.t = 0
	l.active = l.lag < to
	if l.active {
		n.v.beginStep()
	}
}

// heldSpikes is the emitter of the second neuron of UpdatePair: it keeps
// the steps of its spikes until the first neuron is done.
type heldSpikes struct {
	node.Emitter
	steps []int64
}

// EmitSpike implements node.Emitter.
func (h *heldSpikes) EmitSpike(_ int, step int64, _ float64) { h.steps = append(h.steps, step) }

// Recordables implements node.Recordable.
func (n *aeifSyn) Recordables() []string { return n.kind.recordables }

// RecordableValue implements node.Recordable.
func (n *aeifSyn) RecordableValue(i int) float64 {
	if i >= 0 && i < len(n.kind.recorded) {
		if n.kind.recorded[i] == aeifSynISIC {
			return n.S.ISIC
		}
		return n.S.Y[n.kind.recorded[i]]
	}
	return math.NaN()
}
