package comm

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// When GONEST_TEST_HELPER is set, this test binary acts as one rank of a
// simulation: it joins through FromEnv, checks 300 Allgather rounds and
// exits; with GONEST_TEST_EXIT_AT=k it exits abruptly before round k.
func TestHelperProcess(t *testing.T) {
	if os.Getenv("GONEST_TEST_HELPER") == "" {
		t.Skip("helper for TestProcesses")
	}
	exitAt, _ := strconv.Atoi(os.Getenv("GONEST_TEST_EXIT_AT"))
	c, err := FromEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, "HELPER ERROR:", err)
		os.Exit(1)
	}
	var mine, want []byte
	for i := 0; i < 300; i++ {
		if i == exitAt && exitAt > 0 {
			os.Exit(3) // no Close: the connections die with the process
		}
		mine = payload(mine, c.Rank(), i)
		got, err := c.Allgather(mine)
		if err != nil {
			fmt.Fprintln(os.Stderr, "HELPER ERROR:", err)
			os.Exit(1)
		}
		for r := range got {
			if want = payload(want, r, i); !bytes.Equal(got[r], want) {
				fmt.Fprintf(os.Stderr, "HELPER ERROR: round %d: wrong buffer from rank %d\n", i, r)
				os.Exit(1)
			}
		}
	}
	if err := c.Barrier(); err != nil {
		fmt.Fprintln(os.Stderr, "HELPER ERROR:", err)
		os.Exit(1)
	}
	c.Close()
	os.Exit(0)
}

// TestProcesses runs rank 0 in this process and ranks 1 and 2 as child
// processes, first to the end, then with rank 2 exiting mid-run.
func TestProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	for _, exitAt := range []int{0, 100} {
		t.Run(fmt.Sprint("exitAt", exitAt), func(t *testing.T) {
			const size = 3
			co, err := Listen(Config{Size: size, Coordinator: "127.0.0.1:0", Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			cmds := make([]*exec.Cmd, size)
			outs := make([]*bytes.Buffer, size)
			for r := 1; r < size; r++ {
				cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
				cmd.Env = append(os.Environ(), "GONEST_TEST_HELPER=1",
					"GONEST_RANK="+strconv.Itoa(r), "GONEST_SIZE="+strconv.Itoa(size),
					"GONEST_COORDINATOR="+co.Addr(), "GONEST_TIMEOUT=5")
				if r == 2 && exitAt > 0 {
					cmd.Env = append(cmd.Env, "GONEST_TEST_EXIT_AT="+strconv.Itoa(exitAt))
				}
				outs[r] = new(bytes.Buffer)
				cmd.Stderr = outs[r]
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				cmds[r] = cmd
			}
			c, err := co.Accept()
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			start := time.Now()
			var runErr error
			var mine, want []byte
			for i := 0; i < 300 && runErr == nil; i++ {
				mine = payload(mine, 0, i)
				var got [][]byte
				if got, runErr = c.Allgather(mine); runErr != nil {
					break
				}
				for r := range got {
					if want = payload(want, r, i); !bytes.Equal(got[r], want) {
						t.Fatalf("round %d: wrong buffer from rank %d", i, r)
					}
				}
			}
			if runErr == nil {
				runErr = c.Barrier()
			}
			for r := 1; r < size; r++ {
				err := cmds[r].Wait()
				t.Logf("rank %d: exit %v, stderr %q", r, err, lastLine(outs[r].String()))
				switch {
				case exitAt == 0 && err != nil:
					t.Errorf("rank %d failed: %v\n%s", r, err, outs[r])
				case exitAt > 0 && r == 1 && !strings.Contains(outs[r].String(), "rank 2 (127.0.0.1:"):
					t.Errorf("rank 1 does not name rank 2 as the culprit: %s", outs[r])
				}
			}
			t.Logf("rank 0: %v", runErr)
			if exitAt == 0 && runErr != nil {
				t.Fatal(runErr)
			}
			if exitAt > 0 {
				if runErr == nil || !strings.Contains(runErr.Error(), "rank 2 (127.0.0.1:") {
					t.Errorf("rank 0: %v, want an error naming rank 2", runErr)
				}
				if el := time.Since(start); el > 2*time.Second {
					t.Errorf("failure took %v", el)
				}
			}
		})
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
