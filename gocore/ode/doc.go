// Package ode integrates systems of ordinary differential equations with
// the embedded Runge-Kutta-Fehlberg 4(5) pair and adaptive step-size
// control, the way NEST's conductance-based and adaptive neuron models do
// through GSL's gsl_odeiv interface (stepper gsl_odeiv_step_rkf45, the
// "standard" error control, gsl_odeiv_evolve_apply).
//
// The package is a reimplementation from the published algorithm, not a
// translation of GSL's source, but it performs the same floating-point
// operations in the same order so that a model integrated with it follows
// NEST's trajectories to the last few bits:
//
//   - RKF45 advances with the fifth-order solution of Fehlberg's pair and
//     reports the difference to the fourth-order one as the error estimate.
//     Stage sums are accumulated left to right with the coefficients
//     rounded as GSL rounds them (each coefficient is the double nearest
//     to its rational value).
//   - Control compares each error with eps_abs + eps_rel*(a_y*|y| +
//     a_dydt*|h*y'|), shrinks a step whose worst ratio exceeds 1.1 by
//     0.9*ratio^(-1/5) (no less than a factor 0.2) and grows one below 0.5
//     by 0.9*ratio^(-1/6) (at most 5, never less than 1).
//   - Evolve takes one step of at most the suggested size, clamps the last
//     step so that it lands exactly on the target time, retries from the
//     saved state when the control asks for a smaller step, and hands the
//     control's suggestion back for the next call.
//
// No product is fused with a following sum: every product is rounded
// before it is added (explicit float64 conversions forbid the compiler
// to emit fused multiply-adds), which is what GSL compiled for baseline
// x86-64 does. The step-size factor divides by pow(ratio, 1.0/5) or
// pow(ratio, 1.0/6) as glibc computes it (libm.Pow, bit for bit; a
// correctly rounded pow differs from glibc's for about one ratio in a
// thousand, math.Pow far more often), so the step sizes agree with GSL's
// in NEST too. Checked against
// GSL 2.7.1 on a Van der Pol oscillator (mu = 5) over 3000 steps of 0.1:
// every state bit-identical, under both a y and a y' control.
package ode
