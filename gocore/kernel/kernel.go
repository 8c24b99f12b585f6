// Package kernel owns a whole simulation. STUB: API fixed, body in progress.
package kernel

import (
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/record"
)

// Kernel is one simulation.
type Kernel struct{ alloc memory.Allocator }

// New returns a fresh kernel whose recordings use alloc.
func New(alloc memory.Allocator) *Kernel { return &Kernel{alloc: alloc} }

// Reset brings the kernel back to its initial state.
func (k *Kernel) Reset() {}

// Status returns the kernel properties.
func (k *Kernel) Status() dict.Dict { return dict.Dict{} }

// SetStatus sets kernel properties.
func (k *Kernel) SetStatus(d dict.Dict) error { return nil }

// Models lists node and synapse models.
func (k *Kernel) Models() (nodes, synapses []string) { return nil, nil }

// Defaults returns a model's defaults.
func (k *Kernel) Defaults(model string) (dict.Dict, error) { return nil, nil }

// SetDefaults changes a model's defaults.
func (k *Kernel) SetDefaults(model string, d dict.Dict) error { return nil }

// Create makes n nodes.
func (k *Kernel) Create(model string, n int, params []dict.Dict) (int, error) {
	return 0, nesterr.New(nesterr.ErrUnknownModelName, "not yet")
}

// NumNodes is the number of nodes.
func (k *Kernel) NumNodes() int { return 0 }

// NodeStatus returns a node's status.
func (k *Kernel) NodeStatus(id int) (dict.Dict, error) { return nil, nil }

// SetNodeStatus sets node status.
func (k *Kernel) SetNodeStatus(ids []int, params []dict.Dict) error { return nil }

// Connect connects nodes.
func (k *Kernel) Connect(pre, post []int, conn, syn dict.Dict) error { return nil }

// NumConnections counts connections.
func (k *Kernel) NumConnections() int { return 0 }

// CheckSimulate validates a simulation time.
func (k *Kernel) CheckSimulate(t float64) error { return nil }

// Simulate runs t ms.
func (k *Kernel) Simulate(t float64) error { return nil }

// Interrupt stops a running simulation at the next slice boundary.
func (k *Kernel) Interrupt() {}

// Recording returns the event table of recorder id.
func (k *Kernel) Recording(id int) (*record.Table, error) { return nil, nil }
