package ode

import (
	"fmt"
	"math"

	"github.com/gonest/gonest/gocore/libm"
)

// Adjustment is what Control.Adjust decided about the step size.
type Adjustment int

// The decisions of Control.Adjust.
const (
	// Decreased: the error was too large; the step should be redone with
	// the smaller size.
	Decreased Adjustment = -1
	// Kept: the error is acceptable and the size stays.
	Kept Adjustment = 0
	// Increased: the error was small; the next step may be larger.
	Increased Adjustment = 1
)

func (a Adjustment) String() string {
	switch a {
	case Decreased:
		return "decreased"
	case Kept:
		return "kept"
	case Increased:
		return "increased"
	}
	return fmt.Sprintf("Adjustment(%d)", int(a))
}

// Control is the standard error control: component i of a step's error
// estimate is acceptable when it is at most
//
//	D_i = EpsRel*(AY*|y_i| + ADydt*|h*y'_i|) + EpsAbs.
//
// With AY = 1, ADydt = 0 it bounds the error by a tolerance on y (GSL's
// gsl_odeiv_control_y_new), with AY = 0, ADydt = 1 by one on h*y'
// (gsl_odeiv_control_yp_new).
type Control struct {
	EpsAbs float64 // absolute tolerance
	EpsRel float64 // relative tolerance
	AY     float64 // weight of |y| in the relative part
	ADydt  float64 // weight of |h*y'| in the relative part
}

// Safety factor and limits of the step-size change.
const (
	stepSafety     = 0.9
	maxShrink      = 0.2 // a rejected step shrinks by at most this factor
	maxGrow        = 5.0 // an accepted step grows by at most this factor
	rejectAbove    = 1.1 // worst error ratio above which a step is redone
	growBelowRatio = 0.5 // worst error ratio below which the step grows

	// smallestNormal is where the search for the worst error ratio
	// starts (C's DBL_MIN).
	smallestNormal = 0x1p-1022
)

// NewControl returns a standard control after checking that no tolerance
// or weight is negative.
func NewControl(epsAbs, epsRel, aY, aDydt float64) (*Control, error) {
	c := &Control{}
	if err := c.Init(epsAbs, epsRel, aY, aDydt); err != nil {
		return nil, err
	}
	return c, nil
}

// YControl returns a control of the error relative to y: eps_abs +
// eps_rel*|y|.
func YControl(epsAbs, epsRel float64) (*Control, error) { return NewControl(epsAbs, epsRel, 1, 0) }

// YPControl returns a control of the error relative to the change h*y':
// eps_abs + eps_rel*|h*y'|.
func YPControl(epsAbs, epsRel float64) (*Control, error) { return NewControl(epsAbs, epsRel, 0, 1) }

// Init sets all four coefficients; on error c is unchanged.
func (c *Control) Init(epsAbs, epsRel, aY, aDydt float64) error {
	switch {
	case epsAbs < 0:
		return fmt.Errorf("ode: absolute tolerance must not be negative (eps_abs = %g)", epsAbs)
	case epsRel < 0:
		return fmt.Errorf("ode: relative tolerance must not be negative (eps_rel = %g)", epsRel)
	case aY < 0:
		return fmt.Errorf("ode: weight of y must not be negative (a_y = %g)", aY)
	case aDydt < 0:
		return fmt.Errorf("ode: weight of y' must not be negative (a_dydt = %g)", aDydt)
	}
	*c = Control{EpsAbs: epsAbs, EpsRel: epsRel, AY: aY, ADydt: aDydt}
	return nil
}

// Adjust judges a step of size h taken by a method of the given order
// that produced y with error estimate yerr and derivative yp (at the end
// of the step). It returns the proposed size and the decision:
//
//   - worst ratio |yerr_i|/D_i above 1.1: Decreased, h*max(0.2,
//     0.9*ratio^(-1/order));
//   - below 0.5: Increased, h*min(5, max(1, 0.9*ratio^(-1/(order+1))));
//   - otherwise Kept, h unchanged.
//
// Components whose ratio is NaN (0/0) do not count, and a step without
// any error is treated as if its worst ratio were the smallest normal
// double, so it grows by the full factor 5.
func (c *Control) Adjust(order int, y, yerr, yp []float64, h float64) (float64, Adjustment) {
	worst := smallestNormal
	yerr, yp = yerr[:len(y)], yp[:len(y)]
	for i := range y {
		relative := float64(c.AY*math.Abs(y[i])) + float64(c.ADydt*math.Abs(h*yp[i]))
		d := float64(c.EpsRel*relative) + c.EpsAbs
		ratio := math.Abs(yerr[i]) / math.Abs(d)
		// A NaN ratio fails the comparison and is skipped.
		if ratio > worst {
			worst = ratio
		}
	}
	switch {
	case worst > rejectAbove:
		r := stepSafety / libm.Pow(worst, 1/float64(order))
		if r < maxShrink {
			r = maxShrink
		}
		return r * h, Decreased
	case worst < growBelowRatio:
		r := stepSafety / libm.Pow(worst, 1/float64(order+1))
		if r > maxGrow {
			r = maxGrow
		}
		if r < 1 {
			r = 1
		}
		return r * h, Increased
	}
	return h, Kept
}
