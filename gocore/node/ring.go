package node

// Arena is the input memory of the nodes of one thread, laid out slot by
// slot: data[slot*stride + lane]. Each node owns a few adjacent lanes (one
// per input channel). Spikes of one time step land in one row, so
// delivering a spike to many targets writes within a few kilobytes, and
// updating the nodes in order streams through the rows.
type Arena struct {
	data   []float64
	stride int
	slots  int
	lane   []int32 // first lane of each node index; -1: none
	chans  []int32 // channels of each node index
	next   int     // first unassigned lane
}

// NewArena returns an empty arena.
func NewArena() *Arena { return &Arena{} }

// bind gives node idx channels lanes (keeping those it has) and binds r to
// them. The memory is laid out by Layout.
func (a *Arena) bind(r *Ring, idx, channels, slots int) {
	for len(a.lane) <= idx {
		a.lane = append(a.lane, -1)
		a.chans = append(a.chans, 0)
	}
	if a.lane[idx] < 0 || int(a.chans[idx]) != channels {
		a.lane[idx] = int32(a.next)
		a.chans[idx] = int32(channels)
		a.next += channels
	}
	if slots != a.slots {
		// A new ring length only happens before the first simulation,
		// when nothing is in flight.
		a.slots = slots
		a.data = nil
	}
	r.a, r.lane, r.channels = a, int(a.lane[idx]), channels
}

// LayoutBytes returns how many bytes Layout would allocate (0 if the
// layout stands), so that the caller can check the memory first.
func (a *Arena) LayoutBytes() float64 {
	if a.next == a.stride && len(a.data) == a.stride*a.slots {
		return 0
	}
	return float64(a.next) * float64(a.slots) * 8
}

// Layout allocates memory for every bound lane, keeping what the lanes
// already held.
func (a *Arena) Layout() {
	stride := a.next
	if stride == a.stride && len(a.data) == stride*a.slots {
		return
	}
	data := make([]float64, stride*a.slots)
	if len(a.data) == a.stride*a.slots {
		for s := range a.slots {
			copy(data[s*stride:s*stride+a.stride], a.data[s*a.stride:(s+1)*a.stride])
		}
	}
	a.data, a.stride = data, stride
}

// Lane returns the first lane of node idx, or -1.
func (a *Arena) Lane(idx int) int {
	if idx >= len(a.lane) {
		return -1
	}
	return int(a.lane[idx])
}

// Row returns the lanes of slot, for fast delivery by the kernel.
func (a *Arena) Row(slot int) []float64 { return a.data[slot*a.stride : (slot+1)*a.stride] }

// Ring is a node's view of its input lanes: slot s holds the input that
// takes effect in the update of steps s, s+RingLen, ...; the model clears
// a slot after reading it.
type Ring struct {
	a        *Arena
	lane     int
	channels int
}

// Bind attaches r to channels input channels of the node being prepared
// (env.Index) in env's arena. Without an arena (a node used on its own, as
// in unit tests) r gets a private one.
func (r *Ring) Bind(env *Env, channels int) {
	if env.Arena == nil {
		if r.a == nil || r.channels != channels || r.a.slots != env.RingLen {
			a := NewArena()
			a.bind(r, 0, channels, env.RingLen)
			a.Layout()
		}
		return
	}
	env.Arena.bind(r, env.Index, channels, env.RingLen)
}

// Add adds v to channel ch of slot.
func (r *Ring) Add(slot, ch int, v float64) { r.a.data[slot*r.a.stride+r.lane+ch] += v }

// Take returns the values of slot (one per channel) in dst and clears them.
func (r *Ring) Take(slot int, dst []float64) {
	base := slot*r.a.stride + r.lane
	row := r.a.data[base : base+r.channels]
	copy(dst, row)
	clear(row)
}

// Lanes returns the node's lanes of slot, one per channel, for a model to
// read and clear in place: the inlined form of Take for update loops.
func (r *Ring) Lanes(slot int) []float64 {
	base := slot*r.a.stride + r.lane
	return r.a.data[base : base+r.channels : base+r.channels]
}

// Peek returns the values of slot in dst and leaves them in place (a
// waveform-relaxation iteration reads its inputs again in the next one).
func (r *Ring) Peek(slot int, dst []float64) {
	base := slot*r.a.stride + r.lane
	copy(dst, r.a.data[base:base+r.channels])
}

// Column returns where the node's lanes of slot 0 are, the distance in
// bytes from one slot to the next and the number of slots, for update
// loops in assembly that walk the slots themselves. The ring must be
// laid out (Arena.Layout) and stays where it is until the next Layout.
func (r *Ring) Column() (first *float64, stride, slots int) {
	return &r.a.data[r.lane], r.a.stride * 8, r.a.slots
}
