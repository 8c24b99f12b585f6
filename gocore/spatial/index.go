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
	layer *Layer
	cells [3]int
	size  [3]float64 // cell size per dimension
	start []int32    // start[c] .. start[c+1]: entries of cell c in lids
	lids  []int32
	pos   [3][]float64 // positions by layer index, wrapped into the box of a periodic layer
	// pts holds the same positions in the order of lids, the coordinates
	// of a node together (stride Dim), so that a cell's nodes are adjacent
	// in memory and a query reads few cache lines
	pts []float64
	buf []int32
}

// NewIndex indexes the nodes of l with the given layer indices. If geom
// is periodic, positions are first wrapped into l's box with geom's
// extent, as NEST's spatial tree stores them.
func NewIndex(l *Layer, lids []int, geom *Layer) *Index {
	ix := &Index{layer: l}
	for d := 0; d < l.Dim; d++ {
		ix.pos[d] = l.Pos[d]
		if geom.Periodic {
			ix.pos[d] = make([]float64, l.Len())
			ll, e := l.LowerLeft[d], geom.Extent[d]
			for _, lid := range lids {
				x := ll + math.Mod(l.Pos[d][lid]-ll, e)
				if x < ll {
					x += e
				}
				ix.pos[d][lid] = x
			}
		}
	}
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
			c = c*ix.cells[d] + ix.coord(d, ix.pos[d][lid])
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
	ix.pts = make([]float64, n*l.Dim)
	for k, lid := range ix.lids {
		for d := 0; d < l.Dim; d++ {
			ix.pts[k*l.Dim+d] = ix.pos[d][lid]
		}
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
// cell by cell (in ascending index order within a cell), image by image.
func (ix *Index) Query(anchor []float64, m Mask, geom *Layer, fn func(lid int)) {
	ix.buf = ix.Append(ix.buf[:0], anchor, m, geom)
	for _, slot := range ix.buf {
		fn(int(ix.lids[slot]))
	}
}

// Append appends to buf the slots of the nodes Query would visit, in the
// same order, and returns it; a caller that keeps buf between calls
// queries without allocating. A slot is a node's place in the index,
// whose layer index is Lid(slot) and whose indexed position is read by
// SlotPosition (from memory the query just read, unlike Position).
func (ix *Index) Append(buf []int32, anchor []float64, m Mask, geom *Layer) []int32 {
	l := ix.layer
	dim := l.Dim
	lo, hi := m.BBox()
	// The images of the anchor to test, as NEST's spatial tree makes them:
	// per periodic dimension, the anchor moved so that the mask's lower
	// edge lies in the layer, and that minus one extent if the mask
	// reaches beyond the layer's upper edge.
	var base [3]float64
	var kmin [3]int
	for d := 0; d < dim; d++ {
		base[d] = anchor[d]
		if geom.Periodic {
			e := geom.Extent[d]
			base[d] = periodicMod(anchor[d]+lo[d]-l.LowerLeft[d], e) - lo[d] + l.LowerLeft[d]
			if base[d]+hi[d]-l.LowerLeft[d] > e {
				kmin[d] = -1
			}
		}
	}
	// The images in the order of nested loops over the dimensions, the
	// first outermost, each from its kmin up to 0.
	for k0 := kmin[0]; k0 <= 0; k0++ {
		for k1 := kmin[1]; k1 <= 0; k1++ {
			for k2 := kmin[2]; k2 <= 0; k2++ {
				buf = ix.appendImage(buf, &base, [3]int{k0, k1, k2}, lo, hi, m, geom)
			}
		}
	}
	return buf
}

// appendImage appends the nodes in mask m placed at the image k of the
// anchor base.
func (ix *Index) appendImage(buf []int32, base *[3]float64, k [3]int, lo, hi [3]float64, m Mask, geom *Layer) []int32 {
	l := ix.layer
	dim := l.Dim
	var c0, c1 [3]int
	var shifted [3]float64
	for e := 0; e < dim; e++ {
		shifted[e] = base[e]
		if k[e] != 0 {
			shifted[e] -= geom.Extent[e]
		}
		a, b := shifted[e]+lo[e], shifted[e]+hi[e]
		if b < l.LowerLeft[e] || a > l.LowerLeft[e]+l.Extent[e] {
			if !(math.IsInf(a, -1) || math.IsInf(b, 1)) {
				return buf
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
	ball, _ := m.(*ballMask)
	var rel [3]float64
	for z := c0[2]; z <= c1[2]; z++ {
		for y := c0[1]; y <= c1[1]; y++ {
			row := (z*ix.cells[1] + y) * ix.cells[0]
			x0, x1 := c0[0], c1[0]
			if ball != nil {
				var ok bool
				if x0, x1, ok = ix.ballRow(ball, &shifted, y, z, x0, x1); !ok {
					continue
				}
			}
			from, to := ix.start[row+x0], ix.start[row+x1+1]
			switch {
			case ball != nil && dim == 2:
				buf = ix.appendBall2D(buf, ball, from, to, &shifted)
				continue
			case ball != nil && dim == 3:
				buf = ix.appendBall3D(buf, ball, from, to, &shifted)
				continue
			}
			for k := from; k < to; k++ {
				for e := 0; e < dim; e++ {
					rel[e] = ix.pts[int(k)*dim+e] - shifted[e]
				}
				if m.Inside(rel) {
					buf = append(buf, k)
				}
			}
		}
	}
	return buf
}

// ballRow narrows the cells x0..x1 of row (y, z) to those that can hold
// a point of the ball placed at shifted, and reports whether any can.
// Only cells without such points are dropped, so the nodes found and
// their order do not change. The cell bounds are widened by a margin far
// above rounding errors, and the grid's edge cells (which hold whatever
// lies beyond, see coord) are open on their outer side.
func (ix *Index) ballRow(m *ballMask, shifted *[3]float64, y, z, x0, x1 int) (int, int, bool) {
	l := ix.layer
	r := m.radius
	gap2 := 0.0
	for e, c := range [3]int{0, y, z} {
		if e == 0 || e >= l.Dim {
			continue
		}
		margin := 1e-9 * (math.Abs(l.LowerLeft[e]) + l.Extent[e] + r)
		center := shifted[e] + m.center[e]
		lo := l.LowerLeft[e] + float64(c)*ix.size[e] - margin
		hi := l.LowerLeft[e] + float64(c+1)*ix.size[e] + margin
		var gap float64
		switch {
		case center < lo && c > 0:
			gap = lo - center
		case center > hi && c < ix.cells[e]-1:
			gap = center - hi
		}
		gap2 += gap * gap
	}
	if gap2 > r*r {
		return x0, x1, false
	}
	margin := 1e-9 * (math.Abs(l.LowerLeft[0]) + l.Extent[0] + r)
	w := math.Sqrt(r*r-gap2) + margin
	center := shifted[0] + m.center[0]
	return max(x0, ix.coord(0, center-w)), min(x1, ix.coord(0, center+w)), true
}

// appendBall2D is the inner loop of appendImage for a circular mask: the
// test of ballMask.Inside, written out.
func (ix *Index) appendBall2D(buf []int32, m *ballMask, from, to int32, shifted *[3]float64) []int32 {
	pts := ix.pts[2*from : 2*to]
	r, cx, cy := m.radius, m.center[0], m.center[1]
	sx, sy := shifted[0], shifted[1]
	for i := 0; i+1 < len(pts); i += 2 {
		px, py := pts[i]-sx, pts[i+1]-sy
		dx := math.Abs(px - cx)
		if dx > r {
			continue
		}
		dy := math.Abs(py - cy)
		if dy > r {
			continue
		}
		if dx+dy > r {
			x, y := px-cx, py-cy
			if !(math.Sqrt(x*x+y*y) <= r) {
				continue
			}
		}
		buf = append(buf, from+int32(i/2))
	}
	return buf
}

// appendBall3D is appendBall2D for a spherical mask.
func (ix *Index) appendBall3D(buf []int32, m *ballMask, from, to int32, shifted *[3]float64) []int32 {
	pts := ix.pts[3*from : 3*to]
	r, cx, cy, cz := m.radius, m.center[0], m.center[1], m.center[2]
	sx, sy, sz := shifted[0], shifted[1], shifted[2]
	for i := 0; i+2 < len(pts); i += 3 {
		px, py, pz := pts[i]-sx, pts[i+1]-sy, pts[i+2]-sz
		dx := math.Abs(px - cx)
		if dx > r {
			continue
		}
		dy := math.Abs(py - cy)
		if dy > r {
			continue
		}
		dz := math.Abs(pz - cz)
		if dz > r {
			continue
		}
		if dx+dy+dz > r {
			x, y, z := px-cx, py-cy, pz-cz
			if !(math.Sqrt(x*x+y*y+z*z) <= r) {
				continue
			}
		}
		buf = append(buf, from+int32(i/3))
	}
	return buf
}

// Lid returns the layer index of the node in slot (see Append).
func (ix *Index) Lid(slot int32) int { return int(ix.lids[slot]) }

// SlotPosition writes the indexed position of the node in slot into out.
func (ix *Index) SlotPosition(slot int32, out []float64) {
	dim := ix.layer.Dim
	copy(out[:dim], ix.pts[int(slot)*dim:int(slot)*dim+dim])
}

// Position writes the indexed (possibly wrapped) position of node lid
// into out.
func (ix *Index) Position(lid int, out []float64) {
	for d := 0; d < ix.layer.Dim; d++ {
		out[d] = ix.pos[d][lid]
	}
}

// periodicMod is x modulo p in [0, p).
func periodicMod(x, p float64) float64 {
	x = math.Mod(x, p)
	if x < 0 {
		x += p
	}
	return x
}

// All calls fn for every indexed node in ascending index order.
func (ix *Index) All(fn func(lid int)) {
	buf := slices.Clone(ix.lids)
	slices.Sort(buf)
	for _, lid := range buf {
		fn(int(lid))
	}
}
