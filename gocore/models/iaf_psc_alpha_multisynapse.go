package models

import (
	"math"
	"slices"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/node"
)

func init() {
	register("iaf_psc_alpha_multisynapse", func() node.Node { return NewIafPscAlphaMultisynapse() })
}

// IafPscAlphaMultisynapse is NEST's iaf_psc_alpha_multisynapse: a leaky
// integrate-and-fire neuron with any number of receptor ports, each an
// alpha-shaped synaptic current with a time constant of its own. A spike
// of weight w (pA, either sign) on port k starts the current
// w*(t/tau_syn_k)*exp(1 - t/tau_syn_k), which peaks at w after tau_syn_k.
// Currents and membrane are integrated exactly over each step.
//
// Parameters (status keys, defaults, units):
//
//	E_L      -70.0   mV    resting potential
//	I_e        0.0   pA    constant input current
//	V_th     -55.0   mV    spike threshold
//	V_reset  -70.0   mV    reset potential
//	V_min     -inf   mV    lower bound of the membrane potential
//	C_m      250.0   pF    membrane capacitance
//	tau_m     10.0   ms    membrane time constant
//	t_ref      2.0   ms    absolute refractory period
//	tau_syn  [2.0]   ms    synaptic rise times, one per port
//
// Read-only: n_synapses (number of ports), has_connections. The number of
// ports may not change once a spike connection targets the neuron.
// State: V_m (mV, starts at E_L), spike archive (tau_minus,
// tau_minus_triplet, t_spike).
// Receptors: spikes on ports 1..n_synapses; currents on 0.
// Recordables: V_m, I_syn (sum of the port currents), I_syn_1 ...
// I_syn_n (pA).
type IafPscAlphaMultisynapse struct {
	pscMulti
	// Each port's current is the pair (DI, I): DI decays exponentially
	// and feeds I.
	DI []float64 // pA/ms
	I  []float64 // pA

	p11, p21, p31, p32 []float64 // per port (p22 = p11)
	psc0               []float64 // per port: DI per unit weight, e/tau_syn
	p33, p30           float64
}

// NewIafPscAlphaMultisynapse returns a neuron with default parameters at
// rest and one port.
func NewIafPscAlphaMultisynapse() *IafPscAlphaMultisynapse {
	return &IafPscAlphaMultisynapse{pscMulti: newPSCMulti("iaf_psc_alpha_multisynapse", true, false), DI: []float64{0}, I: []float64{0}}
}

// Model implements node.Node.
func (n *IafPscAlphaMultisynapse) Model() string { return "iaf_psc_alpha_multisynapse" }

// Clone implements node.Node; the copy has no loggers, buffers or
// connections.
func (n *IafPscAlphaMultisynapse) Clone() node.Node {
	return &IafPscAlphaMultisynapse{pscMulti: n.copyMulti(), DI: slices.Clone(n.DI), I: slices.Clone(n.I)}
}

// SetStatus implements node.Node; transactional as NEST's.
func (n *IafPscAlphaMultisynapse) SetStatus(r *dict.Reader, _ *node.Env) error {
	if err := n.setStatus(r); err != nil {
		return err
	}
	n.DI = resizeState(n.DI, n.ports)
	n.I = resizeState(n.I, n.ports)
	return nil
}

// Prepare implements node.Node: the propagators of every port. The
// constant-current element is (1/C)*(1 - exp(-h/tau_m))*tau_m, in NEST's
// order of operations for this model.
func (n *IafPscAlphaMultisynapse) Prepare(env *node.Env) {
	h := env.Base.Resolution
	p := &n.P
	n.DI = resizeState(n.DI, n.ports)
	n.I = resizeState(n.I, n.ports)
	n.p33 = libm.Exp(-h / p.TauM)
	n.p30 = 1 / p.Cm * (1 - n.p33) * p.TauM
	n.p11 = resizeState(n.p11, n.ports)
	n.p21 = resizeState(n.p21, n.ports)
	n.p31 = resizeState(n.p31, n.ports)
	n.p32 = resizeState(n.p32, n.ports)
	n.psc0 = resizeState(n.psc0, n.ports)
	for k, tau := range p.TauSyn {
		n.p11[k] = libm.Exp(-h / tau)
		n.p21[k] = h * n.p11[k]
		n.p31[k], n.p32[k] = alphaPropagator(tau, p.TauM, p.Cm, h)
		n.psc0[k] = 1.0 * math.E / tau
	}
	n.prepare(env)
}

// Update implements node.Node. NEST's order inside a step: the membrane
// (unless refractory: leak and constant current, then each port in port
// order, then the lower bound), then each port's current advances and
// takes the spikes of this step, then the threshold test, then the
// current input for the next step, then logging.
func (n *IafPscAlphaMultisynapse) Update(ctx *node.Context, origin int64, from, to int) {
	in := n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		if n.RefSteps == 0 {
			n.VRel = n.p30*(n.I0+n.P.Ie) + n.p33*n.VRel
			for k := range n.DI {
				n.VRel += n.p31[k]*n.DI[k] + n.p32[k]*n.I[k]
			}
			if n.VRel < n.minRel {
				n.VRel = n.minRel
			}
		} else {
			n.RefSteps--
		}
		n.ring.Take(ctx.Slot(step), in)
		for k := range n.DI {
			n.I[k] = n.p21[k]*n.DI[k] + n.p11[k]*n.I[k]
			n.DI[k] *= n.p11[k]
			n.DI[k] += n.psc0[k] * in[k]
		}
		n.fire(ctx, step)
		n.I0 = in[n.currentChannel()]
		n.logs.Record(step, n)
	}
}

// RecordableValue implements node.Recordable.
func (n *IafPscAlphaMultisynapse) RecordableValue(i int) float64 { return n.recordable(i, n.I) }
