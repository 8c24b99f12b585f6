"""Requests that cannot fit in memory raise MemoryError instead of killing Python (issue #13).

Go cannot recover from running out of memory: the runtime aborts the
process. gonest estimates every allocation whose size the user controls
and refuses it before anything changes. These tests run in a subprocess
whose address space is limited with ``resource.setrlimit(RLIMIT_AS)``, so
that a missing check shows as a dead subprocess, not as a dead test run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import nest
import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS and /proc are Linux's")

# Address space the subprocess may use beyond what it holds after import.
HEADROOM = 3 << 30

_CHILD = textwrap.dedent(
    """
    import json, resource, sys

    def vm_size():
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024

    import nest
    limit = vm_size() + int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    def network():
        return (nest.network_size, nest.num_connections, nest.local_num_threads, nest.resolution)

    def run_seed():
        nest.ResetKernel()
        n = nest.Create("iaf_psc_alpha", 2, {"I_e": 400.0})
        sr = nest.Create("spike_recorder")
        nest.Connect(n[0], n[1], syn_spec={"weight": 500.0})
        nest.Connect(n, sr)
        nest.Simulate(200.0)
        return [float(t) for t in sr.get("events", "times")]

    fresh = run_seed()
    results = {}
    def attempt(name, fn, setup=None):
        nest.ResetKernel()
        pre = nest.Create("iaf_psc_alpha", 10)
        if setup is not None:
            pre = setup()
        before = network()
        try:
            fn(pre)
            results[name] = ["no error", None]
        except BaseException as exc:
            results[name] = [type(exc).__name__, str(exc), isinstance(exc, MemoryError), network() == before]

    big = 40_000
    attempt("create_1e12", lambda pre: nest.Create("iaf_psc_alpha", 10**12))
    attempt("create_1e12_bad_params", lambda pre: nest.Create("iaf_psc_alpha", 10**12, {"C_m": -1.0}))
    attempt("threads_2_31", lambda pre: nest.set(local_num_threads=2**31), nest.ResetKernel)
    attempt("all_to_all_40000", lambda many: nest.Connect(many, many), lambda: nest.Create("iaf_psc_alpha", big))
    attempt("indegree_1e10", lambda pre: nest.Connect(pre, pre, {"rule": "fixed_indegree", "indegree": 10**9}))
    attempt("total_1e11", lambda pre: nest.Connect(pre, pre, {"rule": "fixed_total_number", "N": 10**11}))
    def two_thousand():
        many = nest.Create("iaf_psc_alpha", 2000)
        nest.Connect(many[0], many[1], syn_spec={"delay": 1.0e6})
        return many
    attempt("ring_buffers", lambda many: nest.Simulate(1.0), two_thousand)
    results["same_as_fresh"] = run_seed() == fresh
    print("RESULT " + json.dumps(results))
    """
)


@pytest.fixture(scope="module")
def limited_results():
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(HEADROOM)],
        check=False,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, f"the process died (rc {proc.returncode}):\n{proc.stderr[-3000:]}"
    line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT ") :])


@pytest.mark.parametrize(
    "case",
    ["create_1e12", "create_1e12_bad_params", "all_to_all_40000", "indegree_1e10", "total_1e11", "ring_buffers"],
)
def test_too_big_raises_memory_error_and_changes_nothing(limited_results, case):
    name, message, is_memory_error, unchanged = limited_results[case]
    assert is_memory_error, f"{case}: {name}: {message}"
    assert name == "MemoryError"
    assert "memory" in message and "goroutine" not in message
    assert unchanged, f"{case} changed the network"


def test_threads_beyond_any_machine_are_refused(limited_results):
    name, message, _, unchanged = limited_results["threads_2_31"]
    assert name == "BadProperty", message
    assert unchanged


def test_valid_simulation_afterwards_matches_a_fresh_kernel(limited_results):
    assert limited_results["same_as_fresh"]


def test_memory_limit_key_caps_requests(kernel):
    """The kernel property memory_limit (bytes; gonest's own) is a stricter cap."""
    assert nest.memory_limit == 0
    nest.memory_limit = 512 << 20
    pre = nest.Create("iaf_psc_alpha", 100)
    with pytest.raises(MemoryError) as info:
        nest.Connect(pre, pre, {"rule": "fixed_indegree", "indegree": 10**6})
    assert isinstance(info.value, nest.NESTErrors.MemoryError)
    assert "memory_limit" in str(info.value)
    assert nest.num_connections == 0
    nest.Connect(pre, pre, {"rule": "fixed_indegree", "indegree": 10})
    assert nest.num_connections == 1000
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.memory_limit = -1
    nest.ResetKernel()
    assert nest.memory_limit == 0


@pytest.mark.skipif(not hasattr(signal, "SIGINT"), reason="needs SIGINT")
def test_ctrl_c_stops_a_long_connect_with_nothing_connected(kernel):
    # 2e4 x 2e4 = 4e8 pairs to check: tens of seconds of work, few
    # connections (so the memory check lets it through).
    pop = nest.Create("iaf_psc_alpha", 20_000)
    timer = threading.Timer(0.5, os.kill, args=(os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            nest.Connect(pop, pop, {"rule": "pairwise_bernoulli", "p": 1e-6})
    finally:
        timer.cancel()
    assert time.monotonic() - start < 10.0, "Connect did not stop promptly"
    assert nest.num_connections == 0
    # The kernel is usable, and the next Connect is as on a fresh kernel.
    nest.Connect(pop[:10], pop[:10], {"rule": "one_to_one"})
    assert nest.num_connections == 10


@pytest.mark.skipif(not hasattr(signal, "SIGINT"), reason="needs SIGINT")
def test_ctrl_c_stops_a_long_create(kernel):
    # Millions of nodes: seconds of work. The largest count the memory
    # check lets through on this machine is used.
    for n in (10_000_000, 3_000_000, 1_000_000):
        timer = threading.Timer(0.3, os.kill, args=(os.getpid(), signal.SIGINT))
        timer.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                nest.Create("parrot_neuron", n)
            break
        except MemoryError:
            continue
        finally:
            timer.cancel()
    else:
        pytest.skip("this machine has too little memory for the test's Create")
    assert nest.network_size == 0
    assert nest.Create("iaf_psc_alpha").global_id == 1
