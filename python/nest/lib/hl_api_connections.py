"""Connecting nodes."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _kernel
from .hl_api_exceptions import NESTErrors
from .hl_api_parameters import Parameter, syn_spec_value
from .hl_api_synapse_collection import SynapseCollection
from .hl_api_types import NodeCollection, current_registry

__all__ = [
    "CollocatedSynapses",
    "Connect",
    "Disconnect",
    "GetConnections",
    "TripartiteConnect",
]

# Keys that belong in syn_spec; finding them in a conn_spec without a rule
# means the connection rule was left out.
_SYNAPSE_KEYS = frozenset({"synapse_model", "weight", "delay", "receptor_type"})


class CollocatedSynapses:
    """Several synapse specifications for the same pairs of nodes.

    Given as the ``syn_spec`` of :func:`Connect`, the rule chooses its
    pairs once (also a random rule) and every pair gets one connection per
    specification, in the order given::

        spec = nest.CollocatedSynapses({"weight": -2.0},
                                       {"synapse_model": "stdp_synapse", "weight": 3.0})
        nest.Connect(pre, post, "one_to_one", syn_spec=spec)   # 2 connections per pair

    Each specification is a dict (or a synapse model name) as ``syn_spec``
    accepts it, arrays and ``nest.random`` parameters included.
    """

    def __init__(self, *syn_specs: str | dict) -> None:
        self.syn_specs = syn_specs

    def __len__(self) -> int:
        return len(self.syn_specs)

    def __repr__(self) -> str:
        return f"CollocatedSynapses({', '.join(repr(s) for s in self.syn_specs)})"


def Connect(
    pre: NodeCollection,
    post: NodeCollection,
    conn_spec: str | dict | None = None,
    syn_spec: str | dict | CollocatedSynapses | None = None,
    return_synapsecollection: bool = False,
) -> SynapseCollection | None:
    """Connect `pre` nodes to `post` nodes.

    Parameters
    ----------
    pre, post : NodeCollection
        Source and target nodes. A list or array of unique ids is accepted
        too; with ``"one_to_one"`` ids may repeat.
    conn_spec : str or dict, optional
        Connection rule: a rule name (``"all_to_all"``, the default, or
        ``"one_to_one"``, ...) or a dict with ``"rule"`` and its parameters.
    syn_spec : str, dict or CollocatedSynapses, optional
        Synapse: a model name, a :class:`CollocatedSynapses` (one
        connection per specification for each pair), or a dict with ``"synapse_model"`` (default
        ``"static_synapse"``), ``"weight"``, ``"delay"``, ``"receptor_type"``
        and model parameters. Weight, delay and receptor_type may be

        - a number;
        - a ``nest.random`` parameter (e.g. ``nest.random.uniform(0.5, 1.5)``,
          or ``1 + nest.random.uniform_int(3)`` for receptor_type): the core
          draws one value per connection (receptor types must come out as
          whole numbers);
        - an array (or list), one value per connection, as NEST accepts
          them: 1-d for ``"one_to_one"`` (length len(pre)) and
          ``"fixed_total_number"`` (length N); 2-d for ``"all_to_all"``
          (shape (len(post), len(pre)): row i for target post[i], column j
          for source pre[j]), ``"fixed_indegree"`` (shape (len(post),
          indegree)) and ``"fixed_outdegree"`` (shape (len(pre),
          outdegree)). Entries for connections the rule leaves out
          (autapses with ``allow_autapses=False``) are skipped, as in NEST.
    return_synapsecollection : bool, optional
        If True, return the connections as a :class:`SynapseCollection`:
        all connections from `pre` to `post` made with this call's synapse
        model, including any made between them with that model before
        this call.

    Returns
    -------
    SynapseCollection or None
        The connections if `return_synapsecollection` is True, else None.

    Raises
    ------
    NESTErrors.IllegalConnection
        If the nodes cannot be connected this way (e.g. a recorder connected
        in the wrong direction).
    NESTErrors.BadProperty
        If the rule is unknown or its parameters are invalid.
    NESTErrors.UnknownSynapseType, NESTErrors.BadDelay, NESTErrors.UnknownReceptorType
        If the synapse specification is invalid.
    NESTErrors.IncompatibleReceptorType
        If a target does not accept the receptor of its connection. Every
        connection is checked before any is made, so a rejected call
        connects nothing (NEST keeps the connections made before the bad
        one).
    NESTErrors.TypeMismatch
        If a receptor_type drawn from a parameter is not a whole number.
    TypeError, ValueError
        If the arguments have the wrong type or shape, or a ``nest.random``
        parameter is given for anything but weight, delay and receptor_type.
    """
    if (
        not return_synapsecollection
        and type(pre) is NodeCollection
        and type(post) is NodeCollection
        and _connect_small(pre, post, conn_spec, syn_spec)
    ):
        return None
    spec = _process_conn_spec(conn_spec)
    layers = _uses_layers(spec, syn_spec)
    if layers:
        _check_layers(pre, post)
        spec = _spatial_conn_spec(spec, syn_spec)
    one_to_one = spec.get("rule") == "one_to_one"
    pre_ids = _node_ids(pre, "pre", allow_repeats=one_to_one)
    post_ids = _node_ids(post, "post", allow_repeats=one_to_one)
    _check_arrays(pre_ids, post_ids, one_to_one)
    if len(pre_ids) == 0 or len(post_ids) == 0:
        raise NESTErrors.IllegalConnection("Connect: the pre- and postsynaptic nodes must not be empty.")
    if isinstance(syn_spec, CollocatedSynapses):
        syns = [_process_syn_spec(s, spec, pre_ids, post_ids) or {} for s in syn_spec.syn_specs]
        if not syns:
            raise ValueError("CollocatedSynapses needs at least one synapse specification.")
        _kernel.connect_collocated(pre_ids, post_ids, spec, syns)
        if not return_synapsecollection:
            return None
        return _get_connections(np.unique(pre_ids), np.unique(post_ids), None)
    syn = _process_syn_spec(syn_spec, spec, pre_ids, post_ids)
    try:
        _kernel.connect(pre_ids, post_ids, spec, syn)
    except NESTErrors.LayerExpected as exc:
        if layers:
            raise TypeError(f"Connecting with mask or kernel needs spatially distributed nodes: {exc}") from exc
        raise
    except NESTErrors.BadProperty as exc:
        rule = spec.get("rule")
        if isinstance(rule, str) and rule in _kernel.models()["synapses"]:
            raise TypeError(
                f"'{rule}' is a synapse model, not a connection rule. The third argument of Connect is "
                f"conn_spec (e.g. 'all_to_all'); give the synapse as syn_spec='{rule}'."
            ) from exc
        raise
    if not return_synapsecollection:
        return None
    model = (syn or {}).get("synapse_model", "static_synapse")
    return _get_connections(np.unique(pre_ids), np.unique(post_ids), model)


# The largest magnitude a number of a small Connect's syn_spec may have:
# beyond it (inf, nan, huge integers) the general path decides.
_SMALL_MAX_VALUE = 2.0**53
_SMALL_MAX_PAIRS = _kernel._QUICK_PAIRS
_SCALAR_SYN_SPEC, _SCALAR_SYN_KEYS = _kernel.SCALAR_SYN_SPEC, _kernel.SCALAR_SYN_KEYS


def _connect_small(pre: NodeCollection, post: NodeCollection, conn_spec: Any, syn_spec: Any) -> bool:
    """The short path of Connect for the common small call: contiguous
    collections (``nodes[i]``, ``nodes[a:b]``), the rule by name alone and
    a syn_spec of plain numbers. It hands the core what the general path
    would (so the checks and errors are the core's, the same), without
    NumPy, JSON or the background run.

    Returns False, having done nothing, for any other call (also for those
    the general path refuses in Python).
    """
    if conn_spec is None:
        rule = "all_to_all"
    elif type(conn_spec) is str and (conn_spec == "all_to_all" or conn_spec == "one_to_one"):
        rule = conn_spec
    else:
        return False
    pre_ids, post_ids = pre._ids, post._ids
    if type(pre_ids) is not range or type(post_ids) is not range or not pre_ids or not post_ids:
        return False
    if (len(pre_ids) if rule == "one_to_one" else len(pre_ids) * len(post_ids)) > _SMALL_MAX_PAIRS:
        return False
    registry = current_registry()
    if pre._registry is not registry or post._registry is not registry:
        return False
    given, model, weight, delay, receptor = 0, "", 0.0, 0.0, 0.0
    if type(syn_spec) is dict:
        given = _SCALAR_SYN_SPEC
        for key, value in syn_spec.items():
            if key == "synapse_model":
                if type(value) is not str:
                    return False
                model = value
            elif (type(value) is float or type(value) is int) and -_SMALL_MAX_VALUE <= value <= _SMALL_MAX_VALUE:
                if key == "weight":
                    weight = float(value)
                elif key == "delay":
                    delay = float(value)
                elif key == "receptor_type":
                    receptor = float(value)
                else:
                    return False
            else:
                return False
            given |= _SCALAR_SYN_KEYS[key]
    elif type(syn_spec) is str:
        given, model = _SCALAR_SYN_SPEC | _SCALAR_SYN_KEYS["synapse_model"], syn_spec
    elif syn_spec is not None:
        return False
    return _kernel.connect_scalar(pre_ids, post_ids, rule, model, given, weight, delay, receptor)


_TRIPARTITE_SYN_KEYS = ("primary", "third_in", "third_out")


def TripartiteConnect(
    pre: NodeCollection,
    post: NodeCollection,
    third: NodeCollection,
    conn_spec: dict,
    third_factor_conn_spec: dict,
    syn_specs: dict | None = None,
) -> None:
    """Connect `pre` to `post` and pair the connections with nodes of `third`.

    The primary rule in `conn_spec` (any rule of :func:`Connect` but
    ``make_symmetric``) connects `pre` to `post`. The third-factor rule
    then decides for each primary connection whether it gets a node of
    `third`; if it does, that node gets a connection from the primary
    source and makes one to the primary target. The one third-factor rule
    is ``"third_factor_bernoulli_with_pool"`` with

    - ``"p"`` (default 1.0): the probability that a primary connection is
      paired with a third node;
    - ``"pool_size"`` (default ``len(third)``): the number of third nodes
      each target can be paired with;
    - ``"pool_type"``: ``"random"`` (default; each target's pool is a
      random set of distinct third nodes) or ``"block"`` (pools are
      consecutive blocks of `third` in the order of `post`; needs
      ``len(post) * pool_size == len(third)``, or ``pool_size == 1`` and
      ``len(post)`` a multiple of ``len(third)``).

    The third node of a connection is drawn uniformly from its target's
    pool.

    Parameters
    ----------
    pre, post, third : NodeCollection
        Primary sources, primary targets and third-factor nodes.
    conn_spec : dict
        The primary rule, with ``"rule"``.
    third_factor_conn_spec : dict
        The third-factor rule, with ``"rule"``.
    syn_specs : dict, optional
        Synapse specifications under ``"primary"`` (pre -> post),
        ``"third_in"`` (pre -> third) and ``"third_out"`` (third -> post),
        each a model name, a dict as :func:`Connect` takes it (numbers and
        ``nest.random`` parameters, no arrays) or a
        :class:`CollocatedSynapses`. Missing entries are
        ``static_synapse``.

    Raises
    ------
    TypeError
        If `pre`, `post` or `third` is not a NodeCollection.
    ValueError
        If a synapse specification holds a list or array.
    NESTErrors.IllegalConnection
        For an empty population or an unknown primary or third-factor rule.
    NESTErrors.BadProperty
        For a specification without rule, ``make_symmetric``, or bad
        ``p``, ``pool_size`` or ``pool_type``. Every connection is checked
        before any is made, so a rejected call connects nothing.
    """
    for nodes, what in ((pre, "Presynaptic"), (post, "Postsynaptic"), (third, "Third-factor")):
        if not isinstance(nodes, NodeCollection):
            raise TypeError(f"{what} nodes must be a NodeCollection")
        nodes._check_valid()
    specs = {}
    for key, value in (syn_specs or {}).items():
        if key not in _TRIPARTITE_SYN_KEYS:
            # NEST 3.10 fails on such a key with an AttributeError too.
            raise AttributeError(
                f"syn_specs has the key '{key}'; TripartiteConnect takes only 'primary', 'third_in' and 'third_out'."
            )
        specs[key] = value
    out = {}
    for key in _TRIPARTITE_SYN_KEYS:
        value = specs.get(key, {"synapse_model": "static_synapse"})
        if isinstance(value, str):
            value = {"synapse_model": value}
        parts = value.syn_specs if isinstance(value, CollocatedSynapses) else (value,)
        processed = []
        for part in parts:
            part = {"synapse_model": part} if isinstance(part, str) else part
            if isinstance(part, dict):
                for entry, item in part.items():
                    if isinstance(item, (list, tuple, np.ndarray)):
                        raise ValueError(  # noqa: TRY004 - NEST raises ValueError here
                            "Tripartite connections do not accept parameter lists, "
                            f"but 'syn_specs[{key}][{entry}]' is a list or similar."
                        )
            processed.append(_process_syn_spec(part, {}, pre._ids, post._ids) or {})
        out[key] = processed
    _kernel.connect_tripartite(
        pre._ids,
        post._ids,
        third._ids,
        _tripartite_rule_spec(conn_spec, "conn_spec"),
        _tripartite_rule_spec(third_factor_conn_spec, "third_factor_conn_spec"),
        out,
    )


def _tripartite_rule_spec(spec: Any, name: str) -> dict:
    """A rule specification of TripartiteConnect as the core takes it (no default rule)."""
    if not isinstance(spec, dict):
        raise TypeError(f"{name} must be a dict with a 'rule', got {type(spec).__name__}")
    out = dict(spec)
    for key, value in out.items():
        if isinstance(value, Parameter) and value._kind == "constant":
            out[key] = value._connect_value()
    return out


def Disconnect(*args: Any, conn_spec: str | dict | None = None, syn_spec: str | dict | None = None) -> None:
    """Remove connections: those of a SynapseCollection, or from `pre` to `post` by a rule.

    ``Disconnect(conns)`` is ``conns.disconnect()``. ``Disconnect(pre,
    post, conn_spec, syn_spec)`` removes, for every (source, target) pair
    the rule makes, the first connection of that pair made with the
    synapse model of `syn_spec`.

    Parameters
    ----------
    *args : SynapseCollection, or two NodeCollections
        The connections, or the presynaptic and postsynaptic nodes.
    conn_spec : str or dict, optional
        ``"one_to_one"`` (the default) or ``"all_to_all"``, or a dict with
        ``"rule"``.
    syn_spec : str or dict, optional
        A synapse model name or a dict with ``"synapse_model"`` (default
        ``"static_synapse"``); other entries are accepted and ignored, as
        in NEST.

    Raises
    ------
    TypeError
        If the arguments are neither a SynapseCollection nor two
        NodeCollections.
    ValueError
        If `conn_spec` or `syn_spec` is given with a SynapseCollection.
    NESTErrors.InexistentConnection
        If a pair has no such connection left, or a connection comes from
        or goes to a device (NEST cannot remove those either). Nothing is
        removed then (NEST keeps the removals it made before).
    NESTErrors.NotImplemented, NESTErrors.BadProperty
        For other rules of Connect, and for unknown rules.
    NESTErrors.DimensionMismatch
        If `pre` and `post` differ in size for ``"one_to_one"``.
    NESTErrors.UnknownSynapseType
        If the synapse model does not exist.
    """
    if len(args) == 1:
        conns = args[0]
        if not isinstance(conns, SynapseCollection):
            raise TypeError("Arguments must be either a SynapseCollection or two NodeCollections")
        if conn_spec is not None or syn_spec is not None:
            raise ValueError("When disconnecting with a SynapseCollection, conn_spec and syn_spec cannot be specified")
        conns.disconnect()
        return
    if len(args) != 2:
        raise TypeError("Arguments must be either a SynapseCollection or two NodeCollections")
    pre, post = args
    if not isinstance(pre, NodeCollection) or not isinstance(post, NodeCollection):
        raise TypeError("Arguments must be either a SynapseCollection or two NodeCollections")
    pre._check_valid()
    post._check_valid()
    conn_spec = "one_to_one" if conn_spec is None else conn_spec
    syn_spec = "static_synapse" if syn_spec is None else syn_spec
    if isinstance(conn_spec, str):
        conn_spec = {"rule": conn_spec}
    if isinstance(syn_spec, str):
        syn_spec = {"synapse_model": syn_spec}
    if not isinstance(conn_spec, dict) or not isinstance(syn_spec, dict):
        raise TypeError("conn_spec and syn_spec must be a str or a dict")
    # Only the rule, the synapse model and the synaptic elements the
    # connections bound matter; the rest of syn_spec is not sent, so that
    # arrays and parameters in it need no conversion.
    kept = {"synapse_model": syn_spec.get("synapse_model", "static_synapse")}
    for key in ("pre_synaptic_element", "post_synaptic_element"):
        if key in syn_spec:
            kept[key] = syn_spec[key]
    _kernel.disconnect(pre._ids, post._ids, conn_spec, kept)


def GetConnections(
    source: NodeCollection | None = None,
    target: NodeCollection | None = None,
    synapse_model: str | None = None,
    synapse_label: int | None = None,
) -> SynapseCollection:
    """Return the connections that match all the given filters.

    Parameters
    ----------
    source : NodeCollection, optional
        Only connections from these nodes.
    target : NodeCollection, optional
        Only connections to these nodes.
    synapse_model : str, optional
        Only connections made with this synapse model.
    synapse_label : int, optional
        Only connections with this label (>= 0); only the labelled synapse
        models (``*_lbl`` and their copies) give connections labels.

    Returns
    -------
    SynapseCollection
        The connections (empty if none match) in NEST's order: by synapse
        model id, then NEST's thread of the connection (its target's, or
        its source's for a target that is a device), then source, then
        creation; within a thread the connections between neurons come
        before those from and to devices. (NEST 3.10's order of the
        threads' blocks varies from call to call; gonest's is thread 0
        first.) Connections from a voltmeter or multimeter to the nodes it
        records are listed after the others (static_synapse, weight 1,
        receptor numbering the target's recorders from 1); they cannot be
        changed with ``set``. Reading it later gives the
        kernel's values at that time (e.g. weights changed by plasticity).

    Raises
    ------
    TypeError
        If `source` or `target` is not a NodeCollection, or `synapse_label`
        is not an integer.
    NESTErrors.UnknownSynapseType
        If `synapse_model` is not a synapse model.
    NESTErrors.KernelException
        If a collection was made before the last ResetKernel.
    """
    source_ids = _filter_ids(source, "source")
    target_ids = _filter_ids(target, "target")
    if synapse_model is not None and not isinstance(synapse_model, str):
        raise TypeError(f"synapse_model must be a str, got {type(synapse_model).__name__}")
    if synapse_label is not None:
        if isinstance(synapse_label, bool) or not isinstance(synapse_label, (int, np.integer)):
            raise TypeError(f"synapse_label must be an int, got {type(synapse_label).__name__}")
        conns = _get_connections(source_ids, target_ids, synapse_model)
        if len(conns) == 0:
            return conns
        # Only the labelled models (the *_lbl ones and their copies) carry
        # a synapse_label; the others report None.
        try:
            labels = conns.get("synapse_label")
        except KeyError:  # no connection of a labelled model among them
            return SynapseCollection()
        labels = [labels] if len(conns) == 1 else labels
        keep = np.fromiter((lbl == synapse_label for lbl in labels), dtype=bool, count=len(conns))
        return conns._subset(np.flatnonzero(keep))
    return _get_connections(source_ids, target_ids, synapse_model)


def _filter_ids(nodes: Any, name: str) -> Any:
    if nodes is None:
        return None
    if not isinstance(nodes, NodeCollection):
        raise TypeError(f"{name} must be NodeCollection.")
    nodes._check_valid()
    return nodes._ids


def _get_connections(sources: Any, targets: Any, synapse_model: str | None) -> SynapseCollection:
    # An empty filter matches nothing (the core reads an empty list as "any").
    if (sources is not None and len(sources) == 0) or (targets is not None and len(targets) == 0):
        if synapse_model is not None and synapse_model not in _kernel.models()["synapses"]:
            raise NESTErrors.UnknownSynapseType(f"Synapse model '{synapse_model}' does not exist.")
        return SynapseCollection()
    return SynapseCollection._from_query(sources, targets, synapse_model)


def _node_ids(nodes: Any, name: str, allow_repeats: bool) -> Any:
    """The ids of `nodes`; a list or array with repeated ids (or any, for
    one_to_one) stays an array in its own order ("connect arrays")."""
    if isinstance(nodes, NodeCollection):
        nodes._check_valid()
        return nodes._ids
    if isinstance(nodes, (list, tuple, np.ndarray, range)):
        arr = np.asarray(nodes)
        if not allow_repeats and np.unique(arr).size == arr.size:
            return NodeCollection(arr)._ids
        if arr.size and not np.issubdtype(arr.dtype, np.integer):
            raise TypeError(f"'{name}' node IDs must be integers.")
        if arr.ndim != 1:
            raise ValueError("Sources and targets must be 1-dimensional arrays")
        return arr.astype(np.int64)
    raise TypeError(f"{name} must be a NodeCollection, got {type(nodes).__name__}")


def _check_arrays(pre_ids: Any, post_ids: Any, one_to_one: bool) -> None:
    """NEST's rules for connecting arrays of ids with repeats: same length, one_to_one."""
    if not any(isinstance(ids, np.ndarray) and np.unique(ids).size != ids.size for ids in (pre_ids, post_ids)):
        return
    if len(pre_ids) != len(post_ids):
        raise ValueError("If 'pre' or 'post' contain non-unique IDs, then they must have the same length.")
    if not one_to_one:
        raise ValueError("When connecting two arrays with non-unique IDs, `conn_spec` must be 'one_to_one'.")


def _process_conn_spec(conn_spec: Any) -> dict:
    if conn_spec is None:
        return {"rule": "all_to_all"}
    if isinstance(conn_spec, str):
        return {"rule": conn_spec}
    if isinstance(conn_spec, dict):
        spec = dict(conn_spec)
        for key, value in spec.items():
            if isinstance(value, Parameter) and value._kind == "constant":
                # A constant parameter is its value (NEST accepts them for
                # p, indegree, outdegree, ...); others cannot be sent.
                spec[key] = value._connect_value()
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


# conn_spec keys NEST accepts when connecting layers with a mask or a
# spatial parameter.
_SPATIAL_CONN_KEYS = frozenset(
    {
        "mask",
        "allow_multapses",
        "allow_autapses",
        "rule",
        "indegree",
        "outdegree",
        "p",
        "pairwise_avg_num_conns",
        "use_on_source",
        "allow_oversized_mask",
    }
)
_SPATIAL_SYN_KEYS = frozenset({"weight", "delay", "synapse_model", "synapse_label", "receptor_type"})


def _uses_layers(spec: dict, syn_spec: Any) -> bool:
    """Whether Connect connects layers (NEST's rule: a mask, use_on_source,
    a probability with a rule other than pairwise_bernoulli, or a spatial
    parameter)."""
    syn_spatial = isinstance(syn_spec, dict) and any(
        isinstance(v, Parameter) and v.is_spatial() for v in syn_spec.values()
    )
    return (
        "mask" in spec
        or "use_on_source" in spec
        or ("p" in spec and "pairwise_bernoulli" not in str(spec.get("rule")))
        or syn_spatial
        or any(isinstance(v, Parameter) and v.is_spatial() for v in spec.values())
    )


def _check_layers(pre: Any, post: Any) -> None:
    """Refuse, as NEST does, to connect nodes without positions with masks or spatial parameters."""
    for nodes, which in ((pre, "Presynaptic"), (post, "Postsynaptic")):
        first = nodes[0] if isinstance(nodes, NodeCollection) and len(nodes) else None
        if first is None or not _kernel.spatial_query("status", ids=first.tolist()):
            raise TypeError(f"{which} NodeCollection must have spatial information")


def _spatial_conn_spec(spec: dict, syn_spec: Any) -> dict:
    """Bring masks and parameters of a spatial conn_spec (one for which
    _uses_layers holds) into the core's form.

    Checks, as NEST, that a spatial connection (mask, use_on_source or a
    spatial parameter) uses only the keys and rules that spatial
    connections know.
    """
    from .hl_api_spatial import mask_spec

    for key in spec:
        if key not in _SPATIAL_CONN_KEYS:
            raise ValueError(f"'{key}' is not allowed in conn_spec when connecting with mask or kernel")
    if isinstance(syn_spec, dict):
        for key in syn_spec:
            if key not in _SPATIAL_SYN_KEYS:
                raise ValueError(f"'{key}' is not allowed in syn_spec when connecting with mask or kernel")
    rule = spec.get("rule")
    if rule not in ("pairwise_bernoulli", "fixed_indegree", "fixed_outdegree", "pairwise_poisson"):
        raise ValueError(
            "When using kernel or mask, the only possible connection rules are "
            "'pairwise_bernoulli', 'fixed_indegree', or 'fixed_outdegree'"
        )
    if "use_on_source" in spec and rule != "pairwise_bernoulli":
        raise ValueError("'use_on_source' can only be set when using pairwise_bernoulli")
    out = {}
    for key, value in spec.items():
        if key == "mask":
            value = mask_spec(value)
        elif isinstance(value, Parameter):
            value = value._connect_value()
        out[key] = value
    return out


def _process_syn_spec(syn_spec: Any, conn_spec: dict, pre_ids: Any, post_ids: Any) -> dict | None:
    """Check syn_spec and bring it into the core's form.

    ``nest.random`` parameters become distribution objects; arrays are
    checked against the rule (with NEST's messages) and flattened in the
    order the core makes connections (targets outer, sources inner for
    all_to_all).
    """
    if syn_spec is None:
        return None
    if isinstance(syn_spec, str):
        return {"synapse_model": syn_spec}
    if not isinstance(syn_spec, dict):
        raise TypeError(f"syn_spec must be a synapse model name or a dict, got {type(syn_spec).__name__}")
    if "synapse_model" in syn_spec and not isinstance(syn_spec["synapse_model"], str):
        raise TypeError("'synapse_model' must be specified by a 'str'.")
    spec = {}
    for key, value in syn_spec.items():
        if isinstance(value, Parameter):
            # The core draws a receptor per connection as it draws weights
            # and delays, and refuses draws that are not whole numbers.
            spec[key] = value._connect_value() if key == "receptor_type" else syn_spec_value(key, value)
            continue
        if isinstance(value, (list, tuple)):
            value = np.asarray(value)
        if isinstance(value, np.ndarray) and value.ndim > 0:
            value = _connection_array(key, value, conn_spec, pre_ids, post_ids)
        spec[key] = value
    return spec


def _connection_array(key: str, value: np.ndarray, conn_spec: dict, pre_ids: Any, post_ids: Any) -> np.ndarray:
    """Check a per-connection array against the rule; return it flat, in connection order."""
    rule = conn_spec.get("rule")
    n_pre, n_post = len(pre_ids), len(post_ids)
    if value.ndim == 1:
        if rule == "one_to_one":
            if value.shape[0] != n_pre:
                raise ValueError(f"'{key}' has to be an array of dimension {n_pre}, a scalar or a dictionary.")
            if not conn_spec.get("allow_autapses", True):
                value = value[_as_ids(pre_ids) != _as_ids(post_ids)]
            return value
        if rule == "fixed_total_number":
            if "N" in conn_spec and value.shape[0] != conn_spec["N"]:
                raise ValueError(f"'{key}' has to be an array of dimension {conn_spec['N']}, a scalar or a dictionary")
            return value
        raise TypeError(
            f"'{key}' has the wrong type. One-dimensional parameter arrays can only be used in conjunction "
            "with rule 'one_to_one' or 'fixed_total_number'."
        )
    if value.ndim == 2:
        if rule == "all_to_all":
            if value.shape != (n_post, n_pre):
                raise ValueError(
                    f"'{key}' has to be an array of dimension {n_post}x{n_pre} (n_target x n_sources), "
                    "a scalar or a dictionary."
                )
            if not conn_spec.get("allow_autapses", True):
                # The core skips source == target; so must the values.
                keep = _as_ids(post_ids)[:, None] != _as_ids(pre_ids)[None, :]
                return value[keep]
            return value.ravel()
        if rule == "fixed_indegree":
            indegree = conn_spec.get("indegree")
            if value.shape != (n_post, indegree):
                raise ValueError(
                    f"'{key}' has to be an array of dimension {n_post}x{indegree} (n_target x indegree), "
                    "a scalar or a dictionary."
                )
            return value.ravel()
        if rule == "fixed_outdegree":
            outdegree = conn_spec.get("outdegree")
            if value.shape != (n_pre, outdegree):
                raise ValueError(
                    f"'{key}' has to be an array of dimension {n_pre}x{outdegree} (n_sources x outdegree), "
                    "a scalar or a dictionary."
                )
            return value.ravel()
        raise TypeError(
            f"'{key}' has the wrong type. Two-dimensional parameter arrays can only be used in conjunction "
            "with rules 'all_to_all', 'fixed_indegree' or fixed_outdegree'."
        )
    raise TypeError(f"'{key}' must be a scalar, a 1-d or a 2-d array, got an array of shape {value.shape}")


def _as_ids(ids: Any) -> np.ndarray:
    if isinstance(ids, range):
        return np.arange(ids.start, ids.stop, ids.step, dtype=np.int64)
    return np.asarray(ids, dtype=np.int64)
