package kernel

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/spatial"
)

// Spatial connection rules (NEST's ConnectionCreator): Connect between
// two layers with a mask and/or a connection probability, in-degree or
// out-degree that depends on positions.
//
//   - pairwise_bernoulli: for every target, every source whose position
//     relative to the target's, mirrored, lies in the mask (that is: the
//     target lies in the mask placed on the source) is connected with
//     probability p, evaluated in the target layer's geometry. With
//     use_on_source the mask is placed on the target and applied to the
//     sources, in the source layer's geometry.
//   - fixed_indegree: for every target, indegree sources are drawn from
//     those in the mask placed on the target, with weights p.
//   - fixed_outdegree: for every source, outdegree targets are drawn from
//     those in the mask placed on the source, with weights p.
//   - pairwise_poisson: as pairwise_bernoulli, with a Poisson number of
//     connections of mean pairwise_avg_num_conns per pair.
//
// Candidates of a node come cell by cell of the mask index (NEST visits
// them in the order of its spatial tree); draws come from the Connect call's rule
// stream, so p = 1 selects exactly NEST's pairs and random ones match it
// statistically.

type spatialRuleKind int

const (
	spatialBernoulli spatialRuleKind = iota
	spatialBernoulliOnSource
	spatialIndegree
	spatialOutdegree
	spatialPoisson
)

type spatialRule struct {
	kind                spatialRuleKind
	name                string
	pre, post           []int
	src, tgt            *spatial.Layer
	srcLids, tgtLids    []int
	mask                spatial.Mask // nil: every node of the pool
	index               *spatial.Index
	kernel, number      *paramExpr // nil kernel: probability 1
	autapses, multapses bool
	seed                [2]uint64
	at                  *spatialPair
	// made holds the (source, target) ids the first forEach made, in
	// chunks of madeChunk ids (growing never copies), so that Connect's
	// second walk replays them instead of searching and drawing again.
	made   [][]int32
	walked bool
	// replayPositions is set when a synapse parameter reads the pair's
	// positions, which the replay then sets as the first walk did.
	replayPositions bool
}

// readsPositions reports whether weight, delay or receptor of plan p
// read the positions of the pair being connected.
func (p *connPlan) readsPositions() bool {
	for _, s := range []*paramSource{p.weights, p.delays, p.rports} {
		if s.expr != nil && s.expr.spatial() {
			return true
		}
	}
	return false
}

const madeChunk = 1 << 16

// spatialKeys are the conn_spec keys that only spatial rules read.
var spatialKeys = []string{"mask", "use_on_source", "allow_oversized_mask"}

// isSpatialConnect reports whether Connect needs the spatial rules: a
// mask, use_on_source, or a parameter that reads positions in the
// connection or synapse specification.
func isSpatialConnect(connSpec, synSpec dict.Dict) bool {
	for _, k := range spatialKeys {
		if _, ok := connSpec[k]; ok {
			return true
		}
	}
	// As NEST: a probability with a rule other than pairwise_bernoulli
	// makes it a spatial rule (a kernel for the degree rules).
	if _, ok := connSpec["p"]; ok {
		if rule, _ := connSpec["rule"].(string); !strings.Contains(rule, "pairwise_bernoulli") {
			return true
		}
	}
	for _, d := range []dict.Dict{connSpec, synSpec} {
		for _, v := range d {
			if rawSpatial(v) {
				return true
			}
		}
	}
	return false
}

// rawSpatial reports whether a parameter expression in wire form reads
// positions.
func rawSpatial(v any) bool {
	var m map[string]any
	switch x := v.(type) {
	case map[string]any:
		m = x
	case dict.Dict:
		m = x
	default:
		return false
	}
	if op, _ := m["op"].(string); op == "distance" || op == "position" {
		return true
	}
	args, _ := m["args"].([]any)
	for _, a := range args {
		if rawSpatial(a) {
			return true
		}
	}
	return false
}

// readSpatialValue reads a number or a parameter expression.
func readSpatialValue(key string, v any) (*paramExpr, error) {
	return readExpr(key, v, 0)
}

func (k *Kernel) newSpatialRule(connSpec dict.Dict, pre, post []int, seed [2]uint64) (*spatialRule, error) {
	r := dict.NewReader(connSpec)
	name := "all_to_all"
	if _, err := r.String("rule", &name); err != nil {
		return nil, err
	}
	sr := &spatialRule{name: name, pre: pre, post: post, autapses: true, multapses: true, seed: seed, at: &spatialPair{}}
	var useOnSource, oversized bool
	for _, b := range []struct {
		key string
		dst *bool
	}{{"allow_autapses", &sr.autapses}, {"allow_multapses", &sr.multapses}, {"use_on_source", &useOnSource}, {"allow_oversized_mask", &oversized}} {
		if _, err := r.Bool(b.key, b.dst); err != nil {
			return nil, err
		}
	}
	probKey := "p"
	switch name {
	case "pairwise_bernoulli":
		sr.kind = spatialBernoulli
		if useOnSource {
			sr.kind = spatialBernoulliOnSource
		}
	case "fixed_indegree", "fixed_outdegree":
		sr.kind = spatialIndegree
		countKey := "indegree"
		if name == "fixed_outdegree" {
			sr.kind, countKey = spatialOutdegree, "outdegree"
		}
		raw, ok := r.Raw(countKey)
		if !ok {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Rule %s needs the parameter '%s'.", name, countKey)
		}
		e, err := readSpatialValue(countKey, raw)
		if err != nil {
			return nil, err
		}
		if e.op == opConst && (e.a < 0 || e.a != math.Trunc(e.a)) {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Number of connections cannot be less than zero, got %s = %g.", countKey, e.a)
		}
		sr.number = e
	case "pairwise_poisson":
		sr.kind = spatialPoisson
		if !r.Has("p") {
			probKey = "pairwise_avg_num_conns"
		}
	default:
		return nil, nesterr.New(nesterr.ErrBadProperty,
			"When using kernel or mask, the only possible connection rules are 'pairwise_bernoulli', 'fixed_indegree', 'fixed_outdegree' or 'pairwise_poisson', got '%s'.", name)
	}
	if useOnSource && sr.kind != spatialBernoulliOnSource && sr.kind != spatialBernoulli {
		return nil, nesterr.New(nesterr.ErrBadProperty, "'use_on_source' can only be set when using pairwise_bernoulli.")
	}
	if raw, ok := r.Raw(probKey); ok {
		e, err := readSpatialValue(probKey, raw)
		if err != nil {
			return nil, err
		}
		sr.kernel = e
	} else if sr.kind == spatialPoisson {
		return nil, nesterr.New(nesterr.ErrBadProperty, "Rule pairwise_poisson needs the parameter 'pairwise_avg_num_conns'.")
	}
	var mask spatial.Mask
	if raw, ok := r.Raw("mask"); ok {
		m, err := spatial.ReadMask(raw)
		if err != nil {
			return nil, err
		}
		mask = m
	}
	if err := r.CheckAllUsed("conn_spec for spatial rule " + name); err != nil {
		return nil, err
	}
	var err error
	if sr.src, sr.srcLids, err = k.layerOfAll(pre); err != nil {
		return nil, err
	}
	if sr.tgt, sr.tgtLids, err = k.layerOfAll(post); err != nil {
		return nil, err
	}
	if sr.src.Dim != sr.tgt.Dim {
		return nil, nesterr.New(nesterr.ErrBadProperty, "Target layer must have same number of dimensions as source layer (%d and %d).", sr.src.Dim, sr.tgt.Dim)
	}
	for _, t := range post {
		if k.nodes[t-1].ElementType() == node.Recorder {
			return nil, nesterr.New(nesterr.ErrIllegalConnection, "Spatial Connect with %s to devices is not possible (%s, node %d).", name, k.modelOf[t-1], t)
		}
	}
	// The pool the mask is applied to, and the geometry it is checked in.
	pool, poolLids, geom := sr.src, sr.srcLids, sr.tgt
	switch sr.kind {
	case spatialBernoulliOnSource, spatialIndegree:
		geom = sr.src
	case spatialOutdegree:
		pool, poolLids, geom = sr.tgt, sr.tgtLids, sr.tgt
	}
	if mask != nil {
		if mask, err = prepareMask(mask, geom, oversized); err != nil {
			return nil, err
		}
		if sr.kind == spatialBernoulli || sr.kind == spatialPoisson {
			mask = spatial.Converse(mask)
		}
		sr.mask = mask
		sr.index = spatial.NewIndex(pool, poolLids, geom)
	}
	return sr, nil
}

// candidates calls visit with the layer index of every node of the pool
// around anchor (all of them without a mask).
func (r *spatialRule) candidates(anchor []float64, geom *spatial.Layer, all []int, visit func(lid int)) {
	if r.mask == nil {
		for _, lid := range all {
			visit(lid)
		}
		return
	}
	r.index.Query(anchor, r.mask, geom, visit)
}

// poolPosition writes the position of pool node lid as the rule sees it:
// as the mask index holds it (wrapped into a periodic layer) if there is a
// mask, as the layer holds it otherwise.
func (r *spatialRule) poolPosition(pool *spatial.Layer, lid int, out []float64) {
	if r.index != nil {
		r.index.Position(lid, out)
		return
	}
	pool.Position(lid, out)
}

func (r *spatialRule) forEach(fn func(s, t int) error) error {
	if r.walked {
		return r.replay(fn)
	}
	r.walked = true
	record := fn
	fn = func(s, t int) error {
		last := len(r.made) - 1
		if last < 0 || len(r.made[last]) == madeChunk {
			r.made = append(r.made, make([]int32, 0, madeChunk))
			last++
		}
		r.made[last] = append(r.made[last], int32(s), int32(t))
		return record(s, t)
	}
	return r.search(fn)
}

// replay calls fn for the pairs the first walk made, with the positions
// and geometry the spatial parameters saw then.
func (r *spatialRule) replay(fn func(s, t int) error) error {
	at := r.at
	for _, chunk := range r.made {
		if err := r.replayChunk(chunk, at, fn); err != nil {
			return err
		}
	}
	return nil
}

func (r *spatialRule) replayChunk(chunk []int32, at *spatialPair, fn func(s, t int) error) error {
	for i := 0; i < len(chunk); i += 2 {
		s, t := int(chunk[i]), int(chunk[i+1])
		if !r.replayPositions {
			if err := fn(s, t); err != nil {
				return err
			}
			continue
		}
		switch r.kind {
		case spatialOutdegree:
			r.src.Position(s-r.src.First, at.src[:])
			r.poolPosition(r.tgt, t-r.tgt.First, at.tgt[:])
			at.layer = r.tgt
		default:
			r.poolPosition(r.src, s-r.src.First, at.src[:])
			r.tgt.Position(t-r.tgt.First, at.tgt[:])
			switch r.kind {
			case spatialIndegree, spatialBernoulliOnSource:
				at.layer = r.src
			default:
				at.layer = r.tgt
			}
		}
		if err := fn(s, t); err != nil {
			return err
		}
	}
	return nil
}

// search finds the pairs: candidates in the mask, drawn with the rule's
// probabilities.
func (r *spatialRule) search(fn func(s, t int) error) error {
	rng := rand.New(rand.NewPCG(r.seed[0], r.seed[1]))
	switch r.kind {
	case spatialIndegree:
		return r.drawDegrees(rng, fn, true)
	case spatialOutdegree:
		return r.drawDegrees(rng, fn, false)
	}
	at := r.at
	geom := r.tgt
	if r.kind == spatialBernoulliOnSource {
		geom = r.src
	}
	dim := r.src.Dim
	// The kernel compiled for the rule's geometry, if it can be.
	var kern pairFunc
	if r.kernel != nil {
		kern = r.kernel.compilePair(geom, rng)
	}
	value := func() (float64, error) {
		if kern != nil {
			return kern(at), nil
		}
		return r.kernel.evalAt(rng, at)
	}
	// The candidates: slots of the mask index, or all layer indices.
	var cands []int32
	if r.mask == nil {
		cands = make([]int32, len(r.srcLids))
		for i, lid := range r.srcLids {
			cands[i] = int32(lid)
		}
	}
	at.layer = geom
	for i, t := range r.post {
		r.tgt.Position(r.tgtLids[i], at.tgt[:])
		if r.mask != nil {
			cands = r.index.Append(cands[:0], at.tgt[:dim], r.mask, geom)
		}
		for _, c := range cands {
			var sl int
			if r.mask != nil {
				sl = r.index.Lid(c)
				r.index.SlotPosition(c, at.src[:])
			} else {
				sl = int(c)
				r.src.Position(sl, at.src[:])
			}
			s := r.src.First + sl
			if !r.autapses && s == t {
				continue
			}
			count := 1
			switch {
			case r.kind == spatialPoisson:
				mean, err := value()
				if err != nil {
					return err
				}
				ps := newPoissonSampler(mean)
				count = ps.draw(rng)
			case r.kernel != nil:
				u := rng.Float64()
				p, err := value()
				if err != nil {
					return err
				}
				if !(u < p) {
					continue
				}
			}
			for ; count > 0; count-- {
				if err := fn(s, t); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// drawDegrees makes fixed_indegree (for every target, sources drawn from
// its candidates) and fixed_outdegree (for every source, targets).
func (r *spatialRule) drawDegrees(rng *rand.Rand, fn func(s, t int) error, indegree bool) error {
	at := r.at
	drivers, driverLids, driverLayer := r.post, r.tgtLids, r.tgt
	poolLayer, poolLids := r.src, r.srcLids
	if !indegree {
		drivers, driverLids, driverLayer = r.pre, r.srcLids, r.src
		poolLayer, poolLids = r.tgt, r.tgtLids
	}
	dim := r.src.Dim
	var (
		cands []int
		cum   []float64
		used  []bool
	)
	for i, id := range drivers {
		var own [3]float64
		driverLayer.Position(driverLids[i], own[:])
		if indegree {
			at.tgt = own
		} else {
			at.src = own
		}
		at.layer = r.src
		nf, err := r.number.evalAt(rng, at)
		if err != nil {
			return err
		}
		n := int(math.Round(nf))
		cands = cands[:0]
		r.candidates(own[:dim], poolLayer, poolLids, func(lid int) { cands = append(cands, lid) })
		cum = cum[:0]
		total, eligible := 0.0, 0
		for _, lid := range cands {
			p := 1.0
			if indegree {
				r.poolPosition(poolLayer, lid, at.src[:])
			} else {
				r.poolPosition(poolLayer, lid, at.tgt[:])
			}
			if r.kernel != nil {
				if p, err = r.kernel.evalAt(rng, at); err != nil {
					return err
				}
				if !(p >= 0) {
					return nesterr.New(nesterr.ErrBadProperty, "%s: the probability of a candidate must not be negative, got %g.", r.name, p)
				}
			}
			total += p
			cum = append(cum, total)
			if p > 0 && (r.autapses || poolLayer.First+lid != id) {
				eligible++
			}
		}
		if n > 0 && (eligible == 0 || !r.multapses && eligible < n) {
			return nesterr.New(nesterr.ErrKernelException,
				"Global node %d: not enough partners found inside the mask to make %d connections (%d candidates) with rule %s.", id, n, eligible, r.name)
		}
		used = append(used[:0], make([]bool, len(cands))...)
		for n > 0 {
			var j int
			if r.kernel == nil {
				j = rng.IntN(len(cands))
			} else {
				u := rng.Float64() * total
				j = sort.Search(len(cum), func(i int) bool { return cum[i] > u })
				if j == len(cum) {
					continue
				}
			}
			other := poolLayer.First + cands[j]
			if !r.multapses && used[j] || !r.autapses && other == id {
				continue
			}
			used[j] = true
			n--
			s, t := other, id
			if indegree {
				r.poolPosition(poolLayer, cands[j], at.src[:])
				at.layer = r.src
			} else {
				s, t = id, other
				r.poolPosition(poolLayer, cands[j], at.tgt[:])
				at.layer = r.tgt
			}
			if err := fn(s, t); err != nil {
				return err
			}
		}
	}
	return nil
}
