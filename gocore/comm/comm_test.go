package comm

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonest/gonest/gocore/nesterr"
)

// group starts size ranks in this process, connected over loopback, and
// closes them when the test ends.
func group(tb testing.TB, size int, timeout time.Duration) []Comm {
	tb.Helper()
	if size == 1 {
		c, err := Join(Config{Rank: 0, Size: 1, Timeout: timeout})
		if err != nil {
			tb.Fatal(err)
		}
		return []Comm{c}
	}
	co, err := Listen(Config{Rank: 0, Size: size, Coordinator: "127.0.0.1:0", Timeout: timeout})
	if err != nil {
		tb.Fatal(err)
	}
	comms := make([]Comm, size)
	errs := make([]error, size)
	var wg sync.WaitGroup
	for r := 1; r < size; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			comms[r], errs[r] = Join(Config{Rank: r, Size: size, Coordinator: co.Addr(), Timeout: timeout})
		}()
	}
	comms[0], errs[0] = co.Accept()
	wg.Wait()
	for r, err := range errs {
		if err != nil {
			tb.Fatalf("rank %d: %v", r, err)
		}
	}
	tb.Cleanup(func() {
		for _, c := range comms {
			c.Close()
		}
	})
	return comms
}

// runAll runs f for every rank in its own goroutine and returns the errors.
func runAll(comms []Comm, f func(c Comm) error) []error {
	errs := make([]error, len(comms))
	var wg sync.WaitGroup
	for r, c := range comms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[r] = f(c)
		}()
	}
	wg.Wait()
	return errs
}

// payload is the buffer of rank r in round i: its length varies, and is
// zero now and then.
func payload(dst []byte, r, i int) []byte {
	n := (r*37 + i*11) % 300
	if (i+r)%7 == 0 {
		n = 0
	}
	dst = dst[:0]
	for k := 0; k < n; k++ {
		dst = append(dst, byte(r*31+i*7+k))
	}
	return dst
}

func TestLocal(t *testing.T) {
	c := Local()
	if c.Rank() != 0 || c.Size() != 1 {
		t.Fatalf("Local: rank %d size %d", c.Rank(), c.Size())
	}
	buf := []byte("spikes")
	got, err := c.Allgather(buf)
	if err != nil || len(got) != 1 || !bytes.Equal(got[0], buf) {
		t.Fatalf("Allgather = %q, %v", got, err)
	}
	if err := c.Barrier(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestAllgather(t *testing.T) {
	for _, size := range []int{1, 2, 4} {
		t.Run(fmt.Sprint("size", size), func(t *testing.T) {
			comms := group(t, size, 10*time.Second)
			const rounds = 2000
			errs := runAll(comms, func(c Comm) error {
				if c.Size() != size {
					return fmt.Errorf("Size() = %d", c.Size())
				}
				var mine, want []byte
				for i := 0; i < rounds; i++ {
					mine = payload(mine, c.Rank(), i)
					got, err := c.Allgather(mine)
					if err != nil {
						return err
					}
					if len(got) != size {
						return fmt.Errorf("round %d: %d buffers", i, len(got))
					}
					for r := range got {
						want = payload(want, r, i)
						if !bytes.Equal(got[r], want) {
							return fmt.Errorf("round %d: buffer of rank %d has %d bytes %v..., want %d bytes",
								i, r, len(got[r]), got[r][:min(4, len(got[r]))], len(want))
						}
					}
					if i%500 == 0 {
						if err := c.Barrier(); err != nil {
							return err
						}
					}
				}
				return nil
			})
			for r, err := range errs {
				if err != nil {
					t.Errorf("rank %d: %v", r, err)
				}
			}
		})
	}
}

func TestAllgatherLargeBuffers(t *testing.T) {
	comms := group(t, 3, 10*time.Second)
	errs := runAll(comms, func(c Comm) error {
		for _, n := range []int{0, 1 << 20, 3 << 20, 100, 0} {
			buf := bytes.Repeat([]byte{byte(c.Rank() + 1)}, n+c.Rank())
			got, err := c.Allgather(buf)
			if err != nil {
				return err
			}
			for r, b := range got {
				if !bytes.Equal(b, bytes.Repeat([]byte{byte(r + 1)}, n+r)) {
					return fmt.Errorf("n=%d: wrong buffer from rank %d (%d bytes)", n, r, len(b))
				}
			}
		}
		return nil
	})
	for r, err := range errs {
		if err != nil {
			t.Errorf("rank %d: %v", r, err)
		}
	}
}

// The returned slices must not overlap: appending to one may not clobber
// the next.
func TestAllgatherResultCapacity(t *testing.T) {
	comms := group(t, 2, 10*time.Second)
	runAll(comms, func(c Comm) error {
		got, err := c.Allgather([]byte{byte(c.Rank()), 9})
		if err != nil {
			t.Error(err)
			return err
		}
		for r, b := range got {
			if cap(b) != len(b) {
				t.Errorf("rank %d: result %d has len %d cap %d", c.Rank(), r, len(b), cap(b))
			}
		}
		return nil
	})
}

func TestBarrier(t *testing.T) {
	comms := group(t, 4, 10*time.Second)
	var mu sync.Mutex
	arrived := 0
	errs := runAll(comms, func(c Comm) error {
		time.Sleep(time.Duration(c.Rank()) * 20 * time.Millisecond)
		mu.Lock()
		arrived++
		mu.Unlock()
		if err := c.Barrier(); err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		if arrived != 4 {
			return fmt.Errorf("left the barrier when only %d had arrived", arrived)
		}
		return nil
	})
	for r, err := range errs {
		if err != nil {
			t.Errorf("rank %d: %v", r, err)
		}
	}
}

// checkFailed asserts that every error is a KernelException that arrived in
// time and contains one of the phrases.
func checkFailed(t *testing.T, errs []error, start time.Time, limit time.Duration, skip int, phrases ...string) {
	t.Helper()
	if el := time.Since(start); el > limit {
		t.Errorf("failure took %v, want < %v", el, limit)
	}
	for r, err := range errs {
		if r == skip {
			continue
		}
		if err == nil {
			t.Errorf("rank %d: no error", r)
			continue
		}
		if !errors.Is(err, nesterr.ErrKernelException) {
			t.Errorf("rank %d: %v is not a KernelException", r, err)
		}
		ok := false
		for _, p := range phrases {
			ok = ok || strings.Contains(err.Error(), p)
		}
		if !ok {
			t.Errorf("rank %d: error %q mentions none of %q", r, err, phrases)
		}
		t.Logf("rank %d: %v", r, err)
	}
}

// A process that closes its communicator early makes the next collective of
// all others fail, naming it.
func TestPeerClosesMidRun(t *testing.T) {
	for _, quitter := range []int{0, 1, 3} {
		t.Run(fmt.Sprint("rank", quitter), func(t *testing.T) {
			timeout := 2 * time.Second
			comms := group(t, 4, timeout)
			start := time.Now()
			errs := runAll(comms, func(c Comm) error {
				for i := 0; i < 50; i++ {
					if c.Rank() == quitter && i == 10 {
						return c.Close()
					}
					if _, err := c.Allgather([]byte{byte(i)}); err != nil {
						if i != 10 {
							return fmt.Errorf("round %d: %w", i, err)
						}
						return err
					}
				}
				return nil
			})
			want := fmt.Sprintf("rank %d", quitter)
			checkFailed(t, errs, start, timeout/2, quitter, want+" (127.0.0.1", "closed its communicator")
			// Later calls fail at once with the same error.
			for r, c := range comms {
				if r == quitter {
					continue
				}
				if _, err := c.Allgather(nil); err == nil || err.Error() != errs[r].Error() {
					t.Errorf("rank %d: later Allgather returned %v", r, err)
				}
			}
		})
	}
}

// A process whose connection breaks without a goodbye (as when it is
// killed) makes the others fail at once.
func TestPeerDies(t *testing.T) {
	for _, victim := range []int{0, 2} {
		t.Run(fmt.Sprint("rank", victim), func(t *testing.T) {
			timeout := 2 * time.Second
			comms := group(t, 3, timeout)
			start := time.Now()
			errs := runAll(comms, func(c Comm) error {
				for i := 0; i < 50; i++ {
					if c.Rank() == victim && i == 5 {
						for _, p := range c.(*star).peers {
							if p != nil {
								p.conn.(*net.TCPConn).SetLinger(0) // RST, like a crash
								p.conn.Close()
							}
						}
						return nil
					}
					if _, err := c.Allgather([]byte{byte(i)}); err != nil {
						return err
					}
				}
				return nil
			})
			checkFailed(t, errs, start, timeout/2, victim, fmt.Sprintf("rank %d (127.0.0.1", victim), "lost the connection")
		})
	}
}

// A process that stops calling collectives makes the others fail after the
// timeout, and rank 0 tells the others who hangs.
func TestPeerHangs(t *testing.T) {
	timeout := 300 * time.Millisecond
	comms := group(t, 4, timeout)
	start := time.Now()
	release := make(chan struct{})
	errs := runAll(comms, func(c Comm) error {
		for i := 0; i < 10; i++ {
			if c.Rank() == 2 && i == 3 {
				<-release
				return nil
			}
			if _, err := c.Allgather([]byte{byte(i)}); err != nil {
				if c.Rank() == 3 {
					close(release)
				}
				return err
			}
		}
		return nil
	})
	checkFailed(t, errs, start, 2*timeout+time.Second, 2, "rank 2 (127.0.0.1")
	if el := time.Since(start); el < timeout {
		t.Errorf("gave up after %v, before the timeout %v", el, timeout)
	}
}

func TestRankZeroHangs(t *testing.T) {
	timeout := 300 * time.Millisecond
	comms := group(t, 3, timeout)
	start := time.Now()
	errs := runAll(comms[1:], func(c Comm) error {
		_, err := c.Allgather([]byte{1})
		return err
	})
	checkFailed(t, errs, start, 2*timeout+time.Second, -1, "no reply from rank 0")
}

func TestMismatchedCollectives(t *testing.T) {
	comms := group(t, 3, 2*time.Second)
	start := time.Now()
	errs := runAll(comms, func(c Comm) error {
		if c.Rank() == 1 {
			return c.Barrier()
		}
		_, err := c.Allgather([]byte("x"))
		return err
	})
	checkFailed(t, errs, start, time.Second, -1, "rank 1 (127.0.0.1:", "called Barrier while rank 0 called Allgather")
}

func TestCloseUnblocksCollective(t *testing.T) {
	comms := group(t, 2, 5*time.Second)
	done := make(chan error)
	go func() {
		_, err := comms[1].Allgather([]byte{1}) // rank 0 never answers
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	if err := comms[1].Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "closed") {
			t.Errorf("Allgather after Close: %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Close did not unblock Allgather")
	}
	t.Logf("unblocked after %v", time.Since(start))
	if err := comms[1].Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := comms[1].Allgather(nil); err == nil {
		t.Error("Allgather after Close succeeded")
	}
}

func TestJoinErrors(t *testing.T) {
	for _, cfg := range []Config{{Rank: 0, Size: 0}, {Rank: 2, Size: 2}, {Rank: -1, Size: 2}, {Rank: 0, Size: 2, Timeout: -1}} {
		if _, err := Join(cfg); !errors.Is(err, nesterr.ErrBadParameter) {
			t.Errorf("Join(%+v) = %v, want BadParameter", cfg, err)
		}
	}
	// Nobody listens.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	start := time.Now()
	_, err = Join(Config{Rank: 1, Size: 2, Coordinator: addr, Timeout: 200 * time.Millisecond})
	if !errors.Is(err, nesterr.ErrKernelException) || !strings.Contains(err.Error(), addr) {
		t.Errorf("Join without rank 0 = %v", err)
	}
	if el := time.Since(start); el < 150*time.Millisecond || el > time.Second {
		t.Errorf("Join without rank 0 gave up after %v", el)
	}
	// Rank 0 alone: names the missing ranks.
	_, err = Join(Config{Rank: 0, Size: 3, Coordinator: "127.0.0.1:0", Timeout: 100 * time.Millisecond})
	if !errors.Is(err, nesterr.ErrKernelException) || !strings.Contains(err.Error(), "missing ranks [1 2]") {
		t.Errorf("Join of lonely rank 0 = %v", err)
	}
}

func TestHandshakeRejects(t *testing.T) {
	t.Run("duplicate", func(t *testing.T) {
		co, err := Listen(Config{Size: 3, Coordinator: "127.0.0.1:0", Timeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var c Comm
				c, errs[i] = Join(Config{Rank: 1, Size: 3, Coordinator: co.Addr(), Timeout: 2 * time.Second})
				if c != nil {
					c.Close()
				}
			}()
		}
		_, err = co.Accept()
		wg.Wait()
		if err == nil || !strings.Contains(err.Error(), "rank 1 joined twice") {
			t.Errorf("Accept = %v", err)
		}
		for i, e := range errs {
			if e == nil || !strings.Contains(e.Error(), "joined twice") {
				t.Errorf("joiner %d: %v", i, e)
			}
		}
	})
	t.Run("size", func(t *testing.T) {
		co, err := Listen(Config{Size: 2, Coordinator: "127.0.0.1:0", Timeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		var jerr error
		done := make(chan struct{})
		go func() {
			_, jerr = Join(Config{Rank: 1, Size: 3, Coordinator: co.Addr(), Timeout: 2 * time.Second})
			close(done)
		}()
		_, err = co.Accept()
		<-done
		if err == nil || !strings.Contains(err.Error(), "same size") {
			t.Errorf("Accept = %v", err)
		}
		if jerr == nil || !strings.Contains(jerr.Error(), "refused") || !strings.Contains(jerr.Error(), "same size") {
			t.Errorf("Join = %v", jerr)
		}
	})
	t.Run("stray", func(t *testing.T) {
		// A connection that does not speak the protocol is dropped; the
		// real rank still joins.
		co, err := Listen(Config{Size: 2, Coordinator: "127.0.0.1:0", Timeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		stray, err := net.Dial("tcp", co.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer stray.Close()
		stray.Write([]byte("GET / HTTP/1.0\r\n\r\n"))
		silent, err := net.Dial("tcp", co.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer silent.Close()
		var c1 Comm
		var jerr error
		done := make(chan struct{})
		go func() {
			c1, jerr = Join(Config{Rank: 1, Size: 2, Coordinator: co.Addr(), Timeout: 2 * time.Second})
			close(done)
		}()
		c0, err := co.Accept()
		<-done
		if err != nil || jerr != nil {
			t.Fatalf("Accept = %v, Join = %v", err, jerr)
		}
		defer c0.Close()
		defer c1.Close()
		errs := runAll([]Comm{c0, c1}, func(c Comm) error { return c.Barrier() })
		for r, err := range errs {
			if err != nil {
				t.Errorf("rank %d: %v", r, err)
			}
		}
	})
}

// Rank 0 stops listening once everybody has joined.
func TestListenerClosedAfterAccept(t *testing.T) {
	co, err := Listen(Config{Size: 2, Coordinator: "127.0.0.1:0", Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	addr := co.Addr()
	done := make(chan Comm)
	go func() {
		c, err := Join(Config{Rank: 1, Size: 2, Coordinator: addr, Timeout: 2 * time.Second})
		if err != nil {
			t.Error(err)
		}
		done <- c
	}()
	c0, err := co.Accept()
	if err != nil {
		t.Fatal(err)
	}
	c1 := <-done
	defer c0.Close()
	if c1 != nil {
		defer c1.Close()
	}
	if conn, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		conn.Close()
		t.Errorf("%s still accepts connections after Accept", addr)
	}
	if _, err := co.Accept(); err == nil {
		t.Error("second Accept succeeded")
	}
}

// In steady state a collective allocates nothing.
func TestAllgatherAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	comms := group(t, 3, 10*time.Second)
	bufs := [][]byte{make([]byte, 1024), make([]byte, 512), make([]byte, 0)}
	round := func(n int) {
		runAll(comms, func(c Comm) error {
			for i := 0; i < n; i++ {
				if _, err := c.Allgather(bufs[c.Rank()]); err != nil {
					t.Error(err)
					return err
				}
			}
			return nil
		})
	}
	round(100)
	const n = 2000
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	round(n)
	runtime.ReadMemStats(&after)
	// runAll itself allocates a few objects; the runtime some more.
	if per := float64(after.Mallocs-before.Mallocs) / n; per > 0.1 {
		t.Errorf("%.2f allocations per collective (all ranks together), want ~0", per)
	}
}

func TestConfigFromEnv(t *testing.T) {
	vars := []string{EnvRank, EnvSize, EnvCoordinator, EnvTimeout, envOMPIRank, envOMPISize, envPMIRank, envPMISize}
	clear := func(t *testing.T) {
		for _, v := range vars {
			t.Setenv(v, "") // restores the value when the test ends
		}
		for _, v := range vars {
			os.Unsetenv(v)
		}
	}
	type env map[string]string
	cases := []struct {
		name string
		env  env
		ok   bool
		want Config
		err  string
	}{
		{"none", env{}, false, Config{}, ""},
		{"gonest", env{EnvRank: "2", EnvSize: "4", EnvCoordinator: "10.0.0.1:5000", EnvTimeout: "2.5"}, true,
			Config{Rank: 2, Size: 4, Coordinator: "10.0.0.1:5000", Timeout: 2500 * time.Millisecond}, ""},
		{"defaults", env{EnvRank: "0", EnvSize: "1"}, true, Config{Rank: 0, Size: 1, Coordinator: "127.0.0.1:47017", Timeout: 60 * time.Second}, ""},
		{"openmpi", env{envOMPIRank: "1", envOMPISize: "2", envPMIRank: "0", envPMISize: "9"}, true,
			Config{Rank: 1, Size: 2, Coordinator: DefaultCoordinator, Timeout: DefaultTimeout}, ""},
		{"mpich", env{envPMIRank: "3", envPMISize: "8", EnvCoordinator: "node1:6000"}, true,
			Config{Rank: 3, Size: 8, Coordinator: "node1:6000", Timeout: DefaultTimeout}, ""},
		{"gonest wins", env{EnvRank: "0", EnvSize: "2", envOMPIRank: "1", envOMPISize: "2"}, true,
			Config{Rank: 0, Size: 2, Coordinator: DefaultCoordinator, Timeout: DefaultTimeout}, ""},
		{"rank only", env{EnvRank: "1"}, false, Config{}, "GONEST_SIZE is not"},
		{"bad rank", env{EnvRank: "one", EnvSize: "2"}, false, Config{}, "GONEST_RANK must be an integer"},
		{"rank too big", env{envOMPIRank: "2", envOMPISize: "2"}, false, Config{}, "OMPI_COMM_WORLD_RANK=2"},
		{"bad timeout", env{EnvRank: "0", EnvSize: "2", EnvTimeout: "-3"}, false, Config{}, "GONEST_TIMEOUT"},
		{"zero timeout", env{EnvRank: "0", EnvSize: "2", EnvTimeout: "0"}, false, Config{}, "GONEST_TIMEOUT"},
		{"tiny timeout", env{EnvRank: "0", EnvSize: "2", EnvTimeout: "1e-12"}, false, Config{}, "GONEST_TIMEOUT"},
		{"nan timeout", env{EnvRank: "0", EnvSize: "2", EnvTimeout: "NaN"}, false, Config{}, "GONEST_TIMEOUT"},
		{"inf timeout", env{EnvRank: "0", EnvSize: "2", EnvTimeout: "+Inf"}, false, Config{}, "GONEST_TIMEOUT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clear(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			cfg, ok, err := ConfigFromEnv()
			if tc.err != "" {
				if !errors.Is(err, nesterr.ErrBadParameter) || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("err = %v, want BadParameter containing %q", err, tc.err)
				}
				if _, ferr := FromEnv(); ferr == nil {
					t.Error("FromEnv succeeded")
				}
				return
			}
			if err != nil || ok != tc.ok || cfg != tc.want {
				t.Errorf("ConfigFromEnv() = %+v, %v, %v; want %+v, %v", cfg, ok, err, tc.want, tc.ok)
			}
		})
	}
	t.Run("FromEnv local", func(t *testing.T) {
		clear(t)
		c, err := FromEnv()
		if err != nil || c.Size() != 1 || c.Rank() != 0 {
			t.Fatalf("FromEnv() = %v, %v", c, err)
		}
		t.Setenv(envPMIRank, "0")
		t.Setenv(envPMISize, "1")
		if c, err = FromEnv(); err != nil || c.Size() != 1 {
			t.Fatalf("FromEnv() with PMI_SIZE=1 = %v, %v", c, err)
		}
	})
	t.Run("FromEnv distributed", func(t *testing.T) {
		clear(t)
		co, err := Listen(Config{Size: 2, Coordinator: "127.0.0.1:0", Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Setenv(envOMPIRank, "1")
		t.Setenv(envOMPISize, "2")
		t.Setenv(EnvCoordinator, co.Addr())
		t.Setenv(EnvTimeout, "5")
		done := make(chan Comm, 1)
		go func() {
			c, err := co.Accept()
			if err != nil {
				t.Error(err)
			}
			done <- c
		}()
		c1, err := FromEnv()
		c0 := <-done
		if err != nil || c0 == nil {
			t.Fatalf("FromEnv: %v", err)
		}
		defer c0.Close()
		defer c1.Close()
		if c1.Rank() != 1 || c1.Size() != 2 {
			t.Errorf("rank %d size %d", c1.Rank(), c1.Size())
		}
		errs := runAll([]Comm{c0, c1}, func(c Comm) error { return c.Barrier() })
		for r, err := range errs {
			if err != nil {
				t.Errorf("rank %d: %v", r, err)
			}
		}
	})
}
