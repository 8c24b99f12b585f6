package kernel

import (
	"slices"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/synapses"
)

// synapseModel is a synapse model known to the kernel: a built-in one or a
// copy made with CopyModel, with its own defaults and its own connection
// tables.
type synapseModel struct {
	name   string
	base   string        // the built-in model it derives from
	weight float64       // default weight
	delay  float64       // default delay, ms
	rport  int64         // default receptor_type
	typ    synapses.Type // nil for static_synapse and its copies
	// labelled models (the _lbl variants and their copies) give each
	// connection a synapse_label, label by default (see labels.go)
	labelled bool
	label    int64
	// weightRecorder is the node id of the weight_recorder the model's
	// connections report to (0: none; see weightrec.go)
	weightRecorder int
	// volumeTransmitter is the node id of a dopamine model's
	// volume_transmitter (0: none; see dopamine.go)
	volumeTransmitter int
	// secondary is the kind of secondary event a gap-junction or rate
	// model carries (0 for spike synapses; see secondary.go)
	secondary node.SecondaryKind
	nestID    int // synapse_modelid: NEST 3.10's for built-in models, then in order of creation
}

// hpcModels are the synapse models NEST 3.10 also registers as
// <name>_hpc (ConnectionModelProperties::SUPPORTS_HPC). There the variant
// addresses its target by a thread-local index instead of a pointer, to
// save memory; its behaviour is the base model's.
var hpcModels = map[string]bool{
	"bernoulli_synapse": true, "clopath_synapse": true, "cont_delay_synapse": true, "eprop_synapse": true,
	"eprop_synapse_bsshslm_2020": true, "ht_synapse": true, "jonke_synapse": true, "quantal_stp_synapse": true,
	"static_synapse": true, "static_synapse_hom_w": true, "stdp_dopamine_synapse": true,
	"stdp_facetshw_synapse_hom": true, "stdp_nn_pre_centered_synapse": true, "stdp_nn_restr_synapse": true,
	"stdp_nn_symm_synapse": true, "stdp_pl_synapse_hom": true, "stdp_synapse": true, "stdp_synapse_hom": true,
	"stdp_triplet_synapse": true, "tsodyks2_synapse": true, "tsodyks_synapse": true, "tsodyks_synapse_hom": true,
	"urbanczik_synapse": true, "vogels_sprekeler_synapse": true,
}

// defaultWeights are the NEST 3.10 default weights that are not 1.0.
var defaultWeights = map[string]float64{"vogels_sprekeler_synapse": 0.5}

// builtinSynapses lists the synapse models with their default weight and
// delay (NEST 3.10: 1.0 and 1.0 ms, but see defaultWeights). Each model NEST has an _hpc variant of
// is followed by it: a model of its own (own defaults, own connections)
// with the same behaviour.
func builtinSynapses() []synapseModel {
	out := []synapseModel{{name: "static_synapse", base: "static_synapse", weight: 1.0, delay: 1.0},
		{name: "static_synapse_hom_w", base: "static_synapse_hom_w", weight: 1.0, delay: 1.0}}
	for _, t := range synapses.Builtin() {
		w := 1.0
		if dw, ok := defaultWeights[t.Name()]; ok {
			w = dw
		}
		out = append(out, synapseModel{name: t.Name(), base: t.Name(), weight: w, delay: 1.0, typ: t})
	}
	out = append(out, builtinSecondary()...)
	withHPC := make([]synapseModel, 0, 2*len(out))
	for _, m := range out {
		withHPC = append(withHPC, m)
		if hpcModels[m.name] {
			hpc := m
			hpc.name = m.name + "_hpc"
			if m.typ != nil {
				hpc.typ = m.typ.Clone()
			}
			withHPC = append(withHPC, hpc)
		}
	}
	return withLabelled(withHPC)
}

func (k *Kernel) initSynapseModels() {
	k.synModels = builtinSynapses()
	k.synIndex = make(map[string]int, len(k.synModels))
	k.nextSynModelID = len(nest310SynapseModelIDs)
	for i, m := range k.synModels {
		k.synIndex[m.name] = i
		if id, ok := nest310SynapseModelIDs[m.name]; ok {
			k.synModels[i].nestID = id
		} else {
			k.synModels[i].nestID = k.nextSynModelID
			k.nextSynModelID++
		}
	}
}

// synapseNames returns the synapse model names, sorted.
func (k *Kernel) synapseNames() []string { return sortedKeys(k.synIndex) }

func (k *Kernel) synapseDefaults(id int) dict.Dict {
	m := k.synModels[id]
	d := dict.Dict{}
	if m.typ != nil {
		d = m.typ.Defaults()
		delete(d, delayOffsetKey)
	}
	d["synapse_model"], d["weight"], d["delay"] = m.name, m.weight, m.delay
	d["receptor_type"], d["num_connections"], d["has_delay"] = int(m.rport), k.countConnections(id), true
	if m.labelled {
		d["synapse_label"] = int(m.label)
	}
	d["weight_recorder"] = weightRecorderStatus(m)
	if dopamineModel(m) {
		d["volume_transmitter"] = volumeTransmitterStatus(m)
	}
	d["synapse_modelid"] = m.nestID
	d["element_type"] = "synapse"
	if m.secondary != 0 {
		secondaryDefaults(m, d)
	}
	if _, ok := d["requires_symmetric"]; !ok {
		d["requires_symmetric"] = false
	}
	if size, ok := nest310SynapseSizeof[m.name]; ok {
		d["sizeof"] = size
	} else if size, ok := nest310SynapseSizeof[m.base]; ok {
		d["sizeof"] = size
	}
	return d
}

// setSynapseDefaults changes the defaults of model id; on error nothing
// changes. The parameters of the model's type are tried on a copy first
// and then set on the type itself, whose model-level parameters its
// connections already made share.
func (k *Kernel) setSynapseDefaults(id int, d dict.Dict) error {
	m := k.synModels[id]
	d, _, err := k.contDelayDict(m, d, m.name)
	if err != nil {
		return err
	}
	r := dict.NewReader(d)
	var trial synapses.Type
	if m.typ != nil {
		trial = m.typ.Clone()
		if cc, ok := trial.(synapses.ConnectionCounted); ok {
			// the e-prop optimizer's type is fixed once connections exist
			cc.SetConnectionCount(k.countConnections(id))
		}
		if err := trial.SetDefaults(r); err != nil {
			return err
		}
	}
	if _, err := r.Float("weight", &m.weight); err != nil {
		return err
	}
	// NEST checks the default connection as a connection (the sign of the
	// weight against Wmax, for instance).
	if trial != nil {
		tpl, err := trial.Template(dict.NewReader(nil))
		if err != nil {
			return err
		}
		if err := trial.CheckWeight(tpl, m.weight); err != nil {
			return err
		}
	}
	if ok, err := r.Float("delay", &m.delay); err != nil {
		return err
	} else if ok {
		if err := k.checkDelay(m.delay); err != nil {
			return err
		}
		if !contDelay(m) {
			// As in NEST, the default delay is kept on the time grid.
			m.delay = k.base.StepsToMs(k.base.DelayToSteps(m.delay))
		}
	}
	if err := readLabel(m, r, &m.label); err != nil {
		return err
	}
	if err := k.readWeightRecorder(&m, r); err != nil {
		return err
	}
	if err := k.readVolumeTransmitter(&m, r); err != nil {
		return err
	}
	if _, err := r.Int("receptor_type", &m.rport); err != nil {
		return err
	}
	// Entries reported by GetDefaults are accepted back unchanged.
	for _, key := range []string{"synapse_model", "num_connections", "has_delay"} {
		r.Has(key)
	}
	if err := r.CheckAllUsed(m.name); err != nil {
		return err
	}
	if m.typ != nil {
		if cc, ok := m.typ.(synapses.ConnectionCounted); ok {
			cc.SetConnectionCount(k.countConnections(id))
		}
		if err := m.typ.SetDefaults(dict.NewReader(d)); err != nil {
			return nesterr.New(nesterr.ErrInternal, "%s: defaults accepted on a copy were refused: %v", m.name, err)
		}
	}
	k.synModels[id] = m
	k.spreadHomWeight(id)
	k.bindVolumeTransmitter(m)
	return nil
}

// maxSynapseModels is NEST's max_num_syn_models: synapse models, built-in
// and copies, a kernel can hold.
const maxSynapseModels = 511

// CopyModel makes newName a copy of the node or synapse model old, with
// the changes in params applied to its defaults.
func (k *Kernel) CopyModel(old, newName string, params dict.Dict) error {
	_, isNode := k.prototypes[newName]
	_, isSynapse := k.synIndex[newName]
	if isNode || isSynapse {
		return nesterr.New(nesterr.ErrNewModelNameExists, "Model name '%s' is already in use.", newName)
	}
	if newName == "" {
		return nesterr.New(nesterr.ErrBadParameter, "The new model needs a name.")
	}
	if p, ok := k.prototypes[old]; ok {
		c := p.Clone()
		if len(params) > 0 {
			if err := trySet(c, params, k.env(), k.dictMissIsError); err != nil {
				return err
			}
		}
		k.prototypes[newName] = c
		k.nodeModelIDs[newName] = k.nextNodeModelID
		k.nextNodeModelID++
		k.typeOf[newName] = k.typeOf[old]
		if g, ok := k.protoGeneric[old]; ok {
			k.protoGeneric[newName] = g
		}
		if el, ok := k.protoElems[old]; ok {
			k.protoElems[newName] = slices.Clone(el)
		}
		return nil
	}
	id, ok := k.synIndex[old]
	if !ok {
		return nesterr.New(nesterr.ErrUnknownModelName, "%s is not a known model name.", old)
	}
	if len(k.synModels) >= maxSynapseModels {
		return nesterr.New(nesterr.ErrKernelException,
			"Synapse model count exceeded: at most %d synapse models (max_num_syn_models); cannot add %s.", maxSynapseModels, newName)
	}
	m := k.synModels[id]
	m.name = newName
	m.nestID = k.nextSynModelID
	if m.typ != nil {
		m.typ = m.typ.Clone()
	}
	k.synModels = append(k.synModels, m)
	newID := len(k.synModels) - 1
	k.synIndex[newName] = newID
	if len(params) > 0 {
		if err := k.setSynapseDefaults(newID, params); err != nil {
			k.synModels = k.synModels[:newID]
			delete(k.synIndex, newName)
			return err
		}
	}
	k.nextSynModelID++
	return nil
}
