package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("siegert_neuron", func() node.Node { return NewSiegertNeuron() }) }

// SiegertNeuron is NEST's siegert_neuron: the mean firing rate of a
// population of leaky integrate-and-fire neurons with exponential
// synaptic currents in the diffusion approximation (Siegert's formula
// with the colored-noise threshold shift of Fourcaud and Brunel 2002),
//
//	tau dr/dt = -r + mean + Phi(mu, sigma^2)
//
// where mu and sigma^2 are the drift and diffusion inputs summed over the
// diffusion_connection connections (drift_factor r_j and
// diffusion_factor r_j), integrated exactly over each step.
//
// Parameters (status keys, defaults, units):
//
//	tau       1.0  ms   time constant of the rate
//	tau_m     5.0  ms   membrane time constant
//	tau_syn   0.0  ms   synaptic time constant
//	t_ref     2.0  ms   refractory period
//	mean      0.0  1/s  constant additive rate
//	theta    15.0  mV   threshold relative to the resting potential
//	V_reset   0.0  mV   reset relative to the resting potential
//
// State: rate (1/s). Recordables: rate. It sends and accepts
// diffusion_connection input and takes part in waveform relaxation.
type SiegertNeuron struct {
	P SiegertNeuronParams
	// Rate is the state, 1/s.
	Rate float64
	neuron
	p1, p2    float64
	minDelay  int
	wfr       node.WFRSettings
	drift     []float64
	diffusion []float64
	lastY     []float64
	sent      []float64
}

// SiegertNeuronParams are the parameters.
type SiegertNeuronParams struct {
	Tau, TauM, TauSyn, TRef, Mean, Theta, VReset float64
}

// NewSiegertNeuron returns a neuron with NEST's defaults.
func NewSiegertNeuron() *SiegertNeuron {
	return &SiegertNeuron{P: SiegertNeuronParams{Tau: 1, TauM: 5, TRef: 2, Theta: 15}, neuron: newNeuron()}
}

var siegertRecordables = []string{"rate"}

func (p *SiegertNeuronParams) fields() []floatField {
	return []floatField{{"mean", &p.Mean}, {"theta", &p.Theta}, {"V_reset", &p.VReset}, {"tau", &p.Tau},
		{"tau_m", &p.TauM}, {"tau_syn", &p.TauSyn}, {"t_ref", &p.TRef}}
}

// Validate checks NEST's rules in NEST's order.
func (p *SiegertNeuronParams) Validate() error {
	switch {
	case p.VReset >= p.Theta:
		return nesterr.New(nesterr.ErrBadProperty, "Reset potential must be smaller than threshold (V_reset = %g mV, theta = %g mV).", p.VReset, p.Theta)
	case p.TRef < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Refractory time must not be negative (t_ref = %g ms).", p.TRef)
	case p.Tau <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "time constant must be > 0 (tau = %g ms).", p.Tau)
	case p.TauM <= 0:
		return nesterr.New(nesterr.ErrBadProperty, "Membrane time constant must be > 0 (tau_m = %g ms).", p.TauM)
	case p.TauSyn < 0:
		return nesterr.New(nesterr.ErrBadProperty, "Membrane time constant must not be negative (tau_syn = %g ms).", p.TauSyn)
	}
	return nil
}

// Model implements node.Node.
func (n *SiegertNeuron) Model() string { return "siegert_neuron" }

// SendsSpikes implements node.SpikeSender: it sends rates only.
func (n *SiegertNeuron) SendsSpikes() bool { return false }

// Clone implements node.Node.
func (n *SiegertNeuron) Clone() node.Node {
	return &SiegertNeuron{P: n.P, Rate: n.Rate, neuron: n.copyNeuron()}
}

// Status implements node.Node.
func (n *SiegertNeuron) Status() dict.Dict {
	d := dict.Dict{"rate": n.Rate, "recordables": append([]string(nil), siegertRecordables...)}
	writeFloats(d, n.P.fields())
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node (transactional).
func (n *SiegertNeuron) SetStatus(r *dict.Reader, _ *node.Env) error {
	p, rate := n.P, n.Rate
	arch, err := n.setParamsState(r, p.fields(), p.Validate, []floatField{{"rate", &rate}})
	if err != nil {
		return err
	}
	n.P, n.Rate, n.arch = p, rate, arch
	return nil
}

// Prepare implements node.Node.
func (n *SiegertNeuron) Prepare(env *node.Env) {
	h := env.Base.Resolution
	n.p1 = libm.Exp(-h / n.P.Tau)
	n.p2 = -math.Expm1(-h / n.P.Tau)
	n.wfr = env.WFR
	if n.drift == nil || n.minDelay != env.MinDelay {
		md := env.MinDelay
		n.minDelay = md
		n.drift, n.diffusion, n.lastY = make([]float64, md), make([]float64, md), make([]float64, md)
		n.sent = make([]float64, md)
	}
	n.logs.Init(env.Now, env.SliceOrigin)
}

// SendsSecondary implements node.SecondarySender.
func (n *SiegertNeuron) SendsSecondary(kind node.SecondaryKind) bool {
	return kind == node.DiffusionRate
}

// SecondaryCoefficients implements node.SecondarySender.
func (n *SiegertNeuron) SecondaryCoefficients(node.SecondaryKind) []float64 { return n.sent }

// CheckSecondaryReceptor implements node.SecondaryReceiver.
func (n *SiegertNeuron) CheckSecondaryReceptor(kind node.SecondaryKind, rport int) error {
	if kind != node.DiffusionRate {
		return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\nsiegert_neuron takes diffusion input only.")
	}
	return checkReceptor("siegert_neuron", rport, 0)
}

// HandleSecondary implements node.SecondaryReceiver.
func (n *SiegertNeuron) HandleSecondary(e *node.SecondaryEvent) {
	for i, c := range e.Coeffs {
		n.drift[i] += e.Drift * c
		n.diffusion[i] += e.Diffusion * c
	}
}

// UsesWaveformRelaxation implements node.GapJunctionNode (node_uses_wfr).
func (n *SiegertNeuron) UsesWaveformRelaxation() {}

func (n *SiegertNeuron) update(origin int64, from, to int, wfr bool) bool {
	done := true
	clear(n.sent)
	for lag := from; lag < to; lag++ {
		n.sent[lag] = n.Rate
		drive := n.siegert(n.drift[lag], n.diffusion[lag])
		n.Rate = n.p1*n.Rate + n.p2*(n.P.Mean+drive)
		if wfr {
			done = math.Abs(n.Rate-n.lastY[lag]) <= n.wfr.Tol && done
			n.lastY[lag] = n.Rate
		} else {
			n.logs.Record(origin+int64(lag), n)
		}
	}
	if !wfr {
		clear(n.lastY)
		for lag := from; lag < to; lag++ {
			n.sent[lag] = n.Rate
		}
	}
	clear(n.drift)
	clear(n.diffusion)
	return done
}

// Update implements node.Node.
func (n *SiegertNeuron) Update(_ *node.Context, origin int64, from, to int) {
	n.update(origin, from, to, false)
}

// WFRUpdate implements node.WFRNode.
func (n *SiegertNeuron) WFRUpdate(_ *node.Context, origin int64, from, to int) bool {
	saved := n.Rate
	done := n.update(origin, from, to, true)
	n.Rate = saved
	return done
}

// Recordables implements node.Recordable.
func (n *SiegertNeuron) Recordables() []string { return siegertRecordables }

// RecordableValue implements node.Recordable.
func (n *SiegertNeuron) RecordableValue(int) float64 { return n.Rate }

// siegert is the rate (1/s) of the population for drift mu (mV) and
// diffusion sigma^2 (mV^2), in NEST's three cases by the signs of the
// scaled threshold and reset.
func (n *SiegertNeuron) siegert(mu, sigmaSquare float64) float64 {
	p := &n.P
	sigma := math.Sqrt(sigmaSquare)
	if p.Theta-mu > 6.*sigma {
		return 0
	}
	// alpha = sqrt(2) |zeta(1/2)|, Fourcaud and Brunel's shift
	const alpha = 2.0652531522312172
	shift := alpha / 2. * math.Sqrt(p.TauSyn/p.TauM)
	yTh := (p.Theta-mu)/sigma + shift
	yR := (p.VReset-mu)/sigma + shift
	sqrtPi := math.Sqrt(math.Pi)
	switch {
	case yR > 0:
		result := integrate(erfcx, yR, yTh)
		integral := 2.*dawson(yTh) - 2.*libm.Exp(yR*yR-yTh*yTh)*dawson(yR) - libm.Exp(-yTh*yTh)*result
		e := libm.Exp(-yTh * yTh)
		return 1e3 * e / (e*p.TRef + p.TauM*sqrtPi*integral)
	case yTh < 0:
		integral := integrate(erfcx, -yTh, -yR)
		return 1e3 * 1. / (p.TRef + p.TauM*sqrtPi*integral)
	default:
		result := integrate(erfcx, yTh, -yR)
		integral := 2.*dawson(yTh) + libm.Exp(-yTh*yTh)*result
		e := libm.Exp(-yTh * yTh)
		return 1e3 * e / (e*p.TRef + p.TauM*sqrtPi*integral)
	}
}

// erfcx is the scaled complementary error function exp(x^2) erfc(x):
// directly where erfc does not underflow, by its continued fraction
// beyond.
func erfcx(x float64) float64 {
	if x < 25 {
		return math.Exp(x*x) * math.Erfc(x)
	}
	// erfc(x) exp(x^2) = 1/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
	f := x
	for k := 60; k >= 1; k-- {
		f = x + float64(k)/2/f
	}
	return 1 / (math.Sqrt(math.Pi) * f)
}

// dawson is Dawson's integral F(x) = exp(-x^2) int_0^x exp(t^2) dt,
// computed as int_0^x exp(-(x-t)(x+t)) dt, whose integrand stays in [0, 1].
func dawson(x float64) float64 {
	if x < 0 {
		return -dawson(-x)
	}
	return integrate(func(t float64) float64 { return math.Exp(-(x - t) * (x + t)) }, 0, x)
}

// Gauss-Kronrod 7-15 nodes and weights on [-1, 1].
var (
	gk15x = [8]float64{0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
		0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
		0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
		0.207784955007898467600689403773245, 0}
	gk15w = [8]float64{0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
		0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
		0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
		0.204432940075298892414161999234649, 0.209482141084727828012999174891714}
	g7w = [4]float64{0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
		0.381830050505118944950369775488975, 0.417959183673469387755102040816327}
)

// integrate is adaptive Gauss-Kronrod quadrature of f over [a, b] to a
// relative accuracy far beyond NEST's (GSL's qags with 1.49e-8), so that
// both give the integral to rounding.
func integrate(f func(float64) float64, a, b float64) float64 {
	if a == b {
		return 0
	}
	var rec func(a, b, whole float64, depth int) float64
	gk := func(a, b float64) (k, g float64) {
		c, h := (a+b)/2, (b-a)/2
		fc := f(c)
		k, g = gk15w[7]*fc, g7w[3]*fc
		for i := 0; i < 7; i++ {
			dx := h * gk15x[i]
			s := f(c-dx) + f(c+dx)
			k += gk15w[i] * s
			if i%2 == 1 {
				g += g7w[i/2] * s
			}
		}
		return k * h, g * h
	}
	rec = func(a, b, whole float64, depth int) float64 {
		m := (a + b) / 2
		l, _ := gk(a, m)
		r, _ := gk(m, b)
		// Accept at a few ulps of the sum: below, rounding decides, and
		// the depth bounds the work where the tolerance cannot be met.
		if depth >= 12 || math.Abs(l+r-whole) <= 1e-14*math.Abs(l+r) {
			return l + r
		}
		return rec(a, m, l, depth+1) + rec(m, b, r, depth+1)
	}
	k, g := gk(a, b)
	if math.Abs(k-g) <= 1e-14*math.Abs(k) {
		return k
	}
	return rec(a, b, k, 0)
}
