package spatial

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// plainMask hides a mask's type from Index.Append, so that the query runs
// the generic loop over the cells' bounding box with Mask.Inside.
type plainMask struct{ Mask }

// TestIndexBallLoopsMatchGenericQuery checks the written-out loops for
// circular and spherical masks (and the narrowing of their rows) against
// the generic query: the same nodes in the same order, for anchors all
// over the layer, with and without periodic boundaries, centred and
// anchored masks, on free and grid layers.
func TestIndexBallLoopsMatchGenericQuery(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, dim := range []int{2, 3} {
		for _, wrap := range []bool{false, true} {
			for _, grid := range []bool{false, true} {
				var l *Layer
				var err error
				if grid {
					shape := []int{23, 17, 5}[:dim]
					l, err = NewGrid(1, shape, nil, nil, wrap)
				} else {
					cols := make([][]float64, dim)
					for d := range cols {
						cols[d] = make([]float64, 3000)
						for i := range cols[d] {
							cols[d][i] = rng.Float64() - 0.5
						}
					}
					l, err = NewFree(1, cols, []float64{1, 1, 1}[:dim], wrap)
				}
				if err != nil {
					t.Fatal(err)
				}
				lids := make([]int, l.Len())
				for i := range lids {
					lids[i] = i
				}
				ix := NewIndex(l, lids, l)
				for _, center := range [][3]float64{{}, {0.03, -0.07, 0.02}} {
					for _, radius := range []float64{0.02, 0.11, 0.3} {
						m := &ballMask{dim: dim, center: center, radius: radius}
						var fast, slow []int32
						for q := 0; q < 200; q++ {
							anchor := make([]float64, dim)
							for d := range anchor {
								anchor[d] = rng.Float64() - 0.5
							}
							if q%4 == 0 {
								l.Position(rng.IntN(l.Len()), anchor)
							}
							fast = ix.Append(fast[:0], anchor, m, l)
							slow = ix.Append(slow[:0], anchor, plainMask{m}, l)
							if !slices.Equal(fast, slow) {
								t.Fatalf("dim %d wrap %t grid %t radius %g center %v anchor %v: %d nodes, generic query %d",
									dim, wrap, grid, radius, center, anchor, len(fast), len(slow))
							}
						}
					}
				}
			}
		}
	}
}

// TestIndexSlots checks that slots name the node and position Query
// reports.
func TestIndexSlots(t *testing.T) {
	l, err := NewGrid(1, []int{9, 9}, nil, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	lids := make([]int, l.Len())
	for i := range lids {
		lids[i] = i
	}
	ix := NewIndex(l, lids, l)
	m := &ballMask{dim: 2, radius: 0.25}
	var viaQuery []int
	ix.Query([]float64{0.4, -0.4}, m, l, func(lid int) { viaQuery = append(viaQuery, lid) })
	slots := ix.Append(nil, []float64{0.4, -0.4}, m, l)
	if len(slots) != len(viaQuery) || len(slots) == 0 {
		t.Fatalf("%d slots, %d nodes", len(slots), len(viaQuery))
	}
	for i, s := range slots {
		var a, b [3]float64
		ix.SlotPosition(s, a[:])
		ix.Position(viaQuery[i], b[:])
		if ix.Lid(s) != viaQuery[i] || a != b {
			t.Errorf("slot %d: node %d at %v, Query gave %d at %v", s, ix.Lid(s), a, viaQuery[i], b)
		}
	}
}
