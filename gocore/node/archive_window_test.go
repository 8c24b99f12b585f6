package node

import (
	"math"
	"testing"
)

// TestWindowKMinusIsWindowAndKMinus: the one-walk reading gives the
// positions Window gives and KMinus's value to the bit, also where the
// window ends at a spike within stdpEps of t2 and where spikes follow it.
func TestWindowKMinusIsWindowAndKMinus(t *testing.T) {
	spikes := []float64{1, 2.5, 4, 4.0000001, 7.3, 9}
	for _, c := range [][2]float64{{0, 10}, {0, 4}, {2.5, 7.3}, {4, 4.0000001}, {-5, 0.5}, {9, 12}, {3, 8.9999995}} {
		plain, walked := DefaultArchive(), DefaultArchive()
		for _, a := range []*Archive{&plain, &walked} {
			a.Register()
			for _, s := range spikes {
				a.Spike(s)
			}
		}
		start, end := plain.Window(c[0], c[1])
		k := plain.KMinus(c[1])
		s2, e2, k2 := walked.WindowKMinus(c[0], c[1])
		if s2 != start || e2 != end || math.Float64bits(k2) != math.Float64bits(k) {
			t.Errorf("(%g, %g]: WindowKMinus %d %d %.17g, Window and KMinus %d %d %.17g", c[0], c[1], s2, e2, k2, start, end, k)
		}
		if c == [2]float64{0, 10} && (start != 0 || end != len(spikes) || k == 0) {
			t.Errorf("(0, 10]: window %d %d, K- %g", start, end, k)
		}
	}
}
