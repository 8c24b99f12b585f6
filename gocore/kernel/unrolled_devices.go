package kernel

import "github.com/gonest/gonest/gocore/node"

// unrolledDevices are the recorders that NEST gives proxies
// (correlospinmatrix_detector): they receive a neuron's spikes through the
// spike exchange, which unrolls a spike of multiplicity m into m spikes of
// multiplicity 1, instead of directly when the spike is sent. The
// detector's decoding of binary neurons depends on it: a switch-on reaches
// it as two single spikes, and only so does a switch-off followed by a
// switch-on of the same neuron complete the pulse in between.
var unrolledDevices = map[string]bool{"correlospinmatrix_detector": true}

// handToDevice delivers ev, from emission sp, to the device with node
// index tgt, unrolled where NEST unrolls it.
func handToDevice(k *Kernel, tgt uint32, sp *emitted, ev *node.SpikeEvent) {
	r := k.spikeRecv[tgt]
	if m := ev.Multiplicity; m > 1 && unrolledDevices[k.nodes[tgt].Model()] && k.nodes[sp.src].ElementType() == node.Neuron {
		ev.Multiplicity = 1
		for range m {
			r.HandleSpike(ev)
		}
		ev.Multiplicity = m
		return
	}
	r.HandleSpike(ev)
}
