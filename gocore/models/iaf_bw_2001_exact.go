package models

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/ode"
)

func init() { register("iaf_bw_2001_exact", func() node.Node { return NewIafBw2001Exact() }) }

// IafBw2001Exact is NEST's iaf_bw_2001_exact: iaf_bw_2001's neuron
// (Brunel and Wang 2001) with the NMDA synapses integrated exactly
// instead of approximated: every NMDA connection j has its own pair of
// gating variables,
//
//	dx_j/dt = -x_j/tau_rise_NMDA,
//	ds_j/dt = -s_j/tau_decay_NMDA + alpha x_j (1 - s_j),
//
// a spike on it adding its multiplicity to x_j, and the NMDA conductance
// is s_NMDA = sum_j w_j s_j with w_j the connection's weight, which must
// therefore stay constant (a spike with another weight is NEST's
// KernelException). AMPA and GABA are as in iaf_bw_2001, and so is the
// membrane equation with its voltage-dependent NMDA block (bwCurrents).
// Integrated with the adaptive Runge-Kutta-Fehlberg 4(5) method (package
// ode) under the absolute error bound gsl_error_tol, as NEST does with
// GSL; the membrane is not clamped in the right-hand side and is reset to
// V_reset after every refractory step. NMDA connections may come from any
// spiking node but only be made before the first Simulate.
//
// NEST gives each NMDA connection its own receptor port when it is made;
// gonest's kernel keeps the receptor type given to Connect, so the model
// tells connections apart when their spikes arrive, by sender and delay.
// Several NMDA connections of one sender with the same delay onto one
// neuron (multapses) therefore share one pair here, where NEST integrates
// one pair each (the saturation term makes that differ); telling them
// apart needs the kernel to keep a port per connection. (Counting the
// events of one spike cannot do it: a spike_generator sends a repeated
// time as separate events.) A connection's pair of state variables
// enters the integration at its first spike; until then NEST's pair is
// zero with zero derivatives, which changes neither the solution nor the
// step-size control, so the two agree. The pairs are ordered by sender
// (then delay), which is NEST's order when the connections were made in
// that order; otherwise the sum over j may differ in its last bit.
//
// Parameters: as iaf_bw_2001 (IafBw2001Params), with the same defaults.
// State: V_m (mV, starts at E_L), s_AMPA, s_GABA (nS, start at 0) and the
// NMDA pairs (not reported). Like every NEST neuron it keeps a spike
// archive for STDP synapses.
// Receptors (receptor_types): spikes on AMPA 1, GABA 2, NMDA 3; currents
// on 0.
// Recordables: I_AMPA, I_GABA, I_NMDA, V_m, s_AMPA, s_GABA, s_NMDA (the
// weighted sum), the currents and s_NMDA of the last right-hand side
// evaluation.
type IafBw2001Exact struct {
	P IafBw2001Params
	S iafBw2001ExactState
	v iafBw2001ExactInternals
	neuron
	nmda  bwExactPorts
	input [bwExactChannels]float64
}

// State vector elements, in NEST's order; NMDA port j holds x_j at
// bwExactNMDABase+2j and s_j after it.
const (
	bwExactV = iota
	bwExactSAMPA
	bwExactSGABA
	bwExactNMDABase
)

// iafBw2001ExactState is the dynamic state.
type iafBw2001ExactState struct {
	Y        []float64  // V_m (mV), s_AMPA, s_GABA (nS), then x_j, s_j per NMDA port
	I        bwCurrents // currents of the last right-hand side evaluation
	SNMDASum float64    // sum_j w_j s_j of the last evaluation, nS
	RefSteps int64      // remaining refractory steps
	IStim    float64    // current input read in the previous step, pA
}

// iafBw2001ExactInternals are derived in Prepare.
type iafBw2001ExactInternals struct {
	integrator
	condTiming
	f       ode.Func // n.derivs, bound once
	control *ode.Control
}

// Input ring-buffer channels (the NMDA ports have their own buffers).
const (
	bwExactAMPA = iota
	bwExactGABA
	bwExactCurrent
	bwExactChannels
)

// bwExactSource is a sender and a delay (steps) of NMDA connections: one
// NMDA port.
type bwExactSource struct {
	sender, delay int
}

// bwExactPorts are the NMDA ports found so far, with their weights and
// the spikes (multiplicities) arriving on them, per ring slot.
type bwExactPorts struct {
	port    map[bwExactSource]int
	weight  []float64   // w_j; 0 until the port's first spike, as NEST's
	arrival [][]float64 // arrival[j][slot]: multiplicities to add to x_j
	ringLen int
}

// NewIafBw2001Exact returns a neuron with default parameters at rest.
func NewIafBw2001Exact() *IafBw2001Exact {
	n := &IafBw2001Exact{P: DefaultIafBw2001Params(), neuron: newNeuron()}
	n.S.Y = make([]float64, bwExactNMDABase)
	n.S.Y[bwExactV] = n.P.EL
	return n
}

// Model implements node.Node.
func (n *IafBw2001Exact) Model() string { return "iaf_bw_2001_exact" }

// Clone implements node.Node; the copy has no loggers, no connections,
// empty buffers and sets up its own integration when first prepared.
func (n *IafBw2001Exact) Clone() node.Node {
	c := &IafBw2001Exact{P: n.P, S: n.S, neuron: n.copyNeuron()}
	c.S.Y = append([]float64(nil), n.S.Y[:bwExactNMDABase]...)
	return c
}

// Status implements node.Node.
func (n *IafBw2001Exact) Status() dict.Dict {
	y := n.S.Y
	d := dict.Dict{
		"V_m": y[bwExactV], "s_AMPA": y[bwExactSAMPA], "s_GABA": y[bwExactSGABA],
		"recordables": append([]string(nil), bwRecordables...),
	}
	n.P.status(d)
	n.arch.Status(d)
	return d
}

// SetStatus implements node.Node: parameters, then state, then the spike
// archive are changed on copies and committed only when every rule holds.
func (n *IafBw2001Exact) SetStatus(r *dict.Reader, _ *node.Env) error {
	p := n.P
	var y [bwExactNMDABase]float64
	copy(y[:], n.S.Y)
	arch, err := n.setParamsState(r, p.fields(), p.Validate, []floatField{
		{"V_m", &y[bwExactV]}, {"s_AMPA", &y[bwExactSAMPA]}, {"s_GABA", &y[bwExactSGABA]},
	})
	if err != nil {
		return err
	}
	n.P, n.arch = p, arch
	copy(n.S.Y, y[:])
	return nil
}

// CheckSpikeReceptor implements node.SpikeReceiver: AMPA, GABA and NMDA,
// NMDA only before the first Simulate (NEST sizes the state then).
func (n *IafBw2001Exact) CheckSpikeReceptor(_ string, rport int) error {
	if rport < bwAMPA || rport > bwNMDA {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in iaf_bw_2001_exact.", rport)
	}
	if rport == bwNMDA && n.v.ready() {
		return nesterr.New(nesterr.ErrIllegalConnection, "NMDA connections to this model can only be made before the first call to nest.Simulate()")
	}
	return nil
}

// HandleSpike implements node.SpikeReceiver: AMPA and GABA spikes add
// their weight, NMDA spikes their multiplicity to their connection's x_j.
func (n *IafBw2001Exact) HandleSpike(e *node.SpikeEvent) {
	if e.Rport != bwNMDA {
		ch := bwExactAMPA
		if e.Rport == bwGABA {
			ch = bwExactGABA
		}
		n.ring.Add(e.Slot, ch, e.Weight*float64(e.Multiplicity))
		return
	}
	m := &n.nmda
	// The delay follows from the arrival slot and the stamp (step of the
	// spike + 1); it is shorter than the ring.
	src := bwExactSource{sender: e.Sender, delay: ((e.Slot-int((e.Stamp-1)%int64(m.ringLen)))%m.ringLen + m.ringLen) % m.ringLen}
	j, ok := m.port[src]
	if !ok {
		j = n.addPort(src)
	}
	if m.weight[j] == 0 {
		m.weight[j] = e.Weight
	} else if m.weight[j] != e.Weight {
		panic(nesterr.New(nesterr.ErrKernelException, "iaf_bw_2001_exact requires constant weights (connection from node %d: weight %g, earlier %g).",
			e.Sender, e.Weight, m.weight[j]))
	}
	m.arrival[j][e.Slot] += float64(e.Multiplicity)
}

// addPort adds the NMDA port of src with its (zero) pair of state
// variables and widens the integration, keeping its step size; it
// returns the port. Ports are kept in the order of their sources (sender,
// then delay), the order in which NEST creates the connections of a
// Connect call and so sums their conductances; moving pairs within the
// state vector changes nothing else, as the integration treats every
// element alike.
func (n *IafBw2001Exact) addPort(src bwExactSource) int {
	m, v := &n.nmda, &n.v
	j := 0
	for k := range m.port {
		if k.sender < src.sender || k.sender == src.sender && k.delay < src.delay {
			j++
		}
	}
	for k, i := range m.port {
		if i >= j {
			m.port[k] = i + 1
		}
	}
	m.port[src] = j
	m.weight = append(m.weight[:j], append([]float64{0}, m.weight[j:]...)...)
	m.arrival = append(m.arrival[:j], append([][]float64{make([]float64, m.ringLen)}, m.arrival[j:]...)...)
	at := bwExactNMDABase + 2*j
	n.S.Y = append(n.S.Y[:at], append([]float64{0, 0}, n.S.Y[at:]...)...)
	h := v.h
	v.init(len(n.S.Y), v.control, v.step)
	v.h = h
	return j
}

// CheckCurrentReceptor implements node.CurrentReceiver: receptor 0 only.
func (n *IafBw2001Exact) CheckCurrentReceptor(rport int) error {
	return checkReceptor("iaf_bw_2001_exact", rport, 0)
}

// HandleCurrent implements node.CurrentReceiver.
func (n *IafBw2001Exact) HandleCurrent(slot, _ int, weighted float64) {
	n.ring.Add(slot, bwExactCurrent, weighted)
}

// Prepare implements node.Node. The integration (with its tolerance) is
// set up before the first run only (see integrator); the refractory
// period follows t_ref in every run.
func (n *IafBw2001Exact) Prepare(env *node.Env) {
	v, m := &n.v, &n.nmda
	if !v.ready() {
		// NEST: gsl_odeiv_control_y_new(gsl_error_tol, 0.0).
		v.control = mustControl(n.P.GSLErrorTol, 0, 1, 0)
		v.init(len(n.S.Y), v.control, env.Base.Resolution)
	}
	if m.port == nil {
		m.port = map[bwExactSource]int{}
	}
	if m.ringLen != env.RingLen {
		// Only before spikes have arrived: the ring length is fixed once
		// the network has been simulated.
		m.ringLen = env.RingLen
		for j := range m.arrival {
			m.arrival[j] = make([]float64, m.ringLen)
		}
	}
	v.f = n.derivs
	v.prepare(env, n.P.TRef)
	n.bindBuffers(env, bwExactChannels)
}

// derivs is the right-hand side of the system. It reads the input current
// and the NMDA weights from the node and leaves the synaptic currents and
// s_NMDA there, as NEST's does.
func (n *IafBw2001Exact) derivs(_ float64, y, f []float64) error {
	p := &n.P
	w := n.nmda.weight
	sum := 0.0
	for j := range w {
		sum += float64(y[bwExactNMDABase+2*j+1] * w[j])
	}
	n.S.SNMDASum = sum
	f[bwExactV] = n.S.I.dVdt(p, y[bwExactV], y[bwExactSAMPA], y[bwExactSGABA], sum, n.S.IStim)
	f[bwExactSAMPA] = -y[bwExactSAMPA] / p.TauAMPA
	f[bwExactSGABA] = -y[bwExactSGABA] / p.TauGABA
	for i := bwExactNMDABase; i < len(y); i += 2 {
		x, s := y[i], y[i+1]
		f[i+1] = -s/p.TauDecayNMDA + float64(float64(p.Alpha*x)*(1-s))
		f[i] = -x / p.TauRiseNMDA
	}
	return nil
}

// Update implements node.Node. NEST's order inside a step: integrate, add
// the spikes arriving in this step (AMPA, GABA, each NMDA port), then the
// refractory count-down or the threshold test, then take the current for
// the next step, then log.
func (n *IafBw2001Exact) Update(ctx *node.Context, origin int64, from, to int) {
	p, s, v, m := &n.P, &n.S, &n.v, &n.nmda
	in := &n.input
	for lag := from; lag < to; lag++ {
		step := origin + int64(lag)
		v.advance("iaf_bw_2001_exact", v.f, s.Y)

		slot := ctx.Slot(step)
		n.ring.Take(slot, in[:])
		s.Y[bwExactSAMPA] += in[bwExactAMPA]
		s.Y[bwExactSGABA] += in[bwExactGABA]
		for j, a := range m.arrival {
			s.Y[bwExactNMDABase+2*j] += a[slot]
			a[slot] = 0
		}

		if v.refractoryOrThreshold(&s.RefSteps, &s.Y[bwExactV], p.Vth, p.Vreset) {
			v.fire(ctx, &n.arch, step, 0)
		}

		s.IStim = in[bwExactCurrent]
		n.logs.Record(step, n)
	}
}

// Recordables implements node.Recordable.
func (n *IafBw2001Exact) Recordables() []string { return bwRecordables }

// RecordableValue implements node.Recordable.
func (n *IafBw2001Exact) RecordableValue(i int) float64 {
	s := &n.S
	switch i {
	case 0:
		return s.I.AMPA
	case 1:
		return s.I.GABA
	case 2:
		return s.I.NMDA
	case 3, 4, 5:
		return s.Y[i-3]
	case 6:
		return s.SNMDASum
	}
	return math.NaN()
}
