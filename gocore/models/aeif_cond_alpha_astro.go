package models

import (
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("aeif_cond_alpha_astro", func() node.Node { return NewAeifCondAlphaAstro() }) }

// AeifCondAlphaAstro is NEST's aeif_cond_alpha_astro: aeif_cond_alpha
// (see AeifCondAlpha for the dynamics, parameters and defaults, which are
// the same) that also takes the slow inward currents of astrocytes
// (astrocyte_lr_1994) through sic_connection. Their sum I_SIC (pA) is
// added to the membrane current like I_stim:
//
//	C_m dV/dt = ... - w + I_e + I_stim + I_SIC
//
// The current a connection of weight w and delay d delivers is w times
// the astrocyte's current, taking effect d steps after the step the
// astrocyte computed it in; as I_stim, the current read in one step
// enters the integration of the next.
//
// Receptors: 0 for spikes, currents and slow inward currents.
// Recordables: I_SIC, V_m, g_ex, g_in, w.
type AeifCondAlphaAstro struct {
	aeifSyn
	ringSlots int // slots of the input ring, for the delayed currents
}

var aeifCondAlphaAstroKind = aeifSynKind{
	model: "aeif_cond_alpha_astro", cond: true, alpha: true, sic: true, ex: "g_ex", in: "g_in", dEx: "dg_ex", dIn: "dg_in",
	recordables: []string{"I_SIC", "V_m", "g_ex", "g_in", "w"}, recorded: []int{aeifSynISIC, 0, 2, 4, 5},
}

// NewAeifCondAlphaAstro returns a neuron with default parameters at rest.
func NewAeifCondAlphaAstro() *AeifCondAlphaAstro {
	return &AeifCondAlphaAstro{aeifSyn: newAeifSyn(&aeifCondAlphaAstroKind)}
}

// Clone implements node.Node; the copy has no loggers, empty buffers and
// sets up its own integration when first prepared.
func (n *AeifCondAlphaAstro) Clone() node.Node { return &AeifCondAlphaAstro{aeifSyn: n.clone()} }

// Prepare implements node.Node.
func (n *AeifCondAlphaAstro) Prepare(env *node.Env) {
	n.aeifSyn.Prepare(env)
	n.ringSlots = env.RingLen
}

// CheckSecondaryReceptor implements node.SecondaryReceiver: slow inward
// currents on receptor 0.
func (n *AeifCondAlphaAstro) CheckSecondaryReceptor(kind node.SecondaryKind, rport int) error {
	if kind != node.SlowInwardCurrent {
		return nesterr.New(nesterr.ErrIllegalConnection, "Creation of connection is not possible because:\n"+
			"%s accepts slow inward currents only.", n.Model())
	}
	return checkReceptor(n.Model(), rport, 0)
}

// HandleSecondary implements node.SecondaryReceiver: value i of the event
// takes effect in step Origin+i+Delay.
func (n *AeifCondAlphaAstro) HandleSecondary(e *node.SecondaryEvent) {
	ringLen := int64(n.ringSlots)
	for i, c := range e.Coeffs {
		n.ring.Add(int((e.Origin+int64(i)+e.Delay)%ringLen), aeifSynSIC, e.Weight*c)
	}
}
