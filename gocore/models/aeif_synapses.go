package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
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
	channels := aeifSynChannels
	if n.kind.sic {
		channels++
	}
	n.bindBuffers(env, channels)
}

// derivs is the right-hand side of the system. It reads the refractory
// counter and the input current from the node, as NEST's does; a spike
// inside a simulation step makes the rest of that step refractory. The
// sums are taken in NEST's order.
func (n *aeifSyn) derivs(_ float64, y, f []float64) error {
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
		f[0] = (p.leak(v) + iSpike - iSynEx - iSynIn - y[w] + p.Ie + n.S.IStim + n.S.ISIC) / p.Cm
	} else {
		f[0] = (p.leak(v) + iSpike + y[ex] - y[in] - y[w] + p.Ie + n.S.IStim) / p.Cm
	}
	if k.alpha {
		f[dEx] = -y[dEx] / p.TauSynEx
		f[ex] = y[dEx] - y[ex]/p.TauSynEx
		f[dIn] = -y[dIn] / p.TauSynIn
		f[in] = y[dIn] - y[in]/p.TauSynIn
	} else {
		f[ex] = -y[ex] / p.TauSynEx
		f[in] = -y[in] / p.TauSynIn
	}
	f[w] = p.adaptation(v, y[w])
	return nil
}

// Update implements node.Node, in NEST's order: integrate over the step
// with spike detection inside (aeifCore.step), count the refractory
// period down, add the spikes arriving in this step, take the current for
// the next step, log.
func (n *aeifSyn) Update(ctx *node.Context, origin int64, from, to int) {
	k, p, s := n.kind, &n.P, &n.S
	ex, in, dEx, dIn, w, dim := k.layout()
	y := s.Y[:dim]
	buf := &n.input
	// Alpha synapses: the jump of the companion per unit of weight.
	jumpEx, jumpIn := 1.0, 1.0
	if k.alpha {
		jumpEx, jumpIn = math.E/p.TauSynEx, math.E/p.TauSynIn
	}
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		n.v.step(k.model, ctx, step, y, w, &p.aeifParams, &s.RefSteps, &n.arch, nil)
		if s.RefSteps > 0 {
			s.RefSteps--
		}

		n.ring.Take(ctx.Slot(step), buf[:])
		if k.alpha {
			y[dEx] += float64(buf[aeifSynSpikeEx] * jumpEx)
			y[dIn] += float64(-buf[aeifSynSpikeIn] * jumpIn)
		} else {
			y[ex] += buf[aeifSynSpikeEx]
			y[in] += -buf[aeifSynSpikeIn]
		}

		s.IStim = buf[aeifSynCurrent]
		s.ISIC = buf[aeifSynSIC]
		n.logs.Record(step, n)
	}
}

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
