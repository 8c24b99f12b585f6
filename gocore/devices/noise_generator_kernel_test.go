package devices_test

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
)

// TestNoiseGeneratorDrawsPerTarget: as in NEST, every target gets its own
// current, so two identical neurons driven by one noise_generator part
// ways (on 1 and 2 threads, with targets on different threads), and the
// recorded I (one thread: NEST refuses to record it with more) is the
// average of the targets' currents, constant over each dt (here 0.5 ms =
// 5 steps).
func TestNoiseGeneratorDrawsPerTarget(t *testing.T) {
	for _, threads := range []float64{1, 2} {
		n := newNet(t, 0.1)
		if err := n.k.SetStatus(dict.Dict{"local_num_threads": threads}); err != nil {
			t.Fatal(err)
		}
		nrn := n.create("iaf_psc_alpha", 2, dict.Dict{"V_th": 1e10})
		ng := n.create("noise_generator", 1, dict.Dict{"mean": 100.0, "std": 300.0, "dt": 0.5})
		vm := n.create("voltmeter", 2, dict.Dict{"interval": 0.1})
		mm := n.create("multimeter", 1, dict.Dict{"interval": 0.1, "record_from": []any{"I"}})
		n.connect(ng, nrn, "", nil)
		n.connect(vm, nrn, "one_to_one", nil)
		if threads == 1 {
			n.connect(mm, ng, "", nil)
		} else if err := n.k.Connect(mm, ng, nil, nil); err == nil {
			// NEST records a device without proxies with one thread only.
			t.Fatal("a multimeter on a noise_generator with 2 threads was accepted")
		}
		n.simulate(50.0)

		v0, v1 := n.floats(vm[0], "V_m"), n.floats(vm[1], "V_m")
		differ := 0
		for i := range v0 {
			if v0[i] != v1[i] {
				differ++
			}
		}
		if differ < len(v0)/2 {
			t.Fatalf("threads=%g: the two neurons differ in %d of %d samples; independent noise expected", threads, differ, len(v0))
		}
		if threads != 1 {
			continue
		}
		is := n.floats(mm[0], "I")
		// The last slice's samples (min_delay 1 ms) come with a later run.
		if len(is) != 490 {
			t.Fatalf("%d samples of I, want 490", len(is))
		}
		// Sample i shows step i, which draws when i is a multiple of 5.
		for i := 1; i < len(is); i++ {
			if newDraw := i%5 == 0; (is[i] != is[i-1]) != newDraw {
				t.Errorf("step %d: I %g after %g; new value expected: %t", i, is[i], is[i-1], newDraw)
			}
		}
	}
}

// TestNoiseGeneratorMembraneStatistics drives a membrane with tau_m =
// C_m = 1 and E_L = 0 by white noise of std 1 pA drawn every step and
// looks at V_m after each of 100 runs of 1000 ms (far apart compared
// with tau_m, so independent). The exact propagation over a step is
// V' = e*V + (1-e)*I with e = exp(-h/tau_m), so with I of variance s^2
// the stationary variance is (1-e)^2 s^2 / (1-e^2) = s^2 (1-e)/(1+e), and
// the mean is 0.
func TestNoiseGeneratorMembraneStatistics(t *testing.T) {
	n := newNet(t, 0.1)
	ng := n.create("noise_generator", 1, dict.Dict{"mean": 0.0, "std": 1.0, "dt": 0.1})
	nrn := n.create("iaf_psc_alpha", 1, dict.Dict{"V_th": 1e10, "C_m": 1.0, "tau_m": 1.0, "E_L": 0.0})
	n.connect(ng, nrn, "", nil)
	const runs = 100
	vms := make([]float64, runs)
	for i := range vms {
		n.simulate(1000.0)
		st, err := n.k.NodeStatus(nrn[0])
		if err != nil {
			t.Fatal(err)
		}
		vms[i] = st["V_m"].(float64)
	}
	mean, sd := 0.0, 0.0
	for _, v := range vms {
		mean += v
	}
	mean /= runs
	for _, v := range vms {
		sd += (v - mean) * (v - mean)
	}
	sd = math.Sqrt(sd / runs)
	e := math.Exp(-0.1 / 1.0)
	wantSD := 1.0 * math.Sqrt((1-e)/(1+e))
	// The standard error of the mean of 100 values is wantSD/10, that of
	// the sample sd about wantSD/sqrt(200); five of each bound the test.
	if math.Abs(mean) > 5*wantSD/10 {
		t.Errorf("mean V_m %g, want 0 +- %g", mean, 5*wantSD/10)
	}
	if d := math.Abs(sd - wantSD); d > 5*wantSD/math.Sqrt(2*runs) {
		t.Errorf("sd of V_m %g, want %g +- %g", sd, wantSD, 5*wantSD/math.Sqrt(2*runs))
	}
	t.Logf("V_m mean %g, sd %g (stationary sd %g)", mean, sd, wantSD)
}
