package kernel

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// homWeightModels are the built-in synapse models whose weight is common
// to all connections of the model (NEST's CommonPropertiesHomW): it is set
// only with SetDefaults or CopyModel, and a change reaches the connections
// made already.
var homWeightModels = map[string]bool{"static_synapse_hom_w": true, "tsodyks_synapse_hom": true}

// homWeight reports whether m, or the built-in model it derives from, has
// a common weight.
func homWeight(m synapseModel) bool { return homWeightModels[m.base] }

// checkNoHomWeight refuses a weight in the synapse specification of a
// Connect with a common-weight model, as NEST does.
func checkNoHomWeight(m synapseModel, sr *dict.Reader) error {
	if homWeight(m) && sr.Has("weight") {
		return nesterr.New(nesterr.ErrNotImplemented, "Synapse parameter \"weight\" can only be set via SetDefaults() or CopyModel().")
	}
	return nil
}

// spreadHomWeight gives the static connections of common-weight model id
// the model's weight. They were all made with the model's weight at the
// time, so each table still holds a single weight and this costs one
// store per thread. Plastic common-weight models read the weight from
// their model-level parameters.
func (k *Kernel) spreadHomWeight(id int) {
	m := k.synModels[id]
	if !homWeight(m) || m.typ != nil {
		return
	}
	for _, t := range k.threads {
		if id < len(t.tables) {
			t.tables[id].weight = m.weight
		}
	}
}

// reportedWeight is the weight GetConnections lists for r: the model's for
// common-weight models.
func (k *Kernel) reportedWeight(r *connRef) float64 {
	if m := k.synModels[r.syn]; homWeight(m) {
		return m.weight
	}
	return r.weight
}
