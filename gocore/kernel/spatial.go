package kernel

import (
	"math"
	"slices"
	"sort"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/spatial"
)

// Spatially structured networks: layers made by CreateLayer, the queries
// of nest.spatial (positions, displacements, distances, nodes in a mask)
// and, in spatial_rules.go, the connection rules with masks and spatial
// parameters.

// CreateLayer creates the nodes of model with positions, NEST's
// Create(model, n, positions=...). spec holds either
//
//	"shape": [nx, ny(, nz)], "extent", "center"      a grid layer
//	"positions": [[x, y(, z)], ...], "extent"         a free layer
//
// and "edge_wrap". The nodes are created only if the layer is valid. It
// returns the id of the first node.
func (k *Kernel) CreateLayer(model string, spec dict.Dict, params []dict.Dict) (int, error) {
	r := dict.NewReader(spec)
	var extent, center []float64
	var edgeWrap bool
	if _, err := r.Floats("extent", &extent); err != nil {
		return 0, err
	}
	if _, err := r.Floats("center", &center); err != nil {
		return 0, err
	}
	if _, err := r.Bool("edge_wrap", &edgeWrap); err != nil {
		return 0, err
	}
	first := len(k.nodes) + 1
	var (
		l   *spatial.Layer
		err error
	)
	rawPos, hasPos := r.Raw("positions")
	switch {
	case hasPos && r.Has("shape"):
		return 0, nesterr.New(nesterr.ErrBadProperty, "Cannot specify both positions and shape.")
	case hasPos:
		if center != nil {
			return 0, nesterr.New(nesterr.ErrBadProperty, "center can only be given for grid layers.")
		}
		if cols, ok := rawPos.([][]float64); ok {
			// columns, one per dimension, as the bridge reads them from
			// an array
			if len(cols) != 2 && len(cols) != 3 {
				return 0, nesterr.New(nesterr.ErrBadProperty, "Positions must have 2 or 3 coordinates, got %d.", len(cols))
			}
			l, err = spatial.NewFree(first, cols, extent, edgeWrap)
			break
		}
		list, ok := rawPos.([]any)
		if !ok || len(list) == 0 {
			return 0, nesterr.New(nesterr.ErrBadProperty, "Empty positions array.")
		}
		var cols [][]float64
		for i, p := range list {
			pl, ok := p.([]any)
			if !ok {
				return 0, nesterr.New(nesterr.ErrTypeMismatch, "positions must be a list of coordinate lists; entry %d is %s.", i, dict.Describe(p))
			}
			if i == 0 {
				if len(pl) != 2 && len(pl) != 3 {
					return 0, nesterr.New(nesterr.ErrBadProperty, "Positions must have 2 or 3 coordinates, got %d.", len(pl))
				}
				cols = make([][]float64, len(pl))
				for d := range cols {
					cols[d] = make([]float64, len(list))
				}
			}
			if len(pl) != len(cols) {
				return 0, nesterr.New(nesterr.ErrBadProperty, "All positions must have the same number of coordinates: position %d has %d, the first %d.", i, len(pl), len(cols))
			}
			for d, x := range pl {
				f, err := dict.ToFloat("positions", x)
				if err != nil {
					return 0, err
				}
				cols[d][i] = f
			}
		}
		l, err = spatial.NewFree(first, cols, extent, edgeWrap)
	case r.Has("shape"):
		var shape []float64
		if _, err := r.Floats("shape", &shape); err != nil {
			return 0, err
		}
		ints := make([]int, len(shape))
		for i, s := range shape {
			if s != math.Trunc(s) || s > 1<<31 {
				return 0, nesterr.New(nesterr.ErrBadProperty, "shape entries must be whole numbers, got %v.", shape)
			}
			ints[i] = int(s)
		}
		l, err = spatial.NewGrid(first, ints, extent, center, edgeWrap)
	default:
		return 0, nesterr.New(nesterr.ErrBadProperty, "Unknown layer type: give 'shape' or 'positions'.")
	}
	if err != nil {
		return 0, err
	}
	if err := r.CheckAllUsed("layer specification"); err != nil {
		return 0, err
	}
	id, err := k.Create(model, l.Len(), params)
	if err != nil {
		return 0, err
	}
	l.First = id
	k.layers = append(k.layers, l)
	return id, nil
}

// layerOf returns the layer that holds node id and the node's index in
// it, or nil.
func (k *Kernel) layerOf(id int) (*spatial.Layer, int) {
	i := sort.Search(len(k.layers), func(i int) bool { return k.layers[i].First+k.layers[i].Len() > id })
	if i < len(k.layers) && k.layers[i].First <= id {
		return k.layers[i], id - k.layers[i].First
	}
	return nil, 0
}

// layerOfAll returns the layer that holds all of ids (with their layer
// indices), or LayerExpected.
func (k *Kernel) layerOfAll(ids []int) (*spatial.Layer, []int, error) {
	if len(ids) == 0 {
		return nil, nil, nesterr.New(nesterr.ErrLayerExpected, "An empty node collection has no positions.")
	}
	l, _ := k.layerOf(ids[0])
	if l == nil {
		return nil, nil, nesterr.New(nesterr.ErrLayerExpected, "Node %d has no spatial position; create nodes with positions=nest.spatial.grid(...) or nest.spatial.free(...).", ids[0])
	}
	lids := make([]int, len(ids))
	for i, id := range ids {
		if id < l.First || id >= l.First+l.Len() {
			return nil, nil, nesterr.New(nesterr.ErrLayerExpected, "Nodes %d and %d are not of the same spatial layer.", ids[0], id)
		}
		lids[i] = id - l.First
	}
	return l, lids, nil
}

// LayerStatus returns the spatial dictionary of a collection of nodes of
// one layer (NodeCollection.spatial), or nil if they have no positions.
func (k *Kernel) LayerStatus(ids []int) (dict.Dict, error) {
	l, lids, err := k.layerOfAll(ids)
	if err != nil {
		return nil, nil //nolint:nilerr // no layer: no spatial dictionary
	}
	d := dict.Dict{
		"center":       l.Center(),
		"extent":       slices.Clone(l.Extent[:l.Dim]),
		"edge_wrap":    l.Periodic,
		"network_size": len(ids),
	}
	if l.IsGrid() {
		d["shape"] = slices.Clone(l.Shape)
	} else {
		d["positions"] = AnyRows(k.positions(l, lids))
	}
	return d, nil
}

// AnyRows returns rows as a list of lists, the form of nested values in a
// status dictionary.
func AnyRows(rows [][]float64) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r
	}
	return out
}

func (k *Kernel) positions(l *spatial.Layer, lids []int) [][]float64 {
	out := make([][]float64, len(lids))
	for i, lid := range lids {
		p := make([]float64, l.Dim)
		l.Position(lid, p)
		out[i] = p
	}
	return out
}

// Positions returns the position of every node of ids; a node without a
// position gets NaNs (as NEST's GetPosition of a single node) unless
// strict, which makes it LayerExpected.
func (k *Kernel) Positions(ids []int, strict bool) ([][]float64, error) {
	out := make([][]float64, len(ids))
	for i, id := range ids {
		if _, err := k.node(id); err != nil {
			return nil, err
		}
		l, lid := k.layerOf(id)
		if l == nil {
			if strict {
				return nil, nesterr.New(nesterr.ErrLayerExpected, "Node %d has no spatial position.", id)
			}
			out[i] = []float64{math.NaN(), math.NaN()}
			continue
		}
		p := make([]float64, l.Dim)
		l.Position(lid, p)
		out[i] = p
	}
	return out, nil
}

// Displacements returns, for every node of `from` (or the one node if it
// has a single node), the displacement to the corresponding position of
// `to` (or its single entry), computed in the layer of from, as NEST's
// Displacement(to, from) does. With distances it returns their lengths.
func (k *Kernel) Displacements(to [][]float64, from []int) ([][]float64, error) {
	l, lids, err := k.layerOfAll(from)
	if err != nil {
		return nil, err
	}
	n := max(len(to), len(lids))
	if len(to) != 1 && len(lids) != 1 && len(to) != len(lids) {
		return nil, nesterr.New(nesterr.ErrBadProperty, "NodeCollections must have equal length or one must have size 1 (%d and %d).", len(to), len(lids))
	}
	out := make([][]float64, n)
	var here [3]float64
	for i := 0; i < n; i++ {
		p := to[min(i, len(to)-1)]
		if len(p) != l.Dim {
			return nil, nesterr.New(nesterr.ErrBadProperty, "A position has %d coordinates but the layer has %d dimensions.", len(p), l.Dim)
		}
		l.Position(lids[min(i, len(lids)-1)], here[:])
		v := make([]float64, l.Dim)
		l.Displacement(p, here[:l.Dim], v)
		out[i] = v
	}
	return out, nil
}

// SelectNodesByMask returns the ids of the nodes of ids whose position
// relative to anchor is inside the mask, sorted.
func (k *Kernel) SelectNodesByMask(ids []int, anchor []float64, maskSpec any) ([]int, error) {
	l, lids, err := k.layerOfAll(ids)
	if err != nil {
		return nil, err
	}
	if len(anchor) != 2 && len(anchor) != 3 {
		return nil, nesterr.New(nesterr.ErrBadProperty, "Center must be 2- or 3-dimensional.")
	}
	if len(anchor) != l.Dim {
		return nil, nesterr.New(nesterr.ErrTypeMismatch, "The anchor has %d dimensions, the layer %d.", len(anchor), l.Dim)
	}
	m, err := spatial.ReadMask(maskSpec)
	if err != nil {
		return nil, err
	}
	if m, err = prepareMask(m, l, false); err != nil {
		return nil, err
	}
	ix := spatial.NewIndex(l, lids, l)
	var out []int
	ix.Query(anchor, m, l, func(lid int) { out = append(out, l.First+lid) })
	slices.Sort(out)
	return slices.Compact(out), nil
}

// prepareMask makes m concrete for layer l and checks its size.
func prepareMask(m spatial.Mask, l *spatial.Layer, allowOversized bool) (spatial.Mask, error) {
	if m.Dim() != l.Dim {
		return nil, nesterr.New(nesterr.ErrBadProperty, "Mask is incompatible with layer: the mask has %d dimensions, the layer %d.", m.Dim(), l.Dim)
	}
	if !allowOversized {
		if err := spatial.CheckOversized(m, l); err != nil {
			return nil, err
		}
	}
	return spatial.Concrete(m, l)
}

// InsideMask reports whether point is inside the mask.
func InsideMask(maskSpec any, point []float64) (bool, error) {
	m, err := spatial.ReadMask(maskSpec)
	if err != nil {
		return false, err
	}
	if _, grid := m.(*spatial.GridMask); grid {
		return false, nesterr.New(nesterr.ErrKernelException, "Grid masks have no extent outside a grid layer.")
	}
	if len(point) != m.Dim() {
		return false, nesterr.New(nesterr.ErrBadProperty, "The point has %d coordinates, the mask %d dimensions.", len(point), m.Dim())
	}
	var p [3]float64
	copy(p[:], point)
	return m.Inside(p), nil
}

// ConnDistances returns, for every connection src[i] -> tgt[i], the
// distance from the source's position to the target, computed in the
// target's layer (SynapseCollection.distance); NaN when either node has no
// position.
func (k *Kernel) ConnDistances(src, tgt []int) ([]float64, error) {
	if len(src) != len(tgt) {
		return nil, nesterr.New(nesterr.ErrInternal, "%d sources for %d targets", len(src), len(tgt))
	}
	out := make([]float64, len(src))
	var from, here, v [3]float64
	for i := range src {
		ls, sl := k.layerOf(src[i])
		lt, tl := k.layerOf(tgt[i])
		if ls == nil || lt == nil || ls.Dim != lt.Dim {
			out[i] = math.NaN()
			continue
		}
		ls.Position(sl, from[:])
		lt.Position(tl, here[:])
		lt.Displacement(from[:lt.Dim], here[:lt.Dim], v[:lt.Dim])
		out[i] = spatial.Length(v[:], lt.Dim)
	}
	return out, nil
}
