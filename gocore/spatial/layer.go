package spatial

import (
	"math"

	"github.com/gonest/gonest/gocore/nesterr"
)

// Layer is the geometry of one block of nodes: ids First .. First+Len()-1.
//
// Grid layers have Shape (columns, rows[, layers]); node k of a 2D grid
// sits in column k / rows and row k % rows, rows counted from the top
// (largest y) down, as in NEST. Free layers keep the positions given.
type Layer struct {
	First     int        // id of the first node
	Dim       int        // 2 or 3
	LowerLeft [3]float64 // lower left corner of the layer's box
	Extent    [3]float64 // size of the box in each dimension
	Periodic  bool       // edge_wrap: all dimensions periodic
	Shape     []int      // grid shape; nil for a free layer
	Pos       [3][]float64
}

// Len returns the number of nodes of the layer.
func (l *Layer) Len() int { return len(l.Pos[0]) }

// IsGrid reports whether the layer is a grid layer.
func (l *Layer) IsGrid() bool { return l.Shape != nil }

// Center returns the center of the layer's box.
func (l *Layer) Center() []float64 {
	c := make([]float64, l.Dim)
	for i := range c {
		c[i] = l.LowerLeft[i] + l.Extent[i]/2
	}
	return c
}

// Position writes the position of the node with layer index lid into out
// (at least Dim long).
func (l *Layer) Position(lid int, out []float64) {
	for d := 0; d < l.Dim; d++ {
		out[d] = l.Pos[d][lid]
	}
}

func checkDims(what string, n int) error {
	if n != 2 && n != 3 {
		return nesterr.New(nesterr.ErrBadProperty, "%s must have 2 or 3 entries, got %d.", what, n)
	}
	return nil
}

// NewGrid makes a grid layer of the given shape for the nodes from first
// on. extent and center may be nil (NEST's defaults: extent 1 in every
// dimension, center at the origin).
func NewGrid(first int, shape []int, extent, center []float64, edgeWrap bool) (*Layer, error) {
	if err := checkDims("Shape", len(shape)); err != nil {
		return nil, err
	}
	l := &Layer{First: first, Dim: len(shape), Periodic: edgeWrap, Shape: append([]int(nil), shape...)}
	n := 1
	for _, s := range shape {
		if s <= 0 {
			return nil, nesterr.New(nesterr.ErrBadProperty, "All shape entries must be positive, got %v.", shape)
		}
		n *= s
	}
	for d := 0; d < l.Dim; d++ {
		l.LowerLeft[d], l.Extent[d] = -0.5, 1
	}
	if extent != nil {
		if len(extent) != l.Dim {
			return nil, nesterr.New(nesterr.ErrBadProperty, "extent has %d entries but the layer has %d dimensions.", len(extent), l.Dim)
		}
		for d, e := range extent {
			if !(e > 0) {
				return nil, nesterr.New(nesterr.ErrBadProperty, "extent must be positive in every dimension, got %v.", extent)
			}
			c := l.LowerLeft[d] + l.Extent[d]/2
			l.Extent[d] = e
			l.LowerLeft[d] = c - e/2
		}
	}
	if center != nil {
		if len(center) != l.Dim {
			return nil, nesterr.New(nesterr.ErrBadProperty, "center has %d entries but the layer has %d dimensions.", len(center), l.Dim)
		}
		for d, c := range center {
			l.LowerLeft[d] = c - l.Extent[d]/2
		}
	}
	for d := 0; d < l.Dim; d++ {
		l.Pos[d] = make([]float64, n)
	}
	var grid [3]int
	for lid := 0; lid < n; lid++ {
		rest := lid
		for d := l.Dim - 1; d > 0; d-- {
			grid[d] = rest % shape[d]
			rest /= shape[d]
		}
		grid[0] = rest
		l.gridPosition(grid, lid)
	}
	return l, nil
}

// gridPosition stores the position of grid cell g as node lid, computed
// with NEST's operations (upper left corner plus cell size times index
// plus half a cell; y runs downwards).
func (l *Layer) gridPosition(g [3]int, lid int) {
	for d := 0; d < l.Dim; d++ {
		origin, ext := l.LowerLeft[d], l.Extent[d]
		if d == 1 {
			origin += ext
			ext = -ext
		}
		step := ext / float64(l.Shape[d])
		l.Pos[d][lid] = origin + step*float64(g[d]) + step*0.5
	}
}

// NewFree makes a free layer from explicit positions (one column per
// dimension, all of the same length). Without extent the layer's box is
// the points' bounding box with its size rounded up to whole numbers in
// every dimension, around the box's center; with extent the box has that
// size around the same center, and every point must lie inside it.
func NewFree(first int, cols [][]float64, extent []float64, edgeWrap bool) (*Layer, error) {
	if err := checkDims("Positions", len(cols)); err != nil {
		return nil, err
	}
	n := len(cols[0])
	if n == 0 {
		return nil, nesterr.New(nesterr.ErrBadProperty, "Empty positions array.")
	}
	l := &Layer{First: first, Dim: len(cols), Periodic: edgeWrap}
	var lo, hi [3]float64
	for d, c := range cols {
		if len(c) != n {
			return nil, nesterr.New(nesterr.ErrBadProperty, "All positions must have the same number of dimensions.")
		}
		l.Pos[d] = append([]float64(nil), c...)
		lo[d], hi[d] = math.Inf(1), math.Inf(-1)
		for _, x := range c {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, nesterr.New(nesterr.ErrBadProperty, "Node positions must be finite, got %g.", x)
			}
			lo[d] = math.Min(lo[d], x)
			hi[d] = math.Max(hi[d], x)
		}
	}
	if extent != nil {
		if len(extent) != l.Dim {
			return nil, nesterr.New(nesterr.ErrBadProperty, "extent has %d entries but the positions have %d dimensions.", len(extent), l.Dim)
		}
		for d, e := range extent {
			if !(e > 0) {
				return nil, nesterr.New(nesterr.ErrBadProperty, "extent must be positive in every dimension, got %v.", extent)
			}
			center := (hi[d] + lo[d]) / 2
			l.Extent[d] = e
			l.LowerLeft[d] = center - e/2
			if lo[d] < l.LowerLeft[d] || hi[d] > center+e/2 {
				return nil, nesterr.New(nesterr.ErrBadProperty,
					"Node position outside of layer: positions span [%g, %g] in dimension %d, the extent %g around %g does not hold them.",
					lo[d], hi[d], d, e, center)
			}
		}
		return l, nil
	}
	if n <= 1 {
		return nil, nesterr.New(nesterr.ErrKernelException, "If only one node is created, 'extent' must be specified.")
	}
	for d := 0; d < l.Dim; d++ {
		center := (hi[d] + lo[d]) / 2
		l.Extent[d] = math.Ceil(hi[d] - lo[d])
		l.LowerLeft[d] = center - l.Extent[d]/2
	}
	return l, nil
}

// Displacement writes into out the vector from `from` to `to`, wrapped to
// [-extent/2, extent/2) in periodic layers (NEST's form for positions:
// displacements of GetPosition-based queries and DumpLayerConnections).
func (l *Layer) Displacement(from, to, out []float64) {
	for d := 0; d < l.Dim; d++ {
		x := to[d] - from[d]
		if l.Periodic {
			e := l.Extent[d]
			x = -0.5*e + math.Mod(x+0.5*e, e)
			if x < -0.5*e {
				x += e
			}
		}
		out[d] = x
	}
}

// Length returns the Euclidean length of the first dim entries of v.
func Length(v []float64, dim int) float64 {
	s := 0.0
	for d := 0; d < dim; d++ {
		s += v[d] * v[d]
	}
	return math.Sqrt(s)
}

// DisplacementAlong returns the displacement from `from` to `to` along
// dimension d, wrapped by rounding to the nearest image in periodic layers
// (NEST's form for spatial parameters).
func (l *Layer) DisplacementAlong(from, to []float64, d int) float64 {
	x := to[d] - from[d]
	if l.Periodic {
		x -= l.Extent[d] * math.Round(x*(1/l.Extent[d]))
	}
	return x
}

// Distance returns the distance between two positions as spatial
// parameters compute it (see DisplacementAlong).
func (l *Layer) Distance(from, to []float64) float64 {
	s := 0.0
	for d := 0; d < l.Dim; d++ {
		x := l.DisplacementAlong(from, to, d)
		s += x * x
	}
	return math.Sqrt(s)
}
