"""nest.spatial in gonest: bad input, API shapes and masks (see test_spatial_nest310.py for NEST references)."""

from __future__ import annotations

import math

import nest
import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _reset():
    nest.ResetKernel()


def _grid(shape=(5, 5), **kw):
    return nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=list(shape), **kw))


def test_oversized_mask_needs_allow_oversized_mask():
    layer = _grid(edge_wrap=True)
    spec = {"rule": "pairwise_bernoulli", "p": 1.0, "mask": {"circular": {"radius": 0.6}}}
    with pytest.raises(nest.NESTErrors.BadProperty, match="allow_oversized_mask"):
        nest.Connect(layer, layer, spec)
    assert nest.num_connections == 0
    nest.Connect(layer, layer, {**spec, "allow_oversized_mask": True})
    assert nest.num_connections > 0


def test_positions_outside_extent_are_refused():
    with pytest.raises(nest.NESTErrors.BadProperty, match="outside"):
        nest.Create("iaf_psc_alpha", positions=nest.spatial.free([[0.0, 0.0], [2.0, 0.0]], extent=[1.0, 1.0]))
    assert nest.network_size == 0


@pytest.mark.parametrize(
    "positions",
    [
        lambda: nest.spatial.free([[0.0, 0.0, 0.0, 0.0], [0.1, 0.0, 0.0, 0.0]]),
        lambda: nest.spatial.free([[0.0], [0.1]]),
        lambda: nest.spatial.grid(shape=[5]),
    ],
)
def test_wrong_dimensionality(positions):
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.Create("iaf_psc_alpha", positions=positions())


def test_positions_of_different_lengths_are_refused():
    # NEST 3.10: BadProperty "Expected a 2-dimensional position."
    with pytest.raises(nest.NESTErrors.BadProperty, match="2-dimensional"):
        nest.Create("iaf_psc_alpha", positions=nest.spatial.free([[0.0, 0.1], [0.3, 0.1, 0.2]]))
    assert nest.network_size == 0


def test_free_positions_from_an_array_keep_their_values():
    # Many positions cross to the core as the address of an array.
    pos = np.random.default_rng(3).uniform(-0.5, 0.5, (500, 3))
    layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.free(pos.tolist()))
    assert np.array_equal(np.array(nest.GetPosition(layer)), pos)
    with pytest.raises(nest.NESTErrors.BadProperty, match="finite"):
        nest.Create("iaf_psc_alpha", positions=nest.spatial.free([[0.0, 0.0], [float("nan"), 0.1]] * 40))


def test_spatial_parameter_has_no_value_alone():
    # NEST 3.10 raises BadParameterValue for GetValue of a spatial parameter.
    with pytest.raises(nest.NESTErrors.BadParameterValue):
        nest.spatial.distance.GetValue()


def test_mask_and_layers_must_agree_in_dimensions():
    layer = _grid()
    with pytest.raises(nest.NESTErrors.BadProperty, match="incompatible"):
        nest.Connect(layer, layer, {"rule": "pairwise_bernoulli", "p": 1.0, "mask": {"spherical": {"radius": 0.2}}})
    cube = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[2, 2, 2]))
    with pytest.raises(nest.NESTErrors.BadProperty, match="same number of dimensions"):
        nest.Connect(layer, cube, {"rule": "pairwise_bernoulli", "p": 1.0, "mask": {"circular": {"radius": 0.2}}})


def test_spatial_parameter_on_nodes_without_positions():
    nodes = nest.Create("iaf_psc_alpha", 5)
    with pytest.raises(TypeError):
        nest.Connect(nodes, nodes, {"rule": "pairwise_bernoulli", "p": nest.spatial.distance})
    with pytest.raises(TypeError):
        nest.Connect(nodes, nodes, "all_to_all", {"weight": nest.spatial.distance})
    with pytest.raises(nest.NESTErrors.LayerExpected):
        nest.GetPosition(nodes)
    assert nodes.spatial is None
    assert nest.num_connections == 0


def test_single_free_node_needs_extent():
    with pytest.raises(nest.NESTErrors.KernelException, match="extent"):
        nest.Create("iaf_psc_alpha", positions=nest.spatial.free([[0.0, 0.0]]))
    one = nest.Create("iaf_psc_alpha", positions=nest.spatial.free([[0.0, 0.0]], extent=[1.0, 1.0]))
    assert nest.GetPosition(one) == [0.0, 0.0]


def test_bad_masks():
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.CreateMask("circular", {"radius": -1.0})
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.CreateMask("rectangular", {"lower_left": [0.1, 0.1], "upper_right": [0.0, 0.2]})
    with pytest.raises(nest.NESTErrors.UndefinedName):
        nest.CreateMask("hexagonal", {"radius": 1.0})


def test_rules_that_cannot_use_masks():
    layer = _grid()
    with pytest.raises(ValueError, match="only possible connection rules"):
        nest.Connect(layer, layer, {"rule": "all_to_all", "mask": {"circular": {"radius": 0.2}}})
    with pytest.raises(ValueError, match="not allowed"):
        nest.Connect(layer, layer, {"rule": "pairwise_bernoulli", "p": 1.0, "mask": {"circular": {"radius": 0.2}},
                                    "make_symmetric": True})


def test_mask_inside_and_set_operations():
    circle = nest.CreateMask("circular", {"radius": 0.5})
    box = nest.CreateMask("rectangular", {"lower_left": [0.0, -1.0], "upper_right": [1.0, 1.0]})
    assert circle.Inside([0.3, 0.3]) and not circle.Inside([0.4, 0.4])
    assert (circle | box).Inside([0.9, 0.9]) and not (circle & box).Inside([-0.1, 0.0])
    assert (circle - box).Inside([-0.2, 0.0]) and not (circle - box).Inside([0.2, 0.0])
    with pytest.raises(NotImplementedError):
        circle | 1


def test_degree_rules_with_masks_keep_their_degrees():
    layer = _grid((10, 10), edge_wrap=True)
    mask = {"circular": {"radius": 0.25}}
    nest.Connect(layer, layer, {"rule": "fixed_indegree", "indegree": 4, "mask": mask, "allow_multapses": False})
    conns = nest.GetConnections()
    assert np.all(np.bincount(np.array(conns.target) - 1, minlength=100) == 4)
    assert max(conns.distance) <= 0.25 + 1e-12
    too_many = {"rule": "fixed_indegree", "indegree": 50, "mask": mask, "allow_multapses": False}
    with pytest.raises(nest.NESTErrors.KernelException):
        nest.Connect(layer, layer, too_many)


def test_weights_and_delays_from_distance():
    layer = _grid((7, 7))
    nest.Connect(layer, layer, {"rule": "pairwise_bernoulli", "p": 1.0, "mask": {"circular": {"radius": 0.3}}},
                 {"weight": 2.0 * nest.spatial.distance, "delay": 1.0})
    conns = nest.GetConnections()
    np.testing.assert_allclose(conns.weight, 2.0 * np.asarray(conns.distance), rtol=0, atol=1e-15)


def test_synapse_collection_distance_is_nan_without_positions():
    layer = _grid((2, 2))
    plain = nest.Create("iaf_psc_alpha", 2)
    nest.Connect(layer, plain)
    assert all(math.isnan(d) for d in nest.GetConnections().distance)


def test_parameter_apply():
    layer = _grid((2, 2))
    assert nest.spatial.pos.x.apply(layer) == tuple(p[0] for p in nest.GetPosition(layer))
    d = nest.spatial.distance.apply(layer[0], [[0.0, 0.0], [0.25, 0.25]])
    np.testing.assert_allclose(d, [math.hypot(0.25, 0.25), 0.5], rtol=0, atol=1e-15)


def test_layers_join_only_with_themselves():
    layer = _grid((3, 3))
    other = _grid((3, 3))
    plain = nest.Create("iaf_psc_alpha", 2)
    assert (layer[:4] + layer[4:]).tolist() == layer.tolist()
    for a, b in ((layer, other), (layer, plain), (plain, layer)):
        with pytest.raises(nest.NESTErrors.BadProperty):
            a + b
    assert (plain[0] + plain[1]).tolist() == plain.tolist()
