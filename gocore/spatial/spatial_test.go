package spatial

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// reference is the part of testdata/nest310/spatial/reference.json that
// these tests read (written by testdata/nest310/record_spatial.py with
// NEST 3.10.0).
type reference struct {
	Layers map[string]struct {
		Spec struct {
			Grid *struct {
				Shape    []int     `json:"shape"`
				Extent   []float64 `json:"extent"`
				Center   []float64 `json:"center"`
				EdgeWrap bool      `json:"edge_wrap"`
			} `json:"grid"`
			Free *struct {
				Pos      [][]float64 `json:"pos"`
				Extent   []float64   `json:"extent"`
				EdgeWrap bool        `json:"edge_wrap"`
			} `json:"free"`
		} `json:"spec"`
		Center       []float64     `json:"center"`
		Extent       []float64     `json:"extent"`
		Positions    [][]float64   `json:"positions"`
		Displacement [][][]float64 `json:"displacement"`
	} `json:"layers"`
}

func loadReference(t *testing.T) reference {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nest310", "spatial", "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// TestLayersMatchNEST310 compares positions, the layer box and all
// displacements with NEST 3.10: exactly for grid layers (same operations
// in the same order), within 1e-12 for free layers (explicit positions,
// only rounding may differ).
func TestLayersMatchNEST310(t *testing.T) {
	for name, c := range loadReference(t).Layers {
		var (
			l   *Layer
			err error
			tol float64
		)
		if g := c.Spec.Grid; g != nil {
			l, err = NewGrid(1, g.Shape, g.Extent, g.Center, g.EdgeWrap)
		} else {
			f := c.Spec.Free
			cols := make([][]float64, len(f.Pos[0]))
			for d := range cols {
				for _, p := range f.Pos {
					cols[d] = append(cols[d], p[d])
				}
			}
			l, err = NewFree(1, cols, f.Extent, f.EdgeWrap)
			tol = 1e-12
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		check := func(what string, got, want float64) {
			t.Helper()
			if math.Abs(got-want) > tol {
				t.Errorf("%s: %s = %.17g, NEST %.17g", name, what, got, want)
			}
		}
		center := l.Center()
		for d := 0; d < l.Dim; d++ {
			check("center", center[d], c.Center[d])
			check("extent", l.Extent[d], c.Extent[d])
		}
		here, there, v := make([]float64, l.Dim), make([]float64, l.Dim), make([]float64, l.Dim)
		for i, p := range c.Positions {
			l.Position(i, here)
			for d := range p {
				check("position", here[d], p[d])
			}
			// NEST's Displacement(layer[i], layer)[j] is pos(i) - pos(j).
			for j := range c.Positions {
				l.Position(j, there)
				l.Displacement(there, here, v)
				for d := range v {
					check("displacement", v[d], c.Displacement[i][j][d])
				}
			}
		}
	}
}

func TestFreeLayerRejectsPositionsOutsideExtent(t *testing.T) {
	_, err := NewFree(1, [][]float64{{0, 0.9}, {0, 0}}, []float64{0.5, 0.5}, false)
	if err == nil {
		t.Fatal("a position outside the extent was accepted")
	}
}

// TestIndexQueryMatchesBruteForce checks the cell index against testing
// every node, with and without periodic boundaries.
func TestIndexQueryMatchesBruteForce(t *testing.T) {
	for _, wrap := range []bool{false, true} {
		l, err := NewGrid(1, []int{17, 13}, []float64{1.7, 1.3}, nil, wrap)
		if err != nil {
			t.Fatal(err)
		}
		all := make([]int, l.Len())
		for i := range all {
			all[i] = i
		}
		ix := NewIndex(l, all, l)
		m := &ballMask{dim: 2, radius: 0.33}
		pos := make([]float64, 2)
		for lid := 0; lid < l.Len(); lid += 7 {
			l.Position(lid, pos)
			var got []int
			ix.Query(pos, m, l, func(x int) { got = append(got, x) })
			want := 0
			other, d := make([]float64, 2), make([]float64, 2)
			for j := 0; j < l.Len(); j++ {
				l.Position(j, other)
				l.Displacement(pos, other, d)
				if Length(d, 2) <= 0.33-1e-9 {
					want++
				}
			}
			if len(got) < want || len(got) > want+8 {
				t.Errorf("wrap=%v node %d: %d candidates, brute force %d", wrap, lid, len(got), want)
			}
		}
	}
}

// TestConverseIsExact checks that mirrored masks give the answers of
// testing the mirrored point, for every point of a fine grid.
func TestConverseIsExact(t *testing.T) {
	ball := &ballMask{dim: 2, center: [3]float64{0.1, -0.1}, radius: 0.2}
	box, _ := newBoxMask(2, [3]float64{-0.2, -0.1}, [3]float64{0.3, 0.2}, 0, 0)
	masks := []Mask{ball, box, &anchoredMask{m: box, anchor: [3]float64{0.2, 0}},
		&setMask{op: '-', a: &ballMask{dim: 2, radius: 0.3}, b: &ballMask{dim: 2, radius: 0.1}}}
	for i, m := range masks {
		c := Converse(m)
		for x := -0.5; x <= 0.5; x += 0.05 {
			for y := -0.5; y <= 0.5; y += 0.05 {
				if c.Inside([3]float64{x, y}) != m.Inside([3]float64{-x, -y}) {
					t.Fatalf("mask %d at (%g, %g): mirrored mask disagrees", i, x, y)
				}
			}
		}
	}
}
