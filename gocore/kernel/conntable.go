package kernel

import (
	"math"

	"github.com/gonest/gonest/gocore/nesterr"
)

// conn is one static connection, stored with its source's other
// connections of the same synapse model: 8 bytes, no pointer per synapse.
// Its weight lives in the table (see connTable).
type conn struct {
	target uint32 // node index of the target
	meta   uint32 // delay in steps << rportBits | receptor port
}

// Packing of conn.meta.
const (
	rportBits = 8
	maxRport  = 1<<rportBits - 1
	maxDelay  = 1<<(32-rportBits) - 1 // steps
)

func packMeta(delay int64, rport int) uint32 { return uint32(delay)<<rportBits | uint32(rport) }

func (c *conn) delay() int64 { return int64(c.meta >> rportBits) }
func (c *conn) rport() int   { return int(c.meta & maxRport) }

// checkPackable reports a delay or receptor the packed form cannot hold.
func checkPackable(delaySteps int64, delayMs float64, rport int) error {
	if delaySteps > maxDelay {
		return nesterr.New(nesterr.ErrBadDelay, "Delay %g ms is longer than the %d steps a connection can hold.", delayMs, maxDelay)
	}
	if rport < 0 || rport > maxRport {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is out of range (0 to %d).", rport, maxRport)
	}
	return nil
}

// connTable holds the connections of one synapse model to the targets of
// one thread, grouped by source node index in creation order. Delivery
// walks one contiguous slice per spiking source.
//
// Networks usually give all connections of a synapse model one weight
// (Brunel: J for "excitatory", -g*J for "inhibitory"), so the table keeps a
// single weight until a connection with another weight arrives; only then
// does it store one weight per connection, parallel to bySource. This
// halves the memory that spike delivery reads.
type connTable struct {
	bySource [][]conn
	weights  [][]float64 // nil while every connection has weight
	weight   float64
	count    int
}

// grow makes room for sources up to index nodes-1.
func (t *connTable) grow(nodes int) {
	for len(t.bySource) < nodes {
		t.bySource = append(t.bySource, nil)
		if t.weights != nil {
			t.weights = append(t.weights, nil)
		}
	}
}

// weightOf returns the weight of connection i of src.
func (t *connTable) weightOf(src, i int) float64 {
	if t.weights == nil {
		return t.weight
	}
	return t.weights[src][i]
}

// splitWeights switches to one stored weight per connection.
func (t *connTable) splitWeights() {
	t.weights = make([][]float64, len(t.bySource))
	for src, cs := range t.bySource {
		w := make([]float64, len(cs), cap(cs))
		for i := range w {
			w[i] = t.weight
		}
		t.weights[src] = w
	}
}

// reserve makes room for n more connections from src, so that a large
// Connect grows each source's slice once instead of by repeated doubling.
func (t *connTable) reserve(src int, n int) {
	s := t.bySource[src]
	if cap(s)-len(s) >= n {
		return
	}
	grown := make([]conn, len(s), len(s)+n)
	copy(grown, s)
	t.bySource[src] = grown
	if t.weights != nil {
		w := make([]float64, len(s), len(s)+n)
		copy(w, t.weights[src])
		t.weights[src] = w
	}
}

func (t *connTable) add(src int, c conn, weight float64) {
	switch {
	case t.count == 0 && t.weights == nil:
		t.weight = weight
	case t.weights == nil && math.Float64bits(weight) != math.Float64bits(t.weight):
		t.splitWeights()
	}
	t.bySource[src] = append(t.bySource[src], c)
	if t.weights != nil {
		t.weights[src] = append(t.weights[src], weight)
	}
	t.count++
}
