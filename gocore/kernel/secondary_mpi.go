package kernel

import (
	"encoding/binary"
	"math"

	"github.com/gonest/gonest/gocore/comm"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// Secondary events across processes. A connection is kept by the process
// of its target, but its source may be updated by another process. At
// the end of every slice, after the spikes, each process therefore sends
// the coefficients its neurons sent (of the kinds some process has
// connections of) to all processes, which deliver them at the start of
// the next slice, as their own. This covers the models that deliver once
// per slice (rate_connection_delayed, sic_connection and the e-prop
// learning signals); those iterated by waveform relaxation (gap
// junctions, instantaneous rates, diffusion) would need an exchange per
// iteration and stay refused across processes. Devices are copied on
// every process and send their own coefficients.

// secondaryKey names the coefficients of one kind of one sender.
type secondaryKey struct {
	idx  int32
	kind node.SecondaryKind
}

// secondaryRemote is what secondaryState keeps for other processes'
// senders.
type secondaryRemote struct {
	kinds  []node.SecondaryKind       // kinds some process has connections of
	coeffs map[secondaryKey][]float64 // the other processes' senders' last coefficients
	send   []byte                     // the encoded coefficients of this process
	gather comm.VarGather             // the exchange's buffers
}

// agreeSecondary makes every process agree, before a run, on the kinds of
// secondary connections that exist on any of them: all must take part in
// the exchange when one needs it.
func (k *Kernel) agreeSecondary() error {
	st := &k.sec
	st.remote.kinds = st.remote.kinds[:0]
	if k.NumProcesses() == 1 {
		return nil
	}
	has := make([]int64, node.LearningSignal+1)
	for id, m := range k.synModels {
		if m.secondary != 0 && k.countConnections(id) > 0 {
			has[m.secondary] = 1
		}
	}
	if err := k.comm.AllreduceInt64(has, comm.OpMax); err != nil {
		return nesterr.New(nesterr.ErrKernelException, "Agreeing on the secondary connections between processes failed: %v", nesterr.Message(err))
	}
	for kind, h := range has {
		if h != 0 {
			st.remote.kinds = append(st.remote.kinds, node.SecondaryKind(kind))
		}
	}
	if len(st.remote.kinds) > 0 && st.remote.coeffs == nil {
		st.remote.coeffs = map[secondaryKey][]float64{}
	}
	return nil
}

// exchangeSecondary sends the coefficients of this process's neurons to
// all processes and keeps those of the others' (see above). Records are
// node index (u32), kind (u32), count (u64), then count float64 values.
func (k *Kernel) exchangeSecondary() error {
	st := &k.sec
	if len(st.remote.kinds) == 0 {
		return nil
	}
	b := st.remote.send[:0]
	for _, t := range k.threads {
		for _, i := range t.nodes {
			s := st.senders[i]
			if s == nil || k.replica[i] {
				continue
			}
			for _, kind := range st.remote.kinds {
				if !s.SendsSecondary(kind) {
					continue
				}
				c := s.SecondaryCoefficients(kind)
				b = binary.LittleEndian.AppendUint32(b, uint32(i))
				b = binary.LittleEndian.AppendUint32(b, uint32(kind))
				b = binary.LittleEndian.AppendUint64(b, uint64(len(c)))
				for _, v := range c {
					b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
				}
			}
		}
	}
	st.remote.send = b
	parts, err := st.remote.gather.Allgather(k.comm, b)
	if err != nil {
		return nesterr.New(nesterr.ErrKernelException, "Secondary event exchange between processes failed: %v", nesterr.Message(err))
	}
	for r, part := range parts {
		if r == k.Rank() {
			continue
		}
		for len(part) >= 16 {
			key := secondaryKey{int32(binary.LittleEndian.Uint32(part)), node.SecondaryKind(binary.LittleEndian.Uint32(part[4:]))}
			n := int(binary.LittleEndian.Uint64(part[8:]))
			part = part[16:]
			c := st.remote.coeffs[key][:0]
			for j := range n {
				c = append(c, math.Float64frombits(binary.LittleEndian.Uint64(part[8*j:])))
			}
			st.remote.coeffs[key] = c
			part = part[8*n:]
		}
	}
	return nil
}

// secondaryCoeffs returns the coefficients of kind that node index src
// sent last: its own, or those received from its process.
func (k *Kernel) secondaryCoeffs(src int, kind node.SecondaryKind) []float64 {
	st := &k.sec
	if len(st.remote.kinds) == 0 || k.isLocal(src) {
		return st.senders[src].SecondaryCoefficients(kind)
	}
	return st.remote.coeffs[secondaryKey{int32(src), kind}]
}
