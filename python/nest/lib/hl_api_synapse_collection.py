"""SynapseCollection: a set of connections and read access to their parameters.

A SynapseCollection is made by :func:`nest.GetConnections` (or by
``Connect(..., return_synapsecollection=True)``). Every connection has the
keys

============== ======= ===============================================
key            type    meaning
============== ======= ===============================================
source         int     id of the presynaptic node
target         int     id of the postsynaptic node
synapse_model  str     name of the synapse model
weight         float   weight
delay          float   delay in ms, on the resolution grid
receptor       int     receptor port on the target
============== ======= ===============================================

and a plastic synapse also its model's parameters and state (e.g. ``U``,
``x``, ``u`` of ``tsodyks_synapse``, ``Kplus`` of ``stdp_synapse``).

As in NEST, :meth:`~SynapseCollection.get`, attribute access and printing
show the values the kernel holds now: after ``Simulate`` a collection made
before it shows the weights that plasticity has changed. A collection
remembers the query that made it (the ``source``, ``target`` and
``synapse_model`` filters) and, for each connection, its position in that
query's answer; the core answers in a fixed order (NEST's: synapse model,
thread, source, creation), in which the connections of one (source,
target, model) come in the order they were made, so when it reads the
connections again it finds each one: at the same position if nothing
changed, else by its source, target, model and rank among the connections
with those (new connections come after older ones of the same triple). A
connection that has been removed (Disconnect) is no longer found: reading
it raises KernelException. Slices and
single connections taken from a collection share its query.

Re-reading costs a core query for all the connections of the original
collection (about 1 s per million connections), so it happens only when
the kernel may have changed since the last read: the Python layer counts
every Connect, Simulate, ResetKernel and SetKernelStatus
(``nest._kernel.generation()``), and a collection re-reads when that count
has moved. Checking the count costs nothing, where comparing
``nest.biological_time`` and ``nest.num_connections`` would cost a core
call (about 20 us) on every read, and always re-querying would make
``for c in conns: c.weight`` quadratic. Reading ``weight`` then ``delay``
after a run queries once.

Return shapes of :meth:`SynapseCollection.get` (as in NEST 3.10): ``get()``
a dict of lists with sorted keys, ``get("weight")`` a list, ``get([keys])``
a dict of lists; for a collection of exactly one connection the lists are
single values. An empty collection, or one made before the last
``ResetKernel``, gives ``{}`` (``()`` with a key).

Differences from NEST 3.10: NEST's key ``distance`` is not available
(``port``, ``target_thread``, ``synapse_id`` and ``sizeof`` are, by name
and in ``get()``). :meth:`~SynapseCollection.disconnect` removes the connections
(not those from or to devices, as in NEST).
:meth:`~SynapseCollection.set` changes weight, delay
and the parameters of plastic synapses; its cost grows with the size of
the collection's original query, so set many connections in one call
rather than one by one.
"""

from __future__ import annotations

from collections.abc import Iterator
from numbers import Integral
from typing import Any

import numpy as np

from .. import _kernel
from .hl_api_exceptions import NESTErrors
from .hl_api_helper import is_iterable, to_json
from .hl_api_types import NodeRegistry, current_registry

__all__ = [
    "SynapseCollection",
]

# Keys of every connection, sorted as get() lists them.
CONNECTION_KEYS = ("delay", "receptor", "source", "synapse_model", "target", "weight")

# Keys NEST 3.10 has that gonest's core does not report.
_NEST_ONLY_KEYS: frozenset[str] = frozenset()

# Keys NEST 3.10 reports that are read on demand: from the target's status
# (target_thread), from the synapse model's defaults (synapse_id, sizeof),
# and from the core's connection tables (port).
_DERIVED_KEYS = frozenset({"port", "sizeof", "synapse_id", "target_thread"})

# Element types of the nodes NEST makes one instance of per thread
# (devices without proxies).
_REPLICATED_TYPES = frozenset({"recorder", "stimulator"})

# Longest collection that str() prints in full unless print_full is set;
# longer ones show the first and last _PRINT_EDGE rows (as NEST does).
_MAX_FULL_PRINT = 35
_PRINT_EDGE = 15


def _model_codes(models: list[str]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Encode synapse model names as small ints: (codes, names)."""
    names = tuple(dict.fromkeys(models))
    if len(names) <= 1:
        return np.zeros(len(models), dtype=np.int16), names
    lookup = {name: i for i, name in enumerate(names)}
    return np.fromiter((lookup[m] for m in models), dtype=np.int16, count=len(models)), names


def _rank_in_group(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For int64 `keys`, return (stable sort order, rank of each row among equal keys)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    index = np.arange(keys.size, dtype=np.int64)
    first = np.ones(keys.size, dtype=bool)
    first[1:] = sorted_keys[1:] != sorted_keys[:-1]
    starts = np.maximum.accumulate(np.where(first, index, 0))
    rank = np.empty(keys.size, dtype=np.int64)
    rank[order] = index - starts
    return order, rank


class _Query:
    """The core query that made a collection, and the latest answer to it.

    ``weight``, ``delay`` and ``state`` hold the current values of the
    query's original connections, in their original order (position i is
    the i-th connection of the first answer), so that a collection reads
    its values at its positions.
    """

    def __init__(self, sources: Any, targets: Any, synapse_model: str | None, columns: dict[str, Any]) -> None:
        self.sources = sources
        self.targets = targets
        self.synapse_model = synapse_model
        self.generation = _kernel.generation()
        self.source: np.ndarray = columns["source"]
        self.target: np.ndarray = columns["target"]
        self.codes, self.names = _model_codes(columns["synapse_model"])
        self.size = int(self.source.size)
        # where[i]: position in the latest answer of original connection i
        # (None: the same as in the first answer); -1 for a connection
        # that has been removed (see positions).
        self.where: np.ndarray | None = None
        # removed[i]: original connection i was removed through a
        # collection of this query (None: none was).
        self.removed: np.ndarray | None = None
        self._set_values(columns, None)

    def _set_values(self, columns: dict[str, Any], where: np.ndarray | None) -> None:
        state = columns.get("state") or [None] * int(columns["source"].size)
        if where is None:
            self.weight, self.delay, self.state = columns["weight"], columns["delay"], state
        else:
            at = np.maximum(where, 0)
            gone = where < 0
            if gone.all():
                self.weight, self.delay = np.full(where.size, np.nan), np.full(where.size, np.nan)
                self.state = [None] * int(where.size)
                return
            self.weight = np.where(gone, np.nan, columns["weight"][at])
            self.delay = np.where(gone, np.nan, columns["delay"][at])
            self.state = [None if w < 0 else state[w] for w in where.tolist()]

    def positions(self, pos: np.ndarray | None) -> np.ndarray | None:
        """Positions in the latest answer of original connections `pos`
        (None: all); raises KernelException if one has been removed."""
        where = self.where
        if where is None:
            return pos
        picked = where if pos is None else where[pos]
        if (picked < 0).any():
            self._lost()
        return picked

    def note_removed(self, originals: np.ndarray) -> None:
        """Record that original connections `originals` were removed."""
        if self.removed is None:
            self.removed = np.zeros(self.size, dtype=bool)
        self.removed[originals] = True

    def refresh(self) -> None:
        """Read the connections again if the kernel may have changed."""
        generation = _kernel.generation()
        if generation == self.generation:
            return
        columns = _kernel.get_connections(self.sources, self.targets, self.synapse_model)
        self.generation = generation
        source, target = columns["source"], columns["target"]
        codes, names = _model_codes(columns["synapse_model"])
        same = (
            source.size == self.size
            and names == self.names
            and np.array_equal(source, self.source)
            and np.array_equal(target, self.target)
            and np.array_equal(codes, self.codes)
        )
        self.where = None if same else self._locate(source, target, codes, names)
        self._set_values(columns, self.where)

    def _locate(self, source: np.ndarray, target: np.ndarray, codes: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
        """Positions in a new answer of the original connections.

        The core lists the connections of one (source, target, model) one
        after the other in the order they were made, so the k-th of a
        triple then is the k-th now while connections are only added.
        Connections removed through a collection of this query are left
        out of the count (the others of their triple keep their order). A
        removal by other means (Disconnect by rule takes a triple's first
        connections) cannot be told apart: a collection that held a
        triple whose connections are fewer now reports them lost.
        """
        unified = {name: i for i, name in enumerate(dict.fromkeys((*self.names, *names)))}
        n_models = max(len(unified), 1)
        old_models = np.asarray([unified[n] for n in self.names] or [0], dtype=np.int64)[self.codes]
        new_models = np.asarray([unified[n] for n in names] or [0], dtype=np.int64)[codes]
        # One int64 key per (source, target, model); the (source, target)
        # pairs are numbered densely first so that the key cannot overflow
        # (node ids are below 2**31).
        old_pairs = self.source * (1 << 32) + self.target
        new_pairs = source * (1 << 32) + target
        pairs = np.unique(new_pairs)
        old_index = np.searchsorted(pairs, old_pairs)
        # Pairs without any connection now get a key no new one has.
        pair_gone = old_index >= pairs.size
        pair_gone[~pair_gone] = pairs[old_index[~pair_gone]] != old_pairs[~pair_gone]
        old_index[pair_gone] = pairs.size
        old_keys = old_index * n_models + old_models
        new_keys = np.searchsorted(pairs, new_pairs) * n_models + new_models
        new_order, _ = _rank_in_group(new_keys)
        alive = None if self.removed is None else ~self.removed
        if alive is None:
            _, old_rank = _rank_in_group(old_keys)
        else:
            # A removed connection gets a key of its own (below every real
            # one), so that it does not count in its triple's ranks.
            ranked = np.where(alive, old_keys, -1 - np.arange(old_keys.size, dtype=np.int64))
            _, old_rank = _rank_in_group(ranked)
        sorted_new = new_keys[new_order]
        at = np.searchsorted(sorted_new, old_keys) + old_rank
        found = at < sorted_new.size
        found[found] = sorted_new[at[found]] == old_keys[found]
        if alive is not None:
            found &= alive
        where = np.full(old_keys.size, -1, dtype=np.int64)
        where[found] = new_order[at[found]]
        return where

    @staticmethod
    def _lost() -> None:
        raise NESTErrors.KernelException(
            "Connections of this SynapseCollection are no longer in the network; get them again with "
            "nest.GetConnections()."
        )


class SynapseCollection:
    """Connections of the network, with read access to their parameters.

    Supports ``len``, iteration (one-connection collections), indexing with
    an integer (negative allowed) or a slice, ``==`` (same connections in
    the same order), :meth:`get`, attribute access (``conns.weight`` is
    ``conns.get("weight")``), :meth:`sources`, :meth:`targets` and ``str``
    (a table; set ``print_full = True`` to print long collections in full).
    See the module documentation for the keys and what is not supported.

    Parameters
    ----------
    data : SynapseCollection or None, optional
        None gives an empty collection; a collection gives a copy of it.
        Non-empty collections come from :func:`nest.GetConnections`.
    """

    _source: np.ndarray
    _target: np.ndarray
    _receptor: np.ndarray
    _model_codes: np.ndarray
    _model_names: tuple[str, ...]
    _registry: NodeRegistry
    _query: _Query | None
    _pos: np.ndarray | None
    print_full: bool

    def __init__(self, data: Any = None) -> None:
        if data is None:
            empty = np.zeros(0, dtype=np.int64)
            self._init(empty, empty, empty, np.zeros(0, np.int16), (), current_registry(), None, None)
        elif isinstance(data, SynapseCollection):
            self._init(*data._parts())
        else:
            raise TypeError(
                "A SynapseCollection is made by nest.GetConnections() or Connect(..., return_synapsecollection=True); "
                f"got {type(data).__name__}"
            )

    def _init(
        self,
        source: np.ndarray,
        target: np.ndarray,
        receptor: np.ndarray,
        model_codes: np.ndarray,
        model_names: tuple[str, ...],
        registry: NodeRegistry,
        query: _Query | None,
        pos: np.ndarray | None,
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "_source", source)
        setattr_(self, "_target", target)
        setattr_(self, "_receptor", receptor)
        setattr_(self, "_model_codes", model_codes)
        setattr_(self, "_model_names", model_names)
        setattr_(self, "_registry", registry)
        # The query this collection came from, and the positions of its
        # connections in the query's first answer (None: all, in order).
        setattr_(self, "_query", query)
        setattr_(self, "_pos", pos)
        setattr_(self, "print_full", False)

    def _parts(self) -> tuple:
        return (
            self._source,
            self._target,
            self._receptor,
            self._model_codes,
            self._model_names,
            self._registry,
            self._query,
            self._pos,
        )

    @classmethod
    def _from_query(cls, sources: Any, targets: Any, synapse_model: str | None) -> SynapseCollection:
        """Ask the core for the connections that match the filters (None: any)."""
        columns = _kernel.get_connections(sources, targets, synapse_model)
        query = _Query(sources, targets, synapse_model, columns)
        sc = cls.__new__(cls)
        sc._init(
            query.source,
            query.target,
            columns["receptor"],
            query.codes,
            query.names,
            current_registry(),
            query,
            None,
        )
        return sc

    def _take(self, index: int | slice) -> SynapseCollection:
        sc = SynapseCollection.__new__(SynapseCollection)
        pick = index if isinstance(index, slice) else slice(index, index + 1)
        if self._pos is None:
            positions = np.arange(*pick.indices(len(self)), dtype=np.int64)
        else:
            positions = self._pos[pick]
        sc._init(
            self._source[pick],
            self._target[pick],
            self._receptor[pick],
            self._model_codes[pick],
            self._model_names,
            self._registry,
            self._query,
            positions,
        )
        return sc

    def _subset(self, index: np.ndarray) -> SynapseCollection:
        """The connections at positions `index` (an int array, in order)."""
        sc = SynapseCollection.__new__(SynapseCollection)
        positions = index.astype(np.int64) if self._pos is None else self._pos[index]
        sc._init(
            self._source[index],
            self._target[index],
            self._receptor[index],
            self._model_codes[index],
            self._model_names,
            self._registry,
            self._query,
            positions,
        )
        return sc

    # ------------------------------------------------------------------
    # Sequence protocol

    def __len__(self) -> int:
        return int(self._source.size)

    def __bool__(self) -> bool:
        return self._source.size > 0

    def __iter__(self) -> Iterator[SynapseCollection]:
        for i in range(len(self)):
            yield self._take(i)

    def __getitem__(self, key: Any) -> SynapseCollection:
        if isinstance(key, slice):
            return self._take(key)
        if isinstance(key, (Integral, np.integer)) and not isinstance(key, (bool, np.bool_)):
            size = len(self)
            index = int(key)
            if not -size <= index < size:
                raise IndexError(f"index {index} out of range for a SynapseCollection of {size} connection(s)")
            return self._take(index % size)
        raise TypeError(f"SynapseCollection indices must be integers or slices, not {type(key).__name__}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SynapseCollection):
            raise NotImplementedError("A SynapseCollection can only be compared with another SynapseCollection.")
        if len(self) != len(other):
            return False
        return bool(
            np.array_equal(self._source, other._source)
            and np.array_equal(self._target, other._target)
            and np.array_equal(self._receptor, other._receptor)
            and self._column("synapse_model") == other._column("synapse_model")
        )

    __hash__ = None  # type: ignore[assignment]  # mutable-like and compared by content

    def sources(self) -> Iterator[int]:
        """Return an iterator over the source node ids, one per connection."""
        return iter(self._source.tolist())

    def targets(self) -> Iterator[int]:
        """Return an iterator over the target node ids, one per connection."""
        return iter(self._target.tolist())

    # ------------------------------------------------------------------
    # Reading

    def _valid(self) -> bool:
        return self._registry is current_registry()

    def _current(self) -> tuple[np.ndarray, np.ndarray, list]:
        """Current weight, delay and state of the connections, read from the kernel if it may have changed."""
        query = self._query
        if query is None:
            return np.zeros(0), np.zeros(0), []
        query.refresh()
        query.positions(self._pos)  # raises if one of ours has been removed
        if self._pos is None:
            return query.weight, query.delay, query.state
        state = query.state
        return query.weight[self._pos], query.delay[self._pos], [state[i] for i in self._pos.tolist()]

    @staticmethod
    def _state_keys(state: list) -> list[str]:
        """Keys of the plastic synapses' parameters and state, sorted."""
        return sorted({k for st in state if st for k in st})

    def _column(self, key: str, current: tuple[np.ndarray, np.ndarray, list] | None = None) -> list:
        if key == "synapse_model":
            names = self._model_names
            return [names[c] for c in self._model_codes.tolist()]
        if key in ("source", "target", "receptor"):
            return getattr(self, "_" + key).tolist()
        weight, delay, state = current if current is not None else self._current()
        if key == "weight":
            return weight.tolist()
        if key == "delay":
            return delay.tolist()
        if key in self._state_keys(state):
            return [None if st is None else st.get(key) for st in state]
        if key in _DERIVED_KEYS:
            return self._derived(key)
        if key in _NEST_ONLY_KEYS:
            raise NotImplementedError(
                f"Connection key '{key}' is not available in gonest yet; available keys: {list(CONNECTION_KEYS)}."
            )
        raise ConnectionParameterError(
            f"'{key}' is not a parameter of the connections; available keys: {list(CONNECTION_KEYS)}."
        )

    def _derived(self, key: str) -> list:
        if key == "port":
            query = self._query
            if query is None:
                return []
            query.refresh()
            positions = np.arange(query.size) if self._pos is None else np.asarray(self._pos)
            if query.where is not None:
                positions = query.where[positions]
            ports = np.asarray(_kernel.connection_ports(query.sources, query.targets, query.synapse_model))
            return ports[positions].tolist()
        if key == "target_thread":
            # NEST keeps a connection on its target's thread, except one
            # from a node with proxies to a device without (a recorder or
            # stimulator, present on every thread): that one is kept on
            # the source's thread.
            sources, targets = self._source, self._target
            unique = np.unique(np.concatenate([sources, targets]))
            statuses = _kernel.get_status(unique, ["thread", "element_type"])
            thread_of = dict(zip(unique.tolist(), (st.get("thread", 0) for st in statuses), strict=True))
            replicated = {
                node for node, st in zip(unique.tolist(), statuses, strict=True)
                if st.get("element_type") in _REPLICATED_TYPES
            }
            return [
                thread_of[s] if t in replicated and s not in replicated else thread_of[t]
                for s, t in zip(sources.tolist(), targets.tolist(), strict=True)
            ]
        entry = "synapse_modelid" if key == "synapse_id" else "sizeof"
        names = self._model_names
        per_model = [_kernel.get_defaults(name).get(entry) for name in names]
        return [per_model[c] for c in self._model_codes.tolist()]

    def get(self, keys: str | list[str] | None = None, output: str = "") -> Any:
        """Return parameters of the connections.

        Parameters
        ----------
        keys : str or list of str, optional
            None for all keys (a dict), one key (a list of values), or a
            list of keys (a dict of lists).
        output : {"", "json", "pandas"}, optional
            Return JSON text, or a pandas DataFrame indexed by source id.

        Returns
        -------
        dict, list or value
            For a collection of one connection, single values instead of
            lists. An empty collection, or one made before the last
            ResetKernel, gives ``{}`` (``()`` if `keys` is given).

        Raises
        ------
        KeyError
            If a key is not a connection parameter.
        TypeError
            If `keys` has the wrong type.
        """
        if output not in ("", "json", "pandas"):
            raise ValueError(f"output must be '', 'json' or 'pandas', got {output!r}")
        if keys is not None and not isinstance(keys, str) and not is_iterable(keys):
            raise TypeError("keys should be either a string or an iterable")
        if not self or not self._valid():
            if output == "pandas":
                import pandas

                return pandas.DataFrame()
            if output == "json":
                return to_json({})
            return {} if keys is None else ()

        single = len(self) == 1
        current = self._current()
        result: Any
        if keys is None:
            # As NEST: every key, the derived ones included, in name order.
            keys_all = sorted({*CONNECTION_KEYS, *_DERIVED_KEYS, *self._state_keys(current[2])})
            result = {key: self._column(key, current) for key in keys_all}
        elif isinstance(keys, str):
            result = self._column(keys, current)
        else:
            keys = list(keys)
            if not all(isinstance(k, str) for k in keys):
                raise TypeError("keys must be strings")
            result = {key: self._column(key, current) for key in keys}
        if single:
            result = result[0] if isinstance(result, list) else {k: v[0] for k, v in result.items()}

        if output == "json":
            return to_json(result)
        if output == "pandas":
            import pandas

            frame = {keys: result} if isinstance(keys, str) else result
            if single:
                frame = {k: [v] for k, v in frame.items()}
            return pandas.DataFrame(frame, index=self._source.tolist())
        return result

    # ------------------------------------------------------------------
    # Writing and removing

    def set(self, params: dict | list | None = None, **kwargs: Any) -> None:
        """Set parameters of the connections.

        Parameters
        ----------
        params : dict or list of dict, optional
            One dictionary for all connections, or one per connection. A
            list or array value in the dictionary gives one value per
            connection. ``weight``, ``delay`` and the parameters and state
            of plastic synapses (e.g. ``U``, ``tau_rec`` of
            ``tsodyks_synapse``) can be set.
        **kwargs
            The same as one dictionary.

        Raises
        ------
        TypeError
            If the arguments have the wrong form.
        NESTErrors.BadProperty, NESTErrors.BadDelay, NESTErrors.UnaccessedDictionaryEntry
            If a value breaks a rule or a key is not a connection
            parameter; then no connection changes.

        As in NEST, nothing happens for an empty collection.
        """
        if not self or not self._valid():
            return
        if isinstance(params, (list, tuple)) and len(params) != len(self):
            raise TypeError(f"Status dict must be a dict, or a list of dicts of length {len(self)}")
        if kwargs and params is not None:
            raise TypeError("must either provide params or kwargs, but not both.")
        if kwargs:
            params = kwargs
        if isinstance(params, dict):
            per_connection = [k for k, v in params.items() if is_iterable(v) and not isinstance(v, (str, dict))]
            for key in per_connection:
                if len(params[key]) != len(self):
                    raise TypeError(f"'{key}' has {len(params[key])} values for {len(self)} connections")
            if per_connection and self._set_columns(params, per_connection):
                return
            if per_connection:
                plist = [{k: (v[i] if k in per_connection else v) for k, v in params.items()} for i in range(len(self))]
            else:
                plist = [params]
        elif isinstance(params, (list, tuple)) and all(isinstance(p, dict) for p in params):
            plist = list(params)
        else:
            raise TypeError("params must be a dict or a list of dicts")
        query = self._query
        if query is None:
            return
        query.refresh()
        positions = query.positions(np.arange(query.size) if self._pos is None else np.asarray(self._pos))
        _kernel.set_connections(
            query.sources, query.targets, query.synapse_model, [int(p) for p in positions.tolist()], plist
        )

    def _set_columns(self, params: dict, per_connection: list[str]) -> bool:
        """set() with per-connection arrays as typed columns (no dictionary
        per connection); False, having changed nothing, if they need JSON."""
        query = self._query
        if query is None:
            return True
        query.refresh()
        positions = query.positions(np.arange(query.size) if self._pos is None else np.asarray(self._pos))
        common = {k: v for k, v in params.items() if k not in per_connection}
        columns = {k: params[k] for k in per_connection}
        return _kernel.set_connection_columns(
            query.sources, query.targets, query.synapse_model, positions, common, columns
        )

    def disconnect(self) -> None:
        """Remove the connections of this collection from the network.

        As in NEST, connections from or to devices cannot be removed
        (InexistentConnection); then none of the collection's connections
        is removed. Afterwards the collection, and every collection that
        holds one of the removed connections, no longer finds them
        (reading them raises KernelException); get them again with
        :func:`nest.GetConnections`.

        Raises
        ------
        NESTErrors.InexistentConnection
            If a connection comes from or goes to a device.
        NESTErrors.KernelException
            If a connection of the collection has been removed already.
        """
        if not self or not self._valid():
            return
        query = self._query
        if query is None:
            return
        query.refresh()
        positions = query.positions(np.arange(query.size) if self._pos is None else np.asarray(self._pos))
        _kernel.disconnect_connections(
            query.sources, query.targets, query.synapse_model, [int(p) for p in positions.tolist()]
        )
        query.note_removed(np.arange(query.size) if self._pos is None else np.asarray(self._pos))

    # ------------------------------------------------------------------
    # Attribute access

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not real attributes.
        if name.startswith("_"):
            raise AttributeError(f"'SynapseCollection' object has no attribute '{name}'")
        if name == "distance":
            return self._distance()
        return self.get(name)

    def _distance(self) -> Any:
        """Distance from source to target of each connection (NaN if one has no position), as NEST's."""
        sources, targets = list(self.sources()), list(self.targets())
        d = _kernel.spatial_query("conn_distance", ids=targets, **{"from": sources})
        return d[0] if len(d) == 1 else tuple(d)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "print_full":
            object.__setattr__(self, name, bool(value))
            return
        if name.startswith("_"):
            raise AttributeError(f"cannot set attribute '{name}' of 'SynapseCollection'")
        self.set({name: value})

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(CONNECTION_KEYS))

    # ------------------------------------------------------------------
    # Printing

    def __str__(self) -> str:
        if not self or not self._valid():
            return "The synapse collection does not contain any connections."
        source, target = self._source.tolist(), self._target.tolist()
        weight_now, delay_now, _ = self._current()
        models, weight, delay = self._column("synapse_model"), weight_now.tolist(), delay_now.tolist()
        headers = ("source", "target", "synapse model", "weight", "delay")
        # Column widths as NEST computes them.
        src_w = max(len(headers[0]) + 2, int(np.floor(np.log10(max(source)))))
        tgt_w = max(len(headers[1]) + 2, int(np.floor(np.log10(max(target)))))
        model_w = max(len(headers[2]) + 2, max(len(m) for m in models))
        weight_w, delay_w = len(headers[3]) + 2, len(headers[4]) + 2

        def row(s: int, t: int, m: str, w: float, d: float) -> str:
            return f"{s:>{src_w - 1}d} {t:>{tgt_w}d} {m:>{model_w}s} {w:>#{weight_w}.4g} {d:>#{delay_w}.4g}"

        rows = list(zip(source, target, models, weight, delay, strict=True))
        if len(rows) >= _MAX_FULL_PRINT and not self.print_full:
            dots = "\u22ee "
            gap = f"{dots:>{src_w - 1}} {dots:>{tgt_w}} {dots:>{model_w}} {dots:>{weight_w}} {dots:>{delay_w}}"
            lines = [row(*r) for r in rows[:_PRINT_EDGE]] + [gap] + [row(*r) for r in rows[-_PRINT_EDGE:]]
        else:
            lines = [row(*r) for r in rows]
        widths = (src_w, tgt_w, model_w, weight_w, delay_w)
        head = " ".join(f"{h:^{w}}" for h, w in zip(headers, widths, strict=True))
        border = " ".join("-" * w for w in widths)
        return head + "\n" + border + "\n" + "\n".join(lines)


class ConnectionParameterError(NESTErrors.KeyError, AttributeError):  # type: ignore[misc, name-defined]
    """Unknown connection key: a KeyError (as in NEST) and an AttributeError
    (so that ``hasattr(conns, name)`` works)."""

    errorname = "KeyError"
