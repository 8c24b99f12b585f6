package kernel

import (
	"math"
	"math/rand/v2"

	"github.com/gonest/gonest/gocore/devices"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// connKind says how a checked connection is carried.
type connKind int

const (
	spikeConn     connKind = iota // spikes, through the source's connection table
	currentConn                   // currents, through the same tables
	observeConn                   // multimeter -> node, kept by the multimeter
	secondaryConn                 // secondary events (secondary.go), through the source's connection table
)

// Connect connects pre to post (node ids) with the rule in connSpec and the
// synapse in synSpec. Every connection is checked before any is made, so a
// rejected call leaves the network as it was. Random rules and parameter
// distributions draw from streams derived from rng_seed and the number of
// Connect calls so far, so the same script builds the same network.
func (k *Kernel) Connect(pre, post []int, connSpec, synSpec dict.Dict) error {
	if !k.timers.connecting {
		k.timers.connecting = true
		defer func() { k.timers.connecting = false }()
		defer stopwatch(&k.timers.connect, &k.timers.connectCPU)()
	}
	return k.connect(pre, post, connSpec, synSpec, false)
}

// connect is Connect; symmetric is true for the two halves of a
// make_symmetric call, whose symmetry needs no further check.
func (k *Kernel) connect(pre, post []int, connSpec, synSpec dict.Dict, symmetricHalf bool) error {
	for _, ids := range [][]int{pre, post} {
		for _, id := range ids {
			if _, err := k.node(id); err != nil {
				return err
			}
		}
	}
	// The streams of this call; the count advances only when the call
	// succeeds, so a rejected Connect leaves later networks unchanged.
	call := k.connectCalls + 1
	seed := [2]uint64{k.rngSeed, 1<<40 + 2*call}
	paramSeed := [2]uint64{k.rngSeed, 1<<40 + 2*call + 1}
	var (
		rl        rule
		symmetric bool
		at        *spatialPair // the pair a spatial rule is connecting
		err       error
	)
	if isSpatialConnect(connSpec, synSpec) {
		sr, err := k.newSpatialRule(connSpec, pre, post, seed)
		if err != nil {
			return err
		}
		rl, at = sr, sr.at
	} else if rl, symmetric, err = newRule(dict.NewReader(connSpec), pre, post, seed); err != nil {
		return err
	}
	switch rl.(type) {
	case fixedIndegree, fixedOutdegree, fixedTotal, pairwiseBernoulli, pairwisePoisson, symmetricBernoulli:
		// As in NEST: recorders have no proxies on other threads and
		// processes, so random rules cannot target them.
		for _, t := range post {
			if n := k.nodes[t-1]; n.ElementType() == node.Recorder {
				return nesterr.New(nesterr.ErrIllegalConnection,
					"%s (node %d) cannot be the target of a connection made by a probabilistic rule; use all_to_all or one_to_one.", n.Model(), t)
			}
		}
	}
	if m, ok := k.secondaryModelIn(synSpec); ok && !symmetricHalf {
		if err := k.checkSecondarySpec(m, rl, symmetric, pre, post, synSpec); err != nil {
			return err
		}
		if symmetric {
			// NEST reports a refused reverse connection first.
			if err := rl.forEach(func(s, t int) error { return k.classifySecondary(t, s, 0, m.secondary) }); err != nil {
				return err
			}
		}
	}
	if symmetric {
		for key, v := range synSpec {
			switch v.(type) {
			case map[string]any, dict.Dict:
				return nesterr.New(nesterr.ErrNotImplemented, "Symmetric connections cannot use random parameters (syn_spec '%s').", key)
			}
		}
		// make_symmetric for one_to_one, as NEST does it: the same call
		// again with sources and targets swapped, parameter arrays from
		// their start.
		plain := connSpec.Clone()
		delete(plain, "make_symmetric")
		if err := k.connect(pre, post, plain, synSpec, true); err != nil {
			return err
		}
		return k.connect(post, pre, plain, synSpec, true)
	}

	sr := dict.NewReader(synSpec)
	model := "static_synapse"
	if _, err := sr.String("synapse_model", &model); err != nil {
		return err
	}
	synID, ok := k.synIndex[model]
	if !ok {
		return nesterr.New(nesterr.ErrUnknownSynapseType, "Synapse model '%s' does not exist; available: %v.", model, k.synapseNames())
	}
	defs := k.synModels[synID]
	if err := k.checkModelOnlyKeys(defs, sr); err != nil {
		return err
	}
	weightKey, defWeight := "weight", defs.weight
	var diffusion *paramSource
	if defs.secondary == node.DiffusionRate {
		// diffusion_connection: drift_factor in the weight column,
		// diffusion_factor in the table's second one
		weightKey, defWeight = "drift_factor", 1.0
		if diffusion, err = newParamSource(sr, "diffusion_factor", 1.0); err != nil {
			return err
		}
	}
	weights, err := newParamSource(sr, weightKey, defWeight)
	if err != nil {
		return err
	}
	defDelay := k.defaultDelay(defs)
	if defs.secondary != 0 && !secondaryOf(defs.secondary).hasDelay {
		// Connections without a delay take part in the delay extrema
		// with wfr_comm_interval, as in NEST.
		defDelay = k.compat["wfr_comm_interval"].(float64)
	}
	delays, err := newParamSource(sr, "delay", defDelay)
	if err != nil {
		return err
	}
	rports, err := newParamSource(sr, "receptor_type", 0)
	if err != nil {
		return err
	}
	weights.at, delays.at, rports.at = at, at, at
	label := defs.label
	if err := readLabel(defs, sr, &label); err != nil {
		return err
	}
	var template any
	if defs.typ != nil {
		if template, err = defs.typ.Template(sr); err != nil {
			return err
		}
	}
	if err := sr.CheckAllUsed(model); err != nil {
		return err
	}
	// NEST sets a plastic connection's own parameters (and so checks them
	// against its weight) only when the synapse specification gives some
	// besides weight and delay.
	checkWeight := false
	if defs.typ != nil {
		for key := range synSpec {
			if key != "synapse_model" && key != "weight" && key != "delay" {
				checkWeight = true
			}
		}
	}
	constDelay := -1.0
	if delays.list == nil && !delays.random() {
		constDelay = delays.konst
		if err := k.checkDelay(constDelay); err != nil {
			return err
		}
	}

	varying := weights.list != nil || weights.random() || delays.list != nil || delays.random()
	if err := k.checkConnectMemory(rl, model, defs.typ != nil, varying); err != nil {
		return err
	}

	// Pass 1: check every connection and count them per thread and source.
	counts := make([]sourceCounts, len(k.threads))
	for i := range counts {
		counts[i] = newSourceCounts(len(pre), len(k.nodes))
	}
	var (
		n                  int
		cacheSrc, cacheTgt string
		cacheRport         int
		cacheKind          connKind
		cacheErr           error
		cached             bool
		prng               = rand.New(rand.NewPCG(paramSeed[0], paramSeed[1]))
	)
	// kindOf checks one connection on its receptor; the answer depends on
	// the models and the receptor only, except for multimeters and
	// targets whose receptors differ from node to node.
	kindOf := func(s, t, rport int) (connKind, error) {
		if _, isMeter := k.nodes[s-1].(*devices.Multimeter); isMeter {
			return k.classify(s, t, rport)
		}
		if _, perNode := k.nodes[t-1].(node.PerNodeReceptors); perNode {
			return k.classify(s, t, rport)
		}
		ms, mt := k.modelOf[s-1], k.modelOf[t-1]
		if !cached || ms != cacheSrc || mt != cacheTgt || rport != cacheRport {
			cacheKind, cacheErr = k.classify(s, t, rport)
			cacheSrc, cacheTgt, cacheRport, cached = ms, mt, rport, true
		}
		return cacheKind, cacheErr
	}

	// Checking is the long part of a big Connect and changes nothing: an
	// interrupt stops it here (not in pass 2, which must finish).
	err = withStop(rl, &k.interrupt).forEach(func(s, t int) error {
		if weights.list != nil && n >= len(weights.list) || delays.list != nil && n >= len(delays.list) ||
			rports.list != nil && n >= len(rports.list) {
			n++
			return nil // reported below with the total count
		}
		w := weights.value(n, prng)
		d := delays.value(n, prng)
		r := rports.value(n, prng)
		if err := checkRport(r); err != nil {
			return err
		}
		rport := int(r)
		var kind connKind
		if defs.secondary != 0 {
			kind = secondaryConn
			if err := k.classifySecondary(s, t, rport, defs.secondary); err != nil {
				return err
			}
		} else if kind, err = kindOf(s, t, rport); err != nil {
			return err
		}
		if defs.typ != nil && kind != spikeConn {
			return nesterr.New(nesterr.ErrIllegalConnection, "%s transmits spikes only; %s (node %d) sends %s.",
				model, k.modelOf[s-1], s, map[connKind]string{currentConn: "currents", observeConn: "data requests"}[kind])
		}
		if err := k.checkSenderSynapse(s, synID, defs.typ != nil); err != nil {
			return err
		}
		if err := checkClopathTarget(defs.typ, k.nodes[t-1]); err != nil {
			return err
		}
		if defs.typ != nil && defs.typ.NeedsHistory() {
			if _, ok := k.nodes[t-1].(node.Archiving); !ok {
				return nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) keeps no spike history, which %s needs.", k.modelOf[t-1], t, model)
			}
		}
		if checkWeight {
			if err := defs.typ.CheckWeight(template, w); err != nil {
				return err
			}
		}
		if constDelay < 0 {
			if err := k.checkDelay(d); err != nil {
				return err
			}
		}
		if err := checkPackable(k.base.DelayToSteps(d), d, rport); err != nil {
			return err
		}
		if kind != observeConn && k.storedHere(s-1, t-1) {
			counts[k.threadIdx[t-1]].add(s - 1)
		}
		n++
		return nil
	})
	if err != nil {
		return err
	}
	if err := weights.checkCount(n); err != nil {
		return err
	}
	if err := delays.checkCount(n); err != nil {
		return err
	}
	if err := rports.checkCount(n); err != nil {
		return err
	}

	// Pass 2: store them, each source's slice grown once.
	for ti, th := range k.threads {
		if defs.typ != nil {
			tab := th.plasticTable(synID, defs.typ, len(k.nodes))
			counts[ti].each(func(src, c int) { tab.Reserve(src, c) })
			continue
		}
		tab := th.table(synID, len(k.nodes))
		counts[ti].each(func(src, c int) { tab.reserve(src, c) })
	}
	prng = rand.New(rand.NewPCG(paramSeed[0], paramSeed[1]))
	i := 0
	env := k.env()
	k.connectCalls = call
	return rl.forEach(func(s, t int) error {
		w := weights.value(i, prng)
		d := delays.value(i, prng)
		rport := int(rports.value(i, prng)) // drawn again as in pass 1, which checked it
		kind := secondaryConn
		if defs.secondary == 0 {
			kind, _ = kindOf(s, t, rport)
		}
		i++
		steps := k.base.DelayToSteps(d)
		if k.minDelayConn == 0 || steps < k.minDelayConn {
			k.minDelayConn = steps
		}
		if steps > k.maxDelayConn {
			k.maxDelayConn = steps
		}
		k.bindSenderSynapse(s, synID)
		if !k.storedHere(s-1, t-1) {
			return nil // another process keeps it
		}
		if kind == observeConn {
			mm := k.nodes[s-1].(*devices.Multimeter)
			if err := mm.Attach(t, k.nodes[t-1].(node.Recordable), env); err != nil {
				return nesterr.New(nesterr.ErrInternal, "multimeter %d rejected target %d after the check: %v", s, t, err)
			}
			k.observers++
		} else if defs.typ != nil {
			k.threadOf(t - 1).plastic[synID].Add(s-1, uint32(t-1), packMeta(steps, rport), w, template)
			if defs.labelled {
				k.threadOf(t-1).addLabel(synID, s-1, label, len(k.nodes))
			}
			if defs.typ.NeedsHistory() {
				// A new connection's last presynaptic spike is at 0 ms, so
				// it first reads the history after -delay (NEST's
				// register_stdp_connection(t_lastspike - delay, delay)).
				d := nestDelayMs(k.base, steps)
				k.nodes[t-1].(node.Archiving).Archive().RegisterConnection(0-d, d, k.base)
			}
		} else {
			th := k.threadOf(t - 1)
			pos := len(th.tables[synID].targets[s-1])
			th.tables[synID].add(s-1, conn{target: uint32(t - 1), meta: packMeta(steps, rport)}, w)
			if diffusion != nil {
				th.tables[synID].addAux(s-1, diffusion.value(i-1, prng))
			}
			if defs.labelled {
				th.addLabel(synID, s-1, label, len(k.nodes))
			}
			if k.replica[t-1] && kind == spikeConn {
				if th.devConns == nil {
					th.devConns = map[int32][]devConn{}
				}
				th.devConns[int32(s-1)] = append(th.devConns[int32(s-1)], devConn{syn: int32(synID), pos: int32(pos)})
				k.hasDevConns = true
			}
		}
		return nil
	})
}

// checkRport refuses a receptor_type that is not a whole number (NEST's
// receptor types are integers, also those drawn from a parameter).
func checkRport(r float64) error {
	if r != math.Trunc(r) || math.IsInf(r, 0) || math.Abs(r) > 1<<31 {
		return nesterr.New(nesterr.ErrTypeMismatch, "receptor_type must be an integer, got %g.", r)
	}
	return nil
}

// checkDelay enforces NEST's delay rules: at least one step, and within the
// delay range already used once the network has been simulated.
func (k *Kernel) checkDelay(ms float64) error {
	if math.IsNaN(ms) || math.IsInf(ms, 0) || ms*k.base.StepsPerMs > maxDelay {
		return nesterr.New(nesterr.ErrBadDelay, "Delay must be a finite number of at most %d steps (delay = %g ms).", maxDelay, ms)
	}
	steps := k.base.DelayToSteps(ms)
	if steps < 1 {
		return nesterr.New(nesterr.ErrBadDelay, "Delay must be greater than or equal to resolution (delay = %g ms, resolution = %g ms).", ms, k.base.Resolution)
	}
	if k.userDelays && steps < k.userMinD {
		return nesterr.New(nesterr.ErrBadDelay, "Delay must be greater than or equal to min_delay. You may set min_delay before creating connections (delay = %g ms, min_delay = %g ms).",
			ms, k.base.StepsToMs(k.userMinD))
	}
	if k.userDelays && steps > k.userMaxD {
		return nesterr.New(nesterr.ErrBadDelay, "Delay must be smaller than or equal to max_delay. You may set max_delay before creating connections (delay = %g ms, max_delay = %g ms).",
			ms, k.base.StepsToMs(k.userMaxD))
	}
	if k.simulated && (steps < int64(k.minDelay) || steps > int64(k.maxDelay)) {
		return nesterr.New(nesterr.ErrBadDelay, "Minimum and maximum delay cannot be changed after Simulate has been called (delay = %g ms, allowed %g to %g ms).",
			ms, k.base.StepsToMs(int64(k.minDelay)), k.base.StepsToMs(int64(k.maxDelay)))
	}
	return nil
}

// classify checks that source id s may connect to target id t on rport
// and says how the connection is carried.
func (k *Kernel) classify(s, t, rport int) (connKind, error) {
	src, tgt := k.nodes[s-1], k.nodes[t-1]
	if _, ok := tgt.(*devices.Multimeter); ok {
		return 0, nesterr.New(nesterr.ErrIllegalConnection,
			"%s (node %d) cannot receive connections: a %s observes neurons and must be the source, as in Connect(%s, neuron).",
			tgt.Model(), t, tgt.Model(), tgt.Model())
	}
	if mm, ok := src.(*devices.Multimeter); ok {
		rec, ok := tgt.(node.Recordable)
		if !ok {
			return 0, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) has nothing a %s can record.", tgt.Model(), t, mm.Model())
		}
		if rport != 0 {
			return 0, nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available for recording from %s.", rport, tgt.Model())
		}
		if mm.Observes(t) {
			return 0, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) records from node %d already; it can be connected to a node only once.", mm.Model(), s, t)
		}
		return observeConn, checkRecordable(mm, rec, t)
	}
	if _, ok := src.(*devices.SpikeRecorder); ok {
		return 0, nesterr.New(nesterr.ErrIllegalConnection,
			"spike_recorder (node %d) cannot send events: it records spikes and must be the target, as in Connect(neuron, spike_recorder).", s)
	}
	if err := checkSignals(src, tgt); err != nil {
		return 0, err
	}
	if cs, ok := src.(node.CurrentSender); ok && cs.SendsCurrents() {
		cr := k.currRecv[t-1]
		if cr == nil {
			return 0, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) does not accept currents from %s.", tgt.Model(), t, src.Model())
		}
		return currentConn, cr.CheckCurrentReceptor(rport)
	}
	if ss, ok := src.(node.SpikeSender); ok && ss.SendsSpikes() {
		rr := k.spikeRecv[t-1]
		if rr == nil {
			return 0, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) does not accept spikes from %s.", tgt.Model(), t, src.Model())
		}
		return spikeConn, rr.CheckSpikeReceptor(src.Model(), rport)
	}
	return 0, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) cannot be the source of a connection to %s.", src.Model(), s, tgt.Model())
}

func checkRecordable(mm *devices.Multimeter, rec node.Recordable, id int) error {
	avail := rec.Recordables()
	for _, name := range mm.RecordFrom {
		found := false
		for _, a := range avail {
			if a == name {
				found = true
				break
			}
		}
		if !found {
			return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\nCannot connect with unknown recordable %s (node %d offers %v).", name, id, avail)
		}
	}
	return nil
}

// delayExtrema returns min_delay and max_delay in steps as NEST reports
// them: one step each while there are no connections.
func (k *Kernel) delayExtrema() (int64, int64) {
	if k.userDelays {
		return k.userMinD, k.userMaxD
	}
	if k.minDelayConn == 0 {
		return 1, 1
	}
	return k.minDelayConn, k.maxDelayConn
}
