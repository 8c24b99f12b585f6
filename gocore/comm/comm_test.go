package comm

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestLocal(t *testing.T) {
	c := Local()
	if c.Rank() != 0 || c.Size() != 1 || c.Library() != "" {
		t.Fatalf("Local: rank %d size %d", c.Rank(), c.Size())
	}
	send, recv := []byte{1, 2, 3}, make([]byte, 3)
	if err := c.Alltoall(send, recv); err != nil || !bytes.Equal(recv, send) {
		t.Fatalf("Alltoall: %v %v", recv, err)
	}
	if err := c.Alltoall(send, recv[:2]); err == nil {
		t.Fatal("Alltoall with a short receive buffer succeeded")
	}
	recv = make([]byte, 3)
	if err := c.Allgather(send, recv); err != nil || !bytes.Equal(recv, send) {
		t.Fatalf("Allgather: %v %v", recv, err)
	}
	vals := []int64{5, -1}
	if err := c.AllreduceInt64(vals, OpSum); err != nil || vals[0] != 5 || vals[1] != -1 {
		t.Fatalf("AllreduceInt64: %v %v", vals, err)
	}
	if c.Barrier() != nil || c.Close() != nil || c.Barrier() != nil {
		t.Fatal("Local's Barrier or Close failed")
	}
}

func TestAllgatherLocal(t *testing.T) {
	parts, err := AllgatherInt64s(Local(), []int64{3, -4})
	if err != nil || fmt.Sprint(parts) != "[[3 -4]]" {
		t.Fatalf("AllgatherInt64s on Local: %v, %v", parts, err)
	}
}

func TestFromEnvWithoutLauncher(t *testing.T) {
	for _, v := range launcherVars {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	c, err := FromEnv()
	if err != nil || c.Size() != 1 {
		t.Fatalf("FromEnv without a launcher: %v, %v", c, err)
	}
}

// TestMPIJob runs TestMPIWorld under mpirun with 3 processes; it is
// skipped when mpirun is not installed, except in CI.
func TestMPIJob(t *testing.T) {
	mpirun, err := exec.LookPath("mpirun")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("mpirun is not installed (CI must install openmpi-bin)")
		}
		t.Skip("mpirun is not installed")
	}
	cmd := exec.Command(mpirun, "-np", "3", "--oversubscribe", os.Args[0], "-test.run", "^TestMPIWorld$", "-test.v")
	cmd.Env = append(os.Environ(), "GONEST_TEST_MPI_WORLD=1", "OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1",
		"OMPI_MCA_rmaps_base_oversubscribe=1")
	done := make(chan struct{})
	timer := time.AfterFunc(60*time.Second, func() { _ = cmd.Process.Kill(); close(done) })
	out, err := cmd.CombinedOutput()
	timer.Stop()
	if err != nil {
		t.Fatalf("mpirun: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "--- PASS: TestMPIWorld"); n != 3 {
		t.Fatalf("%d of 3 ranks passed:\n%s", n, out)
	}
}

// TestMPIWorld checks the collectives in one rank of an MPI job.
func TestMPIWorld(t *testing.T) {
	if os.Getenv("GONEST_TEST_MPI_WORLD") == "" {
		t.Skip("run by TestMPIJob under mpirun")
	}
	c, err := FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, n := c.Rank(), c.Size()
	if n != 3 || r < 0 || r >= n || !strings.Contains(c.Library(), "Open MPI") {
		t.Fatalf("rank %d of %d, library %q", r, n, c.Library())
	}
	// Block d of rank r holds 10*r+d, four bytes per block.
	send, recv := make([]byte, 4*n), make([]byte, 4*n)
	for d := range n {
		binary.LittleEndian.PutUint32(send[4*d:], uint32(10*r+d))
	}
	if err := c.Alltoall(send, recv); err != nil {
		t.Fatal(err)
	}
	for s := range n {
		if got := binary.LittleEndian.Uint32(recv[4*s:]); got != uint32(10*s+r) {
			t.Errorf("Alltoall: block from rank %d is %d, want %d", s, got, 10*s+r)
		}
	}
	all := make([]byte, 2*n)
	if err := c.Allgather([]byte{byte(r), byte(2 * r)}, all); err != nil {
		t.Fatal(err)
	}
	if want := []byte{0, 0, 1, 2, 2, 4}; !bytes.Equal(all, want) {
		t.Errorf("Allgather: %v, want %v", all, want)
	}
	// Rank r sends r values r, r, ...: lengths 0, 1, 2.
	vals := make([]int64, r)
	for i := range vals {
		vals[i] = int64(r)
	}
	parts, err := AllgatherInt64s(c, vals)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(parts) != "[[] [1] [2 2]]" {
		t.Errorf("AllgatherInt64s: %v, want [[] [1] [2 2]]", parts)
	}
	// In the same order on every rank: collectives must match.
	for _, tc := range []struct {
		op   Op
		want [2]int64
	}{{OpMin, [2]int64{-2, 7}}, {OpMax, [2]int64{0, 7}}, {OpSum, [2]int64{-3, 21}}} {
		v := []int64{int64(-r), 7}
		if err := c.AllreduceInt64(v, tc.op); err != nil {
			t.Fatal(err)
		}
		if v[0] != tc.want[0] || v[1] != tc.want[1] {
			t.Errorf("Allreduce op %d: %v, want %v", tc.op, v, tc.want)
		}
	}
	if err := c.Barrier(); err != nil {
		t.Fatal(err)
	}
	if err := c.Alltoall(make([]byte, 6), make([]byte, 3)); err == nil {
		t.Error("Alltoall with mismatched buffers succeeded")
	}
	fmt.Printf("rank %d of %d on %s\n", r, n, c.(*MPI).ProcessorName())
}
