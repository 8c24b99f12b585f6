package kernel

import (
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/synapses"
)

// ViewedArchive implements synapses.ArchiveView.
func (h shiftedHistory) ViewedArchive() (*node.Archive, float64) { return h.a, h.d }

// deliverUpdated is deliverPlastic for a table that updates a spiking
// source's connections at once (synapses.SourceUpdater): the table
// updates their weights, and the weights it leaves are delivered like
// those of a static table with one weight per connection, straight into
// the arena where the target allows it. The order of everything (spikes,
// repeats of a neuron's multiple spike, Poisson draws, weight recorder
// events) is deliverPlastic's.
func (t *thread) deliverUpdated(k *Kernel, tab synapses.SourceUpdater, syn int, all []*thread, ring int64) {
	archive := func(target uint32) *node.Archive { return k.nodes[target].(node.Archiving).Archive() }
	delay := func(meta uint32) float64 { return nestDelayMs(k.base, metaDelay(meta)) }
	recorded := k.synModels[syn].weightRecorder != 0
	ev := &node.SpikeEvent{} // one per call: HandleSpike keeps no hold of it
	for _, from := range all {
		for _, s := range from.spikes {
			if s.mult == perTargetMult || s.mult == offGridTargetMult {
				continue // refused at Connect (checkSenderSynapse)
			}
			sp, factor := unweighted(from, s)
			*ev = node.SpikeEvent{Sender: int(sp.src) + 1, Stamp: sp.step + 1, Offset: sp.offset, Multiplicity: int(sp.mult)}
			repeats := 1
			poisson := sp.mult == poissonMult
			var sampler poissonSampler
			switch {
			case poisson:
				ev.Offset = 0
				sampler = newPoissonSampler(sp.offset)
			case sp.mult > 1 && k.nodes[sp.src].ElementType() == node.Neuron:
				repeats, ev.Multiplicity = int(sp.mult), 1
			}
			at := nestStampMs(k.base, ev.Stamp)
			src := int(sp.src)
			base := sp.step % ring
			for range repeats {
				tab.UpdateSource(src, at, archive, delay)
				targets, weights, metas, meta := tab.Columns(src)
				for i, tgt := range targets {
					r := k.spikeRecv[tgt]
					if r == nil {
						continue
					}
					if poisson {
						if ev.Multiplicity = sampler.draw(t.rng); ev.Multiplicity == 0 {
							continue
						}
					}
					if metas != nil {
						meta = metas[i]
					}
					weight := weights[i] * factor
					if recorded {
						t.recordWeight(k, syn, src, i, tgt, meta, ev.Stamp, weight)
					}
					slot := base + metaDelay(meta)
					if slot >= ring {
						slot -= ring
					}
					if f := &t.fast[tgt]; f.ok() && metaRport(meta) == 0 {
						w := weight * float64(ev.Multiplicity)
						lane := f.other
						if w > 0 {
							lane = f.pos
						}
						t.arena.Row(int(slot))[lane] += w
						continue
					}
					ev.Slot = int(slot)
					ev.Rport = metaRport(meta)
					ev.Weight = weight
					r.HandleSpike(ev)
				}
			}
		}
	}
}
