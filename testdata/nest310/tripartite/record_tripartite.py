"""Record NEST 3.10 references for nest.TripartiteConnect.

Run with a Python that has NEST 3.10.0 (never gonest's)::

    /tmp/nest310/bin/python testdata/nest310/tripartite/record_tripartite.py

Writes ``tripartite.json`` next to this script: for every deterministic
scenario the sorted list of connections (source, target, synapse model,
weight, delay), and for every random scenario the per-seed statistics that
tests/python/test_tripartite_nest310.py compares (within 3 standard errors).
The scenarios are defined in SCENARIOS below; the test builds them again
from the same descriptions stored in the JSON file.
"""

from __future__ import annotations

import json
from pathlib import Path

import nest
import numpy as np

HERE = Path(__file__).resolve().parent

# Deterministic networks: the connections do not depend on random numbers
# (p = 1 everywhere, pools of one node or of a single-node population).
DETERMINISTIC = {
    "block_single": {
        "sizes": [4, 4, 2],
        "conn_spec": {"rule": "pairwise_bernoulli", "p": 1.0},
        "third_spec": {
            "rule": "third_factor_bernoulli_with_pool",
            "p": 1.0,
            "pool_type": "block",
            "pool_size": 1,
        },
        "syn_specs": {"primary": {"weight": 2.0}, "third_in": {"delay": 3.0}},
    },
    "block_one_to_one": {
        "sizes": [6, 6, 3],
        "conn_spec": {"rule": "one_to_one"},
        "third_spec": {
            "rule": "third_factor_bernoulli_with_pool",
            "pool_type": "block",
            "pool_size": 1,
        },
        "syn_specs": {
            "primary": "stdp_synapse",
            "third_out": {"synapse_model": "tsodyks_synapse", "weight": -1.5},
        },
    },
    "single_third": {
        "sizes": [3, 5, 1],
        "conn_spec": {"rule": "all_to_all", "allow_autapses": False},
        "third_spec": {"rule": "third_factor_bernoulli_with_pool"},
        "syn_specs": {},
        "same_pre_post": False,
    },
    "autapses_off": {
        "sizes": [5, 5, 5],
        "conn_spec": {"rule": "pairwise_bernoulli", "p": 1.0, "allow_autapses": False},
        "third_spec": {
            "rule": "third_factor_bernoulli_with_pool",
            "pool_type": "block",
            "pool_size": 1,
        },
        "syn_specs": {"third_in": {"weight": 0.5}},
        "same_pre_post": True,
    },
    "no_third": {
        "sizes": [4, 3, 2],
        "conn_spec": {"rule": "all_to_all"},
        "third_spec": {"rule": "third_factor_bernoulli_with_pool", "p": 0.0},
        "syn_specs": {},
    },
    "astro_block": {
        "sizes": [4, 4, 2],
        "models": [
            "aeif_cond_alpha_astro",
            "aeif_cond_alpha_astro",
            "astrocyte_lr_1994",
        ],
        "conn_spec": {"rule": "all_to_all"},
        "third_spec": {
            "rule": "third_factor_bernoulli_with_pool",
            "pool_type": "block",
            "pool_size": 1,
        },
        "syn_specs": {
            "primary": {
                "synapse_model": "tsodyks_synapse",
                "weight": 1.0,
                "delay": 2.0,
            },
            "third_in": {
                "synapse_model": "tsodyks_synapse",
                "weight": 1.0,
                "delay": 2.0,
            },
            "third_out": {"synapse_model": "sic_connection", "weight": 0.05},
        },
    },
}

# Random networks: statistics over seeds 1..N_SEEDS.
RANDOM = {
    "bernoulli_random_pool": {
        "sizes": [50, 50, 50],
        "conn_spec": {"rule": "pairwise_bernoulli", "p": 0.3},
        "third_spec": {
            "rule": "third_factor_bernoulli_with_pool",
            "p": 0.5,
            "pool_size": 5,
            "pool_type": "random",
        },
    },
    "indegree_whole_pool": {
        "sizes": [40, 30, 20],
        "conn_spec": {"rule": "fixed_indegree", "indegree": 8},
        "third_spec": {"rule": "third_factor_bernoulli_with_pool", "p": 0.7},
    },
    "block_wide": {
        "sizes": [30, 10, 40],
        "conn_spec": {"rule": "pairwise_bernoulli", "p": 0.5},
        "third_spec": {
            "rule": "third_factor_bernoulli_with_pool",
            "p": 0.8,
            "pool_type": "block",
            "pool_size": 4,
        },
    },
}
N_SEEDS = 20
THREADS = 2


def build(sc, seed=None, threads=1):
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.local_num_threads = threads
    if seed is not None:
        nest.rng_seed = seed
    models = sc.get("models", ["parrot_neuron"] * 3)
    n_pre, n_post, n_third = sc["sizes"]
    pre = nest.Create(models[0], n_pre)
    post = pre if sc.get("same_pre_post") else nest.Create(models[1], n_post)
    third = nest.Create(models[2], n_third)
    nest.TripartiteConnect(
        pre,
        post,
        third,
        dict(sc["conn_spec"]),
        dict(sc["third_spec"]),
        dict(sc.get("syn_specs", {})),
    )
    return pre, post, third


def rows():
    c = nest.GetConnections()
    if len(c) == 0:
        return []
    d = c.get(["source", "target", "synapse_model", "weight", "delay"])
    out = [
        [int(s), int(t), m, float(w), float(dl)]
        for s, t, m, w, dl in zip(
            *(d[k] for k in ("source", "target", "synapse_model", "weight", "delay"))
        )
    ]
    return sorted(out)


def stats(pre, post, third):
    """The figures the test compares, for one network."""
    pre_ids, post_ids, third_ids = (
        set(pre.global_id),
        set(post.global_id),
        set(third.global_id),
    )
    c = nest.GetConnections()
    src, tgt = np.array(list(c.sources())), np.array(list(c.targets()))
    primary = np.array([s in pre_ids and t in post_ids for s, t in zip(src, tgt)])
    t_out = np.array([s in third_ids and t in post_ids for s, t in zip(src, tgt)])
    t_in = np.array([s in pre_ids and t in third_ids for s, t in zip(src, tgt)])
    n_primary, n_out, n_in = int(primary.sum()), int(t_out.sum()), int(t_in.sum())
    # distinct third nodes per target that has any
    per_target = {}
    for s, t in zip(src[t_out], tgt[t_out]):
        per_target.setdefault(int(t), set()).add(int(s))
    distinct = [len(v) for v in per_target.values()]
    usage = np.bincount(
        [int(s) - min(third_ids) for s in src[t_out]], minlength=len(third_ids)
    )
    return {
        "n_primary": n_primary,
        "n_third_out": n_out,
        "n_third_in": n_in,
        "frac_paired": n_out / n_primary if n_primary else 0.0,
        "mean_distinct_third_per_target": float(np.mean(distinct)) if distinct else 0.0,
        "max_distinct_third_per_target": int(max(distinct)) if distinct else 0,
        "frac_third_used": float(np.mean(usage > 0)),
        "var_third_usage": float(np.var(usage)),
    }


def main():
    out = {
        "nest_version": nest.__version__,
        "n_seeds": N_SEEDS,
        "threads": THREADS,
        "deterministic": {},
        "random": {},
    }
    for name, sc in DETERMINISTIC.items():
        ref = {}
        for threads in (1, 2):
            build(sc, threads=threads)
            ref[str(threads)] = rows()
        assert ref["1"] == ref["2"], name
        out["deterministic"][name] = {"scenario": sc, "connections": ref["1"]}
    for name, sc in RANDOM.items():
        runs = []
        for seed in range(1, N_SEEDS + 1):
            pre, post, third = build(sc, seed=seed, threads=THREADS)
            runs.append(stats(pre, post, third))
        out["random"][name] = {"scenario": sc, "runs": runs}
    (HERE / "tripartite.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
