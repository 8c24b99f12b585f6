"""Creating nodes."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from numbers import Real
from typing import Any

import numpy as np

from .. import _kernel
from .hl_api_exceptions import NESTErrors
from .hl_api_helper import is_sequence_value
from .hl_api_parameters import (
    Parameter,
    draw_node_params,
    has_parameter,
    kernel_generator,
)
from .hl_api_types import (
    NodeCollection,
    current_registry,
    register_nodes,
    spread_columns,
    spread_params,
)

__all__ = [
    "Create",
    "GetNodes",
    "PrintNodes",
]


def Create(
    model: str,
    n: int = 1,
    params: dict | Sequence[dict] | None = None,
    positions: Any = None,
) -> NodeCollection:
    """Create `n` nodes of `model`.

    Parameters
    ----------
    model : str
        Name of a node model, e.g. ``"iaf_psc_alpha"`` or ``"voltmeter"``.
    n : int, optional
        Number of nodes, at least 1. For backward compatibility a dict given
        here is taken as `params` (and one node is created).
    params : dict or list of dict, optional
        Parameters for the new nodes: a dict of single values (for all
        nodes), a dict whose values are lists or arrays of length `n` (one
        value per node; parameters whose value is itself a list, such as
        ``record_from``, take the list as it is), or a list of `n` dicts.
        A value may be a ``nest.random`` parameter: one value is drawn per
        node, in Python (see :mod:`nest.lib.hl_api_parameters`; the values
        are reproducible for a given ``rng_seed`` but differ from NEST's).
    positions : nest.spatial.grid or nest.spatial.free, optional
        Create a spatial layer: the nodes get positions on a grid or at
        the given (or drawn) places; `n` is ignored for explicit positions
        and must not be given for a grid.

    Returns
    -------
    NodeCollection
        The new nodes. Ids continue from the last created node, starting at
        1 after ``ResetKernel``.

    Raises
    ------
    NESTErrors.UnknownModelName
        If there is no such model.
    NESTErrors.UnaccessedDictionaryEntry, NESTErrors.BadProperty, NESTErrors.TypeMismatch
        If a parameter is unknown or invalid; then no node is created.
    NESTErrors.BadParameterValue
        If `n` is smaller than 1.
    TypeError, ValueError
        If the arguments have the wrong type or length, or a ``nest.random``
        parameter is given for a parameter that is not a number.
    NESTErrors.BadProperty, NESTErrors.KernelException
        If the positions are invalid (wrong dimensionality, outside the
        extent, a single free node without extent).
    """
    if isinstance(n, dict):
        if params is not None or positions is not None:
            raise ValueError(
                "A parameter dictionary can be passed as second argument only if Create() is called with two arguments."
            )
        params, n = n, 1
    if not isinstance(model, str):
        raise TypeError(f"model must be the name of a model (str), got {type(model).__name__}")
    if isinstance(n, bool) or not isinstance(n, Real) or int(n) != n:
        raise TypeError(f"n must have an integer value, got {n!r}")
    n = int(n)
    if n < 1:
        raise NESTErrors.BadParameterValue(f"n_nodes > 0 expected: cannot create {n} nodes of '{model}'.")
    if positions is not None:
        spec, n = _layer_spec(positions, n)
    payload: dict | list | None
    if params is None:
        payload = None
    elif isinstance(params, dict):
        payload = _spread_create_params(model, params, n)
    elif isinstance(params, (list, tuple)):
        if len(params) != n:
            raise TypeError(f"list of params must have one dictionary per node: got {len(params)} for {n} node(s)")
        if not all(isinstance(p, dict) for p in params):
            raise TypeError("params must be either a dict of parameters or a list or tuple of dicts")
        payload = list(params)
        if has_parameter(payload):
            payload = draw_node_params(payload, n, _kernel.get_defaults(model))
    else:
        raise TypeError("params must be either a dict of parameters or a list or tuple of dicts")

    if positions is not None:
        first = _kernel.create_layer(model, spec, payload)
    else:
        first = _kernel.create(model, n, payload)
    register_nodes(first, n, model)
    if positions is not None:
        current_registry().mark_layer(first)
    return NodeCollection._make(range(first, first + n))


def _layer_spec(positions: Any, n: int) -> tuple[dict, int]:
    """The core's layer specification for `positions`, and the number of nodes."""
    from ..spatial import free, grid

    if not isinstance(positions, (free, grid)):
        raise TypeError("`positions` must be either a nest.spatial.free or a nest.spatial.grid object")
    spec: dict[str, Any] = {"edge_wrap": bool(positions.edge_wrap)}
    if positions.extent is not None:
        spec["extent"] = [float(v) for v in positions.extent]
    if isinstance(positions, grid):
        if n > 1:
            raise ValueError("Cannot specify number of nodes with grid positions")
        spec["shape"] = [int(v) for v in positions.shape]
        if positions.center is not None:
            spec["center"] = [float(v) for v in positions.center]
        return spec, int(np.prod(spec["shape"]))
    pos = positions.pos
    if isinstance(pos, list) and pos and all(isinstance(p, Parameter) for p in pos):
        rng = kernel_generator()
        cols = [p._draw(rng, n).astype(np.float64) for p in pos]
        spec["positions"] = np.column_stack(cols)  # an array: to_json encodes it without a Python loop
        return spec, n
    try:
        arr = np.asarray(pos, dtype=float)
    except ValueError:
        # positions of different lengths; NEST names the first one's
        first = len(pos[0]) if len(pos) and hasattr(pos[0], "__len__") else 0
        raise NESTErrors.BadProperty(
            f"Expected a {first}-dimensional position: every position must have the number of coordinates of the first."
        ) from None
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise NESTErrors.BadProperty("Empty positions array." if arr.size == 0 else "Positions must be a list of coordinates.")
    spec["positions"] = arr
    return spec, arr.shape[0]


def _spread_create_params(model: str, params: dict, n: int) -> dict | list | _kernel.NodeColumns | None:
    if not params:
        return None
    drawn = has_parameter(params)
    if not drawn and not any(is_sequence_value(v) for v in params.values()):
        return params
    # The defaults tell which parameters are scalars (spread per node) and
    # which are lists themselves (taken as given).
    defaults = _kernel.get_defaults(model)
    if drawn:
        params = draw_node_params(params, n, defaults)
    elif _kernel.has_columns():
        # Per-node arrays of numbers cross as columns, without a dict per node.
        columns = spread_columns(params, defaults, n)
        if columns is not None:
            return columns
    per_node = spread_params(params, defaults, n)
    return per_node[0] if len(per_node) == 1 else per_node


def GetNodes(properties: dict | None = None, local_only: bool = False) -> NodeCollection:
    """Return the nodes of the network whose status matches `properties`.

    Parameters
    ----------
    properties : dict, optional
        Status entries a node must have, with equal values (e.g.
        ``{"model": "iaf_psc_exp"}`` or ``{"V_m": -77.0}``); None or an
        empty dict matches every node.
    local_only : bool, optional
        Only nodes on this process (in a distributed run).

    Returns
    -------
    NodeCollection
        The matching nodes in id order (empty if none match).
    """
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        raise TypeError(f"properties must be a dict, got {type(properties).__name__}")
    size = current_registry().size
    everything = NodeCollection._make(range(1, size + 1))
    if size == 0:
        return everything
    keys = list(properties) + (["local"] if local_only else [])
    if not keys:
        return everything
    statuses = _kernel.get_status(everything._ids, keys)
    keep = []
    for node_id, status in zip(everything._ids, statuses, strict=True):
        if local_only and not status.get("local", True):
            continue
        if all(key in status and _same_value(status[key], value) for key, value in properties.items()):
            keep.append(node_id)
    return NodeCollection._make(_compact_ids(keep))


def GetLocalNodeCollection(nc: NodeCollection) -> NodeCollection:
    """Return the nodes of `nc` that this process updates (its "local" ones).

    As in NEST, a network should give the same results for the same
    number of virtual processes however they are spread over processes;
    use this for rank-specific work such as tests only.

    Parameters
    ----------
    nc : NodeCollection
        The nodes to filter.

    Returns
    -------
    NodeCollection
        The local nodes of `nc`, in its order.

    Raises
    ------
    TypeError
        If `nc` is not a NodeCollection.
    """
    if not isinstance(nc, NodeCollection):
        raise TypeError("GetLocalNodeCollection requires a NodeCollection in order to run")
    if len(nc) == 0:
        return nc
    statuses = _kernel.get_status(nc._ids, ["local"])
    keep = [int(i) for i, st in zip(nc._ids, statuses, strict=True) if st.get("local", True)]
    if len(keep) > 2 and len({b - a for a, b in itertools.pairwise(keep)}) == 1:
        return NodeCollection._make(range(keep[0], keep[-1] + 1, keep[1] - keep[0]))
    return NodeCollection._make(_compact_ids(keep))


def _same_value(have: Any, want: Any) -> bool:
    try:
        import numpy as np

        return bool(np.array_equal(np.asarray(have), np.asarray(want)))
    except (TypeError, ValueError):
        return have == want


def _compact_ids(ids: list[int]) -> range | Any:
    import numpy as np

    if not ids:
        return range(0)
    if ids[-1] - ids[0] + 1 == len(ids):
        return range(ids[0], ids[-1] + 1)
    return np.asarray(ids, dtype=np.int64)


def PrintNodes() -> None:
    """Print the id ranges and models of all nodes in the network."""
    for first, last, model in current_registry().blocks():
        span = f"{first}" if first == last else f"{first} .. {last}"
        print(f"{span:>15} {model}")
