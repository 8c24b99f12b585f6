package devices

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

// envAt returns a grid with the given resolution (ms), 1000 tics per ms,
// and slices of one step.
func envAt(t testing.TB, resolution float64) *node.Env {
	t.Helper()
	b, err := simtime.NewBase(simtime.DefaultTicsPerMs, resolution)
	if err != nil {
		t.Fatal(err)
	}
	return &node.Env{Base: b, RingLen: 2, MinDelay: 1, RNG: rand.New(rand.NewPCG(1, 2))}
}

// set applies d to n through a fresh Reader and reports keys n left
// unread as the kernel would.
func set(t testing.TB, n node.Node, env *node.Env, d dict.Dict) error {
	t.Helper()
	r := dict.NewReader(d)
	if err := n.SetStatus(r, env); err != nil {
		return err
	}
	return r.CheckAllUsed(n.Model())
}

func wantCategory(t testing.TB, err error, cat *nesterr.Category) {
	t.Helper()
	if !errors.Is(err, cat) {
		t.Errorf("error = %v, want category %s", err, cat.Name())
	}
}

// currentLog is a node.Emitter that remembers the steps in which currents
// were sent. The embedded interface (nil) keeps the fake compiling when
// the Emitter interface grows; a call to a method not defined here panics.
type currentLog struct {
	node.Emitter
	steps    []int64
	currents []float64
}

func (c *currentLog) EmitSpike(int, int64, float64) {}

func (*currentLog) EmitSpikes(int, int64, float64, int) {}
func (*currentLog) EmitPoisson(int, int64, float64)     {}
func (c *currentLog) SendCurrent(_ int, step int64, current float64) {
	c.steps = append(c.steps, step)
	c.currents = append(c.currents, current)
}

// SendCurrents logs the first target's value (the tests use one target).
func (c *currentLog) SendCurrents(_ int, step int64, values []float64) {
	c.steps = append(c.steps, step)
	c.currents = append(c.currents, values[0])
}

func errorsIs(err error, cat *nesterr.Category) bool { return errors.Is(err, cat) }
