package models

import (
	"math"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// NEST 3.10's rules and their order, checked against nest310's messages:
// V_reset < V_th, V_reset >= V_min, C_m > 0, t_ref of at least one step
// (rounded up to steps: 0.01 ms passes at h = 0.1), tau_m > 0.
func TestIafPscDeltaPsRejects(t *testing.T) {
	checkRejections(t, func() node.Node { return NewIafPscDeltaPs() }, dict.Dict{"V_m": -60.0, "E_L": -65.0}, []rejectCase{
		{"reset above threshold", dict.Dict{"V_reset": -50.0}, nesterr.ErrBadProperty, "Reset potential must be smaller than threshold"},
		{"reset below minimum", dict.Dict{"V_min": -60.0}, nesterr.ErrBadProperty, "greater equal minimum"},
		{"capacitance", dict.Dict{"C_m": 0.0}, nesterr.ErrBadProperty, "Capacitance"},
		{"refractory zero", dict.Dict{"t_ref": 0.0}, nesterr.ErrBadProperty, "at least one time step"},
		{"tau_m", dict.Dict{"tau_m": 0.0}, nesterr.ErrBadProperty, "time constants"},
		{"first rule first", dict.Dict{"V_reset": -40.0, "C_m": -1.0}, nesterr.ErrBadProperty, "smaller than threshold"},
	})
	n := NewIafPscDeltaPs()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"t_ref": 0.01}), testEnv()); err != nil {
		t.Errorf("t_ref 0.01 (one step rounded up) rejected: %v", err)
	}
	// refractory_input and is_refractory are read only: left unaccessed.
	r := dict.NewReader(dict.Dict{"refractory_input": true, "is_refractory": true})
	if err := n.SetStatus(r, testEnv()); err != nil || len(r.Unused()) != 2 {
		t.Errorf("read-only keys: err %v, unused %v", err, r.Unused())
	}
}

// Potentials follow E_L as in NEST: absent ones keep their absolute
// values, given ones are taken as given.
func TestIafPscDeltaPsELShift(t *testing.T) {
	n := NewIafPscDeltaPs()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"E_L": -60.0, "V_th": -50.0}), testEnv()); err != nil {
		t.Fatal(err)
	}
	st := n.Status()
	if st["V_th"] != -50.0 || st["V_reset"] != -70.0 || st["V_m"] != -70.0 {
		t.Errorf("after E_L change: V_th %v V_reset %v V_m %v", st["V_th"], st["V_reset"], st["V_m"])
	}
	if err := n.CheckSpikeReceptor("x", 1); err == nil {
		t.Error("receptor 1 accepted")
	}
}

// A neuron started above threshold fires in the first update at offset
// h*(1-eps), as NEST's.
func TestIafPscDeltaPsInstantSpike(t *testing.T) {
	n := NewIafPscDeltaPs()
	env := testEnv()
	if err := n.SetStatus(dict.NewReader(dict.Dict{"V_m": -50.0}), env); err != nil {
		t.Fatal(err)
	}
	n.Prepare(env)
	em := &psTestEmitter{}
	n.Update(&node.Context{RingLen: env.RingLen, Emit: em}, 0, 0, 1)
	if len(em.offsets) != 1 || em.offsets[0] != 0.1*(1-0x1p-52) || em.steps[0] != 0 {
		t.Fatalf("spikes %v at %v", em.offsets, em.steps)
	}
	if !n.S.refractory || n.S.U != 0 {
		t.Errorf("after the spike: refractory %v, U %v", n.S.refractory, n.S.U)
	}
	if got := n.Status()["t_spike"].(float64); math.Abs(got-(0.1-0.1*(1-0x1p-52))) > 1e-15 {
		t.Errorf("t_spike %v", got)
	}
}

// psTestEmitter collects the spikes a node sends.
type psTestEmitter struct {
	steps   []int64
	offsets []float64
	mults   []int
}

func (e *psTestEmitter) EmitSpike(_ int, s int64, off float64) { e.EmitSpikes(0, s, off, 1) }
func (e *psTestEmitter) EmitSpikes(_ int, s int64, off float64, m int) {
	e.steps, e.offsets, e.mults = append(e.steps, s), append(e.offsets, off), append(e.mults, m)
}
func (e *psTestEmitter) EmitPoisson(int, int64, float64)    {}
func (e *psTestEmitter) SendCurrent(int, int64, float64)    {}
func (e *psTestEmitter) SendCurrents(int, int64, []float64) {}
