package models

import (
	"math"

	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() {
	register("iaf_psc_exp_ps_lossless", func() node.Node { return NewIafPscExpPsLossless() })
}

// NewIafPscExpPsLossless returns NEST's iaf_psc_exp_ps_lossless with its
// defaults at rest: iaf_psc_exp_ps (same parameters, state and
// integration, see IafPscExpPs) with the threshold test of Krishnan,
// Porta Mana, Helias, Diesmann and Di Napoli (2018), which finds a
// crossing inside a piece of integration even when the membrane is back
// below threshold at the piece's end.
//
// For each piece (between events, or the whole step) the test decides
// from the state at the piece's start, without sampling, whether the
// exact trajectory reaches V_th, and bounds the time of the first
// crossing; regula falsi then locates it in that interval. The test needs
// tau_syn_ex == tau_syn_in != tau_m.
//
// Parameters (status keys, defaults, units): as iaf_psc_exp_ps (E_L
// -70 mV, I_e 0 pA, V_th -55 mV, V_reset -70 mV, V_min -inf mV, C_m
// 250 pF, tau_m 10 ms, tau_syn_ex = tau_syn_in 2 ms), but t_ref (2 ms)
// need only be >= 0; NEST's rules: V_reset < V_th, V_reset >= V_min,
// C_m > 0, t_ref >= 0, tau_syn_ex == tau_syn_in, all time constants > 0,
// tau_m != tau_syn. With t_ref = 0 the neuron, as NEST's, never leaves
// refractoriness once it has fired.
//
// State: V_m, I_syn_ex, I_syn_in (settable), I_syn (their sum), offset
// (of the last spike, ms) and is_refractory (read only). Recordables
// I_syn, I_syn_ex, I_syn_in, V_m.
func NewIafPscExpPsLossless() *IafPscExpPs {
	n := NewIafPscExpPs()
	n.ll = &psLossless{}
	return n
}

// psLossless holds the coefficients of the lossless crossing test, which
// depend on the parameters only.
type psLossless struct {
	a1, a2, a3, a4         float64
	b1, b2, b3, b4         float64
	c1, c2, c3, c4, c5, c6 float64
}

var psLosslessRecordables = []string{"I_syn", "I_syn_ex", "I_syn_in", "V_m"}

// psCheckLossless applies iaf_psc_exp_ps_lossless's rules in NEST's order.
func psCheckLossless(p *iafPscExpPsParams) error {
	switch {
	case p.UReset >= p.UTh:
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be smaller than threshold (V_reset - V_th = %g mV).", p.UReset-p.UTh)
	case p.UReset < p.UMin:
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be greater than or equal to minimum potential (V_reset - V_min = %g mV).", p.UReset-p.UMin)
	case p.Cm <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Capacitance must be strictly positive (C_m = %g pF).", p.Cm)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time must not be negative (t_ref = %g ms).", p.TRef)
	case p.TauEx != p.TauIn:
		return nesterr.New(nesterr.ErrBadProperty,
			"tau_syn_ex == tau_syn_in is required in the current implementation (tau_syn_ex = %g ms, tau_syn_in = %g ms); use iaf_psc_exp_ps for unequal time constants.",
			p.TauEx, p.TauIn)
	}
	if err := psCheckTaus(p); err != nil {
		return err
	}
	if p.TauM == p.TauEx || p.TauM == p.TauIn {
		return nesterr.New(nesterr.ErrBadProperty, "Membrane and synapse time constant(s) must differ (tau_m = %g ms).", p.TauM)
	}
	return nil
}

// prepare computes the coefficients from the parameters.
func (l *psLossless) prepare(p *iafPscExpPsParams) {
	tm, ts, c, th := p.TauM, p.TauEx, p.Cm, p.UTh
	l.a1 = tm * ts
	l.a2 = tm * (tm - ts)
	l.a3 = c * th * (tm - ts)
	l.a4 = c * (tm - ts)
	l.b1 = -tm * tm
	l.b2 = tm * ts
	l.b3 = tm * c * th
	l.b4 = -c * (tm - ts)
	l.c1 = tm / c
	l.c2 = (-tm * ts) / (c * (tm - ts))
	l.c3 = (tm * tm) / (c * (tm - ts))
	l.c4 = ts / tm
	l.c5 = (c * th) / tm
	l.c6 = 1 - (ts / tm)
}

// isSpike is the lossless test for the piece of length dt that starts at
// the saved state: NaN when the trajectory stays below threshold, else
// the end of an interval [0, t] that holds the first crossing.
func (n *IafPscExpPs) isSpike(dt float64) float64 {
	l, p, s, v := n.ll, &n.P, &n.S, &n.v
	i0 := v.y1exBefore + v.y1inBefore
	v0 := v.y2Before
	expS := nestExpm1(dt / p.TauEx)
	expM := nestExpm1(dt / p.TauM)
	expMS := nestExpm1(dt/p.TauM - dt/p.TauEx)
	ie := s.y0 + p.Ie
	f := (l.a1*i0*expMS + expM*(l.a3-ie*l.a2) + l.a3) / l.a4
	switch {
	case v0 < ((i0+ie)*(l.b1*expM+l.b2*expS)+l.b3*(expM-expS))/(l.b4*expS) && v0 <= f:
		return math.NaN()
	case v0 >= f:
		return dt
	case v0 < l.c1*ie+l.c2*i0+l.c3*libm.Pow(i0, l.c4)*libm.Pow(l.c5-ie, l.c6):
		return math.NaN()
	}
	return (l.a1 / p.TauM * p.TauEx) * libm.Log(l.b1*i0/(l.a2*ie-l.a1*i0-l.a4*v0))
}

// losslessValue is RecordableValue for the lossless variant.
func (n *IafPscExpPs) losslessValue(i int) float64 {
	s := &n.S
	switch i {
	case 0:
		return s.y1ex + s.y1in
	case 1:
		return s.y1ex
	case 2:
		return s.y1in
	case 3:
		return s.y2 + n.P.EL
	}
	return math.NaN()
}
