package ode

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/crmath"
)

func TestControlAdjust(t *testing.T) {
	// y-control with eps_abs = 1, eps_rel = 0: the allowed error is 1
	// whatever y is, so yerr is the ratio itself, exactly. The expected sizes
	// are the rules of the standard control written out.
	const h = 0.1
	for _, tc := range []struct {
		name   string
		order  int
		ratios []float64 // one component per ratio
		want   Adjustment
		factor float64
	}{
		{"too large: shrink by 0.9/ratio^(1/5)", 5, []float64{2}, Decreased, 0.9 / crmath.RootPow(2, 5)},
		{"worst component decides", 5, []float64{0.1, 3, 1}, Decreased, 0.9 / crmath.RootPow(3, 5)},
		{"far too large: shrink at most 5-fold", 5, []float64{1e6}, Decreased, 0.2},
		{"just above the reject limit", 5, []float64{1.1000001}, Decreased, 0.9 / crmath.RootPow(1.1000001, 5)},
		{"at the reject limit: kept", 5, []float64{1.1}, Kept, 1},
		{"acceptable", 5, []float64{0.8}, Kept, 1},
		{"at the grow limit: kept", 5, []float64{0.5}, Kept, 1},
		{"small: grow by 0.9/ratio^(1/6)", 5, []float64{0.4}, Increased, 0.9 / crmath.RootPow(0.4, 6)},
		{"tiny: grow at most 5-fold", 5, []float64{1e-9}, Increased, 5},
		{"no error at all: grow 5-fold", 5, []float64{0, 0}, Increased, 5},
		// For order 7, 0.9/0.49^(1/8) < 1: the safety factor alone must
		// not shrink an accepted step.
		{"grow factor below 1 is lifted to 1", 7, []float64{0.49}, Increased, 1},
		// A NaN ratio (a NaN error, or 0/0 with zero tolerances) fails
		// every comparison: that component is ignored.
		{"NaN ratio ignored", 5, []float64{math.NaN(), 2}, Decreased, 0.9 / crmath.RootPow(2, 5)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := YControl(1, 0)
			if err != nil {
				t.Fatal(err)
			}
			n := len(tc.ratios)
			y, yerr, yp := make([]float64, n), make([]float64, n), make([]float64, n)
			for i, r := range tc.ratios {
				y[i], yerr[i], yp[i] = 5, r, 7
			}
			got, adj := c.Adjust(tc.order, y, yerr, yp, h)
			if adj != tc.want {
				t.Errorf("decision %v, want %v", adj, tc.want)
			}
			// The factor is computed once by the control and once here,
			// with the same operations: equal to the last bit.
			if want := tc.factor * h; got != want {
				t.Errorf("proposed h = %.17g, want %.17g", got, want)
			}
		})
	}
}

func TestControlScales(t *testing.T) {
	// The allowed error per component is eps_abs + eps_rel*(a_y*|y| +
	// a_dydt*|h*y'|); an error of exactly half of it is below the grow
	// limit only if the scale is computed as documented.
	const h = 0.2
	y, yp := []float64{-40}, []float64{-300}
	for _, tc := range []struct {
		name    string
		c       func() (*Control, error)
		allowed float64
	}{
		{"y control", func() (*Control, error) { return YControl(1e-6, 1e-3) }, 1e-6 + 1e-3*40},
		{"yp control", func() (*Control, error) { return YPControl(1e-6, 1e-3) }, 1e-6 + 1e-3*60},
		{"both", func() (*Control, error) { return NewControl(1e-6, 1e-3, 2, 0.5) }, 1e-6 + 1e-3*(80+30)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := tc.c()
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range []struct {
				fraction float64
				want     Adjustment
			}{{0.45, Increased}, {0.55, Kept}, {1.05, Kept}, {1.15, Decreased}} {
				yerr := []float64{k.fraction * tc.allowed}
				if _, adj := c.Adjust(5, y, yerr, yp, h); adj != k.want {
					t.Errorf("error %.2f of the allowed %g: %v, want %v", k.fraction, tc.allowed, adj, k.want)
				}
			}
		})
	}
}

func TestControlInitRejectsNegativeAndKeepsOld(t *testing.T) {
	c, err := YControl(1e-3, 0)
	if err != nil {
		t.Fatal(err)
	}
	before := *c
	for _, args := range [][4]float64{{-1, 0, 1, 0}, {0, -1, 1, 0}, {0, 0, -1, 0}, {0, 0, 1, -1}} {
		if err := c.Init(args[0], args[1], args[2], args[3]); err == nil {
			t.Errorf("Init%v accepted a negative value", args)
		}
		if *c != before {
			t.Errorf("Init%v changed the control to %+v", args, *c)
		}
		if _, err := NewControl(args[0], args[1], args[2], args[3]); err == nil {
			t.Errorf("NewControl%v accepted a negative value", args)
		}
	}
}
