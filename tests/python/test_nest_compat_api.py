"""Kernel properties and helpers that NEST 3.10's own test suite relies on."""

import math

import nest
import numpy as np
import pytest


def test_build_info_describes_this_build(kernel):
    info = nest.build_info
    assert info["version"] == "3.10.0"
    assert info["have_threads"] is True
    for flag in ("have_mpi", "have_music", "have_hdf5", "have_sionlib", "have_libneurosim"):
        assert info[flag] is False, flag
    assert info["have_gsl"] is True and info["have_boost"] is True
    assert info["test_exitcodes"]["success"] == 0
    assert nest.GetKernelStatus("build_info") == info
    with pytest.raises(AttributeError):
        nest.build_info = {}


def test_kernel_attributes_are_descriptors_on_the_module_type(kernel):
    attr = type(nest).keep_source_table
    assert attr._default is True
    assert type(nest).resolution._default == pytest.approx(0.1)
    assert type(nest).rng_seed._default == nest.rng_seed
    nest.rng_seed = 99
    assert type(nest).rng_seed.__get__(nest) == 99


def test_module_functions_cannot_be_replaced(kernel):
    with pytest.raises(AttributeError):
        nest.get = 5
    with pytest.raises(AttributeError):
        nest.Create = None
    assert callable(nest.get) and callable(nest.Create)


def test_min_and_max_delay_set_together(kernel):
    nest.set(min_delay=0.5, max_delay=4.0)
    assert (nest.min_delay, nest.max_delay) == (0.5, 4.0)
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.min_delay = 1.0  # max_delay missing
    assert nest.min_delay == 0.5
    a, b = nest.Create("iaf_psc_alpha", 2)
    nest.Connect(a, b, syn_spec={"delay": 2.0})
    with pytest.raises(nest.NESTErrors.BadDelay):
        nest.Connect(a, b, syn_spec={"delay": 5.0})
    with pytest.raises(nest.NESTErrors.BadDelay):
        nest.Connect(a, b, syn_spec={"delay": 0.2})
    assert nest.num_connections == 1
    assert (nest.min_delay, nest.max_delay) == (0.5, 4.0)
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.set(min_delay=0.1, max_delay=1.0)
    nest.ResetKernel()
    assert nest.min_delay == pytest.approx(0.1)


def test_total_num_virtual_procs_sets_threads_for_one_process(kernel):
    nest.total_num_virtual_procs = 2
    assert nest.local_num_threads == 2
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.total_num_virtual_procs = 0
    assert nest.total_num_virtual_procs == 2


def test_stored_tuning_properties(kernel):
    assert nest.use_compressed_spikes is True
    nest.use_compressed_spikes = False
    assert nest.use_compressed_spikes is False
    assert nest.rng_type == "mt19937_64"
    assert "Philox_32" in nest.rng_types
    nest.rng_type = "Philox_32"
    assert nest.rng_type == "Philox_32"
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.rng_type = "no_such_generator"
    assert nest.rng_type == "Philox_32"
    with pytest.raises(AttributeError):
        nest.rng_types = []
    assert nest.max_num_syn_models == 511
    assert set(nest.recording_backends) >= {"memory", "ascii"}
    log = nest.spike_buffer_resize_log
    assert set(log) == {"times", "new_buffer_size", "global_max_spikes_sent"}
    assert math.isinf(nest.update_time_limit)
    nest.ResetKernel()
    assert nest.use_compressed_spikes is True and nest.rng_type == "mt19937_64"


def test_local_spike_counter_counts_the_last_run(kernel):
    nest.Create("iaf_psc_alpha", 3, {"I_e": 1000.0})
    assert nest.local_spike_counter == 0
    nest.Simulate(100.0)
    assert nest.local_spike_counter > 3


def test_biological_time_can_be_set_back_to_zero_only(kernel):
    nest.Create("iaf_psc_alpha")
    nest.Simulate(5.0)
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.biological_time = 2.0
    assert nest.biological_time == pytest.approx(5.0)
    nest.SetKernelStatus({"biological_time": 0.0})
    assert nest.biological_time == 0.0
    nest.Simulate(1.0)
    assert nest.biological_time == pytest.approx(1.0)


def test_get_nodes_filters_by_status(kernel):
    nest.Create("iaf_psc_alpha", 3)
    low = nest.Create("iaf_psc_delta", 2, {"V_m": -77.0})
    gens = nest.Create("spike_generator", 2)
    assert nest.GetNodes() == nest.NodeCollection(list(range(1, 8)))
    assert nest.GetNodes({"V_m": -77.0}) == low
    assert nest.GetNodes({"model": "spike_generator"}) == gens
    assert nest.GetNodes({"model": "spike_generator"}, local_only=True) == gens
    assert len(nest.GetNodes({"V_m": 123.0})) == 0
    nest.ResetKernel()
    assert len(nest.GetNodes()) == 0


def test_to_array_by_selection(kernel):
    nest.local_num_threads = 2
    nodes = nest.Create("parrot_neuron", 6)
    picked = nodes[::2]
    assert picked._to_array() == {"All": [1, 3, 5]}
    assert picked._to_array("rank") == {"Rank 0": [1, 3, 5]}
    by_thread = picked._to_array("thread")
    assert sorted(i for ids in by_thread.values() for i in ids) == [1, 3, 5]
    for thread, ids in by_thread.items():
        assert all(n.thread == thread for n in nest.NodeCollection(ids))
    with pytest.raises(ValueError):
        picked._to_array("everything")


def test_run_needs_prepare_and_cleanup_pairs_with_it(kernel):
    nest.Create("iaf_psc_alpha")
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.Run(1.0)
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.Cleanup()
    nest.Prepare()
    assert nest.prepared is True
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.Prepare()
    nest.Run(2.0)
    nest.Run(2.0)
    nest.Cleanup()
    assert nest.prepared is False
    assert nest.biological_time == pytest.approx(4.0)
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.Run(1.0)
    with nest.RunManager():
        nest.Run(1.0)
    assert nest.biological_time == pytest.approx(5.0)


def test_ints_beyond_a_c_long_overflow(kernel):
    n = nest.Create("iaf_psc_alpha")
    n.V_m = 2**63 - 1
    with pytest.raises(OverflowError):
        n.V_m = 2**63
    with pytest.raises(OverflowError):
        n.set(V_m=-(2**63) - 1)


def test_model_ids_as_nest_numbers_them(kernel):
    assert nest.GetDefaults("iaf_psc_alpha", "model_id") == 54
    assert nest.GetDefaults("static_synapse", "synapse_modelid") == 29
    nest.CopyModel("iaf_psc_alpha", "my_neuron")
    copy_id = nest.GetDefaults("my_neuron", "model_id")
    assert copy_id not in (nest.GetDefaults(m, "model_id") for m in ("iaf_psc_alpha", "parrot_neuron"))
    assert nest.GetDefaults("my_neuron", "type_id") == "iaf_psc_alpha"
    n = nest.Create("my_neuron")
    assert n.model_id == copy_id
    for key in ("Ca", "tau_Ca", "beta_Ca", "post_trace", "synaptic_elements", "node_uses_wfr", "thread_local_id"):
        assert key in n.get(), key


def test_synapse_collection_derived_keys(kernel):
    nest.local_num_threads = 2
    nodes = nest.Create("iaf_psc_alpha", 4)
    nest.Connect(nodes, nodes)
    conns = nest.GetConnections()
    threads = conns.get("target_thread")
    assert threads == [nest.NodeCollection([t]).thread for t in conns.get("target")]
    assert set(conns.get("synapse_id")) == {nest.GetDefaults("static_synapse", "synapse_modelid")}
    assert set(conns.get("sizeof")) == {nest.GetDefaults("static_synapse", "sizeof")}
    # port: the index among the connections of the model on the target's
    # thread, counted source by source.
    nest.ResetKernel()
    nodes = nest.Create("iaf_psc_alpha", 3)
    nest.Connect(nodes, nodes)
    assert nest.GetConnections().get("port") == list(range(9))
    assert nest.GetConnections(nodes[2]).get("port") == [6, 7, 8]
    assert nest.GetConnections(nodes[::2])[3].get("port") == 6


def test_frozen_neuron_keeps_its_state(kernel):
    a, b = nest.Create("iaf_psc_alpha", 2, {"I_e": 400.0})
    a.frozen = True
    nest.Simulate(5.0)
    assert a.frozen is True and a.V_m == -70.0
    assert b.V_m > -70.0
    mm = nest.Create("multimeter")
    with pytest.raises(nest.NESTErrors.BadProperty):
        mm.frozen = True


def test_symmetric_rules(kernel):
    pop = nest.Create("iaf_psc_alpha", 30)
    spec = {"rule": "symmetric_pairwise_bernoulli", "p": 0.2, "allow_autapses": False, "make_symmetric": True}
    nest.Connect(pop, pop, spec)
    conns = nest.GetConnections()
    pairs = list(zip(conns.get("source"), conns.get("target"), strict=True))
    assert pairs and all((t, s) in pairs for s, t in pairs)
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.Connect(pop, pop, dict(spec, make_symmetric=False))
    nest.ResetKernel()
    a = nest.Create("iaf_psc_alpha", 3)
    b = nest.Create("iaf_psc_alpha", 3)
    nest.Connect(a, b, {"rule": "one_to_one", "make_symmetric": True}, {"weight": [1.0, 2.0, 3.0]})
    back = nest.GetConnections(source=b, target=a)
    assert back.get("weight") == [1.0, 2.0, 3.0]
    with pytest.raises(nest.NESTErrors.NotImplemented):
        nest.Connect(a, b, {"rule": "all_to_all", "make_symmetric": True})
    nest.Connect(a, b, {"rule": "pairwise_poisson", "pairwise_avg_num_conns": 2.0})
    assert nest.num_connections > 6


def test_wrong_number_of_values_is_an_index_error(kernel):
    n = nest.Create("iaf_psc_alpha", 3)
    with pytest.raises(IndexError):
        n.set(V_m=[-60.0, -61.0])
    with pytest.raises(IndexError):
        nest.Create("iaf_psc_alpha", 3, {"V_m": [-60.0, -61.0]})
    assert nest.network_size == 3
    assert n.V_m == (-70.0, -70.0, -70.0)


def test_get_defaults_with_a_non_string_key(kernel):
    with pytest.raises(KeyError):
        nest.GetDefaults("iaf_psc_alpha", 42)
    assert nest.GetDefaults("iaf_psc_alpha", ["C_m", "tau_m"]) == [250.0, 10.0]


def test_collections_of_different_kernels_compare_models(kernel):
    old = nest.Create("iaf_psc_alpha", 4)
    nest.ResetKernel()
    new = nest.Create("iaf_psc_exp", 4)
    assert old != new
    nest.ResetKernel()
    again = nest.Create("iaf_psc_alpha", 4)
    assert old == again


def test_connect_arrays_with_repeats(kernel):
    nest.Create("iaf_psc_alpha", 10)
    sources = np.array([2, 5, 3, 10, 1, 9, 4, 6, 8, 7])
    targets = np.array([1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    nest.Connect(sources, targets, "one_to_one", {"weight": np.linspace(1.0, 1.9, 10)})
    conns = nest.GetConnections()
    got = {(s, t): w for s, t, w in zip(conns.source, conns.target, conns.weight, strict=True)}
    for i, (s, t) in enumerate(zip(sources.tolist(), targets.tolist(), strict=True)):
        assert got[(s, t)] == pytest.approx(1.0 + 0.1 * i)
    with pytest.raises(ValueError):
        nest.Connect(np.arange(1, 11), targets)  # repeats need one_to_one
    with pytest.raises(TypeError):
        nest.Connect(sources.astype(float), targets.astype(float), "one_to_one")
    assert nest.num_connections == 10


def test_connect_with_an_empty_collection_is_illegal(kernel):
    empty = nest.NodeCollection()
    nest.ResetKernel()  # an empty collection stays usable
    nodes = nest.Create("iaf_psc_alpha", 3)
    for pre, post in ((nodes, empty), (empty, nodes), (empty, empty)):
        with pytest.raises(nest.NESTErrors.IllegalConnection):
            nest.Connect(pre, post)
    assert nest.num_connections == 0


def test_get_defaults_with_a_set_of_keys(kernel):
    keys = {"start", "stop", "origin"}
    assert nest.GetDefaults("spike_recorder", keys) == [nest.GetDefaults("spike_recorder", k) for k in keys]


def test_probabilistic_rules_cannot_target_recorders(kernel):
    n = nest.Create("iaf_psc_alpha")
    rec = nest.Create("spike_recorder", 2)
    with pytest.raises(nest.NESTErrors.IllegalConnection):
        nest.Connect(n, rec, {"rule": "fixed_indegree", "indegree": 1})
    nest.Connect(n, rec)
    assert nest.num_connections == 2
