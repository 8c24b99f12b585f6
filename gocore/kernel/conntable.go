package kernel

import (
	"github.com/gonest/gonest/gocore/nesterr"
)

// conn is one static connection, stored with its source's other
// connections of the same synapse model: 16 bytes, no pointer per synapse.
type conn struct {
	target uint32  // node index of the target
	meta   uint32  // delay in steps << rportBits | receptor port
	weight float64 // weight
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
type connTable struct {
	bySource [][]conn
	count    int
}

// grow makes room for sources up to index nodes-1.
func (t *connTable) grow(nodes int) {
	for len(t.bySource) < nodes {
		t.bySource = append(t.bySource, nil)
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
}

func (t *connTable) add(src int, c conn) {
	t.bySource[src] = append(t.bySource[src], c)
	t.count++
}
