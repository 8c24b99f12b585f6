"""The seed example split over two processes reproduces NEST's trace.

The script below is the short-term-depression example with its recorders;
with two processes the presynaptic neuron (node 2) and the postsynaptic one
(node 3) live in different processes, so every spike that shapes the trace
crosses between them. Each process writes its voltmeter events; together
they must equal NEST 3.10's recording (tolerance 1e-9 mV, as for the
single-process test).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import mpirun
import numpy as np

DATA = Path(__file__).parent / "data" / "seed" / "short_term_depression"

SCRIPT = textwrap.dedent(
    """
    import json, sys
    import numpy as np
    import nest

    nest.ResetKernel()
    nest.resolution = 0.1
    tau_m, R_m = 40.0, 0.1
    C_m = tau_m / R_m
    V_th, t_ref, f = 15.0, 2.0, 20.0 / 1000.0
    amp = V_th * C_m / tau_m / (1 - np.exp(-(1 / f - t_ref) / tau_m))
    dc = nest.Create("dc_generator", 1, params={"amplitude": amp, "start": 50.0, "stop": 1050.0})
    nrns = nest.Create("iaf_tum_2000", 2, params={
        "C_m": C_m, "tau_m": tau_m, "tau_syn_ex": 3.0, "tau_syn_in": 3.0, "V_th": V_th,
        "V_reset": 0.0, "E_L": 0.0, "V_m": 0.0, "t_ref": t_ref, "U": 0.5,
        "tau_psc": 3.0, "tau_rec": 800.0, "tau_fac": 0.0, "x": 1.0, "u": 0.0})
    nest.Connect(dc, nrns[0])
    nest.Connect(nrns[0], nrns[1], syn_spec={"synapse_model": "static_synapse", "weight": 250.0,
                                             "delay": 0.1, "receptor_type": 1})
    vm = nest.Create("voltmeter", params={"interval": 1.0})
    nest.Connect(vm, nrns[1])
    nest.Simulate(1200.0)
    ev = vm.get("events")
    out = {"rank": nest.Rank(), "size": nest.NumProcesses(),
           "senders": ev["senders"].tolist(), "times": ev["times"].tolist(), "V_m": ev["V_m"].tolist()}
    with open(sys.argv[1] + f".{nest.Rank()}.json", "w") as fh:
        json.dump(out, fh)
    """
)


def test_two_processes_reproduce_nest(tmp_path):
    script = tmp_path / "seed.py"
    script.write_text(SCRIPT)
    out = tmp_path / "events"
    res = mpirun.run(2, script, out, timeout=120)
    assert res.returncode == 0, res.stderr
    parts = mpirun.outputs(out, 2)
    assert [p["rank"] for p in parts] == [0, 1] and all(p["size"] == 2 for p in parts)
    # Node 3 is on virtual process 3 % 2 = 1, so on rank 1, as in NEST;
    # rank 0 records nothing.
    assert parts[0]["times"] == []
    ref = np.genfromtxt(DATA / "voltmeter.csv", delimiter=",", names=True)
    np.testing.assert_array_equal(parts[1]["senders"], ref["sender"])
    np.testing.assert_array_equal(parts[1]["times"], ref["time_ms"])
    np.testing.assert_allclose(parts[1]["V_m"], ref["V_m"], rtol=0, atol=1e-9)
