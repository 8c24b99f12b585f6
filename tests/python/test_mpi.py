"""Distributed runs under ``mpirun``, as NEST's: the same spikes for every split
of the virtual processes, recorder files per virtual process, failures end the job.

Every test starts one or two short jobs (``mpirun -np 2`` or ``3``, with
``--oversubscribe`` for the 2 cores of CI) and compares what the ranks
wrote. They are skipped when mpirun is missing, except in CI.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import mpirun
import pytest

BRUNEL = textwrap.dedent(
    """
    # A small Brunel network (brunel_delta_nest): random fixed-indegree
    # connectivity and one Poisson generator drawing per target.
    import json, sys
    import nest

    threads, out = int(sys.argv[1]), sys.argv[2]
    nest.set(local_num_threads=threads, resolution=0.1, rng_seed=12345)
    order = 50
    NE, NI = 4 * order, order
    CE, CI = NE // 10, NI // 10
    J, g, eta, delay, tau_m, V_th = 0.1, 5.0, 2.0, 1.5, 20.0, 20.0
    p_rate = 1000.0 * eta * V_th / (J * CE * tau_m) * CE
    nest.SetDefaults("iaf_psc_delta", {"C_m": 1.0, "tau_m": tau_m, "t_ref": 2.0, "E_L": 0.0,
                                       "V_reset": 0.0, "V_m": 0.0, "V_th": V_th})
    nodes_ex = nest.Create("iaf_psc_delta", NE)
    nodes_in = nest.Create("iaf_psc_delta", NI)
    noise = nest.Create("poisson_generator", params={"rate": p_rate})
    spikes = nest.Create("spike_recorder")
    nest.CopyModel("static_synapse", "excitatory", {"weight": J, "delay": delay})
    nest.CopyModel("static_synapse", "inhibitory", {"weight": -g * J, "delay": delay})
    nest.Connect(noise, nodes_ex + nodes_in, syn_spec="excitatory")
    nest.Connect(nodes_ex + nodes_in, spikes, syn_spec="excitatory")
    nest.Connect(nodes_ex, nodes_ex + nodes_in, {"rule": "fixed_indegree", "indegree": CE}, "excitatory")
    nest.Connect(nodes_in, nodes_ex + nodes_in, {"rule": "fixed_indegree", "indegree": CI}, "inhibitory")
    nest.Simulate(300.0)
    ev = spikes.get("events")
    with open(f"{out}.{nest.Rank()}.json", "w") as fh:
        json.dump({"senders": ev["senders"].tolist(), "times": ev["times"].tolist(),
                   "vps": nest.total_num_virtual_procs, "procs": nest.NumProcesses()}, fh)
    """
)


def _spike_trains(prefix: Path, procs: int, vps: int) -> list[tuple[float, int]]:
    rows = []
    for part in mpirun.outputs(prefix, procs):
        assert part["vps"] == vps and part["procs"] == procs
        rows += list(zip(part["times"], part["senders"], strict=True))
    return sorted(rows)


def _brunel(tmp_path: Path, procs: int, threads: int) -> list[tuple[float, int]]:
    script = tmp_path / "brunel.py"
    script.write_text(BRUNEL)
    prefix = tmp_path / f"brunel-{procs}x{threads}"
    res = mpirun.run(procs if procs > 1 else None, script, threads, prefix)
    assert res.returncode == 0, res.stderr
    return _spike_trains(prefix, procs, procs * threads)


@pytest.mark.parametrize(("split", "same_vps"), [((2, 1), (1, 2)), ((2, 2), (1, 4)), ((3, 1), (1, 3))])
def test_brunel_spikes_depend_on_the_virtual_processes_only(tmp_path, split, same_vps):
    """P processes x T threads give the spikes of 1 process x P*T threads, exactly."""
    want = _brunel(tmp_path, *same_vps)
    assert len(want) > 1000, "the network must be active for the comparison to mean something"
    got = _brunel(tmp_path, *split)
    assert got == want


SEED_AND_KEYS = textwrap.dedent(
    """
    import json, sys
    import nest

    out = sys.argv[1]
    nest.total_num_virtual_procs = 4
    nrn = nest.Create("iaf_psc_alpha", 10)
    local = nest.GetLocalNodeCollection(nrn)
    status = nest.GetKernelStatus(["num_processes", "local_num_threads", "total_num_virtual_procs", "mpi_rank"])
    nest.SyncProcesses()
    with open(f"{out}.{nest.Rank()}.json", "w") as fh:
        json.dump({"rank": nest.Rank(), "size": nest.NumProcesses(), "local": local.tolist(),
                   "vps": list(nest.GetLocalVPs()), "status": list(status),
                   "node_vps": nrn.get("vp"), "node_local": nrn.get("local")}, fh)
    """
)


def test_rank_keys_and_local_nodes(tmp_path):
    """Rank, NumProcesses, kernel keys, GetLocalNodeCollection as in NEST with 2 x 2 VPs."""
    script = tmp_path / "keys.py"
    script.write_text(SEED_AND_KEYS)
    res = mpirun.run(2, script, tmp_path / "keys")
    assert res.returncode == 0, res.stderr
    parts = mpirun.outputs(tmp_path / "keys", 2)
    for rank, part in enumerate(parts):
        assert part["rank"] == rank and part["size"] == 2
        assert part["status"] == [2, 2, 4, rank]
        assert part["vps"] == [rank, rank + 2]
        # Node n is on VP n % 4, which is on rank VP % 2.
        assert part["node_vps"] == [n % 4 for n in range(1, 11)]
        assert part["local"] == [n for n in range(1, 11) if n % 2 == rank]
        assert part["node_local"] == [n % 2 == rank for n in range(1, 11)]


ASCII = textwrap.dedent(
    """
    import sys
    import nest

    nest.set(local_num_threads=int(sys.argv[1]), data_path=sys.argv[2], data_prefix="run-", overwrite_files=True)
    nrn = nest.Create("iaf_psc_alpha", 4, {"I_e": 500.0})
    sr = nest.Create("spike_recorder", params={"record_to": "ascii", "label": "spikes"})
    nest.Connect(nrn, sr)
    nest.Simulate(100.0)   # warm-up: not in the files at the end
    nest.Simulate(100.0)
    """
)


NEST_ASCII = Path(__file__).resolve().parents[2] / "testdata" / "nest310" / "ascii_vps"


def _ascii_rows(files: list[Path]) -> list[tuple[int, float]]:
    rows = []
    for f in files:
        lines = f.read_text().splitlines()
        assert lines[2] == "sender\ttime_ms"
        rows += [(int(a), float(b)) for a, b in (line.split("\t") for line in lines[3:])]
    return rows


def test_ascii_files_per_virtual_process_reopened_each_simulate(tmp_path):
    """One file per VP named label-nodeid-vp.dat; only the last Simulate's events in them."""
    script = tmp_path / "ascii.py"
    script.write_text(ASCII)
    out = tmp_path / "data"
    out.mkdir()
    res = mpirun.run(2, script, 1, out)
    assert res.returncode == 0, res.stderr
    files = sorted(out.iterdir())
    # 5 nodes (one digit), 2 VPs (one digit); the recorder is node 5.
    assert [f.name for f in files] == ["run-spikes-5-0.dat", "run-spikes-5-1.dat"]
    rows = _ascii_rows(files)
    assert rows and all(t > 100.0 for _, t in rows)
    # Each VP's file holds the spikes of that VP's neurons.
    for f in files:
        vp = int(f.stem.rsplit("-", 1)[1])
        assert {s % 2 for s, _ in _ascii_rows([f])} == {vp}
    # One process with 2 threads writes the same files with the same rows.
    single = tmp_path / "single"
    single.mkdir()
    res = mpirun.run(None, script, 2, single)
    assert res.returncode == 0, res.stderr
    assert [f.name for f in sorted(single.iterdir())] == [f.name for f in files]
    for a, b in zip(sorted(single.iterdir()), files, strict=True):
        assert sorted(_ascii_rows([a])) == sorted(_ascii_rows([b]))
    # And NEST 3.10 wrote these files, with these lines (but the comment
    # naming the writer), for the same script with 2 threads.
    for f in files:
        ref = (NEST_ASCII / f.name).read_text().splitlines()
        got = f.read_text().splitlines()
        assert got[0] == ref[0] and got[2:] == ref[2:], f.name


FAIL = textwrap.dedent(
    """
    import os, signal, sys
    import nest

    nest.Create("iaf_psc_alpha", 10, {"I_e": 400.0})
    nest.Simulate(10.0)
    if nest.Rank() == 1:
        how = sys.argv[1]
        if how == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if how == "raise":
            raise ValueError("rank 1 fails on purpose")
        if how == "exit":
            sys.exit(3)
    nest.Simulate(1e7)   # the other ranks would wait here for ever
    """
)


@pytest.mark.parametrize("how", ["kill", "raise", "exit"])
def test_a_failing_rank_ends_the_job(tmp_path, how):
    """A rank that dies, raises or exits with an error ends every rank within seconds."""
    script = tmp_path / "fail.py"
    script.write_text(FAIL)
    res = mpirun.run(3, script, how, timeout=60)
    assert res.returncode != 0
    assert res.seconds < 30, f"the job took {res.seconds:.1f} s to end"
    if how == "raise":
        # mpirun forwards the rank's stderr in chunks and may print its own
        # abort notice between them, even inside a line of the traceback.
        assert "ValueError" in res.stderr and "rank 1 fails on purpose" in res.stderr


def test_single_process_needs_no_mpi(tmp_path):
    """Without mpirun, nest runs alone, and MPI is never loaded."""
    script = tmp_path / "alone.py"
    script.write_text(
        "import nest, sys\n"
        "assert nest.NumProcesses() == 1 and nest.Rank() == 0\n"
        "maps = open('/proc/self/maps').read() if sys.platform == 'linux' else ''\n"
        "assert 'libmpi' not in maps, 'libmpi was loaded without mpirun'\n"
    )
    res = mpirun.run(None, script)
    assert res.returncode == 0, res.stderr


ENDLESS = textwrap.dedent(
    """
    import sys
    import nest

    nest.Create("iaf_psc_alpha", 10, {"I_e": 400.0})
    nest.Simulate(1.0)
    open(f"{sys.argv[1]}.{nest.Rank()}", "w").close()
    nest.Simulate(1e8)
    """
)


def test_ctrl_c_stops_every_rank(tmp_path):
    """SIGINT to mpirun (Ctrl-C) ends all ranks while they simulate."""
    script = tmp_path / "endless.py"
    script.write_text(ENDLESS)
    started = tmp_path / "started"
    cmd = [mpirun.require_mpirun(), "-np", "2", "--oversubscribe", sys.executable, str(script), str(started)]
    proc = subprocess.Popen(cmd, env=mpirun.environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not all(Path(f"{started}.{r}").exists() for r in range(2)):
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the ranks did not start"
            time.sleep(0.1)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        assert time.monotonic() - t0 < 30
        assert proc.returncode != 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


REMOTE_STATUS = textwrap.dedent(
    """
    import json, sys
    import nest

    out = sys.argv[1]
    nrn = nest.Create("iaf_psc_alpha", 4, {"V_m": -60.0})
    rank = nest.Rank()
    mine, other = nrn[1 - rank], nrn[rank]   # node 2 is on rank 0, node 1 on rank 1
    try:
        other.get("V_m")
        single = "no error"
    except KeyError as e:
        single = type(e).__name__
    with open(f"{out}.{rank}.json", "w") as fh:
        json.dump({"v_m": nrn.get("V_m"), "local": nrn.get("local"), "vp": nrn.get("vp"),
                   "mine": mine.get("V_m"), "other": sorted(other.get()), "single": single}, fh)
    """
)


def test_status_of_nodes_of_other_processes(tmp_path):
    """As NEST's proxies: None for their parameters, only the entries every process knows."""
    script = tmp_path / "remote.py"
    script.write_text(REMOTE_STATUS)
    res = mpirun.run(2, script, tmp_path / "remote")
    assert res.returncode == 0, res.stderr
    for rank, part in enumerate(mpirun.outputs(tmp_path / "remote", 2)):
        assert part["v_m"] == [-60.0 if n % 2 == rank else None for n in range(1, 5)]
        assert part["local"] == [n % 2 == rank for n in range(1, 5)]
        assert part["vp"] == [n % 2 for n in range(1, 5)]
        assert part["mine"] == -60.0
        assert part["other"] == ["element_type", "global_id", "local", "model", "model_id", "vp"]
        assert part["single"] == "KeyError"
