package synapses

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/libm"
	"github.com/gonest/gonest/gocore/nesterr"
)

// DopaSpike is a spike a volume_transmitter collected: its time (ms) and
// multiplicity. A transmitter's list starts with a pseudo spike of
// multiplicity 0 at the time of its last delivery.
type DopaSpike struct{ T, Mult float64 }

// stdpDopamine is NEST's stdp_dopamine_synapse: dopamine-modulated STDP
// (Izhikevich 2007, Potjans et al. 2010). Pre- and postsynaptic spike
// pairs change an eligibility trace c (A_plus K+ at each postsynaptic
// spike, -A_minus K- at each presynaptic one, decaying with tau_c); the
// dopamine trace n (each dopamine spike adds multiplicity/tau_n, decaying
// with tau_n) turns it into weight changes, dw/dt = c (n - b), integrated
// exactly between events, with the weight kept in [Wmin, Wmax]. The
// dopamine spikes come from the model's volume_transmitter, which hands
// its spikes to every connection at the end of each delivery interval
// (Trigger) and otherwise lets a presynaptic spike read the ones collected
// so far.
//
// Model-level parameters (SetDefaults or CopyModel only): A_plus 1.0,
// A_minus 1.5, tau_plus 20.0 ms, tau_c 1000.0 ms, tau_n 200.0 ms, b 0.0,
// Wmin 0.0, Wmax 200.0, and volume_transmitter (the kernel's, which binds
// the transmitter's spikes, see BindDopamine). Per connection: Kplus 0.0
// (>= 0), c 0.0, n 0.0.
type stdpDopamine struct {
	p *dopaParams
	v *dopaVisit // a table's own (see forTable); nil in the Type
}

type dopaParams struct {
	aPlus, aMinus, tauPlus, tauC, tauN, b, wmin, wmax float64
	spikes                                            func() []DopaSpike // the volume transmitter's spikes so far; nil before one is set
}

type dopaState struct {
	Kplus, C, N float64
	idx         int     // the dopamine spike processed last
	tLastUpdate float64 // ms
}

func newSTDPDopamine() stdpDopamine {
	return stdpDopamine{p: &dopaParams{aPlus: 1, aMinus: 1.5, tauPlus: 20, tauC: 1000, tauN: 200, b: 0, wmin: 0, wmax: 200}}
}

func (stdpDopamine) name() string                     { return "stdp_dopamine_synapse" }
func (stdpDopamine) needsHistory() bool               { return true }
func (stdpDopamine) defaults() dopaState              { return dopaState{} }
func (stdpDopamine) status(s *dopaState, d dict.Dict) { d["Kplus"], d["c"], d["n"] = s.Kplus, s.C, s.N }

func (stdpDopamine) set(s *dopaState, r *dict.Reader) error {
	if err := readFloats(r, []floatField{{"c", &s.C}, {"n", &s.N}, {"Kplus", &s.Kplus}}); err != nil {
		return err
	}
	if s.Kplus < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "Kplus must be non-negative (Kplus = %g).", s.Kplus)
	}
	return nil
}

func (m stdpDopamine) modelStatus(d dict.Dict) {
	p := m.p
	d["A_plus"], d["A_minus"], d["tau_plus"], d["tau_c"] = p.aPlus, p.aMinus, p.tauPlus, p.tauC
	d["tau_n"], d["b"], d["Wmin"], d["Wmax"] = p.tauN, p.b, p.wmin, p.wmax
}

func (stdpDopamine) modelKeys() []string {
	return []string{"A_plus", "A_minus", "tau_plus", "tau_c", "tau_n", "b", "Wmin", "Wmax", "volume_transmitter"}
}

func (m stdpDopamine) setModel(r *dict.Reader) (func(), error) {
	p := *m.p
	if err := readFloats(r, []floatField{{"A_minus", &p.aMinus}, {"A_plus", &p.aPlus}, {"Wmax", &p.wmax}, {"Wmin", &p.wmin},
		{"b", &p.b}, {"tau_c", &p.tauC}, {"tau_n", &p.tauN}, {"tau_plus", &p.tauPlus}}); err != nil {
		return nil, err
	}
	return func() { *m.p = p }, nil
}

func (m stdpDopamine) cloneModel() rule[dopaState] {
	p := *m.p
	return stdpDopamine{p: &p}
}

// BindDopamine gives the dopamine synapse model typ the spikes of its
// volume transmitter (nil: none); it reports whether typ is one.
func BindDopamine(typ Type, spikes func() []DopaSpike) bool {
	t, ok := typ.(*synType[dopaState])
	if !ok {
		return false
	}
	t.r.(stdpDopamine).p.spikes = spikes
	return true
}

// TriggerTable hands the dopamine spikes a volume transmitter collected
// until tTrig (ms) to every connection of tab, a table of a dopamine
// synapse model, as NEST's trigger_update_weight; it reports whether tab
// is such a table.
func TriggerTable(tab Table, spikes []DopaSpike, tTrig float64, post func(target, meta uint32) Post) bool {
	t, ok := tab.(*table[dopaState])
	if !ok {
		return false
	}
	r := t.r.(stdpDopamine)
	for src := range t.bySource {
		for i := range t.bySource[src] {
			c := &t.bySource[src][i]
			r.trigger(&c.s, &c.weight, spikes, tTrig, post(c.target, c.meta))
		}
	}
	return true
}

// dopaVisit runs the updates for each postsynaptic spike History reports;
// bound once per table, so that a delivery allocates nothing.
type dopaVisit struct {
	r      stdpDopamine
	s      *dopaState
	w      *float64
	spikes []DopaSpike
	t0     float64
	visit  func(tPost float64)
}

func newDopaVisit(r stdpDopamine) *dopaVisit {
	v := &dopaVisit{r: r}
	v.visit = v.apply
	return v
}

func (v *dopaVisit) apply(tPost float64) {
	v.r.processDopa(v.s, v.w, v.spikes, v.t0, tPost)
	v.t0 = tPost
	// NEST also asks that the postsynaptic spike be earlier than the
	// presynaptic one by more than stdp_eps, which History's window (up
	// to the spike less the delay) always ensures.
	v.s.C += v.r.p.aPlus * float64(v.s.Kplus*libm.Exp((v.s.tLastUpdate-v.t0)/v.r.p.tauPlus))
}

func (m stdpDopamine) forTable() rule[dopaState] {
	r := stdpDopamine{p: m.p}
	r.v = newDopaVisit(r)
	return r
}

func (m stdpDopamine) visitor() *dopaVisit {
	if m.v != nil {
		return m.v
	}
	return newDopaVisit(m)
}

// updateWeight integrates dw/dt = c (n - b) over minusDt (<= 0) from c0
// and n0.
func (m stdpDopamine) updateWeight(w *float64, c0, n0, minusDt float64) {
	p := m.p
	taus := (p.tauC + p.tauN) / (p.tauC * p.tauN)
	*w -= c0 * (n0/taus*math.Expm1(taus*minusDt) - float64(p.b*p.tauC*math.Expm1(minusDt/p.tauC)))
	*w = min(max(*w, p.wmin), p.wmax)
}

func (m stdpDopamine) updateDopamine(s *dopaState, spikes []DopaSpike) {
	minusDt := spikes[s.idx].T - spikes[s.idx+1].T
	s.idx++
	s.N = float64(s.N*libm.Exp(minusDt/m.p.tauN)) + spikes[s.idx].Mult/m.p.tauN
}

// processDopa advances c, n and the weight from t0 to t1 through the
// dopamine spikes in between.
func (m stdpDopamine) processDopa(s *dopaState, w *float64, spikes []DopaSpike, t0, t1 float64) {
	p := m.p
	pending := func() bool { return len(spikes) > s.idx+1 && t1-spikes[s.idx+1].T > -stdpEps }
	if pending() {
		n0 := s.N * libm.Exp((spikes[s.idx].T-t0)/p.tauN)
		m.updateWeight(w, s.C, n0, t0-spikes[s.idx+1].T)
		m.updateDopamine(s, spikes)
		for pending() {
			cd := s.C * libm.Exp((t0-spikes[s.idx].T)/p.tauC)
			m.updateWeight(w, cd, s.N, spikes[s.idx].T-spikes[s.idx+1].T)
			m.updateDopamine(s, spikes)
		}
		cd := s.C * libm.Exp((t0-spikes[s.idx].T)/p.tauC)
		m.updateWeight(w, cd, s.N, spikes[s.idx].T-t1)
	} else {
		n0 := s.N * libm.Exp((spikes[s.idx].T-t0)/p.tauN)
		m.updateWeight(w, s.C, n0, t0-t1)
	}
	s.C *= libm.Exp((t0 - t1) / p.tauC)
}

// noDopamine stands for a transmitter that has collected nothing.
var noDopamine = []DopaSpike{{}}

func (m stdpDopamine) dopaSpikes() []DopaSpike {
	if m.p.spikes == nil {
		return noDopamine
	}
	return m.p.spikes()
}

func (m stdpDopamine) send(s *dopaState, w *float64, t float64, post Post) float64 {
	v := m.visitor()
	v.s, v.w, v.spikes, v.t0 = s, w, m.dopaSpikes(), s.tLastUpdate
	post.History(s.tLastUpdate, t, v.visit)
	m.processDopa(s, w, v.spikes, v.t0, t)
	s.C -= m.p.aMinus * post.KMinus(t)
	s.Kplus = float64(s.Kplus*libm.Exp((s.tLastUpdate-t)/m.p.tauPlus)) + 1
	s.tLastUpdate = t
	return *w
}

func (m stdpDopamine) trigger(s *dopaState, w *float64, spikes []DopaSpike, tTrig float64, post Post) {
	v := m.visitor()
	v.s, v.w, v.spikes, v.t0 = s, w, spikes, s.tLastUpdate
	post.History(s.tLastUpdate, tTrig, v.visit)
	m.processDopa(s, w, spikes, v.t0, tTrig)
	s.N *= libm.Exp((spikes[s.idx].T - tTrig) / m.p.tauN)
	s.Kplus *= libm.Exp((s.tLastUpdate - tTrig) / m.p.tauPlus)
	s.tLastUpdate = tTrig
	s.idx = 0
}

// stdpEps is NEST's stdp_eps (ms).
const stdpEps = 1e-6
