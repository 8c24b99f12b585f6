package synapses

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// stdpFacetsHW is NEST's stdp_facetshw_synapse_hom: STDP as the FACETS
// wafer-scale hardware implements it (Pfeil et al. 2012). Each connection
// accumulates a causal charge a_causal (exp(-dt/tau_plus) of the first
// postsynaptic spike after each presynaptic one) and an acausal charge
// a_acausal (exp(-dt/tau_minus_stdp) of the last postsynaptic spike
// before each presynaptic one). The weight is a 4-bit value (weight /
// weight_per_lut_entry, rounded) that changes only at readouts: when a
// presynaptic spike comes after the connection's next_readout_time, two
// threshold evaluations of the charges under configbit_0 and configbit_1
// select lookuptable_0, _1 or _2 to map the discrete weight through, the
// charges are reset by reset_pattern, and the next readout is a readout
// cycle later. A connection gets its synapse_id and first readout at its
// first spike, from the number of synapses the model has initialised on
// the thread (no_synapses; the readout cycle grows with it).
//
// Model-level parameters (SetDefaults or CopyModel only): tau_plus 20.0
// ms, tau_minus_stdp 20.0 ms, Wmax 100.0 (setting it sets
// weight_per_lut_entry = Wmax/15), weight_per_lut_entry 100/15,
// no_synapses 0, synapses_per_driver 50, driver_readout_time 15.0 ms,
// readout_cycle_duration (ms; derived from the last three, or set),
// lookuptable_0/_1/_2 (16 integers in [0, 15]), configbit_0/_1 (4
// integers), reset_pattern (6 integers). Per connection: a_causal 0.0,
// a_acausal 0.0, a_thresh_th 21.835, a_thresh_tl 21.835, init_flag false,
// synapse_id 0, next_readout_time 0.0 ms.
//
// As in NEST (whose model copies are per thread), each table counts the
// synapses it initialises itself, starting from the model's no_synapses;
// GetDefaults reports the model's value, not a thread's count. NEST also
// prints a line for each initialised synapse; this model does not.
type stdpFacetsHW struct {
	p *facetsParams
	c *facetsCount // a table's own (see forTable); nil in the Type
	v *facetsVisit
}

type facetsParams struct {
	tauPlus, tauMinus, wmax, weightPerLUT float64
	noSynapses, synapsesPerDriver         int64
	driverReadout, readoutCycle           float64
	lut                                   [3][]int64
	config                                [2][]int64
	reset                                 []int64
	// Changes a table applies to its own count (see facetsCount): each
	// setting of no_synapses, and each of the readout cycle (set, or to be
	// derived from the table's count when explicit is false).
	noSynGen, readoutGen int
	readoutExplicit      bool
}

// facetsCount is a table's count of initialised synapses and its readout
// cycle: NEST keeps them in its per-thread copies of the model, which a
// SetDefaults changes only in the keys it gives.
type facetsCount struct {
	noSynGen, readoutGen int
	noSynapses           int64
	readoutCycle         float64
}

type facetsState struct {
	Causal, Acausal, ThreshTH, ThreshTL float64
	Init                                bool
	SynapseID                           int64
	NextReadout                         float64 // ms
	lastSpike                           float64 // ms
}

func newSTDPFacetsHW() stdpFacetsHW {
	p := &facetsParams{tauPlus: 20, tauMinus: 20, wmax: 100, synapsesPerDriver: 50, driverReadout: 15,
		lut: [3][]int64{
			{2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 14, 15},
			{0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 11, 12, 13},
			{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}},
		config: [2][]int64{{0, 0, 1, 0}, {0, 1, 0, 0}},
		reset:  []int64{1, 1, 1, 1, 1, 1}}
	p.weightPerLUT = p.wmax / float64(len(p.lut[0])-1)
	p.readoutCycle = readoutCycle(p.noSynapses, p.synapsesPerDriver, p.driverReadout)
	return stdpFacetsHW{p: p}
}

// readoutCycle is NEST's readout cycle duration: the drivers needed for n
// synapses (truncated as C++'s int()) times the readout time of one.
func readoutCycle(n, perDriver int64, driverReadout float64) float64 {
	return float64(int64((float64(n)-1)/float64(perDriver)+1)) * driverReadout
}

func (stdpFacetsHW) name() string       { return "stdp_facetshw_synapse_hom" }
func (stdpFacetsHW) needsHistory() bool { return true }

func (stdpFacetsHW) defaults() facetsState { return facetsState{ThreshTH: 21.835, ThreshTL: 21.835} }

func (stdpFacetsHW) status(s *facetsState, d dict.Dict) {
	d["a_causal"], d["a_acausal"], d["a_thresh_th"], d["a_thresh_tl"] = s.Causal, s.Acausal, s.ThreshTH, s.ThreshTL
	d["init_flag"], d["synapse_id"], d["next_readout_time"] = s.Init, int(s.SynapseID), s.NextReadout
}

func (stdpFacetsHW) set(s *facetsState, r *dict.Reader) error {
	if err := readFloats(r, []floatField{{"a_causal", &s.Causal}, {"a_acausal", &s.Acausal}, {"a_thresh_th", &s.ThreshTH},
		{"a_thresh_tl", &s.ThreshTL}, {"next_readout_time", &s.NextReadout}}); err != nil {
		return err
	}
	if _, err := r.Int("synapse_id", &s.SynapseID); err != nil {
		return err
	}
	_, err := r.Bool("init_flag", &s.Init)
	return err
}

func ints(v []int64) []int {
	out := make([]int, len(v))
	for i, x := range v {
		out[i] = int(x)
	}
	return out
}

func (m stdpFacetsHW) modelStatus(d dict.Dict) {
	p := m.p
	d["tau_plus"], d["tau_minus_stdp"], d["Wmax"], d["weight_per_lut_entry"] = p.tauPlus, p.tauMinus, p.wmax, p.weightPerLUT
	d["no_synapses"], d["synapses_per_driver"] = int(p.noSynapses), int(p.synapsesPerDriver)
	d["driver_readout_time"], d["readout_cycle_duration"] = p.driverReadout, p.readoutCycle
	d["lookuptable_0"], d["lookuptable_1"], d["lookuptable_2"] = ints(p.lut[0]), ints(p.lut[1]), ints(p.lut[2])
	d["configbit_0"], d["configbit_1"], d["reset_pattern"] = ints(p.config[0]), ints(p.config[1]), ints(p.reset)
}

func (stdpFacetsHW) modelKeys() []string {
	return []string{"tau_plus", "tau_minus_stdp", "Wmax", "weight_per_lut_entry", "no_synapses", "synapses_per_driver",
		"driver_readout_time", "readout_cycle_duration", "lookuptable_0", "lookuptable_1", "lookuptable_2",
		"configbit_0", "configbit_1", "reset_pattern"}
}

// readInts reads a list of integers.
func readInts(r *dict.Reader, key string, dst *[]int64) (bool, error) {
	v, ok := r.Raw(key)
	if !ok {
		return false, nil
	}
	list, isList := v.([]any)
	if !isList {
		return false, nesterr.New(nesterr.ErrTypeMismatch, "%s expects a list of integers, got %s.", key, dict.Describe(v))
	}
	out := make([]int64, len(list))
	for i, x := range list {
		n, err := dict.ToInt(key, x)
		if err != nil {
			return false, err
		}
		out[i] = n
	}
	*dst = out
	return true, nil
}

// setModel follows NEST's order and checks; a rejected call changes
// nothing.
func (m stdpFacetsHW) setModel(r *dict.Reader) (func(), error) {
	p := *m.p
	if err := readFloats(r, []floatField{{"tau_plus", &p.tauPlus}, {"tau_minus_stdp", &p.tauMinus}}); err != nil {
		return nil, err
	}
	if ok, err := r.Float("Wmax", &p.wmax); err != nil {
		return nil, err
	} else if ok {
		p.weightPerLUT = p.wmax / float64(len(p.lut[0])-1)
	}
	if err := readFloats(r, []floatField{{"weight_per_lut_entry", &p.weightPerLUT}, {"readout_cycle_duration", &p.readoutCycle}}); err != nil {
		return nil, err
	}
	if r.Has("readout_cycle_duration") {
		p.readoutGen++
		p.readoutExplicit = true
	}
	recalc := false
	for _, f := range []struct {
		key string
		dst *int64
	}{{"no_synapses", &p.noSynapses}, {"synapses_per_driver", &p.synapsesPerDriver}} {
		ok, err := r.Int(f.key, f.dst)
		if err != nil {
			return nil, err
		}
		recalc = recalc || ok
		if ok && f.key == "no_synapses" {
			p.noSynGen++
		}
	}
	if ok, err := r.Float("driver_readout_time", &p.driverReadout); err != nil {
		return nil, err
	} else if ok || recalc {
		p.readoutCycle = readoutCycle(p.noSynapses, p.synapsesPerDriver, p.driverReadout)
		p.readoutGen++
		p.readoutExplicit = false
	}
	p.lut = [3][]int64{p.lut[0], p.lut[1], p.lut[2]}
	for i, key := range []string{"lookuptable_0", "lookuptable_1", "lookuptable_2"} {
		ok, err := readInts(r, key, &p.lut[i])
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		for j := range p.lut {
			if len(p.lut[j]) != len(p.lut[i]) {
				return nil, nesterr.New(nesterr.ErrBadProperty, "Look-up table has not 2^4 entries! (%s has %d)", key, len(p.lut[i]))
			}
		}
		for _, e := range p.lut[i] {
			if e < 0 || e > 15 {
				return nil, nesterr.New(nesterr.ErrBadProperty, "Look-up table entries must be integers in [0,15] (%s holds %d)", key, e)
			}
		}
	}
	for i, key := range []string{"configbit_0", "configbit_1"} {
		if ok, err := readInts(r, key, &p.config[i]); err != nil {
			return nil, err
		} else if ok && len(p.config[i]) != 4 {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Wrong number of configuration bits (!=4) (%s has %d).", key, len(p.config[i]))
		}
	}
	if ok, err := readInts(r, "reset_pattern", &p.reset); err != nil {
		return nil, err
	} else if ok && len(p.reset) != 6 {
		return nil, nesterr.New(nesterr.ErrBadProperty, "Wrong number of reset bits (!=6) (reset_pattern has %d).", len(p.reset))
	}
	return func() { *m.p = p }, nil
}

func (m stdpFacetsHW) cloneModel() rule[facetsState] {
	p := *m.p
	return stdpFacetsHW{p: &p}
}

// newFacetsCount starts a table's count from the model's parameters.
func newFacetsCount(p *facetsParams) *facetsCount {
	return &facetsCount{noSynGen: p.noSynGen, readoutGen: p.readoutGen, noSynapses: p.noSynapses, readoutCycle: p.readoutCycle}
}

func (m stdpFacetsHW) forTable() rule[facetsState] {
	return stdpFacetsHW{p: m.p, c: newFacetsCount(m.p), v: newFacetsVisit()}
}

// facetsVisit notes the first and last postsynaptic spike History
// reports; bound once per table, so that a delivery allocates nothing.
type facetsVisit struct {
	first, last float64
	n           int
	visit       func(tPost float64)
}

func newFacetsVisit() *facetsVisit {
	v := &facetsVisit{}
	v.visit = v.apply
	return v
}

func (v *facetsVisit) apply(tPost float64) {
	if v.n == 0 {
		v.first = tPost
	}
	v.last = tPost
	v.n++
}

// evaluate is the hardware's threshold comparison of the charges under
// configuration bits cb.
func evaluate(s *facetsState, cb []int64) bool {
	c := [4]float64{float64(cb[0]), float64(cb[1]), float64(cb[2]), float64(cb[3])}
	return (s.ThreshTL+c[2]*s.Causal+c[1]*s.Acausal)/(1+c[2]+c[1]) > (s.ThreshTH+c[0]*s.Causal+c[3]*s.Acausal)/(1+c[0]+c[3])
}

func (m stdpFacetsHW) send(s *facetsState, w *float64, t float64, post Post) float64 {
	p, c, v := m.p, m.c, m.v
	if c == nil { // a rule used outside a table (tests)
		c, v = newFacetsCount(p), newFacetsVisit()
	}
	if c.noSynGen != p.noSynGen {
		c.noSynGen, c.noSynapses = p.noSynGen, p.noSynapses
	}
	if c.readoutGen != p.readoutGen {
		c.readoutGen, c.readoutCycle = p.readoutGen, p.readoutCycle
		if !p.readoutExplicit {
			c.readoutCycle = readoutCycle(c.noSynapses, p.synapsesPerDriver, p.driverReadout)
		}
	}
	if !s.Init {
		s.SynapseID = c.noSynapses
		c.noSynapses++
		c.readoutCycle = readoutCycle(c.noSynapses, p.synapsesPerDriver, p.driverReadout)
		s.NextReadout = float64(s.SynapseID/p.synapsesPerDriver) * p.driverReadout
		s.Init = true
	}
	if t > s.NextReadout {
		discrete := int64(math.Round(*w / p.weightPerLUT))
		e0, e1 := evaluate(s, p.config[0]), evaluate(s, p.config[1])
		table := -1
		switch {
		case e0 && !e1:
			table = 0
		case !e0 && e1:
			table = 1
		case e0 && e1:
			table = 2
		}
		if table >= 0 {
			// NEST indexes the table without a check; a weight beyond
			// Wmax is clamped to the last entry here.
			discrete = p.lut[table][min(max(discrete, 0), int64(len(p.lut[table])-1))]
			if p.reset[2*table] != 0 {
				s.Causal = 0
			}
			if p.reset[2*table+1] != 0 {
				s.Acausal = 0
			}
		}
		// NEST loops for ever when the cycle is not positive.
		for t > s.NextReadout && c.readoutCycle > 0 {
			s.NextReadout += c.readoutCycle
		}
		*w = float64(discrete) * p.weightPerLUT
	}
	v.n = 0
	post.History(s.lastSpike, t, v.visit)
	if v.n > 0 {
		s.Causal += libm.Exp((s.lastSpike - v.first) / p.tauPlus)
		s.Acausal += libm.Exp((v.last - t) / p.tauMinus)
	}
	s.lastSpike = t
	return *w
}
