package models

import (
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// multiPorts is the input side every NEST *_multisynapse model shares
// (iaf_psc_exp_multisynapse, aeif_cond_alpha_multisynapse, gif_*_multisynapse,
// ...): spikes arrive on receptor ports 1..n, port p into ring channel
// p-1, each port with time constants of its own; currents arrive on
// receptor 0 only, into channel n. The number of ports is the length of
// the model's per-port vectors (tau_syn, E_rev, ...); once the neuron has
// an incoming spike connection it may no longer change.
type multiPorts struct {
	neuron
	model     string
	ports     int  // number of receptor ports
	connected bool // a spike connection was made onto a port
}

func newMultiPorts(model string, ports int) multiPorts {
	return multiPorts{neuron: newNeuron(), model: model, ports: ports}
}

// copyPorts is copyNeuron for multiPorts. The connected flag is kept:
// the kernel validates status changes on copies, which must refuse what
// the node refuses (prototypes, the source of new nodes, never have
// connections).
func (m *multiPorts) copyPorts() multiPorts {
	c := *m
	c.neuron = m.copyNeuron()
	return c
}

// channels is the number of ring channels the model binds: one per port
// and one for the current.
func (m *multiPorts) channels() int { return m.ports + 1 }

// currentChannel is the ring channel of receptor 0's currents.
func (m *multiPorts) currentChannel() int { return m.ports }

// ReceptorsPerNode implements node.PerNodeReceptors: the number of ports
// and the connected flag belong to each node.
func (m *multiPorts) ReceptorsPerNode() {}

// CheckSpikeReceptor implements node.SpikeReceiver: ports 1..n, as NEST's
// handles_test_event (IncompatibleReceptorType otherwise).
func (m *multiPorts) CheckSpikeReceptor(_ string, rport int) error {
	if rport <= 0 || rport > m.ports {
		return nesterr.New(nesterr.ErrIncompatibleReceptorType, "Receptor type %d in %s does not accept SpikeEvent (it has receptor ports 1 to %d).",
			rport, m.model, m.ports)
	}
	m.connected = true
	return nil
}

// HandleSpike implements node.SpikeReceiver: the weighted spike goes to
// its port's channel whatever its sign.
func (m *multiPorts) HandleSpike(e *node.SpikeEvent) {
	m.ring.Add(e.Slot, e.Rport-1, e.Weight*float64(e.Multiplicity))
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptor 0 only.
func (m *multiPorts) CheckCurrentReceptor(rport int) error { return checkReceptor(m.model, rport, 0) }

// HandleCurrent implements node.CurrentReceiver.
func (m *multiPorts) HandleCurrent(slot, _ int, weighted float64) {
	m.ring.Add(slot, m.currentChannel(), weighted)
}

// resize checks a new number of ports: it may not change once the neuron
// has connections (NEST: "The neuron has connections, therefore the
// number of ports cannot be reduced.", also when it would grow).
func (m *multiPorts) resize(n int) error {
	if n != m.ports && m.connected {
		return nesterr.New(nesterr.ErrBadProperty, "The neuron has connections, therefore the number of ports cannot be reduced (%d ports, %d requested).", m.ports, n)
	}
	return nil
}

// portStatus adds the entries NEST's multisynapse models report about
// their ports: n_synapses (the number of ports) and has_connections.
func (m *multiPorts) portStatus(w node.StatusSink) {
	w.Int("n_synapses", m.ports)
	w.Bool("has_connections", m.connected)
}
