"""Connecting nodes."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _kernel
from .hl_api_exceptions import NESTErrors
from .hl_api_types import NodeCollection

__all__ = [
    "Connect",
]

# Keys that belong in syn_spec; finding them in a conn_spec without a rule
# means the connection rule was left out.
_SYNAPSE_KEYS = frozenset({"synapse_model", "weight", "delay", "receptor_type"})


def Connect(
    pre: NodeCollection,
    post: NodeCollection,
    conn_spec: str | dict | None = None,
    syn_spec: str | dict | None = None,
    return_synapsecollection: bool = False,
) -> None:
    """Connect `pre` nodes to `post` nodes.

    Parameters
    ----------
    pre, post : NodeCollection
        Source and target nodes. A list or array of unique ids is accepted
        too; with ``"one_to_one"`` ids may repeat.
    conn_spec : str or dict, optional
        Connection rule: a rule name (``"all_to_all"``, the default, or
        ``"one_to_one"``, ...) or a dict with ``"rule"`` and its parameters.
    syn_spec : str or dict, optional
        Synapse: a model name, or a dict with ``"synapse_model"`` (default
        ``"static_synapse"``), ``"weight"``, ``"delay"``, ``"receptor_type"``
        and model parameters. Weight and delay may be scalars or arrays: a
        1-d array with one value per connection for ``"one_to_one"`` and
        ``"fixed_total_number"``; a 2-d array of shape (len(post), len(pre))
        for ``"all_to_all"``, sent in target-major order.
    return_synapsecollection : bool, optional
        Not supported yet; must be False.

    Raises
    ------
    NESTErrors.IllegalConnection
        If the nodes cannot be connected this way (e.g. a recorder connected
        in the wrong direction).
    NESTErrors.BadProperty
        If the rule is unknown or its parameters are invalid.
    NESTErrors.UnknownSynapseType, NESTErrors.BadDelay, NESTErrors.UnknownReceptorType
        If the synapse specification is invalid.
    TypeError, ValueError
        If the arguments have the wrong type or shape.
    NotImplementedError
        If `return_synapsecollection` is True.
    """
    if return_synapsecollection:
        raise NotImplementedError("return_synapsecollection=True is not supported yet (no SynapseCollection).")
    spec = _process_conn_spec(conn_spec)
    one_to_one = spec.get("rule") == "one_to_one"
    pre_ids = _node_ids(pre, "pre", allow_repeats=one_to_one)
    post_ids = _node_ids(post, "post", allow_repeats=one_to_one)
    syn = _process_syn_spec(syn_spec, spec, len(pre_ids), len(post_ids))
    try:
        _kernel.connect(pre_ids, post_ids, spec, syn)
    except NESTErrors.BadProperty as exc:
        rule = spec.get("rule")
        if isinstance(rule, str) and rule in _kernel.models()["synapses"]:
            raise TypeError(
                f"'{rule}' is a synapse model, not a connection rule. The third argument of Connect is "
                f"conn_spec (e.g. 'all_to_all'); give the synapse as syn_spec='{rule}'."
            ) from exc
        raise


def _node_ids(nodes: Any, name: str, allow_repeats: bool) -> Any:
    if isinstance(nodes, NodeCollection):
        nodes._check_valid()
        return nodes._ids
    if isinstance(nodes, (list, tuple, np.ndarray, range)):
        ids = np.asarray(nodes, dtype=np.int64).ravel()
        if allow_repeats and np.unique(ids).size != ids.size:
            return ids
        return NodeCollection(ids)._ids
    raise TypeError(f"{name} must be a NodeCollection, got {type(nodes).__name__}")


def _process_conn_spec(conn_spec: Any) -> dict:
    if conn_spec is None:
        return {"rule": "all_to_all"}
    if isinstance(conn_spec, str):
        return {"rule": conn_spec}
    if isinstance(conn_spec, dict):
        spec = dict(conn_spec)
        if spec.get("rule") is None:
            misplaced = sorted(_SYNAPSE_KEYS.intersection(spec))
            if misplaced:
                raise TypeError(
                    f"conn_spec has no 'rule' but synapse parameter(s) {misplaced}: it looks like a syn_spec. "
                    "Connect(pre, post, conn_spec, syn_spec) takes the connection rule third; pass the synapse "
                    "as syn_spec={...}."
                )
            spec["rule"] = "all_to_all"
        return spec
    raise TypeError(
        f"conn_spec must be None, a rule name such as 'one_to_one', or a dict with a 'rule'; "
        f"got {type(conn_spec).__name__}"
    )


def _process_syn_spec(syn_spec: Any, conn_spec: dict, n_pre: int, n_post: int) -> dict | None:
    if syn_spec is None:
        return None
    if isinstance(syn_spec, str):
        return {"synapse_model": syn_spec}
    if not isinstance(syn_spec, dict):
        raise TypeError(f"syn_spec must be a synapse model name or a dict, got {type(syn_spec).__name__}")
    if "synapse_model" in syn_spec and not isinstance(syn_spec["synapse_model"], str):
        raise TypeError("'synapse_model' must be specified by a 'str'.")
    rule = conn_spec.get("rule")
    spec = dict(syn_spec)
    for key, value in syn_spec.items():
        if isinstance(value, (list, tuple)):
            value = np.asarray(value)
        if not isinstance(value, np.ndarray) or value.ndim == 0:
            continue
        if value.ndim == 1:
            if rule == "one_to_one":
                expected = n_pre
            elif rule == "fixed_total_number" and "N" in conn_spec:
                expected = int(conn_spec["N"])
            elif rule == "fixed_total_number":
                expected = value.shape[0]
            else:
                raise TypeError(
                    f"'{key}' has the wrong type. One-dimensional parameter arrays can only be used with "
                    "rule 'one_to_one' or 'fixed_total_number'."
                )
            if value.shape[0] != expected:
                raise ValueError(f"'{key}' has to be an array of dimension {expected}, a scalar or a dictionary.")
            spec[key] = value
        elif value.ndim == 2:
            if rule == "all_to_all":
                shape = (n_post, n_pre)
            elif rule == "fixed_indegree":
                shape = (n_post, int(conn_spec["indegree"]))
            elif rule == "fixed_outdegree":
                shape = (n_pre, int(conn_spec["outdegree"]))
            else:
                raise TypeError(
                    f"'{key}' has the wrong type. Two-dimensional parameter arrays can only be used with "
                    "rules 'all_to_all', 'fixed_indegree' or 'fixed_outdegree'."
                )
            if value.shape != shape:
                raise ValueError(
                    f"'{key}' has to be an array of dimension {shape[0]}x{shape[1]}, a scalar or a dictionary."
                )
            spec[key] = value.ravel()
        else:
            raise TypeError(f"'{key}' must be a scalar, a 1-d or a 2-d array")
    return spec
