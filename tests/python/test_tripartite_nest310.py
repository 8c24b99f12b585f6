"""nest.TripartiteConnect against NEST 3.10 references.

testdata/nest310/tripartite/record_tripartite.py built the scenarios with
NEST 3.10.0 and stored them with its results in tripartite.json; here the
same functions build them with gonest. Networks that do not depend on
random numbers must have exactly NEST's connections (1 and 2 threads).
For random ones gonest's streams differ from NEST's, so each figure (number
of primary and third-factor connections, share of paired connections,
third nodes per target, use of the third population) is averaged over 20
seeds on both sides and the means must agree within 3 combined standard
errors (exactly, where neither side varies).
"""

from __future__ import annotations

import importlib.util
import json
import math
import pathlib

import nest
import numpy as np
import pytest

HERE = (
    pathlib.Path(__file__).resolve().parents[2] / "testdata" / "nest310" / "tripartite"
)
REF = json.loads((HERE / "tripartite.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "record_tripartite", HERE / "record_tripartite.py"
)
rec = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rec)


@pytest.mark.parametrize("name", sorted(REF["deterministic"]))
@pytest.mark.parametrize("threads", [1, 2])
def test_deterministic_tripartite_networks_are_nests(name, threads):
    ref = REF["deterministic"][name]
    rec.build(ref["scenario"], threads=threads)
    assert rec.rows() == ref["connections"]


@pytest.mark.parametrize("name", sorted(REF["random"]))
def test_random_tripartite_statistics_match_nest(name):
    ref = REF["random"][name]
    runs = []
    for seed in range(1, REF["n_seeds"] + 1):
        pre, post, third = rec.build(ref["scenario"], seed=seed, threads=REF["threads"])
        runs.append(rec.stats(pre, post, third))
    for key in ref["runs"][0]:
        a = np.array([r[key] for r in ref["runs"]], dtype=float)
        b = np.array([r[key] for r in runs], dtype=float)
        se = math.hypot(
            a.std(ddof=1) / math.sqrt(a.size), b.std(ddof=1) / math.sqrt(b.size)
        )
        assert abs(a.mean() - b.mean()) <= 3 * se, (
            f"{name} {key}: NEST {a.mean():.4g}, gonest {b.mean():.4g}, SE {se:.3g}"
        )
    # in every run: one third_in for every third_out, pools never exceeded
    pool = ref["scenario"]["third_spec"].get("pool_size", ref["scenario"]["sizes"][2])
    for r in runs:
        assert r["n_third_in"] == r["n_third_out"]
        assert r["max_distinct_third_per_target"] <= pool


def test_gallery_style_call_with_collocated_and_random_parameters(kernel):
    pre = nest.Create("parrot_neuron", 4)
    post = nest.Create("parrot_neuron", 2)
    third = nest.Create("parrot_neuron", 3)
    nest.TripartiteConnect(
        pre,
        post,
        third,
        {"rule": "pairwise_bernoulli", "p": 1.0},
        {"rule": "third_factor_bernoulli_with_pool", "p": 1.0},
        {
            "primary": nest.CollocatedSynapses(
                {"synapse_model": "stdp_synapse", "weight": 2.0},
                {"synapse_model": "tsodyks_synapse", "delay": 3.0},
            ),
            "third_in": {"weight": nest.random.uniform(0.5, 1.5)},
            "third_out": "static_synapse_lbl",
        },
    )
    assert set(nest.GetConnections(synapse_model="stdp_synapse").weight) == {2.0}
    assert set(nest.GetConnections(synapse_model="tsodyks_synapse").delay) == {3.0}
    w = nest.GetConnections(pre, third).weight
    assert len(w) == 8 and len(set(w)) == 8 and all(0.5 <= x < 1.5 for x in w)
    assert (
        len(nest.GetConnections(third, post, synapse_model="static_synapse_lbl")) == 8
    )


@pytest.mark.parametrize(
    "args, syn_specs, error",
    [
        (
            ({"rule": "all_to_all"}, {"rule": "one_to_one"}),
            None,
            nest.NESTErrors.IllegalConnection,
        ),
        (
            (
                {"rule": "one_to_one", "make_symmetric": True},
                {"rule": "third_factor_bernoulli_with_pool"},
            ),
            None,
            nest.NESTErrors.BadProperty,
        ),
        (
            ({"p": 1.0}, {"rule": "third_factor_bernoulli_with_pool"}),
            None,
            nest.NESTErrors.BadProperty,
        ),
        (
            (
                {"rule": "all_to_all"},
                {"rule": "third_factor_bernoulli_with_pool", "pool_size": 5},
            ),
            None,
            nest.NESTErrors.BadProperty,
        ),
        (
            (
                {"rule": "all_to_all"},
                {"rule": "third_factor_bernoulli_with_pool", "pool_size": 1.5},
            ),
            None,
            nest.NESTErrors.TypeMismatch,
        ),
        (
            (
                {"rule": "all_to_all", "bogus": 1},
                {"rule": "third_factor_bernoulli_with_pool"},
            ),
            None,
            nest.NESTErrors.UnaccessedDictionaryEntry,
        ),
        (
            ({"rule": "all_to_all"}, {"rule": "third_factor_bernoulli_with_pool"}),
            {"primary": {"weight": [1.0, 2.0]}},
            ValueError,
        ),
        (
            ({"rule": "all_to_all"}, {"rule": "third_factor_bernoulli_with_pool"}),
            {"third_in": "glue_synapse"},
            nest.NESTErrors.UnknownSynapseType,
        ),
    ],
)
def test_bad_tripartite_specs_raise_nests_errors_and_connect_nothing(
    kernel, args, syn_specs, error
):
    pre = nest.Create("parrot_neuron", 4)
    post = nest.Create("parrot_neuron", 4)
    third = nest.Create("parrot_neuron", 2)
    with pytest.raises(error):
        nest.TripartiteConnect(pre, post, third, *args, syn_specs)
    assert nest.num_connections == 0


def test_tripartite_needs_node_collections(kernel):
    nrn = nest.Create("parrot_neuron", 3)
    with pytest.raises(TypeError):
        nest.TripartiteConnect(
            nrn,
            nrn,
            [1, 2],
            {"rule": "all_to_all"},
            {"rule": "third_factor_bernoulli_with_pool"},
        )
    with pytest.raises(nest.NESTErrors.IllegalConnection):
        nest.TripartiteConnect(
            nrn,
            nrn,
            nest.NodeCollection(),
            {"rule": "all_to_all"},
            {"rule": "third_factor_bernoulli_with_pool"},
        )
