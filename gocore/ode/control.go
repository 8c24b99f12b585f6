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
		// A NaN ratio fails the comparison and is skipped.
		if ratio := c.ratio(y[i], yerr[i], yp[i], h); ratio > worst {
			worst = ratio
		}
	}
	e, need := resizeExponent(order, worst)
	p := 0.0
	if need {
		p = libm.Pow(worst, e)
	}
	return resize(worst, p, h)
}

// ratio is the error ratio |yerr|/D of one component.
func (c *Control) ratio(y, yerr, yp, h float64) float64 {
	relative := float64(c.AY*math.Abs(y)) + float64(c.ADydt*math.Abs(h*yp))
	d := float64(c.EpsRel*relative) + c.EpsAbs
	return math.Abs(yerr) / math.Abs(d)
}

// worst4 is the worst error ratio (see Adjust) of a system of LaneDim
// equations.
func (c *Control) worst4(y, yerr, yp *[LaneDim]float64, h float64) float64 {
	worst := float64(smallestNormal)
	for i := range LaneDim {
		relative := float64(c.AY*math.Abs(y[i])) + float64(c.ADydt*math.Abs(h*yp[i]))
		d := float64(c.EpsRel*relative) + c.EpsAbs
		if ratio := math.Abs(yerr[i]) / math.Abs(d); ratio > worst {
			worst = ratio
		}
	}
	return worst
}

// resizeExponent returns the power of the worst ratio that Adjust
// resizes the step by, and false when the size stays (no power needed).
func resizeExponent(order int, worst float64) (float64, bool) {
	switch {
	case worst > rejectAbove:
		return 1 / float64(order), true
	case worst < growBelowRatio:
		return 1 / float64(order+1), true
	}
	return 0, false
}

// resize is the end of Adjust: the size after a step of size h with the
// worst ratio worst, p being worst to the power of resizeExponent.
func resize(worst, p, h float64) (float64, Adjustment) {
	switch {
	case worst > rejectAbove:
		r := stepSafety / p
		if r < maxShrink {
			r = maxShrink
		}
		return r * h, Decreased
	case worst < growBelowRatio:
		r := stepSafety / p
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
