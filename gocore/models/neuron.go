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

// plainNeuron is a neuron whose input is the common case: spikes only on
// receptor 0, split by the sign of the weight into two channels (or added
// to one, when both are the same), and currents only on receptor 0, into
// one channel. It supplies the receiver methods for that case.
type plainNeuron struct {
	neuron
	model                         string
	spikePos, spikeOther, current int
}

func newPlainNeuron(model string, spikePos, spikeOther, current int) plainNeuron {
	return plainNeuron{neuron: newNeuron(), model: model, spikePos: spikePos, spikeOther: spikeOther, current: current}
}

// copyPlain is copyNeuron for a plainNeuron.
func (n *plainNeuron) copyPlain() plainNeuron {
	c := *n
	c.neuron = n.copyNeuron()
	return c
}

// CheckSpikeReceptor implements node.SpikeReceiver: receptor 0 only.
func (n *plainNeuron) CheckSpikeReceptor(_ string, rport int) error {
	return checkReceptor(n.model, rport, 0)
}

// SpikeChannels implements node.FastSpikeInput.
func (n *plainNeuron) SpikeChannels() (positive, other int) { return n.spikePos, n.spikeOther }

// HandleSpike implements node.SpikeReceiver: positive weighted input goes
// to the positive channel, zero and negative to the other.
func (n *plainNeuron) HandleSpike(e *node.SpikeEvent) {
	n.addBySign(e.Slot, e.Weight*float64(e.Multiplicity), n.spikePos, n.spikeOther)
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptor 0 only.
func (n *plainNeuron) CheckCurrentReceptor(rport int) error { return checkReceptor(n.model, rport, 0) }

// HandleCurrent implements node.CurrentReceiver.
func (n *plainNeuron) HandleCurrent(slot, _ int, weighted float64) {
	n.ring.Add(slot, n.current, weighted)
}

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
// stays put when only E_L changes (as in NEST). The relative value is
// shifted by the change of E_L only, so a status change that touches
// neither leaves it bit for bit as it was (NEST's y3 -= delta_EL).
func readMembrane(r *dict.Reader, vRel, oldEL, newEL float64) (float64, error) {
	vm := 0.0
	given, err := r.Float("V_m", &vm)
	if err != nil {
		return 0, err
	}
	if given {
		return vm - newEL, nil
	}
	return vRel - (newEL - oldEL), nil
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

// writeFloats adds every field's value to d under its key: the Status
// side of readFloats, so that a model lists its keys once.
func writeFloats(d dict.Dict, fields []floatField) { writeFields(node.DictSink{D: d}, fields) }

// writeFields writes every field's value to w under its key (see
// writeFloats).
func writeFields(w node.StatusSink, fields []floatField) {
	for _, f := range fields {
		w.Float(f.key, *f.dst)
	}
}

// setParamsState is the SetStatus sequence of NEST's neurons: read the
// parameters into the caller's copies, check them with validate (NEST's
// Parameters_::set throws before the state is read), read the state into
// its copies, then the spike archive settings. It returns the new
// archive; the caller commits it with its copies only when no error
// came, so that a failed call changes nothing.
func (n *neuron) setParamsState(r *dict.Reader, params []floatField, validate func() error, state []floatField) (node.Archive, error) {
	return n.setParamsThen(r, params, validate, func() error { return readFloats(r, state) })
}

// setParamsThen is setParamsState for a state that readState reads (and
// checks) into the caller's copies.
func (n *neuron) setParamsThen(r *dict.Reader, params []floatField, validate, readState func() error) (node.Archive, error) {
	if err := readFloats(r, params); err != nil {
		return node.Archive{}, err
	}
	if err := validate(); err != nil {
		return node.Archive{}, err
	}
	if err := readState(); err != nil {
		return node.Archive{}, err
	}
	return n.arch.Set(r)
}

// bindBuffers makes the input ring (channels lanes) and the data loggers
// ready for a run, as every neuron's Prepare does last.
func (n *neuron) bindBuffers(env *node.Env, channels int) {
	n.ring.Bind(env, channels)
	n.logs.Init(env.Now, env.SliceOrigin)
}

// neuronStatusSize is the room a neuron's status dictionary is made with:
// its own entries and the kernel's (see node.StatusDict).
const neuronStatusSize = 48

// statusTo writes the status of a neuron whose keys are all float fields
// (node.TypedStatus): its recordables, the fields' values and the spike
// archive's keys.
func (n *neuron) statusTo(w node.StatusSink, recordables []string, fields ...[]floatField) {
	w.Strings("recordables", recordables)
	for _, f := range fields {
		writeFields(w, f)
	}
	n.arch.StatusTo(w)
}

// readMembraneArchive is the end of SetStatus of the models that keep
// V_m relative to E_L: it reads V_m into *vRel (the caller's copy; see
// readMembrane for oldEL and newEL), then the spike archive settings, and
// returns the new archive for the caller to commit with its copies.
func (n *neuron) readMembraneArchive(r *dict.Reader, vRel *float64, oldEL, newEL float64) (node.Archive, error) {
	v, err := readMembrane(r, *vRel, oldEL, newEL)
	if err != nil {
		return node.Archive{}, err
	}
	*vRel = v
	return n.arch.Set(r)
}

// fieldSet is a pointer to a model's parameters or state whose status
// keys are all float fields.
type fieldSet[T any] interface {
	*T
	fields() []floatField
}

// validParams is a pointer to parameters with float status keys and
// NEST's rules on them.
type validParams[T any] interface {
	fieldSet[T]
	Validate() error
}

// setFieldStatus is the whole SetStatus of a neuron whose parameters and
// state are float fields (see setParamsState): *p, *s and the archive
// change only when every rule holds.
func setFieldStatus[P any, PP validParams[P], S any, SP fieldSet[S]](n *neuron, r *dict.Reader, p *P, s *S) error {
	pc, sc := *p, *s
	arch, err := n.setParamsState(r, PP(&pc).fields(), PP(&pc).Validate, SP(&sc).fields())
	if err != nil {
		return err
	}
	*p, *s, n.arch = pc, sc, arch
	return nil
}

// readStateArchive reads the state fields into the caller's copies, then
// the spike archive settings, the end of most neurons' SetStatus; the
// caller commits the copies and the returned archive only when no error
// came.
func (n *neuron) readStateArchive(r *dict.Reader, state ...floatField) (node.Archive, error) {
	if err := readFloats(r, state); err != nil {
		return node.Archive{}, err
	}
	return n.arch.Set(r)
}

// setParamsMembrane is setParamsThen for a model whose state to set is
// V_m kept relative to E_L: *vRel (the caller's copy) follows V_m, or
// keeps the absolute potential when only E_L changes from oldEL to the
// value the parameters read into *newEL.
func (n *neuron) setParamsMembrane(r *dict.Reader, params []floatField, validate func() error, vRel *float64, oldEL float64, newEL *float64) (node.Archive, error) {
	return n.setParamsThen(r, params, validate, func() error {
		v, err := readMembrane(r, *vRel, oldEL, *newEL)
		if err != nil {
			return err
		}
		*vRel = v
		return nil
	})
}
