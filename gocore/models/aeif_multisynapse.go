package models

import (
	"fmt"
	"math"
	"sort"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// aeifMulti is the implementation NEST's conductance-based aeif
// multisynapse models share (aeif_cond_alpha_multisynapse,
// aeif_cond_beta_multisynapse): receptor port k (1..n) has a conductance
// g_k with reversal potential E_rev[k-1], driven by the pair
//
//	dg'_k/dt = -g'_k/tau_1,  dg_k/dt = g'_k - g_k/tau_2,
//
// tau_1 = tau_2 = tau_syn for alpha synapses, tau_1 = tau_rise and
// tau_2 = tau_decay for beta synapses, a spike of weight w raising g'_k
// by w times a factor that makes g_k peak at w. The membrane current of
// the synapses is the sum over k of g_k (E_rev[k-1] - V).
type aeifMulti struct {
	P    AeifMultiParams
	S    aeifMultiState
	v    aeifCore
	beta bool
	multiPorts
	input []float64
	jump  []float64 // per port: the jump of g' per unit of weight
	// recNames are the recordables (see setRecordables), recIdx their
	// state indices.
	recNames []string
	recIdx   []int
}

// AeifMultiParams are the parameters of the aeif multisynapse models.
type AeifMultiParams struct {
	aeifParams
	ERev []float64 // E_rev, mV, one per receptor port
	// TauSyn (alpha synapses) or TauRise and TauDecay (beta synapses), ms,
	// one per receptor port.
	TauSyn, TauRise, TauDecay []float64
}

// State vector layout: V_m, w, then g'_k, g_k for each port.
const (
	aeifMultiV = iota
	aeifMultiW
	aeifMultiFixed
)

// aeifMultiState is the dynamic state.
type aeifMultiState struct {
	// Y is V_m (mV), w (pA), then dg_k (nS/ms), g_k (nS) per port. It
	// takes the size of the ports when the node is prepared, as NEST's.
	Y        []float64
	RefSteps int64   // remaining refractory steps
	IStim    float64 // current input read in the previous step, pA
}

func newAeifMulti(model string, beta bool) aeifMulti {
	p := AeifMultiParams{aeifParams: defaultAeifParams(), ERev: []float64{0}}
	if beta {
		p.TauRise, p.TauDecay = []float64{2}, []float64{20}
	} else {
		p.TauSyn = []float64{2}
	}
	n := aeifMulti{P: p, beta: beta, multiPorts: newMultiPorts(model, 1)}
	n.S.Y = make([]float64, aeifMultiFixed+2)
	n.S.Y[aeifMultiV] = p.EL
	n.setRecordables()
	return n
}

// clone returns a copy without loggers, buffers, integration or
// connections.
func (n *aeifMulti) clone() aeifMulti {
	c := aeifMulti{P: n.P.copy(), S: n.S, beta: n.beta, multiPorts: n.copyPorts()}
	c.S.Y = append([]float64(nil), n.S.Y...)
	c.setRecordables()
	return c
}

// copy returns p with its own vectors.
func (p AeifMultiParams) copy() AeifMultiParams {
	cp := func(v []float64) []float64 {
		if v == nil {
			return nil
		}
		return append([]float64(nil), v...)
	}
	p.ERev, p.TauSyn, p.TauRise, p.TauDecay = cp(p.ERev), cp(p.TauSyn), cp(p.TauRise), cp(p.TauDecay)
	return p
}

// Model implements node.Node.
func (n *aeifMulti) Model() string { return n.model }

// setRecordables makes the recordables V_m, w and g_1..g_n, sorted by
// name as NEST's map is (g_10 before g_2).
func (n *aeifMulti) setRecordables() {
	idx := map[string]int{"V_m": aeifMultiV, "w": aeifMultiW}
	for k := range n.P.ERev {
		idx[fmt.Sprintf("g_%d", k+1)] = aeifMultiFixed + 2*k + 1
	}
	n.recNames = n.recNames[:0:0]
	for name := range idx {
		n.recNames = append(n.recNames, name)
	}
	sort.Strings(n.recNames)
	n.recIdx = make([]int, len(n.recNames))
	for i, name := range n.recNames {
		n.recIdx[i] = idx[name]
	}
}

// Status implements node.Node. g and dg have the size of the state
// vector, which follows a change of the number of ports when the node is
// next prepared, as in NEST.
func (n *aeifMulti) Status() dict.Dict { return node.StatusDict(n, neuronStatusSize) }

// StatusTo implements node.TypedStatus.
func (n *aeifMulti) StatusTo(w node.StatusSink) {
	p, y := &n.P, n.S.Y
	ports := (len(y) - aeifMultiFixed) / 2
	g, dg := make([]float64, ports), make([]float64, ports)
	for k := range ports {
		dg[k], g[k] = y[aeifMultiFixed+2*k], y[aeifMultiFixed+2*k+1]
	}
	w.Int("n_receptors", len(p.ERev))
	w.Bool("has_connections", n.connected)
	w.Value("E_rev", p.ERev)
	w.Float("V_m", y[aeifMultiV])
	w.Float("w", y[aeifMultiW])
	w.Value("g", g)
	w.Value("dg", dg)
	w.Strings("recordables", n.recNames)
	if n.beta {
		w.Value("tau_rise", p.TauRise)
		w.Value("tau_decay", p.TauDecay)
	} else {
		w.Value("tau_syn", p.TauSyn)
	}
	p.statusTo(w)
	n.arch.StatusTo(w)
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
// The receptor vectors are checked first, as NEST does while reading
// them; the number of ports may not shrink once the neuron has
// connections (it may grow).
func (n *aeifMulti) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P.copy()
	if err := readFloats(r, p.fields()); err != nil {
		return err
	}
	old := len(p.ERev)
	gotE, err := r.Floats("E_rev", &p.ERev)
	if err != nil {
		return err
	}
	type vector struct {
		key string
		dst *[]float64
	}
	taus := []vector{{"tau_syn", &p.TauSyn}}
	if n.beta {
		taus = []vector{{"tau_rise", &p.TauRise}, {"tau_decay", &p.TauDecay}}
	}
	given := []bool{gotE}
	for _, tau := range taus {
		got, err := r.Floats(tau.key, tau.dst)
		if err != nil {
			return err
		}
		given = append(given, got)
	}
	if err := n.checkPorts(&p, old, given); err != nil {
		return err
	}
	if err := p.validate(aeifPeakThenReset); err != nil {
		return err
	}
	if p.TauW <= 0 {
		return nesterr.New(nesterr.ErrBadProperty, "All time constants must be strictly positive (tau_w = %g ms).", p.TauW)
	}
	if err := p.validateTolerance(); err != nil {
		return err
	}
	s := n.S
	s.Y = append([]float64(nil), n.S.Y...)
	if err := readFloats(r, []floatField{{"V_m", &s.Y[aeifMultiV]}, {"w", &s.Y[aeifMultiW]}}); err != nil {
		return err
	}
	arch, err := n.arch.Set(r)
	if err != nil {
		return err
	}
	n.P, n.S, n.arch = p, s, arch
	n.ports = len(p.ERev)
	n.setRecordables()
	return nil
}

// checkPorts applies NEST's rules on the receptor vectors when any of
// them was given: all of them if their length changes, equal lengths, no
// fewer ports once connected, positive time constants (and, for beta
// synapses, rise no slower than decay).
func (n *aeifMulti) checkPorts(p *AeifMultiParams, old int, given []bool) error {
	anyGiven, allGiven := false, true
	for _, g := range given {
		anyGiven = anyGiven || g
		allGiven = allGiven && g
	}
	if !anyGiven {
		return nil
	}
	lengths := []int{len(p.ERev)}
	names := "E_rev and tau_syn"
	if n.beta {
		lengths = append(lengths, len(p.TauRise), len(p.TauDecay))
		names = "E_rev, tau_rise and tau_decay"
	} else {
		lengths = append(lengths, len(p.TauSyn))
	}
	changed, equal := false, true
	for _, l := range lengths {
		changed = changed || l != old
		equal = equal && l == lengths[0]
	}
	if changed && !allGiven {
		return nesterr.New(nesterr.ErrBadProperty, "If the number of receptor ports is changed, all of %s must be provided.", names)
	}
	if !equal {
		return nesterr.New(nesterr.ErrBadProperty, "The arrays %s must have the same size (sizes %v).", names, lengths)
	}
	if lengths[1] < old && n.connected {
		return nesterr.New(nesterr.ErrBadProperty, "The neuron has connections, therefore the number of ports cannot be reduced (%d ports, %d requested).", old, lengths[1])
	}
	for k := range lengths[1] {
		if n.beta {
			rise, decay := p.TauRise[k], p.TauDecay[k]
			if rise <= 0 || decay <= 0 {
				return nesterr.New(nesterr.ErrBadProperty, "All synaptic time constants must be strictly positive (port %d: tau_rise = %g ms, tau_decay = %g ms).", k+1, rise, decay)
			}
			if decay < rise {
				return nesterr.New(nesterr.ErrBadProperty, "Synaptic rise time must be smaller than or equal to decay time (port %d: tau_rise = %g ms, tau_decay = %g ms).", k+1, rise, decay)
			}
		} else if p.TauSyn[k] <= 0 {
			return nesterr.New(nesterr.ErrBadProperty, "All synaptic time constants must be strictly positive (port %d: tau_syn = %g ms).", k+1, p.TauSyn[k])
		}
	}
	return nil
}

// HandleSpike implements node.SpikeReceiver: the weighted spike goes to
// its port's channel. NEST refuses negative weights when the spike is
// delivered, stopping the simulation.
func (n *aeifMulti) HandleSpike(e *node.SpikeEvent) {
	if e.Weight < 0 {
		panic(nesterr.New(nesterr.ErrBadProperty, "Synaptic weights for conductance-based multisynapse models must be positive (weight %g on port %d of %s).", e.Weight, e.Rport, n.model))
	}
	n.multiPorts.HandleSpike(e)
}

// Prepare implements node.Node: the state vector takes the size of the
// ports (new elements 0), the jumps follow the time constants and the
// integration is set up (see aeifCore.prepare).
func (n *aeifMulti) Prepare(env *node.Env) {
	p := &n.P
	ports := len(p.ERev)
	dim := aeifMultiFixed + 2*ports
	if len(n.S.Y) > dim {
		n.S.Y = n.S.Y[:dim]
	}
	for len(n.S.Y) < dim {
		n.S.Y = append(n.S.Y, 0)
	}
	n.jump = resizeState(n.jump, ports)
	for k := range ports {
		if n.beta {
			n.jump[k] = betaNormalization(p.TauRise[k], p.TauDecay[k])
		} else {
			n.jump[k] = math.E / p.TauSyn[k]
		}
	}
	n.v.prepare(env, &p.aeifParams, dim, n.derivs)
	n.input = make([]float64, n.channels())
	n.bindBuffers(env, n.channels())
}

// derivs is the right-hand side of the system, with NEST's order of
// operations. It reads the refractory counter and the input current from
// the node, as NEST's does.
func (n *aeifMulti) derivs(_ float64, y, f []float64) error {
	p := &n.P
	refractory := n.S.RefSteps > 0
	v := p.membrane(y[aeifMultiV], refractory)
	w := y[aeifMultiW]
	iSyn := 0.0
	for k, e := range p.ERev {
		iSyn += float64(y[aeifMultiFixed+2*k+1] * (e - v))
	}
	iSpike := p.spikeCurrent(v)
	if refractory {
		f[aeifMultiV] = 0
	} else {
		f[aeifMultiV] = (p.leak(v) + iSpike + iSyn - w + p.Ie + n.S.IStim) / p.Cm
	}
	f[aeifMultiW] = p.adaptation(v, w)
	for k := range p.ERev {
		dg, g := aeifMultiFixed+2*k, aeifMultiFixed+2*k+1
		if n.beta {
			f[dg] = -y[dg] / p.TauRise[k]
			f[g] = y[dg] - y[g]/p.TauDecay[k]
		} else {
			f[dg] = -y[dg] / p.TauSyn[k]
			f[g] = y[dg] - y[g]/p.TauSyn[k]
		}
	}
	return nil
}

// Update implements node.Node, in NEST's order: integrate over the step
// with spike detection inside (aeifCore.step), count the refractory
// period down, add each port's spikes to its g', take the current for the
// next step, log.
func (n *aeifMulti) Update(ctx *node.Context, origin int64, from, to int) {
	p, s := &n.P, &n.S
	y := s.Y
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		n.v.step(n.model, ctx, step, y, aeifMultiW, &p.aeifParams, &s.RefSteps, &n.arch, nil)
		if s.RefSteps > 0 {
			s.RefSteps--
		}

		n.ring.Take(ctx.Slot(step), n.input)
		for k, j := range n.jump {
			y[aeifMultiFixed+2*k] += float64(n.input[k] * j)
		}

		s.IStim = n.input[n.currentChannel()]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *aeifMulti) Recordables() []string { return n.recNames }

// RecordableValue implements node.Recordable: V_m, w or g_k, in the
// order of Recordables. A port added since the last preparation reads
// NaN until the state vector has grown.
func (n *aeifMulti) RecordableValue(i int) float64 {
	if i >= 0 && i < len(n.recIdx) && n.recIdx[i] < len(n.S.Y) {
		return n.S.Y[n.recIdx[i]]
	}
	return math.NaN()
}
