package comm

import "encoding/binary"

// Gatherer is the part of a Comm that AllgatherBytes needs.
type Gatherer interface {
	Size() int
	// Allgather is Comm.Allgather: equal buffers from every process.
	Allgather(send, recv []byte) error
}

// AllgatherBytes sends send, of any length, to every process and returns
// every process's buffer in rank order (NEST's communicate of vectors
// with displacements, MPI_Allgatherv). It costs two Allgathers: the
// lengths, then the buffers padded to the longest. The returned slices
// share one new array; send is not kept.
func AllgatherBytes(c Gatherer, send []byte) ([][]byte, error) {
	var g VarGather
	return g.Allgather(c, send)
}

// VarGather is AllgatherBytes with buffers kept from one call to the
// next, for exchanges repeated every slice.
type VarGather struct {
	lens, padded, all []byte
	parts             [][]byte
}

// Allgather is AllgatherBytes; the returned slices are valid until the
// next call.
func (g *VarGather) Allgather(c Gatherer, send []byte) ([][]byte, error) {
	p := c.Size()
	if p == 1 {
		g.parts = append(g.parts[:0], send)
		return g.parts, nil
	}
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(send)))
	g.lens = grow(g.lens, 8*p)
	if err := c.Allgather(n[:], g.lens); err != nil {
		return nil, err
	}
	longest := 0
	for r := range p {
		longest = max(longest, int(binary.LittleEndian.Uint64(g.lens[8*r:])))
	}
	if longest*p > MaxBufferLen {
		return nil, errf("Allgather of %d bytes from each of %d processes exceeds MPI's limit of %d", longest, p, MaxBufferLen)
	}
	g.parts = g.parts[:0]
	if longest == 0 {
		for range p {
			g.parts = append(g.parts, []byte{})
		}
		return g.parts, nil
	}
	g.padded = grow(g.padded, longest)
	clear(g.padded[copy(g.padded, send):])
	g.all = grow(g.all, longest*p)
	if err := c.Allgather(g.padded, g.all); err != nil {
		return nil, err
	}
	for r := range p {
		g.parts = append(g.parts, g.all[r*longest:r*longest+int(binary.LittleEndian.Uint64(g.lens[8*r:]))])
	}
	return g.parts, nil
}

// grow returns b resized to n bytes, reusing its array when it is large
// enough.
func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// AllgatherInt64s is AllgatherBytes for int64 values.
func AllgatherInt64s(c Gatherer, vals []int64) ([][]int64, error) {
	send := make([]byte, 0, 8*len(vals))
	for _, v := range vals {
		send = binary.LittleEndian.AppendUint64(send, uint64(v))
	}
	parts, err := AllgatherBytes(c, send)
	if err != nil {
		return nil, err
	}
	out := make([][]int64, len(parts))
	for r, b := range parts {
		out[r] = make([]int64, len(b)/8)
		for i := range out[r] {
			out[r][i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
		}
	}
	return out, nil
}
