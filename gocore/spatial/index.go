package spatial

import (
	"math"
	"slices"
)

// Index is a cell grid over the nodes of a pool (some or all nodes of a
// layer) so that a mask query looks only at the cells its bounding box
// touches. Cells are stored compactly: the pool's layer indices sorted by
// cell, with one offset per cell.
type Index struct {
	layer  *Layer
	cells  [3]int
	size   [3]float64 // cell size per dimension
	start  []int32    // start[c] .. start[c+1]: entries of cell c in lids
	lids   []int32
	buf    []int32
	posBuf [3]float64
}

// NewIndex indexes the nodes of l with the given layer indices.
func NewIndex(l *Layer, lids []int) *Index {
	ix := &Index{layer: l}
	n := len(lids)
	per := int(math.Floor(math.Pow(float64(n)/2, 1/float64(l.Dim))))
	per = max(1, min(per, 1024))
	total := 1
	for d := 0; d < 3; d++ {
		ix.cells[d] = 1
		if d < l.Dim {
			ix.cells[d] = per
			ix.size[d] = l.Extent[d] / float64(per)
		}
		total *= ix.cells[d]
	}
	cellOf := make([]int32, n)
	counts := make([]int32, total+1)
	for i, lid := range lids {
		c := 0
		for d := l.Dim - 1; d >= 0; d-- {
			c = c*ix.cells[d] + ix.coord(d, l.Pos[d][lid])
		}
		cellOf[i] = int32(c)
		counts[c+1]++
	}
	for c := 1; c <= total; c++ {
		counts[c] += counts[c-1]
	}
	ix.start = counts
	ix.lids = make([]int32, n)
	fill := slices.Clone(counts[:total])
	for i, lid := range lids {
		c := cellOf[i]
		ix.lids[fill[c]] = int32(lid)
		fill[c]++
	}
	return ix
}

// coord returns the cell coordinate of x along dimension d, clamped to the
// grid.
func (ix *Index) coord(d int, x float64) int {
	c := int(math.Floor((x - ix.layer.LowerLeft[d]) / ix.size[d]))
	return max(0, min(c, ix.cells[d]-1))
}

// Query calls fn with the layer index of every indexed node p for which
// m.Inside(p - a) holds, where a is the anchor or, when geom is periodic,
// any of its periodic images (shifts by whole extents of geom). Nodes come
// in ascending index order for each image.
func (ix *Index) Query(anchor []float64, m Mask, geom *Layer, fn func(lid int)) {
	l := ix.layer
	dim := l.Dim
	lo, hi := m.BBox()
	var kmin, kmax [3]int
	for d := 0; d < dim; d++ {
		if geom.Periodic {
			e := geom.Extent[d]
			kmin[d] = int(math.Ceil((l.LowerLeft[d] - anchor[d] - hi[d]) / e))
			kmax[d] = int(math.Floor((l.LowerLeft[d] + l.Extent[d] - anchor[d] - lo[d]) / e))
		}
	}
	var k [3]int
	var shifted [3]float64
	rel := ix.posBuf[:dim]
	var visit func(d int)
	visit = func(d int) {
		if d < dim {
			for k[d] = kmin[d]; k[d] <= kmax[d]; k[d]++ {
				visit(d + 1)
			}
			return
		}
		var c0, c1 [3]int
		for e := 0; e < dim; e++ {
			shifted[e] = anchor[e] + float64(k[e])*geom.Extent[e]
			a, b := shifted[e]+lo[e], shifted[e]+hi[e]
			if b < l.LowerLeft[e] || a > l.LowerLeft[e]+l.Extent[e] {
				if !(math.IsInf(a, -1) || math.IsInf(b, 1)) {
					return
				}
			}
			c0[e], c1[e] = ix.coord(e, a), ix.coord(e, b)
			if math.IsNaN(a) || math.IsInf(a, -1) {
				c0[e] = 0
			}
			if math.IsNaN(b) || math.IsInf(b, 1) {
				c1[e] = ix.cells[e] - 1
			}
		}
		ix.buf = ix.buf[:0]
		for z := c0[2]; z <= c1[2]; z++ {
			for y := c0[1]; y <= c1[1]; y++ {
				row := (z*ix.cells[1] + y) * ix.cells[0]
				for _, lid := range ix.lids[ix.start[row+c0[0]]:ix.start[row+c1[0]+1]] {
					for e := 0; e < dim; e++ {
						rel[e] = l.Pos[e][lid] - shifted[e]
					}
					if m.Inside(rel) {
						ix.buf = append(ix.buf, lid)
					}
				}
			}
		}
		slices.Sort(ix.buf)
		for _, lid := range ix.buf {
			fn(int(lid))
		}
	}
	visit(0)
}

// All calls fn for every indexed node in ascending index order.
func (ix *Index) All(fn func(lid int)) {
	buf := slices.Clone(ix.lids)
	slices.Sort(buf)
	for _, lid := range buf {
		fn(int(lid))
	}
}
