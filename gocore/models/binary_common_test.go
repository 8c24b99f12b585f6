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

// binaryModels makes a fresh neuron of each binary model.
var binaryModels = map[string]func() node.Node{
	"mcculloch_pitts_neuron": func() node.Node { return NewMccullochPittsNeuron() },
	"ginzburg_neuron":        func() node.Node { return NewGinzburgNeuron() },
	"erfc_neuron":            func() node.Node { return NewErfcNeuron() },
}

// binaryEmitter records the emitted transitions with their multiplicity.
type binaryEmitter struct {
	node.Emitter
	steps []int64
	mults []int
}

func (e *binaryEmitter) EmitSpikes(_ int, step int64, _ float64, mult int) {
	e.steps = append(e.steps, step)
	e.mults = append(e.mults, mult)
}

func binaryNodeOf(n node.Node) *binaryNeuron {
	switch m := n.(type) {
	case *MccullochPittsNeuron:
		return &m.binaryNeuron
	case *GinzburgNeuron:
		return &m.binaryNeuron
	case *ErfcNeuron:
		return &m.binaryNeuron
	}
	return nil
}

func TestBinaryNeuronsRejectBadTauAndStayUnchanged(t *testing.T) {
	for name, mk := range binaryModels {
		t.Run(name, func(t *testing.T) {
			checkRejections(t, mk, dict.Dict{"tau_m": 4.0, "theta": 0.5}, []rejectCase{
				{"tau_m zero", dict.Dict{"tau_m": 0.0, "theta": 2.0}, nesterr.ErrBadProperty, "time constants"},
				{"tau_m negative", dict.Dict{"tau_m": -1.0}, nesterr.ErrBadProperty, "tau_m"},
				{"string theta", dict.Dict{"tau_m": 2.0, "theta": "x"}, nesterr.ErrTypeMismatch, ""},
				{"archive", dict.Dict{"theta": 3.0, "tau_minus": -1.0}, nesterr.ErrBadProperty, "tau_minus"},
			})
			// S and h are reported, not set: the keys stay unaccessed.
			n := mk()
			r := dict.NewReader(dict.Dict{"S": true, "h": 2.0, "theta": 1.0})
			if err := n.SetStatus(r, testEnv()); err != nil {
				t.Fatal(err)
			}
			if got := r.Unused(); !reflect.DeepEqual(got, []string{"S", "h"}) && !reflect.DeepEqual(got, []string{"h", "S"}) {
				t.Errorf("unused %v, want S and h", got)
			}
			if st := n.Status(); st["S"] != false || st["h"] != 0.0 || st["theta"] != 1.0 {
				t.Errorf("status %v", st)
			}
		})
	}
}

func TestBinaryNeuronsReceptors(t *testing.T) {
	for name, mk := range binaryModels {
		n := mk()
		if err := n.(node.SpikeReceiver).CheckSpikeReceptor("erfc_neuron", 0); err != nil {
			t.Errorf("%s: receptor 0: %v", name, err)
		}
		if err := n.(node.SpikeReceiver).CheckSpikeReceptor("erfc_neuron", 1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
			t.Errorf("%s: spike receptor 1: %v", name, err)
		}
		if err := n.(node.CurrentReceiver).CheckCurrentReceptor(1); !errors.Is(err, nesterr.ErrUnknownReceptorType) {
			t.Errorf("%s: current receptor 1: %v", name, err)
		}
		if got := n.(node.Recordable).Recordables(); !reflect.DeepEqual(got, []string{"S", "h"}) {
			t.Errorf("%s: recordables %v", name, got)
		}
	}
}

// TestBinaryNeuronDecoding: a switch-on (multiplicity 2) adds the weight
// to h, a switch-off subtracts it, and k connections between the same two
// neurons add what NEST's decoding of the unrolled spikes adds: (4k-3)w
// for a switch-on, (2k-3)w for a switch-off. The second single spike of
// one sender and time counts as the second half of a switch-on.
func TestBinaryNeuronDecoding(t *testing.T) {
	n := NewMccullochPittsNeuron()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_m": 1e9}), testEnv()); err != nil {
		t.Fatal(err)
	}
	env := testEnv()
	n.Prepare(env)
	ctx := &node.Context{RingLen: env.RingLen, Emit: &binaryEmitter{}}
	step := int64(0)
	deliver := func(sender int, stamp int64, w float64, mult int) {
		n.HandleSpike(&node.SpikeEvent{Sender: sender, Stamp: stamp, Slot: ctx.Slot(step), Weight: w, Multiplicity: mult})
	}
	advance := func() float64 {
		n.Update(ctx, step, 0, 1)
		step++
		return n.RecordableValue(1)
	}
	deliver(5, 1, 0.5, 2) // switch-on of node 5
	if h := advance(); h != 0.5 {
		t.Errorf("after a switch-on h = %g, want 0.5", h)
	}
	deliver(5, 2, 0.5, 1) // its switch-off
	if h := advance(); h != 0 {
		t.Errorf("after a switch-off h = %g, want 0", h)
	}
	deliver(6, 3, 1.5, 1) // two single spikes of one sender and time: on
	deliver(6, 3, 1.5, 1)
	if h := advance(); h != 1.5 {
		t.Errorf("after a pair of single spikes h = %g, want 1.5", h)
	}
	deliver(7, 4, 1, 2) // switch-on over two connections: 5w
	deliver(7, 4, 1, 2)
	if h := advance(); h != 6.5 {
		t.Errorf("after a switch-on over two connections h = %g, want 6.5", h)
	}
	deliver(7, 5, 1, 1) // switch-off over two connections: +w
	deliver(7, 5, 1, 1)
	if h := advance(); h != 7.5 {
		t.Errorf("after a switch-off over two connections h = %g, want 7.5", h)
	}
}

// TestBinaryNeuronUpdateScheme: a McCulloch-Pitts neuron follows its
// input at its updates only; switch-ons are sent with multiplicity 2,
// switch-offs with 1, t_spike is the time of the last change, and the
// number of updates over a long run is that of a Poisson process of rate
// 1/tau_m (checked within 4 standard errors). Currents count at the
// update only and do not enter h.
func TestBinaryNeuronUpdateScheme(t *testing.T) {
	n := NewMccullochPittsNeuron()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_m": 2.0, "theta": 0.5}), testEnv()); err != nil {
		t.Fatal(err)
	}
	env := &node.Env{Base: simtime.DefaultBase(), RingLen: 2, MinDelay: 1, RNG: rand.New(rand.NewPCG(3, 4))}
	n.Prepare(env)
	em := &binaryEmitter{}
	ctx := &node.Context{RingLen: env.RingLen, Emit: em}
	const steps = 200000 // 20 s
	b := &n.binaryNeuron
	updates := 0
	on := false
	for step := int64(0); step < steps; step++ {
		// the input switches every 50 ms: a current above theta, or none
		if step%500 == 0 {
			on = !on
		}
		if on {
			n.HandleCurrent(ctx.Slot(step), 0, 1.0)
		}
		before := b.tNext
		n.Update(ctx, step, 0, 1)
		if b.tNext != before {
			updates++
		}
		if b.h != 0 {
			t.Fatalf("a current entered h (%g)", b.h)
		}
	}
	want := float64(steps) * 0.1 / 2.0
	if d := math.Abs(float64(updates) - want); d > 4*math.Sqrt(want) {
		t.Errorf("%d updates in 20 s, want about %g", updates, want)
	}
	for i, m := range em.mults {
		if want := 2 - i%2; m != want {
			t.Fatalf("transition %d has multiplicity %d, want %d (on and off alternate)", i, m, want)
		}
	}
	if len(em.steps) < 300 {
		t.Fatalf("only %d transitions", len(em.steps))
	}
	last := em.steps[len(em.steps)-1]
	if got := n.Status()["t_spike"]; got != env.Base.StepsToMs(last+1) {
		t.Errorf("t_spike %v, want %v", got, env.Base.StepsToMs(last+1))
	}
	// The state follows the input with the delay of the next update:
	// every switch-on happens while the current is on.
	for i, s := range em.steps {
		if em.mults[i] == 2 && (s/500)%2 != 0 {
			t.Errorf("switch-on at step %d while the input is off", s)
		}
	}
}

// TestBinaryNeuronFirstUpdateDrawnOnce: the first update time is drawn at
// the first Prepare only, so that a second run goes on with it.
func TestBinaryNeuronFirstUpdateDrawnOnce(t *testing.T) {
	for name, mk := range binaryModels {
		n := mk()
		env := testEnv()
		n.Prepare(env)
		b := binaryNodeOf(n)
		first := b.tNext
		n.Prepare(env)
		if b.tNext != first {
			t.Errorf("%s: second Prepare moved the next update from %d to %d tics", name, first, b.tNext)
		}
		c := binaryNodeOf(n.Clone())
		if c.TauM != b.TauM || c.gain == b.gain {
			t.Errorf("%s: clone shares its gain or lost tau_m", name)
		}
	}
}

// TestBinaryGains checks each gain against its formula.
func TestBinaryGains(t *testing.T) {
	mp := &mccullochPittsGain{theta: 0.5}
	if mp.on(nil, 0.5) || !mp.on(nil, 0.50001) {
		t.Error("McCulloch-Pitts: on exactly above theta")
	}
	const n = 200000
	count := func(g binaryGain, h float64) float64 {
		rng := rand.New(rand.NewPCG(9, 10))
		c := 0
		for range n {
			if g.on(rng, h) {
				c++
			}
		}
		return float64(c) / n
	}
	gz := &ginzburgGain{theta: 1, c1: 0.05, c2: 0.8, c3: 2}
	ef := &erfcGain{theta: 1, sigma: 0.7}
	for _, h := range []float64{-1, 0.5, 1, 2.5} {
		for _, c := range []struct {
			g binaryGain
			p float64
		}{
			{gz, 0.05*h + 0.8*0.5*(1+math.Tanh(2*(h-1)))},
			{ef, 0.5 * math.Erfc(-(h-1)/(math.Sqrt2*0.7))},
		} {
			p := math.Min(math.Max(c.p, 0), 1)
			if got := count(c.g, h); math.Abs(got-p) > 5*math.Sqrt(p*(1-p)/n)+1e-12 {
				t.Errorf("%T at h=%g: on with frequency %g, want %g", c.g, h, got, p)
			}
		}
	}
}
