package kernel

import (
	"cmp"
	"slices"

	"github.com/gonest/gonest/gocore/dict"
)

// The order of GetConnections.
//
// NEST 3.10 lists connections synapse model by synapse model (in the order
// of its model ids), within a model thread by thread, and within a thread
// first the connections between neurons, ordered by source and then in
// the order they were made, then those from neurons to devices and those
// from devices. gonest lists them in the same order, with NEST's thread of
// each connection: the virtual process of its target, or of its source
// when the target is a device (a device is on every thread in NEST). With
// several threads NEST collects the threads' blocks as the threads finish,
// so their order varies from call to call; gonest puts them in thread
// order, which is one of NEST's orders.

// nestSynapseOrder lists NEST 3.10's synapse models by model id
// (GetDefaults(model)["synapse_modelid"]); copies made with CopyModel come
// after them, in the order they were made, as in NEST.
var nestSynapseOrder = []string{
	"bernoulli_synapse", "bernoulli_synapse_hpc", "bernoulli_synapse_lbl", "clopath_synapse",
	"clopath_synapse_hpc", "clopath_synapse_lbl", "cont_delay_synapse", "cont_delay_synapse_hpc",
	"cont_delay_synapse_lbl", "diffusion_connection", "eprop_synapse_bsshslm_2020",
	"eprop_synapse_bsshslm_2020_hpc", "eprop_learning_signal_connection_bsshslm_2020",
	"eprop_synapse", "eprop_synapse_hpc", "eprop_learning_signal_connection", "gap_junction",
	"ht_synapse", "ht_synapse_hpc", "ht_synapse_lbl", "jonke_synapse", "jonke_synapse_hpc",
	"jonke_synapse_lbl", "quantal_stp_synapse", "quantal_stp_synapse_hpc", "quantal_stp_synapse_lbl",
	"rate_connection_delayed", "rate_connection_instantaneous", "sic_connection", "static_synapse",
	"static_synapse_hpc", "static_synapse_lbl", "static_synapse_hom_w", "static_synapse_hom_w_hpc",
	"static_synapse_hom_w_lbl", "stdp_dopamine_synapse", "stdp_dopamine_synapse_hpc",
	"stdp_dopamine_synapse_lbl", "stdp_nn_pre_centered_synapse", "stdp_nn_pre_centered_synapse_hpc",
	"stdp_nn_pre_centered_synapse_lbl", "stdp_nn_restr_synapse", "stdp_nn_restr_synapse_hpc",
	"stdp_nn_restr_synapse_lbl", "stdp_nn_symm_synapse", "stdp_nn_symm_synapse_hpc",
	"stdp_nn_symm_synapse_lbl", "stdp_pl_synapse_hom", "stdp_pl_synapse_hom_hpc",
	"stdp_pl_synapse_hom_lbl", "stdp_synapse", "stdp_synapse_hpc", "stdp_synapse_lbl",
	"stdp_facetshw_synapse_hom", "stdp_facetshw_synapse_hom_hpc", "stdp_facetshw_synapse_hom_lbl",
	"stdp_synapse_hom", "stdp_synapse_hom_hpc", "stdp_synapse_hom_lbl", "stdp_triplet_synapse",
	"stdp_triplet_synapse_hpc", "stdp_triplet_synapse_lbl", "tsodyks2_synapse",
	"tsodyks2_synapse_hpc", "tsodyks2_synapse_lbl", "tsodyks_synapse", "tsodyks_synapse_hpc",
	"tsodyks_synapse_lbl", "tsodyks_synapse_hom", "tsodyks_synapse_hom_hpc",
	"tsodyks_synapse_hom_lbl", "urbanczik_synapse", "urbanczik_synapse_hpc", "urbanczik_synapse_lbl",
	"vogels_sprekeler_synapse", "vogels_sprekeler_synapse_hpc", "vogels_sprekeler_synapse_lbl",
}

// nestSynapseRank maps a synapse model name to its place in
// nestSynapseOrder.
var nestSynapseRank = func() map[string]int {
	m := make(map[string]int, len(nestSynapseOrder))
	for i, name := range nestSynapseOrder {
		m[name] = i
	}
	return m
}()

// synapsesInNESTOrder returns the ids of the synapse models that have
// connections, in NEST's order of model ids.
func (k *Kernel) synapsesInNESTOrder() []int {
	ids := make([]int, 0, len(k.synModels))
	rank := make(map[int]int, len(k.synModels))
	for id, m := range k.synModels {
		if k.countConnections(id) == 0 {
			continue
		}
		r, ok := nestSynapseRank[m.name]
		if !ok {
			r = len(nestSynapseOrder) + id // a copy: after every built-in model, in creation order
		}
		rank[id] = r
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int) int { return cmp.Compare(rank[a], rank[b]) })
	return ids
}

// nestThread returns the thread NEST keeps the connection from node index
// s to node index t on.
func (k *Kernel) nestThread(s, t int) int {
	id := t + 1
	if k.replica[t] {
		if k.replica[s] {
			return 0
		}
		id = s + 1
	}
	procs := k.NumProcesses()
	return id % (len(k.threads) * procs) / procs
}

// Groups of connections within a thread's block.
const (
	groupNeurons     = iota // between neurons
	groupToDevices          // from a neuron to a device
	groupFromDevices        // from a device
)

func (k *Kernel) connGroup(s, t int) int {
	switch {
	case k.replica[s]:
		return groupFromDevices
	case k.replica[t]:
		return groupToDevices
	}
	return groupNeurons
}

// selectInNESTOrder calls fn for the connections that match, in NEST's
// order (see above). sources is sorted and distinct; bySource and
// byTarget say which filters were given, as they change how NEST orders
// the connections of devices: with a source filter source by source, with
// only a target filter target by target (first those from devices, then
// those to devices), with none those to devices before those from devices.
// Connections between neurons are visited source by source, so the memory
// needed is proportional to one source's connections plus those of
// devices.
func (k *Kernel) selectInNESTOrder(sources []int, syns []int, bySource, byTarget bool,
	keep func(syn int, tgt uint32) bool, labelOK func(t *thread, syn, src, pos int) (int64, bool), fn func(r *connRef)) {
	var rows, dev []connRef
	for _, syn := range syns {
		for nt := range len(k.threads) {
			dev = dev[:0]
			for _, id := range sources {
				rows = k.sourceRows(rows[:0], syn, id-1, nt, keep, labelOK)
				for i := range rows {
					if k.connGroup(rows[i].src, rows[i].tgt-1) == groupNeurons {
						fn(&rows[i])
					} else {
						dev = append(dev, rows[i])
					}
				}
			}
			slices.SortStableFunc(dev, func(a, b connRef) int {
				ga, gb := k.connGroup(a.src, a.tgt-1), k.connGroup(b.src, b.tgt-1)
				switch {
				case bySource:
					return cmp.Compare(a.src, b.src)
				case byTarget:
					// From devices (to neuron targets) first, then to devices.
					return cmp.Or(cmp.Compare(gb, ga), cmp.Compare(a.tgt, b.tgt), cmp.Compare(a.src, b.src))
				}
				return cmp.Or(cmp.Compare(ga, gb), cmp.Compare(a.src, b.src))
			})
			for i := range dev {
				fn(&dev[i])
			}
		}
	}
}

// sourceRows appends to rows the connections of model syn from node index
// src that NEST keeps on thread nt and that match, thread by thread and in
// creation order.
func (k *Kernel) sourceRows(rows []connRef, syn, src, nt int, keep func(syn int, tgt uint32) bool,
	labelOK func(t *thread, syn, src, pos int) (int64, bool)) []connRef {
	if src < 0 || src >= len(k.nodes) {
		return rows
	}
	mine := func(tgt uint32) bool { return keep(syn, tgt) && k.nestThread(src, int(tgt)) == nt }
	for ti, t := range k.threads {
		if k.synModels[syn].typ == nil {
			if syn >= len(t.tables) {
				continue
			}
			tab := &t.tables[syn]
			for pos, tgt := range tab.targetsOf(src) {
				if !mine(tgt) {
					continue
				}
				l, ok := labelOK(t, syn, src, pos)
				if !ok {
					continue
				}
				rows = append(rows, connRef{thread: ti, syn: syn, src: src, pos: pos, tgt: int(tgt) + 1, label: l,
					meta: tab.metaOf(src, pos), weight: tab.weightOf(src, pos)})
			}
			continue
		}
		if syn >= len(t.plastic) || t.plastic[syn] == nil {
			continue
		}
		tab := t.plastic[syn]
		wanted := false
		for i := range tab.Len(src) {
			if mine(tab.TargetAt(src, i)) {
				wanted = true
				break
			}
		}
		if !wanted {
			continue // spare building the state of connections that are not wanted
		}
		pos := 0
		tab.Each(src, func(target, meta uint32, weight float64, state dict.Dict) {
			if mine(target) {
				if l, ok := labelOK(t, syn, src, pos); ok {
					rows = append(rows, connRef{thread: ti, syn: syn, src: src, pos: pos, plastic: true, tgt: int(target) + 1,
						label: l, meta: meta, weight: weight, state: state})
				}
			}
			pos++
		})
	}
	return rows
}
