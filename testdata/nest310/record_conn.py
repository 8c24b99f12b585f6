"""Record NEST 3.10 reference data for gonest's connection management.

Run with a Python that has NEST 3.10.0 (never gonest's)::

    /tmp/nest310/bin/python testdata/nest310/record_conn.py            # all
    /tmp/nest310/bin/python testdata/nest310/record_conn.py disconnect # some

Each scenario below writes ``conn/<name>/result.json``; conn/README.md
describes the networks, which gocore/kernel/conn_nest310_test.go builds
again in gonest.
"""

from __future__ import annotations

import fnmatch
import json
import subprocess
import sys
from pathlib import Path

import nest

HERE = Path(__file__).resolve().parent / "conn"

SG_TIMES = [1.0, 2.0, 3.5, 5.0, 5.0, 8.2, 12.0]
SG_WEIGHTS = [1.0, -0.5, 2.0, 0.25, 3.0, 0.0, 1.5]
SG_MULTS = [1, 2, 1, 1, 1, 3, 2]


def reset(threads):
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.resolution = 0.1
    nest.local_num_threads = threads


def connection_rows(conns):
    if len(conns) == 0:
        return []
    d = conns.get(["source", "target", "synapse_model", "weight", "delay", "receptor", "target_thread", "port"])
    if len(conns) == 1:
        d = {k: [v] for k, v in d.items()}
    return [dict(zip(d, row)) for row in zip(*d.values())]


def spike_weights(threads):
    """spike_generators with per-spike weights and multiplicities, to receptor 0 and to a receptor port."""
    reset(threads)
    # Two generators: a device's connections must all use one synapse model.
    sg = nest.Create(
        "spike_generator",
        2,
        params={"spike_times": SG_TIMES, "spike_weights": SG_WEIGHTS, "spike_multiplicities": SG_MULTS},
    )
    n = nest.Create("iaf_psc_alpha") + nest.Create("iaf_psc_exp_multisynapse", params={"tau_syn": [1.0, 3.0]})
    nest.Connect(sg[0], n[0], syn_spec={"weight": 20.0, "delay": 1.0})
    # NEST refuses a spike_generator's connections through plastic synapse
    # models (their test event is a DSSpikeEvent); a receptor port takes
    # the other delivery path.
    nest.Connect(sg[1], n[1], syn_spec={"weight": 50.0, "delay": 1.5, "receptor_type": 2})
    mm = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": 0.1})
    nest.Connect(mm, n)
    nest.Simulate(20.0)
    ev = mm.events
    vm = {str(i): [float(v) for s, v in zip(ev["senders"], ev["V_m"]) if s == i] for i in (3, 4)}
    return {
        "spike_weights": list(sg[0].spike_weights),
        "V_m": vm,
        "connections": connection_rows(nest.GetConnections(sg)),
    }


def disconnect(threads):
    """Disconnect by rule and through a SynapseCollection, between two runs."""
    reset(threads)
    sg = nest.Create("spike_generator", params={"spike_times": [2.0 * k for k in range(1, 16)]})
    n = nest.Create("iaf_psc_alpha", 4)
    sr = nest.Create("spike_recorder")
    # Drive every neuron through a parrot, so that the drive is a neuron's
    # connection (a device's could not be disconnected in NEST).
    p = nest.Create("parrot_neuron")
    nest.Connect(sg, p)
    nest.Connect(p, n, syn_spec={"weight": 1200.0, "delay": 1.0})
    nest.Connect(n[0:2], n[2:4], syn_spec={"synapse_model": "stdp_synapse", "weight": 50.0, "delay": 1.5})
    nest.Connect(n[0:2], n[2:4], "one_to_one", syn_spec={"weight": 30.0, "delay": 2.0})
    nest.Connect(n[0], n[3], syn_spec={"weight": 10.0, "delay": 1.0})  # a second (multapse) static connection
    nest.Connect(n, sr)
    out = {"before": connection_rows(nest.GetConnections(n))}
    nest.Simulate(15.0)
    nest.Disconnect(n[0:2], n[2:4], conn_spec="one_to_one", syn_spec={"synapse_model": "stdp_synapse"})
    nest.Disconnect(p, n[1])
    out["after_rules"] = connection_rows(nest.GetConnections(n))
    out["num_connections_after_rules"] = nest.num_connections
    conns = nest.GetConnections(n[0], n[3], "static_synapse")
    out["syncoll_len"] = len(conns)
    conns[0].disconnect()
    out["after_syncoll"] = connection_rows(nest.GetConnections(n))
    out["all_after"] = connection_rows(nest.GetConnections())
    nest.Simulate(15.0)
    ev = sr.events
    out["spikes"] = sorted([int(s), float(t)] for s, t in zip(ev["senders"], ev["times"]))
    out["final"] = connection_rows(nest.GetConnections(n))
    out["stdp_weights"] = nest.GetConnections(n[0:2], n[2:4], "stdp_synapse").get("weight")
    return out


def _error(fn):
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - we record what NEST raises
        return {"name": type(exc).__name__, "message": str(exc)}
    return None


def disconnect_errors(threads):
    """What NEST raises for disconnections it refuses."""
    reset(threads)
    n = nest.Create("iaf_psc_alpha", 3)
    nest.Connect(n[0], n[1])
    nest.Connect(n[0], n[2], syn_spec="stdp_synapse")
    out = {}
    out["inexistent"] = _error(lambda: nest.Disconnect(n[1], n[2]))
    out["wrong_model"] = _error(lambda: nest.Disconnect(n[0], n[2]))
    out["unknown_rule"] = _error(lambda: nest.Disconnect(n[0], n[1], conn_spec={"rule": "nonsense"}))
    out["fixed_indegree"] = _error(lambda: nest.Disconnect(n[0], n[1], conn_spec={"rule": "fixed_indegree", "indegree": 1}))
    out["unknown_synapse"] = _error(lambda: nest.Disconnect(n[0], n[1], syn_spec="no_such_synapse"))
    out["one_to_one_sizes"] = _error(lambda: nest.Disconnect(n[0:2], n[0:3]))
    # A partial all_to_all: n0->n1 exists, n0->n2 (static) does not.
    out["partial_all_to_all"] = _error(lambda: nest.Disconnect(n[0], n[1:3], conn_spec="all_to_all"))
    out["after_partial"] = connection_rows(nest.GetConnections())
    sc = nest.GetConnections(n[0])
    out["syncoll_with_spec"] = _error(lambda: nest.Disconnect(sc, conn_spec="one_to_one"))
    return out


def ordering(threads):
    """GetConnections order over several synapse models, sources and threads."""
    reset(threads)
    n = nest.Create("iaf_psc_alpha", 6)
    nest.Connect(n[5], n[0:3])
    nest.Connect(n[0:2], n[4:6], syn_spec="stdp_synapse")
    nest.Connect(n[3], n[1], syn_spec="tsodyks_synapse")
    nest.Connect(n[2], n[2:6], syn_spec={"weight": 2.0})
    nest.Connect(n[0], n[1], syn_spec="stdp_synapse")
    nest.Connect(n[4], n[0])
    nest.Connect(n[0], n[5], syn_spec={"weight": 3.0})
    nest.Connect(n[0], n[1], syn_spec="tsodyks_synapse")
    nest.Connect(n[1], n[0], syn_spec={"weight": 4.0})
    out = {"all": connection_rows(nest.GetConnections())}
    out["source_2_3"] = connection_rows(nest.GetConnections(source=n[2:4]))
    out["target_1_2"] = connection_rows(nest.GetConnections(target=n[1:3]))
    out["static"] = connection_rows(nest.GetConnections(synapse_model="static_synapse"))
    out["source_1_target_2_6"] = connection_rows(nest.GetConnections(source=n[0], target=n[1:6]))
    nest.Simulate(1.0)
    out["after_simulate"] = connection_rows(nest.GetConnections())
    return out


def receptor_arrays(threads):
    """Per-connection receptor_type: arrays and a random parameter."""
    reset(threads)
    n = nest.Create("iaf_psc_exp_multisynapse", 3, params={"tau_syn": [1.0, 2.0, 3.0]})
    src = nest.Create("iaf_psc_alpha", 3)
    nest.Connect(src, n, "one_to_one", syn_spec={"receptor_type": [3, 1, 2], "weight": [1.0, 2.0, 3.0]})
    nest.Connect(src[0:2], n, "all_to_all", syn_spec={"receptor_type": [[1, 2], [2, 3], [3, 1]]})
    out = {"connections": connection_rows(nest.GetConnections(src))}
    out["bad_receptor"] = _error(
        lambda: nest.Connect(src, n, "one_to_one", syn_spec={"receptor_type": [1, 4, 2]})
    )
    out["zero_receptor"] = _error(
        lambda: nest.Connect(src, n, "one_to_one", syn_spec={"receptor_type": [1, 0, 2]})
    )
    out["num_after_errors"] = nest.num_connections
    out["wrong_length"] = _error(lambda: nest.Connect(src, n, "one_to_one", syn_spec={"receptor_type": [1, 2]}))
    nest.Connect(src, n, "all_to_all", syn_spec={"receptor_type": 1 + nest.random.uniform_int(3)})
    rec = nest.GetConnections(src).get("receptor")
    out["random_receptors_in_range"] = all(1 <= r <= 3 for r in rec[-9:])
    out["random_float"] = _error(
        lambda: nest.Connect(src, n, "all_to_all", syn_spec={"receptor_type": 1.0 + nest.random.uniform(0.0, 2.0)})
    )
    return out


SCENARIOS = {
    "spike_weights": spike_weights,
    "disconnect": disconnect,
    "disconnect_errors": disconnect_errors,
    "ordering": ordering,
    "receptor_arrays": receptor_arrays,
}


def main(argv):
    if len(argv) > 2 and argv[1] == "--one":
        name, threads = argv[2], int(argv[3])
        print(json.dumps(SCENARIOS[name](threads)))
        return
    patterns = argv[1:] or ["*"]
    for name in SCENARIOS:
        if not any(fnmatch.fnmatch(name, p) for p in patterns):
            continue
        result = {}
        for threads in (1, 2):
            # Each run in its own process: NEST's kernel state and messages
            # stay out of the other runs.
            text = subprocess.run(
                [sys.executable, __file__, "--one", name, str(threads)], check=True, capture_output=True, text=True
            ).stdout
            result[f"threads_{threads}"] = json.loads(text.strip().splitlines()[-1])
        folder = HERE / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "result.json").write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
        print("wrote", folder / "result.json")


if __name__ == "__main__":
    main(sys.argv)
