package kernel

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// NEST registers a labelled variant <name>_lbl of most synapse models
// (ConnectionModelProperties::SUPPORTS_LBL): the same model whose
// connections each carry an integer synapse_label (default -1, unlabelled)
// by which GetConnections can select them. Here a _lbl model is a model of
// its own (own defaults, own connection tables) and the labels are a
// column the kernel keeps beside its tables: thread.labels[model][source]
// holds the labels of that source's connections in table order, for the
// _lbl models only, so other models pay nothing.

// lblModels are the built-in models of which NEST 3.10 has a _lbl variant
// and gonest has the model.
var lblModels = map[string]bool{
	"bernoulli_synapse": true, "cont_delay_synapse": true, "jonke_synapse": true, "quantal_stp_synapse": true,
	"static_synapse_hom_w": true, "static_synapse": true, "stdp_nn_pre_centered_synapse": true, "stdp_facetshw_synapse_hom": true, "stdp_dopamine_synapse": true,
	"stdp_nn_restr_synapse": true, "stdp_nn_symm_synapse": true, "stdp_pl_synapse_hom": true, "stdp_synapse_hom": true,
	"stdp_synapse": true, "stdp_triplet_synapse": true, "tsodyks2_synapse": true, "tsodyks_synapse_hom": true,
	"tsodyks_synapse": true, "vogels_sprekeler_synapse": true, "clopath_synapse": true,
	"urbanczik_synapse": true, "ht_synapse": true,
}

// Unlabelled is NEST's UNLABELED_CONNECTION: the label of connections
// that have none, and as a selection, any label.
const Unlabelled = -1

// withLabelled appends, after each model NEST has a _lbl variant of, that
// variant.
func withLabelled(models []synapseModel) []synapseModel {
	out := make([]synapseModel, 0, len(models)+len(lblModels))
	for _, m := range models {
		out = append(out, m)
		if lblModels[m.name] {
			l := m
			l.name, l.labelled, l.label = m.name+"_lbl", true, Unlabelled
			if m.typ != nil {
				l.typ = m.typ.Clone()
			}
			out = append(out, l)
		}
	}
	return out
}

// readLabel reads synapse_label from r into *label for a labelled model
// (for others the key stays unread, which NEST reports as unaccessed).
func readLabel(m synapseModel, r *dict.Reader, label *int64) error {
	if !m.labelled {
		return nil
	}
	ok, err := r.Int("synapse_label", label)
	if err != nil || !ok {
		return err
	}
	if *label < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Connection label must not be negative (synapse_label = %d).", *label)
	}
	return nil
}

// addLabel records the label of the connection just appended to the
// table of labelled model syn for source src on thread t.
func (t *thread) addLabel(syn, src int, label int64, nodes int) {
	if t.labels == nil {
		t.labels = map[int][][]int32{}
	}
	col := t.labels[syn]
	for len(col) < nodes {
		col = append(col, nil)
	}
	col[src] = append(col[src], int32(label))
	t.labels[syn] = col
}

// labelOf returns the label of connection pos of src in model syn's table
// on thread t (Unlabelled for models without labels).
func (t *thread) labelOf(syn, src, pos int) int64 {
	col, ok := t.labels[syn]
	if !ok || src >= len(col) || pos >= len(col[src]) {
		return Unlabelled
	}
	return int64(col[src][pos])
}

// GetConnectionsByLabel is GetConnections restricted to connections with
// the given synapse_label (Unlabelled: any), as NEST's
// GetConnections(synapse_label=...).
func (k *Kernel) GetConnectionsByLabel(sources, targets []int, synapse string, label int64) (*Connections, error) {
	return k.getConnections(sources, targets, synapse, label)
}

// SetConnectionsByLabel is SetConnections on the selection
// GetConnectionsByLabel makes.
func (k *Kernel) SetConnectionsByLabel(sources, targets []int, synapse string, label int64, positions []int, params []dict.Dict) error {
	return k.setConnections(sources, targets, synapse, label, positions, params)
}
