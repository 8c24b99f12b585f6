package kernel

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// Secondary events (see node/secondary.go) travel through connections of
// the secondary synapse models below. They are stored in the ordinary
// connTable columns of their model (target, packed delay and receptor,
// weight), so GetConnections, SetStatus and Disconnect treat them like any
// static connection; spike delivery skips them. Once per slice each
// thread hands its targets the coefficients their senders sent in the
// previous slice; with waveform relaxation the slice is first iterated
// over the WFRNode nodes, the models that support it (gap_junction,
// rate_connection_instantaneous) delivering after every iteration.

// secondaryModel describes a built-in secondary synapse model.
type secondaryModel struct {
	name      string
	kind      node.SecondaryKind
	hasDelay  bool    // rate_connection_delayed and sic_connection; the others use wfr_comm_interval
	wfr       bool    // delivered during waveform-relaxation iterations (SUPPORTS_WFR)
	symmetric bool    // requires_symmetric
	weight    float64 // default weight
	noDelay   string  // NEST's message for a delay given to a model without one
}

var secondaryModels = []secondaryModel{
	{name: "gap_junction", kind: node.GapJunction, wfr: true, symmetric: true, weight: 1,
		noDelay: "gap_junction connection has no delay"},
	{name: "rate_connection_instantaneous", kind: node.InstantRate, wfr: true, weight: 1,
		noDelay: "rate_connection_instantaneous has no delay. Please use rate_connection_delayed."},
	{name: "rate_connection_delayed", kind: node.DelayedRate, hasDelay: true, weight: 1},
	{name: "diffusion_connection", kind: node.DiffusionRate, wfr: true, weight: 0,
		noDelay: "diffusion_connection has no delay."},
	{name: "sic_connection", kind: node.SlowInwardCurrent, hasDelay: true, weight: 1},
	// the e-prop feedback connections (eprop_learning_signal.go)
	{name: "eprop_learning_signal_connection", kind: node.LearningSignal, hasDelay: true, weight: 1},
	{name: "eprop_learning_signal_connection_bsshslm_2020", kind: node.LearningSignal, hasDelay: true, weight: 1},
}

// addAux stores the second number of the connection just added to src
// (diffusion_factor); the column is made on first use.
func (t *connTable) addAux(src int, v float64) {
	if t.aux == nil {
		t.aux = make([]float64, len(t.targets), cap(t.targets))
	}
	r := t.rows[src]
	t.aux[r.off+r.n-1] = v
}

// secondaryOf returns the description of a secondary model's kind.
func secondaryOf(kind node.SecondaryKind) *secondaryModel {
	// (both e-prop feedback models carry LearningSignal and share the
	// first one's description)
	for i := range secondaryModels {
		if secondaryModels[i].kind == kind {
			return &secondaryModels[i]
		}
	}
	return nil
}

// builtinSecondary returns the secondary synapse models for the kernel's
// model list.
func builtinSecondary() []synapseModel {
	out := make([]synapseModel, len(secondaryModels))
	for i, m := range secondaryModels {
		out[i] = synapseModel{name: m.name, base: m.name, weight: m.weight, delay: 1.0, secondary: m.kind}
	}
	return out
}

// secondaryState is what the kernel keeps for secondary events between
// prepare and the end of a run.
type secondaryState struct {
	senders   []node.SecondarySender   // by node index
	receivers []node.SecondaryReceiver // by node index
	wfrNodes  [][]int                  // by thread: the nodes iterated by waveform relaxation
	active    bool                     // there are secondary connections
	wfr       bool                     // waveform relaxation iterations run
	done      []bool                   // by thread: the last iteration converged
	// devices that send secondary events (step_rate_generator): NEST
	// delivers their events at once, during their update, so they are
	// updated and delivered before the other nodes of a slice; by thread,
	// and a mask by node index (nil when there are none)
	devSenders [][]int
	isDevice   []bool
	warnings   int             // slices whose iterations did not converge
	remote     secondaryRemote // other processes' senders (secondary_mpi.go)
}

// secondaryDefaults adds what GetDefaults reports for a secondary model.
func secondaryDefaults(m synapseModel, d dict.Dict) {
	s := secondaryOf(m.secondary)
	d["has_delay"] = s.hasDelay
	d["requires_symmetric"] = s.symmetric
	if m.secondary == node.DiffusionRate {
		d["drift_factor"], d["diffusion_factor"] = 1.0, 1.0
	}
}

// wfrSettings returns the kernel's waveform-relaxation settings.
func (k *Kernel) wfrSettings() node.WFRSettings {
	return node.WFRSettings{
		Use:   k.compat["use_wfr"].(bool),
		Tol:   k.compat["wfr_tol"].(float64),
		Order: int(k.compat["wfr_interpolation_order"].(int64)),
	}
}

// wfrCommSteps is wfr_comm_interval in steps: the delay that connections
// without one contribute to the delay extrema, as in NEST.
func (k *Kernel) wfrCommSteps() int64 {
	return k.base.DelayToSteps(k.compat["wfr_comm_interval"].(float64))
}

// checkSecondarySpec checks a Connect call of secondary model m before any
// connection is made: no delay for models without one, the symmetry the
// gap junctions require, one process.
func (k *Kernel) checkSecondarySpec(m synapseModel, rl rule, symmetric bool, pre, post []int, synSpec dict.Dict) error {
	s := secondaryOf(m.secondary)
	if _, ok := synSpec["delay"]; ok && !s.hasDelay {
		return nesterr.New(nesterr.ErrBadProperty, "%s", s.noDelay)
	}
	if _, ok := synSpec["weight"]; ok && s.kind == node.DiffusionRate {
		return nesterr.New(nesterr.ErrBadProperty, "Please use the parameters drift_factor and diffusion_factor to specifiy the weights.")
	}
	if s.symmetric && !symmetric && !symmetricAllToAll(rl, pre, post, synSpec) {
		return nesterr.New(nesterr.ErrBadProperty, "Connections with this synapse model can only be created as "+
			"one-to-one connections with \"make_symmetric\" set to true or as all-to-all connections with equal "+
			"source and target populations and default or scalar parameters.")
	}
	if k.NumProcesses() > 1 && s.wfr {
		// see secondary_mpi.go
		return nesterr.New(nesterr.ErrNotImplemented, "%s connections are not supported across several processes yet.", m.name)
	}
	return nil
}

// symmetricAllToAll is NEST's is_symmetric of all_to_all: the same nodes
// on both sides and only scalar synapse parameters.
func symmetricAllToAll(rl rule, pre, post []int, synSpec dict.Dict) bool {
	if _, ok := rl.(allToAll); !ok || len(pre) != len(post) {
		return false
	}
	for i := range pre {
		if pre[i] != post[i] {
			return false
		}
	}
	for key, v := range synSpec {
		switch v.(type) {
		case string, bool, int, int64, float64:
		default:
			_ = key
			return false
		}
	}
	return true
}

// secondaryWhat names each kind's data in NEST's messages.
var secondaryWhat = [...]string{node.GapJunction: "gap junction", node.InstantRate: "instantaneous rate",
	node.DelayedRate: "delayed rate", node.DiffusionRate: "diffusion", node.SlowInwardCurrent: "slow inward current",
	node.LearningSignal: "learning signal"}

// classifySecondary checks a connection of kind from s to t on rport.
func (k *Kernel) classifySecondary(s, t, rport int, kind node.SecondaryKind) error {
	src, tgt := k.nodes[s-1], k.nodes[t-1]
	what := secondaryWhat[kind]
	if kind == node.LearningSignal {
		return checkLearningSignal(src, tgt, rport)
	}
	if ss, ok := src.(node.SecondarySender); !ok || !ss.SendsSecondary(kind) {
		return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\n"+
			"The source node does not support %s output (%s, node %d).", what, src.Model(), s)
	}
	sr, ok := tgt.(node.SecondaryReceiver)
	if !ok {
		return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\n"+
			"The target node or synapse model does not support %s input (%s, node %d).", what, tgt.Model(), t)
	}
	if rs, ok := tgt.(rateSenderChecker); ok {
		if err := rs.CheckRateSender(src.Model(), rport); err != nil {
			return err
		}
	}
	return sr.CheckSecondaryReceptor(kind, rport)
}

// rateSenderChecker is implemented by receivers whose receptors depend on
// the sender's model (eprop_readout_bsshslm_2020 takes a
// step_rate_generator on receptor 2 only).
type rateSenderChecker interface {
	CheckRateSender(senderModel string, rport int) error
}

// prepareSecondary finds senders, receivers and waveform-relaxation nodes
// before a run.
func (k *Kernel) prepareSecondary() error {
	st := &k.sec
	st.active = false
	for id, m := range k.synModels {
		if m.secondary != 0 && k.countConnections(id) > 0 {
			st.active = true
		}
	}
	if err := k.agreeSecondary(); err != nil {
		return err
	}
	// A process without secondary connections still sends its senders'
	// coefficients when another process has some.
	st.active = st.active || len(st.remote.kinds) > 0
	if !st.active {
		return nil
	}
	st.senders = make([]node.SecondarySender, len(k.nodes))
	st.receivers = make([]node.SecondaryReceiver, len(k.nodes))
	for i, n := range k.nodes {
		st.senders[i], _ = n.(node.SecondarySender)
		st.receivers[i], _ = n.(node.SecondaryReceiver)
	}
	st.devSenders, st.isDevice = nil, nil
	for ti, t := range k.threads {
		for _, i := range t.nodes {
			if st.senders[i] != nil && k.nodes[i].ElementType() == node.Stimulator {
				if st.devSenders == nil {
					st.devSenders, st.isDevice = make([][]int, len(k.threads)), make([]bool, len(k.nodes))
				}
				st.devSenders[ti] = append(st.devSenders[ti], i)
				st.isDevice[i] = true
			}
		}
	}
	st.wfrNodes = make([][]int, len(k.threads))
	st.done = make([]bool, len(k.threads))
	st.wfr = false
	if k.compat["use_wfr"].(bool) {
		for ti, t := range k.threads {
			for _, i := range t.nodes {
				if _, ok := k.nodes[i].(node.WFRNode); ok {
					st.wfrNodes[ti] = append(st.wfrNodes[ti], i)
					st.wfr = true
				}
			}
		}
	}
	return nil
}

// deliverSecondary hands this thread's targets the coefficients their
// senders sent in the slice at origin: all models at the start of a
// slice, only those supporting waveform relaxation after an iteration.
// Targets get them by model, then by source, then in creation order, as
// NEST's connectors are sorted.
func (t *thread) deliverSecondary(k *Kernel, origin int64, wfrOnly bool) {
	t.deliverSecondaryFrom(k, origin, wfrOnly, false)
}

// deliverSecondaryFrom is deliverSecondary for the senders that are
// devices (devices true) or for the others.
func (t *thread) deliverSecondaryFrom(k *Kernel, origin int64, wfrOnly, devices bool) {
	st := &k.sec
	for syn := range t.tables {
		m := &k.synModels[syn]
		if m.secondary == 0 {
			continue
		}
		if wfrOnly && !secondaryOf(m.secondary).wfr {
			continue
		}
		tab := &t.tables[syn]
		if tab.count == 0 {
			continue
		}
		ev := node.SecondaryEvent{Kind: m.secondary, Origin: origin}
		recorded := m.weightRecorder != 0
		// NEST stamps the events of a delivery with the step after the
		// previous slice's start.
		stamp := k.clock + 1 - int64(k.minDelay)
		for src := range tab.rows {
			targets := tab.targetsOf(src)
			if len(targets) == 0 || st.isDevice != nil && st.isDevice[src] != devices || st.isDevice == nil && devices {
				continue
			}
			ev.Sender = src + 1
			ev.Coeffs = k.secondaryCoeffs(src, m.secondary)
			for i, tgt := range targets {
				meta := tab.metaOf(src, i)
				ev.Weight, ev.Delay, ev.Rport = tab.weightOf(src, i), metaDelay(meta), metaRport(meta)
				if tab.aux != nil {
					// diffusion_connection: the weight column holds the
					// drift factor
					ev.Drift, ev.Diffusion = ev.Weight, tab.aux[int(tab.rows[src].off)+i]
				}
				if recorded {
					t.recordWeight(k, syn, src, i, tgt, meta, stamp, ev.Weight)
				}
				st.receivers[tgt].HandleSecondary(&ev)
			}
		}
	}
}

// updateDevices updates the secondary-event devices for the steps
// from..to of the slice at origin and delivers what they send, as NEST
// delivers a device's events during its update: a rate sent for step
// origin+i through a connection of delay d takes effect in step
// origin+i+d-min_delay.
func (k *Kernel) updateDevices(p *pool, origin int64, from, to int) {
	st := &k.sec
	p.run(k.threads, func(t *thread) {
		for _, i := range st.devSenders[t.id] {
			t.ctx.Index = i
			k.nodes[i].Update(&t.ctx, origin, from, to)
		}
	})
	p.run(k.threads, func(t *thread) { t.deliverSecondaryFrom(k, origin-int64(k.minDelay), false, true) })
}

// relax runs NEST's waveform-relaxation iterations of the slice at origin
// before its final update: every thread updates its WFR nodes over the
// whole slice (also when the run ends inside it), then the coefficients
// are delivered, until all nodes converged or wfr_max_iterations passed.
func (k *Kernel) relax(p *pool, origin int64, from int) {
	st := &k.sec
	maxIter := int(k.compat["wfr_max_iterations"].(int64))
	converged := false
	for it := 0; it < maxIter && !converged; it++ {
		p.run(k.threads, func(t *thread) {
			done := true
			for _, i := range st.wfrNodes[t.id] {
				t.ctx.Index = i
				done = k.nodes[i].(node.WFRNode).WFRUpdate(&t.ctx, origin, from, k.minDelay) && done
			}
			st.done[t.id] = done
		})
		converged = true
		for _, d := range st.done {
			converged = converged && d
		}
		p.run(k.threads, func(t *thread) { t.deliverSecondary(k, origin, true) })
	}
	if !converged {
		// NEST logs a warning here; the count is kept instead.
		st.warnings++
	}
}

// secondaryModelIn returns the secondary synapse model a synapse
// specification names, if it names one.
func (k *Kernel) secondaryModelIn(synSpec dict.Dict) (synapseModel, bool) {
	name, ok := synSpec["synapse_model"].(string)
	if !ok {
		return synapseModel{}, false
	}
	id, ok := k.synIndex[name]
	if !ok || k.synModels[id].secondary == 0 {
		return synapseModel{}, false
	}
	return k.synModels[id], true
}
