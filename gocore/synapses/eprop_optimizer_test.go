package synapses

import (
	"errors"
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

func mustOptimizer(t *testing.T, d dict.Dict) EpropOptimizer {
	t.Helper()
	o, err := NewEpropOptimizer(OptimizerGradientDescent).Set(d, 0)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestEpropGradientDescent: w - eta * (mean gradient of the batch),
// applied when the update index starts a new batch, clipped to the
// bounds; the first rate set before learning is the one used first.
// Exact arithmetic on binary fractions, so equality is asked.
func TestEpropGradientDescent(t *testing.T) {
	o := mustOptimizer(t, dict.Dict{"eta": 0.25, "batch_size": int64(2), "Wmin": -1.0, "Wmax": 1.0})
	s := NewEpropOptimizerState()
	w := s.OptimizedWeight(&o, 1, 0.5, 0.5) // batch 1 of index 1: not complete
	if w != 0.5 {
		t.Fatalf("weight changed inside a batch: %g", w)
	}
	w = s.OptimizedWeight(&o, 2, 1.5, w) // index 2 starts batch 2: mean gradient 1
	if want := 0.5 - 0.25*1.0; w != want {
		t.Fatalf("after the batch: %g, want %g", w, want)
	}
	w = s.OptimizedWeight(&o, 4, 40.0, w) // a big gradient: clipped
	if w != -1 {
		t.Fatalf("not clipped to Wmin: %g", w)
	}
}

// TestEpropAdam: one Adam step moves the weight by about eta against the
// gradient's sign (m/sqrt(v) is the sign once bias-corrected); a jump of
// several optimization steps runs them with zero gradient after the
// first. Compared with the formula evaluated here in the same order.
func TestEpropAdam(t *testing.T) {
	o := mustOptimizer(t, dict.Dict{"type": "adam", "eta": 0.01, "beta_1": 0.8, "beta_2": 0.9, "epsilon": 1e-8})
	s := NewEpropOptimizerState()
	g := 3.0
	w := s.OptimizedWeight(&o, 1, g, 0.0)
	m, v := 0.2*g, 0.1*g*g
	want := 0.0 - 0.01*math.Sqrt(1-0.9)/(1-0.8)*m/(math.Sqrt(v)+1e-8)
	if w != want || math.Abs(w+0.01) > 1e-8 {
		t.Fatalf("first step: %.17g, want %.17g", w, want)
	}
	w2 := s.OptimizedWeight(&o, 4, -1.0, w) // steps 3, 4 and 5 of the optimizer
	for k, grad := range []float64{-1, 0, 0} {
		b1p, b2p := math.Pow(0.8, float64(k+2)), math.Pow(0.9, float64(k+2))
		m = 0.8*m + 0.2*grad
		v = 0.9*v + 0.1*grad*grad
		want -= 0.01 * math.Sqrt(1-b2p) / (1 - b1p) * m / (math.Sqrt(v) + 1e-8)
	}
	if math.Abs(w2-want) > 1e-15 {
		t.Fatalf("after a jump of three steps: %.17g, want %.17g", w2, want)
	}
	st := s.Status(&o)
	if st["m"] != s.M || st["v"] != s.V {
		t.Fatalf("status %v", st)
	}
}

// TestEpropOptimizerSet: NEST's rules and messages; a new type starts
// from its defaults and is refused once connections exist.
func TestEpropOptimizerSet(t *testing.T) {
	base := NewEpropOptimizer(OptimizerGradientDescent)
	for _, tc := range []struct {
		d   dict.Dict
		cat *nesterr.Category
	}{
		{dict.Dict{"type": "sgd"}, nesterr.ErrBadProperty},
		{dict.Dict{"batch_size": int64(0)}, nesterr.ErrBadProperty},
		{dict.Dict{"eta": -0.1}, nesterr.ErrBadProperty},
		{dict.Dict{"Wmin": 1.0, "Wmax": 0.0}, nesterr.ErrBadProperty},
		{dict.Dict{"type": "adam", "beta_2": 1.0}, nesterr.ErrBadProperty},
		{dict.Dict{"eta": "fast"}, nesterr.ErrTypeMismatch},
	} {
		if _, err := base.Set(tc.d, 0); !errors.Is(err, tc.cat) {
			t.Errorf("%v: error %v, want %v", tc.d, err, tc.cat)
		}
	}
	if _, err := base.Set(dict.Dict{"type": "adam"}, 3); !errors.Is(err, nesterr.ErrBadParameter) {
		t.Errorf("type changed with connections: %v", err)
	}
	if _, err := base.Set(dict.Dict{"type": "gradient_descent", "eta": 0.5}, 3); err != nil {
		t.Errorf("same type with connections refused: %v", err)
	}
	o, err := base.Set(dict.Dict{"type": "adam", "beta_1": 0.5, "unknown": 1.0}, 0)
	if err != nil {
		t.Fatal(err)
	}
	d := o.Status()
	if d["optimizer"] != "adam" || d["beta_1"] != 0.5 || d["beta_2"] != 0.999 || d["epsilon"] != 1e-7 || d["batch_size"] != int64(1) {
		t.Fatalf("adam status %v", d)
	}
	if _, ok := base.Status()["beta_1"]; ok {
		t.Fatal("gradient descent reports adam's keys")
	}
}
