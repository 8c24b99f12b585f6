package models

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

// spikeLog is a node.Emitter that remembers the spikes a neuron emits.
// The embedded interface (nil) keeps the fake compiling when the Emitter
// interface grows; a call to a method not defined here panics.
type spikeLog struct {
	node.Emitter
	steps   []int64
	offsets []float64
}

func (s *spikeLog) EmitSpike(_ int, step int64, offset float64) {
	s.steps = append(s.steps, step)
	s.offsets = append(s.offsets, offset)
}

func (*spikeLog) EmitSpikes(int, int64, float64, int) {}
func (*spikeLog) EmitPoisson(int, int64, float64)     {}
func (s *spikeLog) SendCurrent(int, int64, float64)   {}

// testEnv is a one-step-slice grid at the default resolution (0.1 ms).
func testEnv() *node.Env {
	return &node.Env{Base: simtime.DefaultBase(), RingLen: 2, MinDelay: 1, RNG: rand.New(rand.NewPCG(1, 2))}
}

func setStatus(t *testing.T, n *IafTum2000, d dict.Dict) error {
	t.Helper()
	return n.SetStatus(dict.NewReader(d), testEnv())
}

// wantCategory fails unless err belongs to category cat.
func wantCategory(t *testing.T, err error, cat *nesterr.Category) {
	t.Helper()
	if !errors.Is(err, cat) {
		t.Errorf("error = %v, want category %s", err, cat.Name())
	}
}

func TestIafTum2000RejectsBadParametersAndStaysUnchanged(t *testing.T) {
	// Every case also carries a valid change (I_e, V_m, x, ...) that must
	// not survive the rejection: setting status is all or nothing.
	for _, tc := range []struct {
		name string
		d    dict.Dict
		cat  *nesterr.Category
	}{
		{"V_reset equal to V_th", dict.Dict{"I_e": 10.0, "V_reset": -55.0}, nesterr.ErrBadProperty},
		{"V_reset above V_th", dict.Dict{"I_e": 10.0, "V_reset": -50.0}, nesterr.ErrBadProperty},
		{"V_th below V_reset", dict.Dict{"I_e": 10.0, "V_th": -71.0}, nesterr.ErrBadProperty},
		{"V_reset given with E_L is absolute", dict.Dict{"E_L": -80.0, "V_reset": -54.0}, nesterr.ErrBadProperty},
		{"C_m zero", dict.Dict{"I_e": 10.0, "C_m": 0.0}, nesterr.ErrBadProperty},
		{"C_m negative", dict.Dict{"I_e": 10.0, "C_m": -250.0}, nesterr.ErrBadProperty},
		{"tau_m zero", dict.Dict{"I_e": 10.0, "tau_m": 0.0}, nesterr.ErrBadProperty},
		{"tau_m negative", dict.Dict{"I_e": 10.0, "tau_m": -10.0}, nesterr.ErrBadProperty},
		{"tau_syn_ex zero", dict.Dict{"I_e": 10.0, "tau_syn_ex": 0.0}, nesterr.ErrBadProperty},
		{"tau_syn_ex negative", dict.Dict{"I_e": 10.0, "tau_syn_ex": -2.0}, nesterr.ErrBadProperty},
		{"tau_syn_in zero", dict.Dict{"I_e": 10.0, "tau_syn_in": 0.0}, nesterr.ErrBadProperty},
		{"tau_syn_in negative", dict.Dict{"I_e": 10.0, "tau_syn_in": -2.0}, nesterr.ErrBadProperty},
		{"tau_psc zero", dict.Dict{"I_e": 10.0, "tau_psc": 0.0}, nesterr.ErrBadProperty},
		{"tau_psc negative", dict.Dict{"I_e": 10.0, "tau_psc": -3.0}, nesterr.ErrBadProperty},
		{"tau_rec zero", dict.Dict{"I_e": 10.0, "tau_rec": 0.0}, nesterr.ErrBadProperty},
		{"tau_rec negative", dict.Dict{"I_e": 10.0, "tau_rec": -800.0}, nesterr.ErrBadProperty},
		{"tau_fac negative", dict.Dict{"I_e": 10.0, "tau_fac": -1.0}, nesterr.ErrBadProperty},
		{"t_ref negative", dict.Dict{"I_e": 10.0, "t_ref": -0.1}, nesterr.ErrBadProperty},
		{"U negative", dict.Dict{"I_e": 10.0, "U": -0.01}, nesterr.ErrBadProperty},
		{"U above 1", dict.Dict{"I_e": 10.0, "U": 1.01}, nesterr.ErrBadProperty},
		{"rho negative", dict.Dict{"I_e": 10.0, "rho": -0.01}, nesterr.ErrBadProperty},
		{"delta negative", dict.Dict{"I_e": 10.0, "delta": -1.0}, nesterr.ErrBadProperty},
		{"x + y above 1", dict.Dict{"V_m": -60.0, "x": 0.6, "y": 0.5}, nesterr.ErrBadProperty},
		{"y alone above 1", dict.Dict{"V_m": -60.0, "y": 1.5}, nesterr.ErrBadProperty},
		{"u negative", dict.Dict{"V_m": -60.0, "x": 0.5, "u": -0.1}, nesterr.ErrBadProperty},
		{"u above 1", dict.Dict{"V_m": -60.0, "x": 0.5, "u": 1.1}, nesterr.ErrBadProperty},
		{"state rejected after a valid parameter", dict.Dict{"tau_m": 20.0, "u": 2.0}, nesterr.ErrBadProperty},
		{"string for a parameter", dict.Dict{"I_e": 10.0, "C_m": "large"}, nesterr.ErrTypeMismatch},
		{"bool for a parameter", dict.Dict{"I_e": 10.0, "tau_m": true}, nesterr.ErrTypeMismatch},
		{"list for a parameter", dict.Dict{"I_e": 10.0, "V_th": []any{-50.0}}, nesterr.ErrTypeMismatch},
		{"string for the state", dict.Dict{"I_e": 10.0, "V_m": "rest"}, nesterr.ErrTypeMismatch},
		{"null for x", dict.Dict{"I_e": 10.0, "x": nil}, nesterr.ErrTypeMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := NewIafTum2000()
			// Start from a non-default state so that "unchanged" is not
			// the same as "reset to defaults".
			if err := setStatus(t, n, dict.Dict{"V_m": -65.0, "x": 0.25, "y": 0.25, "u": 0.5, "I_e": 1.0}); err != nil {
				t.Fatal(err)
			}
			before := n.Status()
			err := setStatus(t, n, tc.d)
			wantCategory(t, err, tc.cat)
			if after := n.Status(); !reflect.DeepEqual(before, after) {
				t.Errorf("status changed by a rejected SetStatus:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

func TestIafTum2000AcceptsBoundaryValues(t *testing.T) {
	// The limits of the rules above are inclusive where NEST's are.
	for _, d := range []dict.Dict{
		{"tau_fac": 0.0}, // no facilitation
		{"t_ref": 0.0},
		{"U": 0.0}, {"U": 1.0},
		{"u": 0.0}, {"u": 1.0},
		{"x": 0.4, "y": 0.6}, // x + y == 1
		{"rho": 0.0}, {"delta": 0.0},
		{"V_reset": -55.0 - 1e-9},
		{"C_m": 2, "tau_m": int64(20)}, // integers are numbers
	} {
		n := NewIafTum2000()
		if err := setStatus(t, n, d); err != nil {
			t.Errorf("SetStatus(%v) = %v, want accepted", d, err)
		}
	}
}

func TestIafTum2000LeavesUnknownKeysUnaccessed(t *testing.T) {
	// The kernel turns unread keys into UnaccessedDictionaryEntry; the model
	// must not read (and so hide) a key it does not know.
	n := NewIafTum2000()
	r := dict.NewReader(dict.Dict{"C_m": 100.0, "tau_bogus": 20.0})
	if err := n.SetStatus(r, testEnv()); err != nil {
		t.Fatal(err)
	}
	if got := r.Unused(); !reflect.DeepEqual(got, []string{"tau_bogus"}) {
		t.Errorf("Unused() = %v, want [tau_minus]", got)
	}
}

func TestIafTum2000ELChangeKeepsAbsolutePotentials(t *testing.T) {
	n := NewIafTum2000()
	if err := setStatus(t, n, dict.Dict{"V_m": -68.0, "V_th": -52.0, "V_reset": -75.0}); err != nil {
		t.Fatal(err)
	}
	for _, el := range []float64{-65.0, -80.0, 0.0} {
		if err := setStatus(t, n, dict.Dict{"E_L": el}); err != nil {
			t.Fatalf("E_L = %g: %v", el, err)
		}
		st := n.Status()
		// Changing only E_L is exact: the absolute values do not go through
		// any arithmetic that could round.
		for key, want := range map[string]float64{"E_L": el, "V_m": -68.0, "V_th": -52.0, "V_reset": -75.0} {
			if got := st[key].(float64); got != want {
				t.Errorf("after E_L = %g: %s = %.17g, want %g", el, key, got, want)
			}
		}
	}
	// Given together with E_L, V_m, V_th and V_reset are absolute too.
	if err := setStatus(t, n, dict.Dict{"E_L": -60.0, "V_m": -61.0, "V_th": -50.0, "V_reset": -62.0}); err != nil {
		t.Fatal(err)
	}
	st := n.Status()
	for key, want := range map[string]float64{"V_m": -61.0, "V_th": -50.0, "V_reset": -62.0} {
		if got := st[key].(float64); got != want {
			t.Errorf("%s = %.17g, want %g", key, got, want)
		}
	}
}

// lifTol bounds the deviation of the exact-integration membrane potential
// from the closed-form solution. Exact integration has no truncation error;
// the rounding error of one step decays with P22 < 1 afterwards, so the
// accumulated error stays near eps*|V| (worst case eps*|V|/(1-P22), which
// random signs of the roundings keep far from); observed up to 3.3e-13 mV.
const lifTol = 1e-12

func TestIafTum2000FollowsClosedFormWithConstantCurrent(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		eL, v0, iE, tauM, cM float64
		steps                int
		setELAfterConstruct  bool
	}{
		{name: "default neuron, I_e 100 pA", eL: -70, v0: -70, iE: 100, tauM: 10, cM: 250, steps: 2000},
		{name: "seed depression neuron", eL: 0, v0: 0, iE: 150, tauM: 40, cM: 400, steps: 4000},
		{name: "start above rest, no current", eL: -70, v0: -58, iE: 0, tauM: 10, cM: 250, steps: 1000},
		// E_L moved after V_m was set: V_m stays at -70 mV and relaxes to
		// the new rest.
		{name: "relaxation after an E_L change", eL: -65, v0: -70, iE: 50, tauM: 15, cM: 100, steps: 1500, setELAfterConstruct: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := NewIafTum2000()
			// Threshold far away so the neuron never spikes.
			d := dict.Dict{"V_th": 1e6, "I_e": tc.iE, "tau_m": tc.tauM, "C_m": tc.cM}
			if !tc.setELAfterConstruct {
				d["E_L"], d["V_m"] = tc.eL, tc.v0
			}
			if err := setStatus(t, n, d); err != nil {
				t.Fatal(err)
			}
			if tc.setELAfterConstruct {
				if err := setStatus(t, n, dict.Dict{"V_m": tc.v0}); err != nil {
					t.Fatal(err)
				}
				if err := setStatus(t, n, dict.Dict{"E_L": tc.eL}); err != nil {
					t.Fatal(err)
				}
			}
			env := testEnv()
			n.Prepare(env)
			ctx := &node.Context{RingLen: env.RingLen, Emit: &spikeLog{}}
			h := env.Base.Resolution
			vInf := tc.eL + tc.iE*tc.tauM/tc.cM // E_L + I_e*R
			worst := 0.0
			for s := range tc.steps {
				n.Update(ctx, int64(s), 0, 1)
				tMs := float64(s+1) * h
				want := vInf + (tc.v0-vInf)*math.Exp(-tMs/tc.tauM)
				got := n.RecordableValue(0)
				if d := math.Abs(got - want); d > worst || math.IsNaN(d) {
					worst = d
				}
				if !(math.Abs(got-want) <= lifTol) {
					t.Fatalf("t = %g ms: V_m = %.17g, closed form %.17g (|diff| %.3g > %g)", tMs, got, want, math.Abs(got-want), lifTol)
				}
			}
			t.Logf("max |V_m - closed form| over %d steps: %.3g mV", tc.steps, worst)
		})
	}
}

func TestIafTum2000RefractoryClampAndSpikeTimes(t *testing.T) {
	// E_L = V_reset = 0, V_th = 15 mV, I_e*R = 20 mV: from rest the
	// threshold is reached at t* = -tau_m*ln(1 - 15/20); the neuron spikes
	// in the first step whose end lies at or after t*, stays at V_reset for
	// t_ref/h steps and integrates again from there.
	const (
		tauM, cM, iE, vTh, tRef = 10.0, 250.0, 500.0, 15.0, 2.0
	)
	n := NewIafTum2000()
	if err := setStatus(t, n, dict.Dict{"E_L": 0.0, "V_m": 0.0, "V_reset": 0.0, "V_th": vTh,
		"tau_m": tauM, "C_m": cM, "I_e": iE, "t_ref": tRef}); err != nil {
		t.Fatal(err)
	}
	env := testEnv()
	n.Prepare(env)
	spikes := &spikeLog{}
	ctx := &node.Context{RingLen: env.RingLen, Emit: spikes}
	h := env.Base.Resolution
	refSteps := int(math.Round(tRef / h))
	tStar := -tauM * math.Log(1-vTh/(iE*tauM/cM))
	// Step s covers (s*h, (s+1)*h]; the crossing is seen in the update of s.
	firstSpike := int64(math.Ceil(tStar/h)) - 1
	isi := int64(refSteps) + int64(math.Ceil(tStar/h))

	const total = 1000
	clamped := 0
	for s := range total {
		n.Update(ctx, int64(s), 0, 1)
		if len(spikes.steps) > 0 && int64(s) > spikes.steps[len(spikes.steps)-1] &&
			int64(s) <= spikes.steps[len(spikes.steps)-1]+int64(refSteps) {
			if v := n.RecordableValue(0); v != 0 {
				t.Fatalf("step %d: V_m = %g during the refractory period, want V_reset = 0", s, v)
			}
			clamped++
		}
	}
	if len(spikes.steps) == 0 || spikes.steps[0] != firstSpike {
		t.Fatalf("spike steps %v, want the first at %d (t* = %.6g ms)", spikes.steps, firstSpike, tStar)
	}
	for i := 1; i < len(spikes.steps); i++ {
		if d := spikes.steps[i] - spikes.steps[i-1]; d != isi {
			t.Errorf("interval %d = %d steps, want %d (t_ref %d steps + %g ms to threshold)", i, d, isi, refSteps, tStar)
		}
	}
	if want := len(spikes.steps) * refSteps; clamped < want-refSteps || clamped > want {
		t.Errorf("%d clamped steps for %d spikes of %d refractory steps", clamped, len(spikes.steps), refSteps)
	}
}

func TestIafTum2000SpikeInputScaling(t *testing.T) {
	// Receptor 1 scales the weight by the sender's u*x (the event offset);
	// the sign of the product picks the excitatory or inhibitory current.
	for _, tc := range []struct {
		name           string
		rport          int
		weight, offset float64
		mult           int
		ex, in         float64
	}{
		{"receptor 0 ignores the offset", 0, 100, 0.25, 1, 100, 0},
		{"receptor 1 scales by u*x", 1, 100, 0.25, 1, 25, 0},
		{"inhibitory weight on receptor 1", 1, -80, 0.5, 1, 0, -40},
		{"multiplicity", 0, 30, 0, 3, 90, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := NewIafTum2000()
			env := testEnv()
			n.Prepare(env)
			ctx := &node.Context{RingLen: env.RingLen, Emit: &spikeLog{}}
			n.HandleSpike(&node.SpikeEvent{Slot: ctx.Slot(0), Rport: tc.rport, Weight: tc.weight, Offset: tc.offset, Multiplicity: tc.mult})
			n.Update(ctx, 0, 0, 1)
			st := n.Status()
			// The input is added after the decay of an empty current, so the
			// result is the product itself.
			if st["I_syn_ex"] != tc.ex || st["I_syn_in"] != tc.in {
				t.Errorf("I_syn_ex, I_syn_in = %v, %v, want %g, %g", st["I_syn_ex"], st["I_syn_in"], tc.ex, tc.in)
			}
		})
	}
}

func TestIafTum2000Receptors(t *testing.T) {
	n := NewIafTum2000()
	for _, tc := range []struct {
		sender string
		rport  int
		cat    *nesterr.Category // nil: accepted
	}{
		{"iaf_tum_2000", 1, nil},
		{"iaf_tum_2000", 0, nesterr.ErrIllegalConnection},
		{"iaf_tum_2000", 2, nesterr.ErrUnknownReceptorType},
		{"iaf_tum_2000", -1, nesterr.ErrUnknownReceptorType},
		{"parrot_neuron", 0, nil},
		{"parrot_neuron", 1, nil},
		{"parrot_neuron", 2, nesterr.ErrUnknownReceptorType},
	} {
		err := n.CheckSpikeReceptor(tc.sender, tc.rport)
		if tc.cat == nil {
			if err != nil {
				t.Errorf("CheckSpikeReceptor(%s, %d) = %v, want accepted", tc.sender, tc.rport, err)
			}
			continue
		}
		if !errors.Is(err, tc.cat) {
			t.Errorf("CheckSpikeReceptor(%s, %d) = %v, want %s", tc.sender, tc.rport, err, tc.cat.Name())
		}
	}
	for rport, ok := range map[int]bool{0: true, 1: true, 2: false, -1: false} {
		err := n.CheckCurrentReceptor(rport)
		if ok != (err == nil) {
			t.Errorf("CheckCurrentReceptor(%d) = %v, want ok=%v", rport, err, ok)
		}
		if !ok && !errors.Is(err, nesterr.ErrUnknownReceptorType) {
			t.Errorf("CheckCurrentReceptor(%d) = %v, want UnknownReceptorType", rport, err)
		}
	}
}

// generalPxy evaluates NEST's formula for the share of y that has returned
// to x after dt, valid for tau_psc != tau_rec.
func generalPxy(dt, tauPsc, tauRec float64) float64 {
	return tsodyksPxy(math.Expm1(-dt/tauRec), math.Exp(-dt/tauPsc), dt, tauPsc, tauRec)
}

func TestTsodyksPxyEqualTausAnalytic(t *testing.T) {
	// With tau_psc == tau_rec == tau and y(0) = 1, z(0) = 0:
	//   y = exp(-t/tau), dz/dt = (y - z)/tau  =>  z = (t/tau) exp(-t/tau),
	// so Pxy = 1 - y - z = 1 - exp(-t/tau)(1 + t/tau). At t = tau that is
	// 1 - 2/e, at t = 2 tau 1 - 3/e^2 (40-digit values from mpmath).
	// pxyTol allows a few ulp of rounding in exp/expm1.
	const pxyTol = 4e-16
	for _, tc := range []struct {
		dt, tau, want float64
	}{
		{3, 3, 0.26424111765711535680895245967707826510838},
		{6, 3, 0.59399415029016192431800151508254678977711},
		{800, 800, 0.26424111765711535680895245967707826510838},
		{260, 130, 0.59399415029016192431800151508254678977711},
	} {
		got := tsodyksPxy(math.Expm1(-tc.dt/tc.tau), math.Exp(-tc.dt/tc.tau), tc.dt, tc.tau, tc.tau)
		if math.Abs(got-tc.want) > pxyTol {
			t.Errorf("Pxy(dt=%g, tau=%g) = %.17g, want %.17g", tc.dt, tc.tau, got, tc.want)
		}
	}
}

func TestTsodyksPxyEqualTausIsFiniteAndContinuous(t *testing.T) {
	// eps is the relative offset of tau_psc from tau_rec at which the
	// general formula is evaluated.
	const eps = 1e-6
	// d Pxy / d ln(tau_psc) at tau_psc == tau_rec is -(u^2/2) e^-u with
	// u = dt/tau, at most 2/e^2 in magnitude; the general formula itself
	// loses ~ulp/eps ~ 1e-10 to cancellation. So one side may differ from
	// the limit by eps*2/e^2 plus rounding...
	oneSideTol := eps*2/(math.E*math.E) + 1e-9
	// ...while the mean of both sides cancels the first-order term, leaving
	// O(eps^2) and the same rounding.
	meanTol := 1e-9
	for _, tau := range []float64{0.5, 1.5, 3, 130, 800} {
		for _, u := range []float64{0.05, 0.3, 1, 2, 5, 20} {
			dt := u * tau
			limit := tsodyksPxy(math.Expm1(-dt/tau), math.Exp(-dt/tau), dt, tau, tau)
			if math.IsNaN(limit) || math.IsInf(limit, 0) || limit < 0 || limit > 1 {
				t.Fatalf("Pxy(dt=%g, tau=%g) = %g, want a share in [0, 1]", dt, tau, limit)
			}
			above := generalPxy(dt, tau*(1+eps), tau)
			below := generalPxy(dt, tau*(1-eps), tau)
			if math.Abs(above-limit) > oneSideTol || math.Abs(below-limit) > oneSideTol {
				t.Errorf("tau=%g dt=%g: limit %.17g, general formula at tau_psc=tau(1±%g): %.17g, %.17g (tolerance %.3g)",
					tau, dt, limit, eps, above, below, oneSideTol)
			}
			if mean := (above + below) / 2; math.Abs(mean-limit) > meanTol {
				t.Errorf("tau=%g dt=%g: limit %.17g, mean of both sides %.17g (|diff| %.3g > %g)",
					tau, dt, limit, mean, math.Abs(mean-limit), meanTol)
			}
		}
	}
}

// propTol is the relative agreement required between expPropagator and the
// textbook form tau_s tau_m/(C (tau_m - tau_s)) (e^-h/tau_m - e^-h/tau_s):
// the difference of exponentials cancels at most ~1.5 digits for the
// time constants below, leaving ~1e-14.
const propTol = 1e-12

func TestExpPropagatorMatchesDirectFormula(t *testing.T) {
	for _, tc := range []struct {
		tauSyn, tauM, cM, h float64
		ref                 float64 // 40-digit mpmath value of the direct formula
	}{
		{2, 10, 250, 0.1, 0.000388204092484540465730846188771412559419},
		{3, 40, 400, 0.1, 0.0002455704479631423538960916425673124957375},
		{1.5, 60, 60, 0.1, 0.001610967600495408833587501148578974721814},
		{10, 2, 250, 0.1, 0.000388204092484540465730846188771412559419}, // tau_syn > tau_m
		{0.1, 10, 250, 1.0, 0.0003655725325681604602104613324138351307808},
	} {
		got := expPropagator(tc.tauSyn, tc.tauM, tc.cM, tc.h)
		direct := tc.tauSyn * tc.tauM / (tc.cM * (tc.tauM - tc.tauSyn)) * (math.Exp(-tc.h/tc.tauM) - math.Exp(-tc.h/tc.tauSyn))
		if rel := math.Abs(got-direct) / direct; rel > propTol {
			t.Errorf("expPropagator(%g, %g, %g, %g) = %.17g, direct formula %.17g (rel %.3g)", tc.tauSyn, tc.tauM, tc.cM, tc.h, got, direct, rel)
		}
		if rel := math.Abs(got-tc.ref) / tc.ref; rel > propTol {
			t.Errorf("expPropagator(%g, %g, %g, %g) = %.17g, reference %.17g (rel %.3g)", tc.tauSyn, tc.tauM, tc.cM, tc.h, got, tc.ref, rel)
		}
	}
}

func TestExpPropagatorSingularCase(t *testing.T) {
	for _, tc := range []struct{ tau, cM, h float64 }{
		{10, 250, 0.1}, {2, 250, 0.1}, {40, 400, 0.1}, {1.5, 60, 0.05}, {5, 1, 1},
	} {
		got := expPropagator(tc.tau, tc.tau, tc.cM, tc.h)
		// The limit is the value NEST computes in this branch, operation for
		// operation, so it must match exactly.
		want := tc.h * (1 / tc.cM) * math.Exp(-tc.h*(1/tc.tau))
		if got != want {
			t.Errorf("expPropagator(tau=%g, tau, C=%g, h=%g) = %.17g, want h/C*exp(-h/tau) = %.17g", tc.tau, tc.cM, tc.h, got, want)
		}
		// Close to the singularity the regular branch is kept, and it
		// approaches the limit: at tau_syn = tau(1+eps) the exact value is
		// limit*(1 + eps*h/(2 tau) + O(eps^2)); cancellation in the regular
		// formula adds ~ulp/eps ~ 1e-10 relative.
		const eps = 1e-6
		nearTol := eps*tc.h/(2*tc.tau) + 1e-9
		near := expPropagator(tc.tau*(1+eps), tc.tau, tc.cM, tc.h)
		if rel := math.Abs(near-want) / want; rel > nearTol {
			t.Errorf("expPropagator(tau(1+%g), tau=%g) = %.17g, limit %.17g (rel %.3g > %.3g)", eps, tc.tau, near, want, rel, nearTol)
		}
	}
}
