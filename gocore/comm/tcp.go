package comm

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gonest/gonest/gocore/nesterr"
)

// Wire protocol.
//
// Handshake: a rank r > 0 connects to rank 0 and sends hello =
// helloMagic, uint32 rank, uint32 size. Once all Size-1 ranks have joined,
// rank 0 answers each with welcome = helloMagic, uint32 status 0, uint32 0.
// When rank 0 gives up (timeout, duplicate rank, size mismatch) it answers
// status 1, uint32 length, message.
//
// Collectives: every frame starts with a 16-byte header: uint32 frameTag|op,
// uint32 sequence number of the collective (from 1), uint64 payload length.
// Rank r > 0 sends its buffer as payload. Rank 0 reads the frames of ranks
// 1..Size-1 in rank order and sends every rank the same frame, whose payload
// is Size uint64 lengths followed by the buffers in rank order. When a
// collective fails, rank 0 sends opAbort with the reason as payload to the
// others. Close sends opBye. All integers are little endian.
const (
	helloMagic = "GONEST\x00\x01"
	helloLen   = len(helloMagic) + 8
	headerLen  = 16
	frameTag   = 0x474e0000 // "GN" in the high half of the first word
	tagMask    = 0xffff0000

	opAllgather = 1
	opBarrier   = 2
	opAbort     = 3
	opBye       = 4

	// maxMessageLen bounds abort and reject messages.
	maxMessageLen = 1 << 16
	// readBufferLen is the size of the buffered reader of each connection.
	readBufferLen = 64 << 10
)

func opName(op uint32) string {
	switch op {
	case opAllgather:
		return "Allgather"
	case opBarrier:
		return "Barrier"
	case opAbort:
		return "abort"
	case opBye:
		return "Close"
	}
	return fmt.Sprintf("unknown operation %d", op)
}

func kernelErr(format string, args ...any) error {
	return nesterr.New(nesterr.ErrKernelException, "%s", fmt.Sprintf(format, args...))
}

// describeIOErr turns a network error into words.
func describeIOErr(err error) string {
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "timed out"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed by the peer (EOF)"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset by the peer"
	case errors.Is(err, syscall.EPIPE):
		return "connection closed by the peer (broken pipe)"
	case errors.Is(err, net.ErrClosed):
		return "connection closed locally"
	}
	return err.Error()
}

func setNoDelay(conn net.Conn) {
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetNoDelay(true)
	}
}

// Join connects this process to the others of the simulation described by
// cfg and returns when all cfg.Size processes have joined, or with an error
// after cfg.Timeout.
//
// Rank 0 listens on exactly cfg.Coordinator (see Listen) and waits for the
// others; ranks 1..Size-1 connect to it, retrying until cfg.Timeout, and
// introduce themselves. With Size 1, Join returns Local() and opens no
// socket.
func Join(cfg Config) (Comm, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	if cfg.Size == 1 {
		return Local(), nil
	}
	if cfg.Rank == 0 {
		co, err := Listen(cfg)
		if err != nil {
			return nil, err
		}
		return co.Accept()
	}
	return joinLeaf(cfg)
}

// Coordinator is the listening side of rank 0 between Listen and Accept.
// It lets a caller learn the bound address (Addr) before the other ranks
// start, e.g. when cfg.Coordinator has port 0.
type Coordinator struct {
	cfg Config
	ln  *net.TCPListener

	mu   sync.Mutex
	done bool
}

// Listen binds cfg.Coordinator for rank 0 of a simulation of cfg.Size > 1
// processes. Port 0 picks a free port, which Addr reports. Call Accept to
// wait for the other ranks, or Close to give up.
func Listen(cfg Config) (*Coordinator, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	if cfg.Rank != 0 {
		return nil, nesterr.New(nesterr.ErrBadParameter,
			"comm: only rank 0 listens, got Rank = %d.", cfg.Rank)
	}
	if cfg.Size < 2 {
		return nil, nesterr.New(nesterr.ErrBadParameter,
			"comm: Listen needs Size >= 2, got Size = %d; use Local for one process.", cfg.Size)
	}
	ln, err := net.Listen("tcp", cfg.Coordinator)
	if err != nil {
		return nil, kernelErr("comm rank 0 of %d: cannot listen on %s: %v", cfg.Size, cfg.Coordinator, err)
	}
	return &Coordinator{cfg: cfg, ln: ln.(*net.TCPListener)}, nil
}

// Addr returns the address rank 0 listens on, with the actual port when
// Config.Coordinator had port 0.
func (co *Coordinator) Addr() string { return co.ln.Addr().String() }

// Close stops listening. After Accept it has no effect.
func (co *Coordinator) Close() error {
	co.mu.Lock()
	defer co.mu.Unlock()
	if co.done {
		return nil
	}
	co.done = true
	if err := co.ln.Close(); err != nil {
		return kernelErr("comm rank 0: closing the listener on %s: %v", co.Addr(), err)
	}
	return nil
}

type hello struct {
	conn       net.Conn
	rank, size int
	err        error
}

// Accept waits until ranks 1..Size-1 have connected and introduced
// themselves, at most Config.Timeout, then stops listening and returns the
// communicator of rank 0. Connections that do not speak the protocol are
// dropped; a duplicate rank or a different Size makes Accept fail at once.
// On failure, every rank that had joined is told why.
func (co *Coordinator) Accept() (Comm, error) {
	co.mu.Lock()
	if co.done {
		co.mu.Unlock()
		return nil, kernelErr("comm rank 0: Accept called on a closed or already used Coordinator (%s)", co.Addr())
	}
	co.done = true
	co.mu.Unlock()

	cfg := co.cfg
	addr := co.Addr()
	deadline := time.Now().Add(cfg.Timeout)
	_ = co.ln.SetDeadline(deadline)

	hellos := make(chan hello)
	acceptErr := make(chan error, 1)
	stop := make(chan struct{})
	var (
		wg      sync.WaitGroup
		pmu     sync.Mutex
		pending = map[net.Conn]bool{}
		stopped bool
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := co.ln.Accept()
			if err != nil {
				acceptErr <- err
				return
			}
			pmu.Lock()
			if stopped {
				pmu.Unlock()
				conn.Close()
				continue
			}
			pending[conn] = true
			pmu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				h := readHello(conn, deadline)
				pmu.Lock()
				delete(pending, conn)
				pmu.Unlock()
				select {
				case hellos <- h:
				case <-stop:
					conn.Close()
				}
			}()
		}
	}()

	peers := make([]net.Conn, cfg.Size)
	joined := 1
	var failure error
	var strays []string
	for joined < cfg.Size && failure == nil {
		select {
		case h := <-hellos:
			remote := h.conn.RemoteAddr().String()
			switch {
			case h.err != nil:
				strays = append(strays, fmt.Sprintf("%s: %v", remote, h.err))
				h.conn.Close()
			case h.size != cfg.Size:
				failure = kernelErr("comm rank 0 of %d (%s): the process at %s joined as rank %d of %d processes; all processes must be started with the same size",
					cfg.Size, addr, remote, h.rank, h.size)
				reject(h.conn, failure, cfg.Timeout)
			case h.rank < 1 || h.rank >= cfg.Size:
				failure = kernelErr("comm rank 0 of %d (%s): the process at %s joined with invalid rank %d",
					cfg.Size, addr, remote, h.rank)
				reject(h.conn, failure, cfg.Timeout)
			case peers[h.rank] != nil:
				failure = kernelErr("comm rank 0 of %d (%s): rank %d joined twice, from %s and from %s; every process needs its own rank",
					cfg.Size, addr, h.rank, peers[h.rank].RemoteAddr(), remote)
				reject(h.conn, failure, cfg.Timeout)
			default:
				peers[h.rank] = h.conn
				joined++
			}
		case err := <-acceptErr:
			var missing []int
			for r := 1; r < cfg.Size; r++ {
				if peers[r] == nil {
					missing = append(missing, r)
				}
			}
			why := describeIOErr(err)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				why = fmt.Sprintf("only %d of %d processes joined within %v", joined, cfg.Size, cfg.Timeout)
			}
			msg := fmt.Sprintf("comm rank 0 of %d (listening on %s): %s; missing ranks %v", cfg.Size, addr, why, missing)
			if len(strays) > 0 {
				sort.Strings(strays)
				msg += fmt.Sprintf("; dropped connections that do not speak the gonest protocol: %v", strays)
			}
			failure = kernelErr("%s", msg)
		}
	}

	// Stop listening and drop handshakes still under way.
	close(stop)
	co.ln.Close()
	pmu.Lock()
	stopped = true
	for conn := range pending {
		conn.Close()
	}
	pmu.Unlock()
	wg.Wait()

	if failure != nil {
		for _, conn := range peers {
			if conn != nil {
				reject(conn, failure, cfg.Timeout)
			}
		}
		return nil, failure
	}
	s := newStar(cfg, peers)
	var welcome [helloLen]byte
	copy(welcome[:], helloMagic)
	for r := 1; r < cfg.Size; r++ {
		conn := peers[r]
		_ = conn.SetWriteDeadline(time.Now().Add(cfg.Timeout))
		if _, err := conn.Write(welcome[:]); err != nil {
			err = kernelErr("comm rank 0 of %d: cannot confirm the start to rank %d (%s): %s",
				cfg.Size, r, conn.RemoteAddr(), describeIOErr(err))
			s.mu.Lock()
			s.fail(err)
			s.mu.Unlock()
			return nil, err
		}
	}
	return s, nil
}

func readHello(conn net.Conn, deadline time.Time) hello {
	_ = conn.SetDeadline(deadline)
	var b [helloLen]byte
	if _, err := io.ReadFull(conn, b[:]); err != nil {
		return hello{conn: conn, err: fmt.Errorf("no introduction: %s", describeIOErr(err))}
	}
	if string(b[:len(helloMagic)]) != helloMagic {
		return hello{conn: conn, err: fmt.Errorf("bad introduction %q", b[:len(helloMagic)])}
	}
	rank := binary.LittleEndian.Uint32(b[len(helloMagic):])
	size := binary.LittleEndian.Uint32(b[len(helloMagic)+4:])
	return hello{conn: conn, rank: int(int32(rank)), size: int(int32(size))}
}

// reject tells a joined or joining rank why rank 0 gave up, and closes the
// connection.
func reject(conn net.Conn, why error, timeout time.Duration) {
	msg := nesterr.Message(why)
	if len(msg) > maxMessageLen {
		msg = msg[:maxMessageLen]
	}
	b := make([]byte, helloLen, helloLen+len(msg))
	copy(b, helloMagic)
	binary.LittleEndian.PutUint32(b[len(helloMagic):], 1)
	binary.LittleEndian.PutUint32(b[len(helloMagic)+4:], uint32(len(msg)))
	b = append(b, msg...)
	_ = conn.SetWriteDeadline(time.Now().Add(min(timeout, time.Second)))
	_, _ = conn.Write(b)
	conn.Close()
}

func joinLeaf(cfg Config) (Comm, error) {
	who := fmt.Sprintf("comm rank %d of %d", cfg.Rank, cfg.Size)
	deadline := time.Now().Add(cfg.Timeout)
	backoff := 10 * time.Millisecond
	var conn net.Conn
	for {
		d := net.Dialer{Deadline: deadline}
		c, err := d.Dial("tcp", cfg.Coordinator)
		if err == nil {
			conn = c
			break
		}
		if time.Now().Add(backoff).After(deadline) {
			return nil, kernelErr("%s: could not connect to rank 0 at %s within %v: %v (is rank 0 running, and listening on exactly this address?)",
				who, cfg.Coordinator, cfg.Timeout, err)
		}
		time.Sleep(backoff)
		backoff = min(2*backoff, 250*time.Millisecond)
	}
	setNoDelay(conn)
	remote := conn.RemoteAddr().String()
	fail := func(format string, args ...any) (Comm, error) {
		conn.Close()
		return nil, kernelErr("%s: %s", who, fmt.Sprintf(format, args...))
	}

	var b [helloLen]byte
	copy(b[:], helloMagic)
	binary.LittleEndian.PutUint32(b[len(helloMagic):], uint32(cfg.Rank))
	binary.LittleEndian.PutUint32(b[len(helloMagic)+4:], uint32(cfg.Size))
	// Rank 0 answers when all ranks have joined, or gives up after its
	// Timeout, which started no later than our connection succeeded.
	_ = conn.SetDeadline(time.Now().Add(cfg.Timeout + cfg.Timeout/8))
	if _, err := conn.Write(b[:]); err != nil {
		return fail("cannot introduce itself to rank 0 at %s: %s", remote, describeIOErr(err))
	}
	if _, err := io.ReadFull(conn, b[:]); err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return fail("rank 0 at %s did not confirm within %v that all %d processes joined", remote, cfg.Timeout, cfg.Size)
		}
		return fail("rank 0 at %s closed the connection during the handshake (%s); it failed or gave up", remote, describeIOErr(err))
	}
	if string(b[:len(helloMagic)]) != helloMagic {
		return fail("the process at %s is not rank 0 of a gonest simulation (answered %q)", remote, b[:len(helloMagic)])
	}
	if status := binary.LittleEndian.Uint32(b[len(helloMagic):]); status != 0 {
		n := binary.LittleEndian.Uint32(b[len(helloMagic)+4:])
		if n > maxMessageLen {
			return fail("rank 0 at %s refused the connection", remote)
		}
		msg := make([]byte, n)
		if _, err := io.ReadFull(conn, msg); err != nil {
			return fail("rank 0 at %s refused the connection", remote)
		}
		return fail("rank 0 at %s refused the connection: %s", remote, msg)
	}
	return newStar(cfg, []net.Conn{nil, conn}), nil
}

// peer is the connection to another rank.
type peer struct {
	rank int
	addr string
	conn net.Conn
	r    *bufio.Reader
	buf  []byte // payload received in the last collective
}

// star is the TCP communicator: rank 0 is the hub, every other rank has one
// connection, to rank 0.
type star struct {
	rank, size int
	timeout    time.Duration
	// wait is how long this rank waits in one collective: Timeout on rank
	// 0; 1.5 Timeout on the others, so that rank 0, which knows who failed,
	// can tell them before they give up.
	wait time.Duration
	// slack: deadlines are set to now+wait+slack and renewed only when less
	// than wait remains, which saves timer updates in the fast path.
	slack time.Duration
	// peers: on rank 0 indexed by rank (peers[0] == nil); elsewhere
	// peers[0] is rank 0.
	peers []*peer

	mu       sync.Mutex // held during collectives
	closed   atomic.Bool
	err      error  // sticky failure
	seq      uint32 // number of the current collective
	deadline time.Time
	hdr      [headerLen]byte
	out      []byte
	res      [][]byte
}

func newStar(cfg Config, conns []net.Conn) *star {
	s := &star{
		rank:    cfg.Rank,
		size:    cfg.Size,
		timeout: cfg.Timeout,
		wait:    cfg.Timeout,
		slack:   cfg.Timeout / 8,
		res:     make([][]byte, cfg.Size),
	}
	if cfg.Rank != 0 {
		s.wait += cfg.Timeout / 2
	}
	for r, conn := range conns {
		if conn == nil {
			if cfg.Rank == 0 {
				s.peers = append(s.peers, nil)
			}
			continue
		}
		setNoDelay(conn)
		_ = conn.SetDeadline(time.Time{})
		if cfg.Rank != 0 {
			r = 0
		}
		s.peers = append(s.peers, &peer{
			rank: r,
			addr: conn.RemoteAddr().String(),
			conn: conn,
			r:    bufio.NewReaderSize(conn, readBufferLen),
		})
	}
	return s
}

func (s *star) Rank() int { return s.rank }
func (s *star) Size() int { return s.size }

// Allgather implements Comm.
func (s *star) Allgather(buf []byte) ([][]byte, error) {
	return s.collective(opAllgather, buf)
}

// Barrier implements Comm.
func (s *star) Barrier() error {
	_, err := s.collective(opBarrier, nil)
	return err
}

func (s *star) errorf(format string, args ...any) error {
	return kernelErr("comm rank %d of %d: %s", s.rank, s.size, fmt.Sprintf(format, args...))
}

func (s *star) collective(op uint32, buf []byte) ([][]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	if s.closed.Load() {
		s.err = s.errorf("the communicator is closed")
		return nil, s.err
	}
	s.seq++
	if len(buf) > MaxBufferLen {
		return nil, s.fail(s.errorf("%s #%d: buffer of %d bytes exceeds the limit of %d bytes", opName(op), s.seq, len(buf), MaxBufferLen))
	}
	if now := time.Now(); s.deadline.Sub(now) < s.wait {
		s.deadline = now.Add(s.wait + s.slack)
		for _, p := range s.peers {
			if p != nil {
				_ = p.conn.SetDeadline(s.deadline)
			}
		}
	}
	if s.rank == 0 {
		return s.gatherRoot(op, buf)
	}
	return s.gatherLeaf(op, buf)
}

func (s *star) putHeader(b []byte, op uint32, n uint64) []byte {
	b = binary.LittleEndian.AppendUint32(b, frameTag|op)
	b = binary.LittleEndian.AppendUint32(b, s.seq)
	return binary.LittleEndian.AppendUint64(b, n)
}

// readHeader reads a frame header from p and returns its operation,
// sequence number and payload length.
func (s *star) readHeader(p *peer) (op, seq uint32, n uint64, err error) {
	if _, err = io.ReadFull(p.r, s.hdr[:]); err != nil {
		return
	}
	tag := binary.LittleEndian.Uint32(s.hdr[0:])
	seq = binary.LittleEndian.Uint32(s.hdr[4:])
	n = binary.LittleEndian.Uint64(s.hdr[8:])
	if tag&tagMask != frameTag {
		err = protoError(fmt.Sprintf("garbled frame header % x", s.hdr[:]))
		return
	}
	return tag &^ tagMask, seq, n, nil
}

// protoError is a violation of the wire protocol.
type protoError string

func (e protoError) Error() string { return string(e) }

func (p *peer) who() string { return fmt.Sprintf("rank %d (%s)", p.rank, p.addr) }

// ioErr describes a failed read from or write to p.
func (s *star) ioErr(op uint32, p *peer, reading bool, err error) error {
	if s.closed.Load() {
		return s.errorf("the communicator was closed during %s #%d", opName(op), s.seq)
	}
	who := p.who()
	switch {
	case !reading:
		return s.errorf("cannot send to %s in %s #%d: %s", who, opName(op), s.seq, describeIOErr(err))
	case errors.Is(err, os.ErrDeadlineExceeded) && s.rank == 0:
		return s.errorf("%s sent nothing within %v in %s #%d; it hangs, died without closing its connection, or made fewer collective calls",
			who, s.timeout, opName(op), s.seq)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return s.errorf("no reply from %s within %v in %s #%d; rank 0 or the network hangs",
			who, s.wait, opName(op), s.seq)
	case s.rank == 0:
		return s.errorf("lost the connection to %s in %s #%d: %s; the process died or closed its communicator",
			who, opName(op), s.seq, describeIOErr(err))
	}
	return s.errorf("lost the connection to %s in %s #%d: %s; rank 0 died or closed its communicator",
		who, opName(op), s.seq, describeIOErr(err))
}

// readErr describes a failed read of a frame from p.
func (s *star) readErr(op uint32, p *peer, err error) error {
	var pe protoError
	if errors.As(err, &pe) && !s.closed.Load() {
		return s.errorf("protocol error from %s in %s #%d: %v", p.who(), opName(op), s.seq, err)
	}
	return s.ioErr(op, p, true, err)
}

// mismatch describes a frame from rank p that does not belong to the
// collective op of rank 0.
func (s *star) mismatch(op uint32, p *peer, pop, seq uint32, n uint64) error {
	switch {
	case pop == opBye:
		return s.errorf("%s closed its communicator while rank 0 is in %s #%d; all processes must make the same collective calls",
			p.who(), opName(op), s.seq)
	case pop != op:
		return s.errorf("%s called %s while rank 0 called %s as collective #%d; all processes must make the same collective calls",
			p.who(), opName(pop), opName(op), s.seq)
	case seq != s.seq:
		return s.errorf("%s is at collective #%d while rank 0 is at #%d", p.who(), seq, s.seq)
	}
	return s.errorf("protocol error from %s in %s #%d: buffer length %d exceeds the limit of %d",
		p.who(), opName(op), s.seq, n, MaxBufferLen)
}

func (s *star) gatherRoot(op uint32, buf []byte) ([][]byte, error) {
	total := uint64(len(buf))
	for r := 1; r < s.size; r++ {
		p := s.peers[r]
		pop, seq, n, err := s.readHeader(p)
		if err != nil {
			return nil, s.fail(s.readErr(op, p, err))
		}
		if pop != op || seq != s.seq || n > MaxBufferLen {
			return nil, s.fail(s.mismatch(op, p, pop, seq, n))
		}
		if uint64(cap(p.buf)) < n {

			p.buf = make([]byte, n, n+n/4)
		}
		p.buf = p.buf[:n]
		if _, err := io.ReadFull(p.r, p.buf); err != nil {
			return nil, s.fail(s.ioErr(op, p, true, err))
		}
		s.res[r] = p.buf[:n:n]
		total += n
	}
	s.res[0] = buf[:len(buf):len(buf)]

	out := s.putHeader(s.out[:0], op, uint64(8*s.size)+total)
	for _, b := range s.res {
		out = binary.LittleEndian.AppendUint64(out, uint64(len(b)))
	}
	for _, b := range s.res {
		out = append(out, b...)
	}
	s.out = out
	for r := 1; r < s.size; r++ {
		p := s.peers[r]
		if _, err := p.conn.Write(out); err != nil {
			return nil, s.fail(s.ioErr(op, p, false, err))
		}
	}
	return s.res, nil
}

func (s *star) gatherLeaf(op uint32, buf []byte) ([][]byte, error) {
	p := s.peers[0]
	out := s.putHeader(s.out[:0], op, uint64(len(buf)))
	out = append(out, buf...)
	s.out = out
	if _, err := p.conn.Write(out); err != nil {
		// Rank 0 may have closed the connection after telling why.
		if !s.closed.Load() {
			_ = p.conn.SetReadDeadline(time.Now().Add(min(s.timeout, 100*time.Millisecond)))
			if pop, _, n, rerr := s.readHeader(p); rerr == nil && pop == opAbort {
				return nil, s.fail(s.aborted(op, p, n))
			}
		}
		return nil, s.fail(s.ioErr(op, p, false, err))
	}
	pop, seq, n, err := s.readHeader(p)
	if err != nil {
		return nil, s.fail(s.readErr(op, p, err))
	}
	switch {
	case pop == opAbort:
		return nil, s.fail(s.aborted(op, p, n))
	case pop == opBye:
		return nil, s.fail(s.errorf("rank 0 (%s) closed its communicator while rank %d is in %s #%d; all processes must make the same collective calls",
			p.addr, s.rank, opName(op), s.seq))
	case pop != op || seq != s.seq:
		return nil, s.fail(s.errorf("protocol error: rank 0 (%s) answered %s #%d to %s #%d", p.addr, opName(pop), seq, opName(op), s.seq))
	case n < uint64(8*s.size) || n-uint64(8*s.size) > uint64(s.size)*MaxBufferLen:
		return nil, s.fail(s.errorf("protocol error: rank 0 (%s) sent a payload of %d bytes in %s #%d", p.addr, n, opName(op), s.seq))
	}
	if uint64(cap(p.buf)) < n {
		p.buf = make([]byte, n, n+n/4)
	}
	p.buf = p.buf[:n]
	if _, err := io.ReadFull(p.r, p.buf); err != nil {
		return nil, s.fail(s.ioErr(op, p, true, err))
	}
	off := uint64(8 * s.size)
	for r := range s.res {
		l := binary.LittleEndian.Uint64(p.buf[8*r:])
		if l > n-off {
			return nil, s.fail(s.errorf("protocol error: rank 0 (%s) sent inconsistent lengths in %s #%d", p.addr, opName(op), s.seq))
		}
		s.res[r] = p.buf[off : off+l : off+l]
		off += l
	}
	if off != n {
		return nil, s.fail(s.errorf("protocol error: rank 0 (%s) sent inconsistent lengths in %s #%d", p.addr, opName(op), s.seq))
	}
	return s.res, nil
}

// aborted reads the reason of an abort frame with a payload of n bytes from
// rank 0 and returns the error to report.
func (s *star) aborted(op uint32, p *peer, n uint64) error {
	msg := "(no reason given)"
	if n <= maxMessageLen {
		b := make([]byte, n)
		if _, err := io.ReadFull(p.r, b); err == nil {
			msg = string(b)
		}
	}
	return s.errorf("rank 0 (%s) aborted %s #%d: %s", p.addr, opName(op), s.seq, msg)
}

// fail records err as the sticky error, tells the other ranks (rank 0) and
// closes the connections. s.mu must be held.
func (s *star) fail(err error) error {
	s.err = err
	if s.rank == 0 && !s.closed.Load() {
		msg := nesterr.Message(err)
		if len(msg) > maxMessageLen {
			msg = msg[:maxMessageLen]
		}
		b := s.putHeader(nil, opAbort, uint64(len(msg)))
		b = append(b, msg...)
		d := time.Now().Add(min(s.timeout, time.Second))
		for _, p := range s.peers {
			if p != nil {
				_ = p.conn.SetWriteDeadline(d)
				_, _ = p.conn.Write(b)
			}
		}
	}
	s.closeConns()
	return err
}

func (s *star) closeConns() {
	for _, p := range s.peers {
		if p != nil {
			p.conn.Close()
		}
	}
}

// Close implements Comm. It tells the other ranks (which then fail in their
// next collective if they were not finished) and closes the connections.
func (s *star) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	if !s.mu.TryLock() {
		// A collective is running in another goroutine: closing the
		// connections makes it fail.
		s.closeConns()
		return nil
	}
	defer s.mu.Unlock()
	if s.err == nil {
		b := s.putHeader(s.hdr[:0], opBye, 0)
		d := time.Now().Add(min(s.timeout, time.Second))
		for _, p := range s.peers {
			if p != nil {
				_ = p.conn.SetWriteDeadline(d)
				_, _ = p.conn.Write(b)
			}
		}
		s.err = s.errorf("the communicator is closed")
	}
	s.closeConns()
	return nil
}
