package kernel

import (
	"encoding/binary"
	"hash/fnv"
	"math"

	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// Comm is what the kernel needs from the communicator that joins the
// processes of a distributed simulation (gocore/comm provides it).
type Comm interface {
	Rank() int
	Size() int
	// Allgather returns every process's buffer in rank order.
	Allgather(buf []byte) ([][]byte, error)
}

// Distribution, as in NEST: every process runs the same script and knows
// every node id. A neuron lives on one process (index % size == rank) and
// is updated only there; devices (generators and recorders) are
// replicated, each process's copy serving its local neurons. A connection
// is stored on the process of its target, or, when the target is a
// device, on the process of its source. At the end of every min-delay
// slice the processes exchange the spikes of their neurons, and each
// delivers them to its local targets at the start of the next slice, as
// it does with its own. Recorders therefore see the events of local
// neurons only, as in NEST.

// SetComm makes the kernel one process of a distributed simulation. It is
// only possible while no nodes exist; ResetKernel keeps it.
func (k *Kernel) SetComm(c Comm) error {
	if len(k.nodes) > 0 {
		return nesterr.New(nesterr.ErrKernelException, "Nodes exist: the number of processes cannot change.")
	}
	if c == nil || c.Size() < 1 || c.Rank() < 0 || c.Rank() >= c.Size() {
		return nesterr.New(nesterr.ErrKernelException, "Invalid communicator.")
	}
	k.comm = c
	k.io.NumVPs, k.io.Rank = c.Size(), c.Rank()
	return nil
}

// Rank returns this process's rank (0 when not distributed).
func (k *Kernel) Rank() int {
	if k.comm == nil {
		return 0
	}
	return k.comm.Rank()
}

// NumProcesses returns the number of processes of the simulation.
func (k *Kernel) NumProcesses() int {
	if k.comm == nil {
		return 1
	}
	return k.comm.Size()
}

// replicated reports whether node n is a device, copied on every process.
func replicated(n node.Node) bool { return n.ElementType() != node.Neuron }

// isLocal reports whether node index i is updated by this process.
func (k *Kernel) isLocal(i int) bool {
	return k.replica[i] || i%k.NumProcesses() == k.Rank()
}

// storedHere reports whether a connection from node index s to node index
// t belongs to this process.
func (k *Kernel) storedHere(s, t int) bool {
	if k.replica[t] {
		return k.isLocal(s)
	}
	return k.isLocal(t)
}

// spikeRecordSize is the size of one exchanged spike: source, multiplicity,
// step, offset.
const spikeRecordSize = 4 + 4 + 8 + 8

// exchange sends the spikes this process's neurons emitted during the
// slice to all processes and keeps the others' spikes for delivery.
func (k *Kernel) exchange() error {
	if k.NumProcesses() == 1 {
		return nil
	}
	buf := k.sendBuf[:0]
	for _, t := range k.threads {
		for _, sp := range t.spikes {
			if k.replica[sp.src] {
				continue // every process has its own copy of a device
			}
			buf = binary.LittleEndian.AppendUint32(buf, uint32(sp.src))
			buf = binary.LittleEndian.AppendUint32(buf, uint32(sp.mult))
			buf = binary.LittleEndian.AppendUint64(buf, uint64(sp.step))
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(sp.offset))
		}
	}
	k.sendBuf = buf
	all, err := k.comm.Allgather(buf)
	if err != nil {
		return nesterr.New(nesterr.ErrKernelException, "Spike exchange between processes failed: %v", err)
	}
	k.remote.spikes = k.remote.spikes[:0]
	for rank, b := range all {
		if rank == k.Rank() {
			continue
		}
		for len(b) >= spikeRecordSize {
			k.remote.spikes = append(k.remote.spikes, emitted{
				src:    int32(binary.LittleEndian.Uint32(b)),
				mult:   int32(binary.LittleEndian.Uint32(b[4:])),
				step:   int64(binary.LittleEndian.Uint64(b[8:])),
				offset: math.Float64frombits(binary.LittleEndian.Uint64(b[16:])),
			})
			b = b[spikeRecordSize:]
		}
	}
	return nil
}

// agreeDelays returns the smallest min_delay and the largest max_delay of
// all processes, so that every process uses the same slices (a delay can
// differ between processes after SetConnections). In the same exchange the
// processes check that they built the same network (node count and the
// model of every node): ranks whose scripts diverged get a named error
// instead of failing later in the spike exchange.
func (k *Kernel) agreeDelays(minD, maxD int64) (int64, int64, error) {
	buf := binary.LittleEndian.AppendUint64(nil, uint64(minD))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(maxD))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(len(k.nodes)))
	buf = binary.LittleEndian.AppendUint64(buf, k.modelsFingerprint())
	all, err := k.comm.Allgather(buf)
	if err != nil {
		return 0, 0, nesterr.New(nesterr.ErrKernelException, "Agreeing on the delay range between processes failed: %v", err)
	}
	for rank, b := range all {
		if len(b) < 32 {
			return 0, 0, nesterr.New(nesterr.ErrKernelException, "Process %d sent a malformed preparation message (%d bytes).", rank, len(b))
		}
		if n := int(binary.LittleEndian.Uint64(b[16:])); n != len(k.nodes) {
			return 0, 0, nesterr.New(nesterr.ErrKernelException,
				"The processes built different networks: process %d has %d nodes, process %d has %d. Every process must run the same script.",
				k.Rank(), len(k.nodes), rank, n)
		}
		if binary.LittleEndian.Uint64(b[24:]) != k.modelsFingerprint() {
			return 0, 0, nesterr.New(nesterr.ErrKernelException,
				"The processes built different networks: the %d nodes of process %d and of process %d are not of the same models. Every process must run the same script.",
				len(k.nodes), k.Rank(), rank)
		}
		minD = min(minD, int64(binary.LittleEndian.Uint64(b)))
		maxD = max(maxD, int64(binary.LittleEndian.Uint64(b[8:])))
	}
	return minD, maxD, nil
}

// modelsFingerprint is a hash of the model names of all nodes in order
// (FNV-1a), computed once per network size: nodes never change model.
func (k *Kernel) modelsFingerprint() uint64 {
	if k.fingerprintNodes == len(k.nodes) && k.fingerprintNodes > 0 {
		return k.fingerprint
	}
	h := fnv.New64a()
	for _, m := range k.modelOf {
		h.Write([]byte(m))
		h.Write([]byte{0})
	}
	k.fingerprint, k.fingerprintNodes = h.Sum64(), len(k.nodes)
	return k.fingerprint
}
