package models

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// neuron is what every neuron model embeds: its input lanes, the data
// loggers of the multimeters observing it and its spike archive, with the
// node methods that only depend on those.
type neuron struct {
	ring node.Ring
	logs node.Loggers
	arch node.Archive
}

// newNeuron returns the parts of a fresh neuron.
func newNeuron() neuron { return neuron{arch: node.DefaultArchive()} }

// copyNeuron returns the parts of a copy of n: its archive settings, but
// no input, loggers or spike history.
func (n *neuron) copyNeuron() neuron {
	c := neuron{arch: n.arch}
	c.arch.Reset()
	return c
}

// ElementType implements node.Node.
func (n *neuron) ElementType() node.ElementType { return node.Neuron }

// SendsSpikes implements node.SpikeSender.
func (n *neuron) SendsSpikes() bool { return true }

// Loggers implements node.Recordable.
func (n *neuron) Loggers() *node.Loggers { return &n.logs }

// Archive implements node.Archiving.
func (n *neuron) Archive() *node.Archive { return &n.arch }

// addBySign adds w to channel pos when it is positive and to channel other
// otherwise, the split most models make between excitatory and inhibitory
// input.
func (n *neuron) addBySign(slot int, w float64, pos, other int) {
	if w > 0 {
		n.ring.Add(slot, pos, w)
	} else {
		n.ring.Add(slot, other, w)
	}
}

// readMembrane returns the membrane potential relative to E_L after a
// status change: V_m if given, else the old absolute potential, which
// stays put when only E_L changes (as in NEST).
func readMembrane(r *dict.Reader, vRel, oldEL, newEL float64) (float64, error) {
	vm := vRel + oldEL
	if _, err := r.Float("V_m", &vm); err != nil {
		return 0, err
	}
	return vm - newEL, nil
}

// checkReceptor accepts receptor ports 0 to last of model.
func checkReceptor(model string, rport, last int) error {
	if rport < 0 || rport > last {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in %s.", rport, model)
	}
	return nil
}

// floatField names a numeric status key and where its value goes.
type floatField struct {
	key string
	dst *float64
}

// readFloats reads every field present in r, stopping at the first value
// that is not a number.
func readFloats(r *dict.Reader, fields []floatField) error {
	for _, f := range fields {
		if _, err := r.Float(f.key, f.dst); err != nil {
			return err
		}
	}
	return nil
}
