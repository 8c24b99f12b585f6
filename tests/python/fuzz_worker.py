"""Worker of test_fuzz.py: runs seeded random bad calls against nest.

Run as ``python fuzz_worker.py SEED CASES``. For every case it prints one
line, ``CASE <i> <outcome>``, before and after the call, so that the parent
can name the case if the process dies; a case that fails an assertion
prints ``BAD <i> <reason>``. A watchdog (faulthandler) ends the process
with a traceback if one case hangs. The address space is limited with
RLIMIT_AS, so an unchecked allocation kills the process (the parent then
reports it) instead of the machine.
"""

from __future__ import annotations

import faulthandler
import math
import random
import re
import resource
import sys

# Seconds one case may take before the watchdog ends the process.
CASE_TIMEOUT = 20.0
# Address space beyond what the process holds after import.
HEADROOM = 3 << 30

GO_TEXT = re.compile(
    r"goroutine \d|runtime error|panic:|\.go:\d|interface conversion|nil pointer|\[recovered\]"
)

BAD_VALUES = [
    math.nan,
    math.inf,
    -math.inf,
    -1,
    0,
    -1.0e308,
    1.0e308,
    2**63,
    -(2**63),
    2**40,
    "",
    "x",
    [],
    {},
    None,
    [1.0, 2.0, 3.0],
    True,
    0.1,
    1e-300,
    -0.0,
]

MODELS = [
    "iaf_psc_alpha",
    "iaf_cond_exp",
    "aeif_cond_alpha",
    "poisson_generator",
    "spike_recorder",
    "multimeter",
    "dc_generator",
    "parrot_neuron",
    "stdp_synapse",
    "no_such_model",
    "",
    "static_synapse",
]
RULES = [
    "all_to_all",
    "one_to_one",
    "fixed_indegree",
    "fixed_outdegree",
    "fixed_total_number",
    "pairwise_bernoulli",
    "pairwise_poisson",
    "symmetric_pairwise_bernoulli",
    "no_rule",
    "",
]
RULE_KEYS = [
    "indegree",
    "outdegree",
    "N",
    "p",
    "pairwise_avg_num_conns",
    "allow_autapses",
    "allow_multapses",
    "make_symmetric",
    "rule",
    "bogus",
]
SYN_KEYS = [
    "weight",
    "delay",
    "receptor_type",
    "synapse_model",
    "tau_plus",
    "alpha",
    "bogus",
]
NODE_KEYS = [
    "V_m",
    "C_m",
    "tau_m",
    "t_ref",
    "V_th",
    "V_reset",
    "I_e",
    "E_L",
    "global_id",
    "element_type",
    "vp",
    "local",
    "recordables",
    "model",
    "thread",
    "frozen",
    "rate",
    "start",
    "stop",
    "origin",
    "record_from",
    "interval",
    "n_events",
    "amplitude",
    "bogus",
]
KERNEL_KEYS = [
    "resolution",
    "tics_per_ms",
    "local_num_threads",
    "total_num_virtual_procs",
    "rng_seed",
    "min_delay",
    "max_delay",
    "print_time",
    "biological_time",
    "data_path",
    "data_prefix",
    "overwrite_files",
    "keep_source_table",
    "use_wfr",
    "wfr_comm_interval",
    "wfr_tol",
    "rng_type",
    "memory_limit",
    "network_size",
    "T_max",
    "bogus_key",
    "dict_miss_is_error",
]
# (update_time_limit is left out: a tiny limit makes the next Simulate stop
# after one cycle with KernelException, which changes the clock, as in NEST.)


def vm_size() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def snapshot(nest) -> dict:
    """What a failed call must not change."""
    status = nest.GetKernelStatus()
    kernel = {
        k: repr(v)
        for k, v in status.items()
        if k not in ("memory_size", "print_time")
        and not k.startswith("time_")
        and not k.endswith("_update_time")
    }
    nodes = nest.GetNodes()
    # thread_local_id is numbered afresh whenever connections are queried
    # (as in NEST), also by a query that precedes a refused call: not state
    # a failed call can corrupt.
    node_status = (
        [
            repr(sorted((k, v) for k, v in d.items() if k != "thread_local_id"))
            for d in nest._kernel.get_status(nodes.tolist())
        ]
        if len(nodes)
        else []
    )
    return {"kernel": kernel, "nodes": node_status}


def pick(rng: random.Random, seq):
    return seq[rng.randrange(len(seq))]


def value(rng: random.Random):
    return pick(rng, BAD_VALUES) if rng.random() < 0.8 else rng.uniform(-100, 100)


def make_case(rng: random.Random, nest, nodes):
    """A callable doing one random call, and its description."""
    kind = rng.randrange(10)
    if kind >= 6:
        return make_other_case(rng, nest, nodes, kind)
    if kind == 0:
        model = pick(rng, MODELS)
        n = pick(rng, [1, 2, 0, -1, 10**12, 2**63, 2.5, "3", math.nan, True, 10**9, 3])
        params = (
            {pick(rng, NODE_KEYS): value(rng) for _ in range(rng.randrange(3))}
            if rng.random() < 0.7
            else None
        )
        return (
            lambda: nest.Create(model, n, params)
        ), f"Create({model!r}, {n!r}, {params!r})"
    if kind == 1 and len(nodes):
        target = nodes[rng.randrange(len(nodes))]
        params = {pick(rng, NODE_KEYS): value(rng) for _ in range(1 + rng.randrange(2))}
        return (lambda: target.set(params)), f"{target}.set({params!r})"
    if kind == 2 and len(nodes):
        pre = nodes[: 1 + rng.randrange(len(nodes))]
        post = nodes[rng.randrange(len(nodes)) :]
        conn = {"rule": pick(rng, RULES)}
        for _ in range(rng.randrange(3)):
            conn[pick(rng, RULE_KEYS)] = (
                value(rng) if rng.random() < 0.7 else pick(rng, [10**9, 10**12, 0.5, 2])
            )
        syn = {pick(rng, SYN_KEYS): value(rng) for _ in range(rng.randrange(3))}
        if rng.random() < 0.3:
            syn["synapse_model"] = pick(rng, MODELS)
        return (
            lambda: nest.Connect(pre, post, conn, syn)
        ), f"Connect({pre}, {post}, {conn!r}, {syn!r})"
    if kind == 3:
        key = pick(rng, KERNEL_KEYS)
        v = value(rng)
        return (
            lambda: nest.SetKernelStatus({key: v})
        ), f"SetKernelStatus({{{key!r}: {v!r}}})"
    if kind == 4:
        t = pick(
            rng,
            [math.nan, math.inf, -1.0, 0.05, 1e300, 2**63, "10", None, 1e16, 0.0, 5.0],
        )
        return (lambda: nest.Simulate(t)), f"Simulate({t!r})"
    step = pick(rng, ["prepare", "run", "cleanup", "run_manager"])
    if step == "prepare":
        return nest.Prepare, "Prepare()"
    if step == "run":
        t = pick(rng, [1.0, -1.0, math.nan])
        return (lambda: nest.Run(t)), f"Run({t!r})"
    if step == "cleanup":
        return nest.Cleanup, "Cleanup()"

    def managed():
        with nest.RunManager():
            nest.Prepare()

    return managed, "RunManager() with Prepare inside"


def make_other_case(rng: random.Random, nest, nodes, kind: int):
    """Models, connections and node collections."""
    if kind == 6:
        model = pick(rng, MODELS)
        params = {
            pick(rng, NODE_KEYS + SYN_KEYS): value(rng)
            for _ in range(1 + rng.randrange(2))
        }
        if rng.random() < 0.5:
            return (
                lambda: nest.SetDefaults(model, params)
            ), f"SetDefaults({model!r}, {params!r})"
        new = pick(rng, ["my_model", "", "iaf_psc_alpha", 3])
        return (
            lambda: nest.CopyModel(model, new, params)
        ), f"CopyModel({model!r}, {new!r}, {params!r})"
    if kind == 7:
        params = {pick(rng, SYN_KEYS): value(rng) for _ in range(1 + rng.randrange(2))}

        def set_connections():
            conns = nest.GetConnections()
            if len(conns):
                conns.set(params)

        return set_connections, f"GetConnections().set({params!r})"
    if kind == 8:
        ids = [
            pick(rng, [0, -1, 1, 2, 10**6, 2**63, 1.5, "1"])
            for _ in range(1 + rng.randrange(3))
        ]
        return (lambda: nest.NodeCollection(ids)), f"NodeCollection({ids!r})"
    if len(nodes) < 2:
        return (lambda: None), "nothing"
    pre, post = nodes[:1], nodes[1:2]
    conn = {"rule": pick(rng, RULES)}
    syn = {pick(rng, SYN_KEYS): value(rng)} if rng.random() < 0.5 else None
    return (
        lambda: nest.Disconnect(pre, post, conn, syn)
    ), f"Disconnect({pre}, {post}, {conn!r}, {syn!r})"


def base_network(nest):
    nest.ResetKernel()
    nrns = nest.Create("iaf_psc_alpha", 4, {"I_e": 380.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(nrns[:2], nrns[2:], syn_spec={"weight": 20.0})
    nest.Connect(nrns, sr)
    return nrns + sr


def seed_spikes(nest) -> list:
    nodes = base_network(nest)
    nest.Simulate(100.0)
    return sorted(float(t) for t in nodes[-1].get("events", "times"))


def main() -> int:
    seed, cases = int(sys.argv[1]), int(sys.argv[2])
    import nest

    limit = vm_size() + HEADROOM
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    fresh = seed_spikes(nest)
    rng = random.Random(seed)
    nodes = base_network(nest)
    bad = 0
    for i in range(cases):
        if i % 40 == 0:
            # Keep the network small and the cases independent enough.
            if nest.GetKernelStatus("prepared"):
                nest.Cleanup()
            nodes = base_network(nest)
        call, text = make_case(rng, nest, nodes)
        before = snapshot(nest)
        print(f"CASE {i} start {text}", flush=True)
        faulthandler.dump_traceback_later(CASE_TIMEOUT, exit=True)
        try:
            result = call()
            outcome = "ok"
        except nest.NESTErrors.InternalError as exc:
            outcome, result = "internal", None
            print(f"BAD {i} InternalError: {exc}", flush=True)
            bad += 1
        except (
            nest.NESTError,
            TypeError,
            ValueError,
            KeyError,
            AttributeError,
            OverflowError,
            MemoryError,
            IndexError,
        ) as exc:
            outcome, result = type(exc).__name__, None
            message = str(exc)
            if GO_TEXT.search(message):
                print(f"BAD {i} Go text in the message: {message!r}", flush=True)
                bad += 1
            if snapshot(nest) != before:
                print(
                    f"BAD {i} the kernel changed after {type(exc).__name__}: {message[:200]}",
                    flush=True,
                )
                bad += 1
        finally:
            faulthandler.cancel_dump_traceback_later()
        if (
            outcome == "ok"
            and text.startswith("Create(")
            and isinstance(result, nest.NodeCollection)
        ):
            nodes = nodes + result if len(nodes) + len(result) < 200 else nodes
        print(f"CASE {i} {outcome}", flush=True)
    if nest.GetKernelStatus("prepared"):
        nest.Cleanup()
    if seed_spikes(nest) != fresh:
        print(
            "BAD end: the seed network simulates differently after the fuzzing",
            flush=True,
        )
        bad += 1
    print(f"DONE {cases} {bad}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
