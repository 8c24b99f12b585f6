package models

import (
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/ode"
)

// integrator is the adaptive Runge-Kutta-Fehlberg integration a
// conductance-based or adaptive model runs in every step, with what NEST
// keeps of it in the model's buffers: the evolution, the step of the
// simulation grid and the integration step size, carried over from one
// simulation step to the next (and from one Simulate call to the next).
//
// NEST sets these up once per node, before its first simulation
// (init_buffers_), not in every pre_run_hook: the step size starts at the
// resolution then, and a tolerance changed after the first Simulate does
// not reach the control. A clone starts without them, as a copied NEST
// node does.
type integrator struct {
	evolve *ode.Evolve
	step   float64 // simulation step, ms (NEST's B_.step_)
	h      float64 // integration step size, ms (NEST's B_.IntegrationStep_)
}

// ready reports whether init has run.
func (in *integrator) ready() bool { return in.evolve != nil }

// init sets up an integration of dim equations under control c for a
// simulation step of step ms.
func (in *integrator) init(dim int, c *ode.Control, step float64) {
	in.evolve = ode.NewEvolve(dim, c)
	in.step = step
	in.h = step
}

// advance integrates y over one simulation step with f, as NEST's
// update loops do (evolve until the step end is reached). A failure of
// the solver cannot happen with the models' right-hand sides, which never
// fail; should it happen anyway, it is a broken invariant and panics.
//
// Each adaptive step starts from the derivative the previous one ended
// with (ode.Evolve.ReuseEndDerivative): nothing changes y or the inputs
// of f inside Advance, and the end derivative of a step is f at the very
// time the next one starts from, so the values are those NEST evaluates
// again.
func (in *integrator) advance(model string, f ode.Func, y []float64) {
	in.evolve.ReuseEndDerivative = true
	h, err := in.evolve.Advance(f, 0, in.step, in.h, y)
	if err != nil {
		panic(solverFailure(model, err))
	}
	in.h = h
}

// solverFailure is the error NEST raises as GSLSolverFailure.
func solverFailure(model string, err error) error {
	return nesterr.New(nesterr.ErrGSLSolverFailure, "The ODE solver of %s failed: %v", model, err)
}

// mustControl returns a standard control for tolerances the model has
// validated (so the control cannot refuse them).
func mustControl(epsAbs, epsRel, aY, aDydt float64) *ode.Control {
	c, err := ode.NewControl(epsAbs, epsRel, aY, aDydt)
	if err != nil {
		panic(err)
	}
	return c
}
