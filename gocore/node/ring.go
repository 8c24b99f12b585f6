package node

// Ring is an input buffer with a fixed number of channels per slot. Slot s
// holds the input that takes effect in the update of the steps s, s+RingLen,
// ...; the model clears a slot after reading it.
type Ring struct {
	channels int
	data     []float64
}

// Resize makes the ring hold slots slots of channels values, keeping nothing.
// Resizing to the current size keeps the content.
func (r *Ring) Resize(slots, channels int) {
	if r.channels == channels && len(r.data) == slots*channels {
		return
	}
	r.channels = channels
	r.data = make([]float64, slots*channels)
}

// Add adds v to channel ch of slot.
func (r *Ring) Add(slot, ch int, v float64) { r.data[slot*r.channels+ch] += v }

// Take returns the values of slot (one per channel) in dst and clears them.
func (r *Ring) Take(slot int, dst []float64) {
	row := r.data[slot*r.channels : (slot+1)*r.channels]
	copy(dst, row)
	clear(row)
}

// Clear zeroes every slot.
func (r *Ring) Clear() { clear(r.data) }
