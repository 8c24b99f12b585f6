package kernel

import (
	"encoding/binary"
	"hash/fnv"
	"math"

	"github.com/gonest/gonest/gocore/comm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// Comm is what the kernel needs from the communicator that joins the
// processes of a distributed simulation (gocore/comm provides it over
// MPI).
type Comm interface {
	Rank() int
	Size() int
	// Alltoall sends block r of send to rank r and receives rank r's
	// block for this process into block r of recv (equal blocks).
	Alltoall(send, recv []byte) error
	// Allgather sends send to every process and receives every
	// process's buffer (all of len(send) bytes) in rank order into recv.
	Allgather(send, recv []byte) error
	// AllreduceInt64 reduces vals element by element over all processes.
	AllreduceInt64(vals []int64, op comm.Op) error
}

// Distribution, as in NEST 3.10: every process runs the same script and
// knows every node id. The simulation has P processes of T threads each,
// V = P*T virtual processes (VPs). Node id n belongs to VP n % V, VP v
// lives on process v % P as its thread v / P (NEST's vp_manager), and
// each VP has its own random stream, seeded from rng_seed and v. A neuron
// is updated only by its VP; devices (generators and recorders) are
// replicated, every process's copy serving its local neurons and updated
// by the thread (v / P) of the device's VP v. A connection is stored on
// the process of its target, or, when the target is a device, on the
// process of its source.
//
// At the end of every min-delay slice the processes exchange the spikes
// of their neurons with one Alltoall (see exchange), and each delivers
// them to its local targets at the start of the next slice, as it does
// with its own. Delivery visits the spikes VP by VP (k.slots): a VP of
// this process contributes its thread's emissions, another VP the spikes
// received from it merged, in node order, with what this process's copies
// of the devices of that VP emitted. A target therefore receives its
// inputs in the same order, and a delivering thread draws from its stream
// in the same order, whatever the split of the VPs into processes and
// threads: P x T runs with the same V give the same spikes. Recorders see
// the events of local neurons only, as in NEST.

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
	k.io.NumVPs, k.io.Rank, k.io.NumProcs = k.numThreads*c.Size(), c.Rank(), c.Size()
	k.makeThreads()
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

// numVPs returns the number of virtual processes.
func (k *Kernel) numVPs() int { return len(k.threads) * k.NumProcesses() }

// vpOf returns the virtual process of node index i (NEST's
// node_id_to_vp).
func (k *Kernel) vpOf(i int) int { return (i + 1) % k.numVPs() }

// replicated reports whether n is a device, copied on every process.
func replicated(n node.Node) bool { return n.ElementType() != node.Neuron }

// isLocal reports whether node index i is updated by this process: in a
// run of one process, every node (Connect asks once per connection, so
// that case needs no division).
func (k *Kernel) isLocal(i int) bool {
	p := k.NumProcesses()
	return p == 1 || k.replica[i] || k.vpOf(i)%p == k.Rank()
}

// storedHere reports whether a connection from node index s to node index
// t belongs to this process.
func (k *Kernel) storedHere(s, t int) bool {
	if k.replica[t] {
		return k.isLocal(s)
	}
	return k.isLocal(t)
}

// makeSlots sets up k.slots, the emissions of every VP in VP order: this
// process's threads for its own VPs, and a stand-in for every other VP
// that holds the spikes received from it and what this process's copies
// of its devices emit (written by thread vp / P, see thread.pseudo).
func (k *Kernel) makeSlots() {
	p, r := k.NumProcesses(), k.Rank()
	k.slots = make([]*thread, len(k.threads)*p)
	for _, t := range k.threads {
		t.pseudo = nil
	}
	for vp := range k.slots {
		if vp%p == r {
			k.slots[vp] = k.threads[vp/p]
			continue
		}
		s := &thread{id: -1 - vp}
		k.slots[vp] = s
		k.threads[vp/p].pseudo = append(k.threads[vp/p].pseudo, s)
	}
	k.devSources = append(append(k.devSources[:0], k.threads...), k.pseudoSlots()...)
}

func (k *Kernel) pseudoSlots() []*thread {
	var out []*thread
	for _, t := range k.threads {
		out = append(out, t.pseudo...)
	}
	return out
}

// The spike exchange, as NEST 3.10's gather_spike_data: the send buffer
// has one chunk per rank of spikeChunk records of spikeRecordSize bytes.
// The first record of a chunk is a header holding the number of spikes
// the sender has this slice; the others hold spikes (source, multiplicity,
// step, offset), and the e-prop neurons' flush events (multiplicity
// flushMult), which travel as NEST's secondary spike-like events do. Every chunk carries all of the sender's neuron spikes
// (gonest does not know, on the sending side, which ranks hold targets of
// a neuron; see docs/distributed.md for the cost). After the Alltoall
// every rank knows every rank's spike count, so all agree whether the
// chunks were large enough: if not, all grow them to 1.5 times the
// largest count (NEST's send_recv_buffer_grow_extra 0.5) and exchange
// again; before an exchange, chunks more than five times the largest
// count of the previous slice shrink to 1.1 times it (NEST's
// send_recv_buffer_shrink_limit 0.2 and shrink_spare 0.1), never below 2.

// spikeRecordSize is the size of one exchanged record.
const spikeRecordSize = 4 + 4 + 8 + 8

// exchange sends the spikes this process's neurons emitted during the
// slice to all processes and adds the others' spikes to k.slots.
func (k *Kernel) exchange() error {
	p := k.NumProcesses()
	if p == 1 {
		return nil
	}
	n := 0
	for _, t := range k.threads {
		for i := range t.spikes {
			if !k.replica[t.spikes[i].src] {
				n++
			}
		}
		n += len(t.flushes) // only neurons send them
	}
	if k.spikeMax+1 < k.spikeChunk/5 {
		k.spikeChunk = max(2, int(1.1*float64(k.spikeMax+1)))
	}
	k.spikeChunk = max(k.spikeChunk, 2)
	for {
		if err := k.exchangeOnce(n); err != nil {
			return err
		}
		if k.spikeMax+1 <= k.spikeChunk {
			break
		}
		k.spikeChunk = int(1.5*float64(k.spikeMax)) + 1
		if k.spikeChunk*spikeRecordSize*p > comm.MaxBufferLen {
			return nesterr.New(nesterr.ErrKernelException,
				"Spike exchange between processes failed: %d spikes in one slice exceed MPI's message size limit.", k.spikeMax)
		}
	}
	k.mergeRemote()
	return k.exchangeSecondary()
}

// exchangeOnce fills the chunks with up to spikeChunk-1 of the n local
// spikes, exchanges them and, when every rank's spikes fitted, sorts the
// received ones into k.slots. It sets k.spikeMax to the largest count.
func (k *Kernel) exchangeOnce(n int) error {
	p, chunk := k.NumProcesses(), k.spikeChunk*spikeRecordSize
	size := p * chunk
	if cap(k.sendBuf) < size {
		k.sendBuf, k.recvBuf = make([]byte, size), make([]byte, size)
	}
	send, recv := k.sendBuf[:size], k.recvBuf[:size]
	// The first chunk is written, then copied to the others.
	first := send[:chunk]
	clear(first[:spikeRecordSize])
	binary.LittleEndian.PutUint32(first, uint32(n))
	if n+1 <= k.spikeChunk {
		b := first[spikeRecordSize:spikeRecordSize]
		for _, t := range k.threads {
			for _, sp := range t.spikes {
				if k.replica[sp.src] {
					continue // every process has its own copy of a device
				}
				b = binary.LittleEndian.AppendUint32(b, uint32(sp.src))
				b = binary.LittleEndian.AppendUint32(b, uint32(sp.mult))
				b = binary.LittleEndian.AppendUint64(b, uint64(sp.step))
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(sp.offset))
			}
			for _, fl := range t.flushes {
				mark := int32(flushMult)
				b = binary.LittleEndian.AppendUint32(b, uint32(fl.src))
				b = binary.LittleEndian.AppendUint32(b, uint32(mark))
				b = binary.LittleEndian.AppendUint64(b, uint64(fl.step))
				b = binary.LittleEndian.AppendUint64(b, 0)
			}
		}
	}
	for r := 1; r < p; r++ {
		copy(send[r*chunk:(r+1)*chunk], first[:spikeRecordSize*(1+min(n, k.spikeChunk-1))])
	}
	if err := k.comm.Alltoall(send, recv); err != nil {
		return nesterr.New(nesterr.ErrKernelException, "Spike exchange between processes failed: %v", nesterr.Message(err))
	}
	k.spikeMax = 0
	for r := range p {
		k.spikeMax = max(k.spikeMax, int(binary.LittleEndian.Uint32(recv[r*chunk:])))
	}
	if k.spikeMax+1 > k.spikeChunk {
		return nil // someone's spikes did not fit: the caller grows the chunks
	}
	for _, s := range k.slots {
		s.incoming = s.incoming[:0]
		if s.id < 0 {
			// a stand-in's flush events all come from its VP's process
			s.flushes = s.flushes[:0]
		}
	}
	me := k.Rank()
	for r := range p {
		if r == me {
			continue
		}
		c := recv[r*chunk:]
		cnt := int(binary.LittleEndian.Uint32(c))
		for j := 1; j <= cnt; j++ {
			b := c[j*spikeRecordSize:]
			sp := emitted{
				src:    int32(binary.LittleEndian.Uint32(b)),
				mult:   int32(binary.LittleEndian.Uint32(b[4:])),
				step:   int64(binary.LittleEndian.Uint64(b[8:])),
				offset: math.Float64frombits(binary.LittleEndian.Uint64(b[16:])),
			}
			s := k.slots[k.vpOf(int(sp.src))]
			if sp.mult == flushMult {
				s.flushes = append(s.flushes, emitted{src: sp.src, step: sp.step, mult: 1})
				continue
			}
			s.incoming = append(s.incoming, sp)
		}
	}
	return nil
}

// mergeRemote merges, in every stand-in slot, the received spikes into
// the devices' emissions in node order: the order in which the VP's
// thread would have emitted them all (threads update node by node).
func (k *Kernel) mergeRemote() {
	for _, s := range k.slots {
		if s.id >= 0 || len(s.incoming) == 0 {
			continue
		}
		if len(s.spikes) == 0 {
			s.spikes, s.incoming = s.incoming, s.spikes[:0]
			continue
		}
		own := append(s.merged[:0], s.spikes...)
		out := s.spikes[:0]
		i, j := 0, 0
		for i < len(own) && j < len(s.incoming) {
			if s.incoming[j].src < own[i].src {
				out = append(out, s.incoming[j])
				j++
			} else {
				out = append(out, own[i])
				i++
			}
		}
		out = append(append(out, own[i:]...), s.incoming[j:]...)
		s.spikes, s.merged = out, own
	}
}

// agreeDelays returns the smallest min_delay and the largest max_delay of
// all processes, so that every process uses the same slices (a delay can
// differ between processes after SetConnections). In the same exchange the
// processes check that they built the same network (node count and the
// model of every node): ranks whose scripts diverged get a named error
// instead of failing later in the spike exchange.
func (k *Kernel) agreeDelays(minD, maxD int64) (int64, int64, error) {
	// One Allreduce (minimum) over minD, -maxD and, for the node count
	// and the models' fingerprint, each value and its complement (^x
	// orders int64 values in reverse), so that the minimum and maximum
	// of each over the processes come out of the same collective.
	n, fp := int64(len(k.nodes)), int64(k.modelsFingerprint())
	v := []int64{minD, -maxD, n, ^n, fp, ^fp}
	if err := k.comm.AllreduceInt64(v, comm.OpMin); err != nil {
		return 0, 0, nesterr.New(nesterr.ErrKernelException, "Agreeing on the delay range between processes failed: %v", nesterr.Message(err))
	}
	if lo, hi := v[2], ^v[3]; lo != hi {
		other := lo
		if lo == n {
			other = hi
		}
		return 0, 0, nesterr.New(nesterr.ErrKernelException,
			"The processes built different networks: process %d has %d nodes, and another process has %d. Every process must run the same script.",
			k.Rank(), n, other)
	}
	if v[4] != ^v[5] {
		return 0, 0, nesterr.New(nesterr.ErrKernelException,
			"The processes built different networks: the %d nodes of process %d and of another process are not of the same models. Every process must run the same script.",
			n, k.Rank())
	}
	return v[0], -v[1], nil
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
