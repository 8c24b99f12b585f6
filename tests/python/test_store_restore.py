"""Storing and restoring a network as pynest/examples/store_restore_network.py
does it (issue 17).

The example stores the V_m of all 2500 neurons and creates the 2000
excitatory ones from that array: NEST gives node i the i-th value of a
per-node list, so a longer list is accepted and its surplus ignored; a
shorter one is an IndexError.
"""

from __future__ import annotations

import pickle

import nest
import numpy as np
import pytest


def test_longer_value_list_gives_first_values(kernel):
    values = np.linspace(-70.0, -60.0, 7)
    a = nest.Create("iaf_psc_delta", 5, params={"V_m": values})
    assert a.V_m == pytest.approx(tuple(values[:5]), abs=0)
    a.set(V_m=list(values[::-1]))
    assert a.V_m == pytest.approx(tuple(values[::-1][:5]), abs=0)
    a.set({"V_m": values[2:], "C_m": 200.0})
    assert a.V_m == pytest.approx(tuple(values[2:]), abs=0)
    assert a.C_m == (200.0,) * 5
    with pytest.raises(IndexError):
        nest.Create("iaf_psc_delta", 8, params={"V_m": values})
    assert nest.network_size == 5


class _Net:
    """The example's network, scaled down: E-I with STDP (stdp_synapse_hom)
    excitatory synapses, V_m drawn at random, Poisson drive."""

    n_i, n_e = 25, 100

    def __init__(self) -> None:
        nest.CopyModel("stdp_synapse_hom", "e_syn", {"Wmax": 2.0})
        nest.CopyModel("static_synapse", "i_syn")

    def build(self) -> None:
        params = {"V_m": nest.random.normal(-65.0, 5.0)}
        self.e = nest.Create("iaf_psc_delta", self.n_e, params=params)
        self.i = nest.Create("iaf_psc_delta", self.n_i, params=params)
        self._instrument(self.e + self.i)
        nest.Connect(self.e, self.e + self.i, {"rule": "fixed_indegree", "indegree": 20},
                     {"synapse_model": "e_syn", "weight": 1.0})
        nest.Connect(self.i, self.e + self.i, {"rule": "fixed_indegree", "indegree": 5},
                     {"synapse_model": "i_syn", "weight": -4.0})

    def _instrument(self, neurons) -> None:
        self.pg = nest.Create("poisson_generator", params={"rate": 8000.0})
        self.sr = nest.Create("spike_recorder")
        nest.Connect(self.pg, neurons, "all_to_all", {"weight": 1.0})
        nest.Connect(self.e, self.sr)

    def store(self) -> bytes:
        neurons = self.e + self.i
        net = {
            "nrns": neurons.get(["V_m"], output="pandas"),
            "e_syns": nest.GetConnections(synapse_model="e_syn").get(("source", "target", "weight"), output="pandas"),
            "i_syns": nest.GetConnections(synapse_model="i_syn").get(("source", "target", "weight"), output="pandas"),
        }
        return pickle.dumps(net)

    def restore(self, blob: bytes) -> None:
        net = pickle.loads(blob)
        # as the example: both populations from the V_m of all neurons
        self.e = nest.Create("iaf_psc_delta", self.n_e, params={"V_m": net["nrns"].V_m.values})
        self.i = nest.Create("iaf_psc_delta", self.n_i, params={"V_m": net["nrns"].V_m.values})
        for name in ("e_syns", "i_syns"):
            syns = net[name]
            nest.Connect(syns.source.values, syns.target.values, "one_to_one",
                         {"synapse_model": name[0] + "_syn", "weight": syns.weight.values})
        self._instrument(self.e + self.i)


def test_store_and_restore_round_trip(kernel):
    pytest.importorskip("pandas")
    nest.local_num_threads = 2
    net = _Net()
    net.build()
    nest.Simulate(200.0)
    blob = net.store()
    v_m = np.array((net.e + net.i).V_m)
    weights = nest.GetConnections(synapse_model="e_syn").get(("source", "target", "weight"), output="pandas")

    spikes = []
    for _ in range(2):
        nest.ResetKernel()
        nest.local_num_threads = 2
        again = _Net()
        again.restore(blob)
        assert np.array(again.e.V_m) == pytest.approx(v_m[: _Net.n_e], abs=0)
        assert np.array(again.i.V_m) == pytest.approx(v_m[: _Net.n_i], abs=0)
        got = nest.GetConnections(synapse_model="e_syn").get(("source", "target", "weight"), output="pandas")
        key = ["source", "target", "weight"]
        assert got.sort_values(key).to_numpy() == pytest.approx(weights.sort_values(key).to_numpy(), abs=0)
        nest.Simulate(200.0)
        ev = again.sr.events
        spikes.append((np.array(ev["senders"]), np.array(ev["times"])))
    # the same seed after the same restore gives the same spikes
    assert spikes[0][0].size > 0
    assert np.array_equal(spikes[0][0], spikes[1][0]) and np.array_equal(spikes[0][1], spikes[1][1])
