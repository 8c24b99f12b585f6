package models

import (
	"slices"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/node"
)

func init() {
	register("iaf_psc_exp_multisynapse", func() node.Node { return NewIafPscExpMultisynapse() })
}

// IafPscExpMultisynapse is NEST's iaf_psc_exp_multisynapse: a leaky
// integrate-and-fire neuron with any number of receptor ports, each an
// exponentially decaying synaptic current with a time constant of its
// own. A spike of weight w (pA, either sign) on port k adds w to current
// k; the currents decay and drive the membrane, all integrated exactly
// over each step.
//
// Parameters (status keys, defaults, units):
//
//	E_L      -70.0   mV    resting potential
//	I_e        0.0   pA    constant input current
//	V_th     -55.0   mV    spike threshold
//	V_reset  -70.0   mV    reset potential
//	C_m      250.0   pF    membrane capacitance
//	tau_m     10.0   ms    membrane time constant
//	t_ref      2.0   ms    absolute refractory period
//	tau_syn  [2.0]   ms    synaptic time constants, one per port; none may
//	                       equal tau_m
//
// Read-only: n_synapses (number of ports), has_connections. The number of
// ports may not change once a spike connection targets the neuron.
// State: V_m (mV, starts at E_L), spike archive (tau_minus,
// tau_minus_triplet, t_spike).
// Receptors: spikes on ports 1..n_synapses; currents on 0.
// Recordables: V_m, I_syn (sum of the port currents), I_syn_1 ...
// I_syn_n (pA).
type IafPscExpMultisynapse struct {
	pscMulti
	ISyn []float64 // synaptic current of each port, pA

	p11, p21 []float64 // per port: current decay, current -> membrane
	p22, p20 float64   // membrane decay, constant current -> membrane
}

// NewIafPscExpMultisynapse returns a neuron with default parameters at
// rest and one port.
func NewIafPscExpMultisynapse() *IafPscExpMultisynapse {
	return &IafPscExpMultisynapse{pscMulti: newPSCMulti("iaf_psc_exp_multisynapse", false, true), ISyn: []float64{0}}
}

// Model implements node.Node.
func (n *IafPscExpMultisynapse) Model() string { return "iaf_psc_exp_multisynapse" }

// Clone implements node.Node; the copy has no loggers, buffers or
// connections.
func (n *IafPscExpMultisynapse) Clone() node.Node {
	return &IafPscExpMultisynapse{pscMulti: n.copyMulti(), ISyn: slices.Clone(n.ISyn)}
}

// SetStatus implements node.Node; transactional as NEST's.
func (n *IafPscExpMultisynapse) SetStatus(r *dict.Reader, _ *node.Env) error {
	if err := n.setStatus(r); err != nil {
		return err
	}
	n.ISyn = resizeState(n.ISyn, n.ports)
	return nil
}

// Prepare implements node.Node: the propagators of every port.
func (n *IafPscExpMultisynapse) Prepare(env *node.Env) {
	h := env.Base.Resolution
	p := &n.P
	n.ISyn = resizeState(n.ISyn, n.ports)
	n.p22 = libm.Exp(-h / p.TauM)
	n.p20 = p.TauM / p.Cm * (1 - n.p22)
	n.p11 = resizeState(n.p11, n.ports)
	n.p21 = resizeState(n.p21, n.ports)
	for k, tau := range p.TauSyn {
		n.p11[k] = libm.Exp(-h / tau)
		n.p21[k] = expPropagator(tau, p.TauM, p.Cm, h)
	}
	n.prepare(env)
}

// Update implements node.Node. NEST's order inside a step: the membrane
// (unless refractory: leak and constant current first, then each port's
// current in port order), then each current decays and takes the spikes
// of this step, then the threshold test, then the current input for the
// next step, then logging.
func (n *IafPscExpMultisynapse) Update(ctx *node.Context, origin int64, from, to int) {
	in := n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		if n.RefSteps == 0 {
			n.VRel = n.VRel*n.p22 + (n.P.Ie+n.I0)*n.p20
			for k, i := range n.ISyn {
				n.VRel += n.p21[k] * i
			}
		} else {
			n.RefSteps--
		}
		n.ring.Take(ctx.Slot(step), in)
		for k := range n.ISyn {
			n.ISyn[k] *= n.p11[k]
			n.ISyn[k] += in[k]
		}
		n.fire(ctx, step)
		n.I0 = in[n.currentChannel()]
		n.logs.Record(step, n)
	}
}

// RecordableValue implements node.Recordable.
func (n *IafPscExpMultisynapse) RecordableValue(i int) float64 { return n.recordable(i, n.ISyn) }
