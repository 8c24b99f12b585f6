package models

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// multLog is a node.Emitter that remembers spikes sent with a
// multiplicity. The embedded interface (nil) keeps the fake compiling when
// the Emitter interface grows; a call to a method not defined here panics.
type multLog struct {
	node.Emitter
	steps []int64
	mults []int
}

func (m *multLog) EmitSpikes(_ int, step int64, _ float64, multiplicity int) {
	m.steps = append(m.steps, step)
	m.mults = append(m.mults, multiplicity)
}

func TestParrotNeuronRepeatsWithMultiplicity(t *testing.T) {
	n := NewParrotNeuron()
	env := testEnv()
	env.RingLen = 10
	n.Prepare(env)
	log := &multLog{}
	ctx := &node.Context{RingLen: env.RingLen, Emit: log}
	deliver := func(step int64, rport, mult int, w float64) {
		n.HandleSpike(&node.SpikeEvent{Slot: ctx.Slot(step), Rport: rport, Weight: w, Multiplicity: mult})
	}
	// Step 3: two events (multiplicities 2 and 1, weights ignored, one of
	// them negative) become one spike of multiplicity 3. Step 5: only
	// receptor-1 input, which is dropped. Step 7: a single spike.
	deliver(3, 0, 2, 0.5)
	deliver(3, 0, 1, -7)
	deliver(5, 1, 4, 1)
	deliver(7, 0, 1, 0)
	n.Update(ctx, 0, 0, 10)
	if want := []int64{3, 7}; !reflect.DeepEqual(log.steps, want) {
		t.Errorf("spikes sent in steps %v, want %v", log.steps, want)
	}
	if want := []int{3, 1}; !reflect.DeepEqual(log.mults, want) {
		t.Errorf("multiplicities %v, want %v", log.mults, want)
	}
	// The buffer was consumed: the next round of the ring sends nothing.
	n.Update(ctx, 10, 0, 10)
	if len(log.steps) != 2 {
		t.Errorf("spikes repeated from a consumed buffer: steps %v", log.steps)
	}
}

func TestParrotNeuronReceptorsAndStatus(t *testing.T) {
	n := NewParrotNeuron()
	for rport, ok := range map[int]bool{0: true, 1: true, 2: false, -1: false} {
		err := n.CheckSpikeReceptor("poisson_generator", rport)
		if ok != (err == nil) || (!ok && !errors.Is(err, nesterr.ErrUnknownReceptorType)) {
			t.Errorf("receptor %d: %v", rport, err)
		}
	}
	if _, ok := node.Node(n).(node.CurrentReceiver); ok {
		t.Error("parrot_neuron accepts currents; NEST's does not")
	}
	r := dict.NewReader(dict.Dict{"V_m": -70.0})
	if err := n.SetStatus(r, testEnv()); err != nil {
		t.Fatal(err)
	}
	if got := r.Unused(); !reflect.DeepEqual(got, []string{"V_m"}) {
		t.Errorf("Unused() = %v, want [V_m]: the parrot has no V_m", got)
	}
	want := dict.Dict{"tau_minus": 20.0, "tau_minus_triplet": 110.0, "t_spike": -1.0, "flush_event_send_interval": math.Inf(1)}
	if st := n.Status(); !reflect.DeepEqual(st, want) {
		t.Errorf("Status() = %v, want the archive's entries and flush_event_send_interval %v", st, want)
	}
	before := n.Status()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"tau_minus": -1.0}), testEnv()); !errors.Is(err, nesterr.ErrBadProperty) {
		t.Errorf("tau_minus -1: %v, want BadProperty", err)
	}
	if !reflect.DeepEqual(n.Status(), before) {
		t.Errorf("rejected tau_minus changed the status to %v", n.Status())
	}
	// flush_event_send_interval: kept when positive, refused otherwise
	// with the status left as it was.
	if err := n.SetStatus(dict.NewReader(dict.Dict{"flush_event_send_interval": 5.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	if got := n.Status()["flush_event_send_interval"]; got != 5.0 {
		t.Errorf("flush_event_send_interval = %v after setting 5", got)
	}
	if got := n.Clone().Status()["flush_event_send_interval"]; got != 5.0 {
		t.Errorf("a copy has flush_event_send_interval %v, want 5", got)
	}
	for _, bad := range []float64{0, -1} {
		err := n.SetStatus(dict.NewReader(dict.Dict{"flush_event_send_interval": bad, "tau_minus": 30.0}), testEnv())
		if !errors.Is(err, nesterr.ErrBadProperty) {
			t.Errorf("flush_event_send_interval %g: %v, want BadProperty", bad, err)
		}
		if st := n.Status(); st["flush_event_send_interval"] != 5.0 || st["tau_minus"] != 20.0 {
			t.Errorf("a refused flush_event_send_interval %g changed the status to %v", bad, st)
		}
	}
}

func TestParrotNeuronArchivesEveryRepeatedSpike(t *testing.T) {
	// NEST's parrot sets its spike time once per repeated spike, so K-
	// grows by the multiplicity: three spikes at 0.4 ms leave K- = 3 just
	// after, decaying with tau_minus = 20 ms.
	n := NewParrotNeuron()
	env := testEnv()
	env.RingLen = 10
	n.Prepare(env)
	n.Archive().Register() // a plastic connection reads the history
	ctx := &node.Context{RingLen: env.RingLen, Emit: &multLog{}}
	n.HandleSpike(&node.SpikeEvent{Slot: ctx.Slot(3), Rport: 0, Weight: 1, Multiplicity: 3})
	n.Update(ctx, 0, 0, 10)
	if got := n.Status()["t_spike"]; got != 0.4 {
		t.Errorf("t_spike = %v, want 0.4", got)
	}
	if got, want := n.Archive().KMinus(1.4), 3*math.Exp(-1.0/20); math.Abs(got-want) > 1e-15 {
		t.Errorf("K- at 1.4 ms = %.17g, want %.17g", got, want)
	}
}
