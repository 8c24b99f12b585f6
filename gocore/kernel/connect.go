package kernel

import (
	"github.com/gonest/gonest/gocore/devices"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// conn is one static connection, stored with its source's other
// connections. 24 bytes; no pointer per synapse.
type conn struct {
	target int32   // node index of the target
	rport  int32   // receptor port
	delay  int64   // steps
	weight float64 // weight
}

// connTable holds connections grouped by source node index, in creation
// order. Delivery walks one contiguous slice per spiking source.
type connTable struct {
	bySource [][]conn
	count    int
}

func (t *connTable) grow(nodes int) {
	for len(t.bySource) < nodes {
		t.bySource = append(t.bySource, nil)
	}
}

// plannedConn is a connection checked and waiting to be stored.
type plannedConn struct {
	src, tgt int // node indices
	conn
	observe bool // multimeter -> node: stored in the multimeter
}

// Connect connects pre to post (node ids) with the rule in connSpec and the
// synapse in synSpec. All connections are checked before any is made, so a
// rejected call leaves the network as it was.
func (k *Kernel) Connect(pre, post []int, connSpec, synSpec dict.Dict) error {
	for _, ids := range [][]int{pre, post} {
		for _, id := range ids {
			if _, err := k.node(id); err != nil {
				return err
			}
		}
	}
	cr := dict.NewReader(connSpec)
	rule := "all_to_all"
	if _, err := cr.String("rule", &rule); err != nil {
		return err
	}
	autapses, multapses := true, true
	if _, err := cr.Bool("allow_autapses", &autapses); err != nil {
		return err
	}
	if _, err := cr.Bool("allow_multapses", &multapses); err != nil {
		return err
	}
	var pairs [][2]int
	switch rule {
	case "all_to_all":
		pairs = make([][2]int, 0, len(pre)*len(post))
		for _, t := range post {
			for _, s := range pre {
				if !autapses && s == t {
					continue
				}
				pairs = append(pairs, [2]int{s, t})
			}
		}
	case "one_to_one":
		if len(pre) != len(post) {
			return nesterr.New(nesterr.ErrDimensionMismatch, "Source and target population must be of the same size for rule one_to_one (%d sources, %d targets).", len(pre), len(post))
		}
		for i := range pre {
			if !autapses && pre[i] == post[i] {
				continue
			}
			pairs = append(pairs, [2]int{pre[i], post[i]})
		}
	default:
		return nesterr.New(nesterr.ErrBadProperty, "Unknown connection rule '%s'; available rules: all_to_all, one_to_one.", rule)
	}
	if err := cr.CheckAllUsed("conn_spec for rule " + rule); err != nil {
		return err
	}

	sr := dict.NewReader(synSpec)
	model := "static_synapse"
	if _, err := sr.String("synapse_model", &model); err != nil {
		return err
	}
	defs, ok := k.synapses[model]
	if !ok {
		return nesterr.New(nesterr.ErrUnknownSynapseType, "Synapse model '%s' does not exist; available: %v.", model, sortedKeys(k.synapses))
	}
	weights, err := perConnection(sr, "weight", defs.Weight, len(pairs))
	if err != nil {
		return err
	}
	delays, err := perConnection(sr, "delay", defs.Delay, len(pairs))
	if err != nil {
		return err
	}
	var rport int64
	if _, err := sr.Int("receptor_type", &rport); err != nil {
		return err
	}
	if err := sr.CheckAllUsed(model); err != nil {
		return err
	}

	planned := make([]plannedConn, 0, len(pairs))
	for i, p := range pairs {
		if err := k.checkDelay(delays[i]); err != nil {
			return err
		}
		pc, err := k.plan(p[0], p[1], int(rport))
		if err != nil {
			return err
		}
		pc.delay = k.base.DelayToSteps(delays[i])
		pc.weight = weights[i]
		planned = append(planned, pc)
	}
	return k.commit(planned)
}

// perConnection reads key as a scalar (the same for all connections) or a
// list with one value per connection.
func perConnection(r *dict.Reader, key string, def float64, n int) ([]float64, error) {
	out := make([]float64, n)
	v, ok := r.Raw(key)
	if !ok {
		v = def
	}
	if list, isList := v.([]any); isList {
		if len(list) != n {
			return nil, nesterr.New(nesterr.ErrBadProperty, "'%s' has %d values but %d connections are made.", key, len(list), n)
		}
		for i, e := range list {
			f, err := dict.ToFloat(key, e)
			if err != nil {
				return nil, err
			}
			out[i] = f
		}
		return out, nil
	}
	f, err := dict.ToFloat(key, v)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i] = f
	}
	return out, nil
}

// checkDelay enforces NEST's delay rules: at least one step, and within the
// delay range already used once the network has been simulated.
func (k *Kernel) checkDelay(ms float64) error {
	steps := k.base.DelayToSteps(ms)
	if steps < 1 {
		return nesterr.New(nesterr.ErrBadDelay, "Delay must be greater than or equal to resolution (delay = %g ms, resolution = %g ms).", ms, k.base.Resolution)
	}
	if k.simulated && (steps < int64(k.minDelay) || steps > int64(k.maxDelay)) {
		return nesterr.New(nesterr.ErrBadDelay, "Minimum and maximum delay cannot be changed after Simulate has been called (delay = %g ms, allowed %g to %g ms).",
			ms, k.base.StepsToMs(int64(k.minDelay)), k.base.StepsToMs(int64(k.maxDelay)))
	}
	return nil
}

// plan checks that source id s may connect to target id t on rport, and
// says how the connection is carried.
func (k *Kernel) plan(s, t, rport int) (plannedConn, error) {
	src, tgt := k.nodes[s-1], k.nodes[t-1]
	pc := plannedConn{src: s - 1, tgt: t - 1}
	pc.target, pc.rport = int32(t-1), int32(rport)

	if _, ok := tgt.(*devices.Multimeter); ok {
		return pc, nesterr.New(nesterr.ErrIllegalConnection,
			"%s (node %d) cannot receive connections: a %s observes neurons and must be the source, as in Connect(%s, neuron).",
			tgt.Model(), t, tgt.Model(), tgt.Model())
	}
	if mm, ok := src.(*devices.Multimeter); ok {
		rec, ok := tgt.(node.Recordable)
		if !ok {
			return pc, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) has nothing a %s can record.", tgt.Model(), t, mm.Model())
		}
		if rport != 0 {
			return pc, nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available for recording from %s.", rport, tgt.Model())
		}
		if err := checkRecordable(mm, rec, t); err != nil {
			return pc, err
		}
		pc.observe = true
		return pc, nil
	}
	if _, ok := src.(*devices.SpikeRecorder); ok {
		return pc, nesterr.New(nesterr.ErrIllegalConnection,
			"spike_recorder (node %d) cannot send events: it records spikes and must be the target, as in Connect(neuron, spike_recorder).", s)
	}
	if cs, ok := src.(node.CurrentSender); ok && cs.SendsCurrents() {
		cr := k.currRecv[t-1]
		if cr == nil {
			return pc, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) does not accept currents from %s.", tgt.Model(), t, src.Model())
		}
		return pc, cr.CheckCurrentReceptor(rport)
	}
	if ss, ok := src.(node.SpikeSender); ok && ss.SendsSpikes() {
		rr := k.spikeRecv[t-1]
		if rr == nil {
			return pc, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) does not accept spikes from %s.", tgt.Model(), t, src.Model())
		}
		return pc, rr.CheckSpikeReceptor(src.Model(), rport)
	}
	return pc, nesterr.New(nesterr.ErrIllegalConnection, "%s (node %d) cannot be the source of a connection to %s.", src.Model(), s, tgt.Model())
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
			return nesterr.New(nesterr.ErrIllegalConnection, "Cannot connect with unknown recordable '%s': node %d offers %v.", name, id, avail)
		}
	}
	return nil
}

// commit stores checked connections and updates the delay extrema.
func (k *Kernel) commit(planned []plannedConn) error {
	env := k.env()
	for _, pc := range planned {
		if pc.observe {
			mm := k.nodes[pc.src].(*devices.Multimeter)
			if err := mm.Attach(pc.tgt+1, k.nodes[pc.tgt].(node.Recordable), env); err != nil {
				return nesterr.New(nesterr.ErrInternal, "multimeter %d rejected target %d after the check: %v", pc.src+1, pc.tgt+1, err)
			}
			k.observers++
		} else {
			t := k.threadOf(pc.tgt)
			t.conns.bySource[pc.src] = append(t.conns.bySource[pc.src], pc.conn)
			t.conns.count++
		}
		if k.minDelayConn == 0 || pc.delay < k.minDelayConn {
			k.minDelayConn = pc.delay
		}
		if pc.delay > k.maxDelayConn {
			k.maxDelayConn = pc.delay
		}
	}
	return nil
}

// delayExtrema returns min_delay and max_delay in steps as NEST reports
// them: one step each while there are no connections.
func (k *Kernel) delayExtrema() (int64, int64) {
	if k.minDelayConn == 0 {
		return 1, 1
	}
	return k.minDelayConn, k.maxDelayConn
}
