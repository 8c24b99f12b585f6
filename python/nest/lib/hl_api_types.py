"""NodeCollection: the ids of a set of network nodes and access to their status.

A NodeCollection holds sorted, unique node ids. Collections made by
``Create`` and by slicing with a fixed step are stored as a :class:`range`
(constant size, however many nodes); others as an ``int64`` NumPy array.
The model of every node is known on the Python side from the calls to
``Create`` since the last ``ResetKernel`` (see :class:`NodeRegistry`), so
``repr``, slicing and joining never call the kernel.

Return shapes of :meth:`NodeCollection.get` (as in NEST 3.10):

- ``get()``: a dict; for one node its values are scalars, for several
  nodes each value is a tuple with one entry per node (``None`` where a
  node lacks the key);
- ``get("V_m")``: a scalar for one node, a tuple for several;
- ``get(["V_m", "C_m"])`` or ``get("V_m", "C_m")``: a dict of the above;
- ``get("events")``: for one recorder a dict of NumPy arrays (zero-copy,
  writable copy-on-write views of the recorder's memory: writing one
  changes neither the recording nor any other array), for several a tuple
  of dicts; with ``output="arrow"`` a ``pyarrow.Table`` over the same kind
  of buffers;
- ``get("events", "V_m")``: the array for one recorder, a list of arrays
  for several.

Lists of numbers in a status (e.g. ``spike_times``) are NumPy arrays; other
lists (e.g. ``record_from``) are tuples.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from numbers import Integral, Number
from typing import Any

import numpy as np

from .. import _kernel
from .hl_api_cm import unwrap_cm_params, wrap_cm_value
from .hl_api_exceptions import NESTErrors
from .hl_api_helper import is_iterable, is_sequence_value, python_value, to_json
from .hl_api_parameters import draw_node_params, has_parameter, reset_draws

__all__ = [
    "NodeCollection",
    "NodeRegistry",
]

_INVALID_MESSAGE = "InvalidNodeCollection: note that ResetKernel invalidates all previously created NodeCollections."
_REPR_HEAD = "NodeCollection("
_REPR_INDENT = " " * len(_REPR_HEAD)


class NodeRegistry:
    """Model name of every node created since the last ResetKernel.

    Nodes are created in contiguous blocks, so the registry keeps one entry
    per ``Create`` call: the first and last id of the block and its model.
    """

    def __init__(self) -> None:
        self._firsts: list[int] = []
        self._lasts: list[int] = []
        self._models: list[str] = []
        self._model_codes: dict[str, int] = {}
        self._codes: list[int] = []
        self._layer_blocks: set[int] = set()  # creation blocks with positions (nest.spatial)

    @property
    def size(self) -> int:
        """Largest node id known (0 if no node exists)."""
        return self._lasts[-1] if self._lasts else 0

    def add(self, first: int, n: int, model: str) -> None:
        """Record that ids ``first .. first + n - 1`` are nodes of `model`."""
        if first <= self.size:
            raise ValueError(f"node ids from {first} are already registered")
        self._firsts.append(first)
        self._lasts.append(first + n - 1)
        self._models.append(model)
        self._codes.append(self._model_codes.setdefault(model, len(self._model_codes)))

    def mark_layer(self, first: int) -> None:
        """Record that the block starting at `first` is a spatial layer."""
        self._layer_blocks.add(bisect.bisect_right(self._firsts, first) - 1)

    def mixes_layers(self, ids: np.ndarray) -> bool:
        """Return True if `ids` hold nodes of a spatial layer and nodes of another block.

        NEST joins collections only if they have the same metadata: nodes
        of one layer, or nodes of no layer.
        """
        if not self._layer_blocks:
            return False
        blocks = np.unique(self.blocks_of(ids))
        return len(blocks) > 1 and bool(np.isin(blocks, list(self._layer_blocks)).any())

    def blocks(self) -> list[tuple[int, int, str]]:
        """Return ``(first, last, model)`` of every creation block."""
        return list(zip(self._firsts, self._lasts, self._models, strict=True))

    def model_of(self, node_id: int) -> str | None:
        """Return the model of `node_id`, or None if no such node exists."""
        block = self.block_index(node_id)
        return None if block < 0 else self._models[block]

    def block_index(self, node_id: int) -> int:
        """Return the index of the creation block of `node_id` (-1 if unknown)."""
        block = bisect.bisect_right(self._firsts, node_id) - 1
        if block < 0 or node_id > self._lasts[block]:
            return -1
        return block

    def blocks_of(self, ids: np.ndarray) -> np.ndarray:
        """Return the index of the creation block of each id (-1 if unknown)."""
        firsts = np.asarray(self._firsts, dtype=np.int64)
        lasts = np.asarray(self._lasts, dtype=np.int64)
        block = np.searchsorted(firsts, ids, side="right") - 1
        ok = block >= 0
        ok[ok] = ids[ok] <= lasts[block[ok]]
        return np.where(ok, block, -1)

    def model_codes_of(self, ids: np.ndarray) -> np.ndarray:
        """Return a small integer per id that is equal exactly for equal models."""
        block = self.blocks_of(ids)
        codes = np.asarray(self._codes + [-1], dtype=np.int64)
        return codes[block]  # block -1 picks the trailing -1: unknown model

    def model_name(self, node_id: int) -> str:
        """Return the model of a node known to exist."""
        model = self.model_of(node_id)
        return model if model is not None else "none"

    def check_exist(self, ids: np.ndarray) -> None:
        """Raise UnknownNode unless every id is a node of this kernel."""
        if ids.size and (self.blocks_of(ids) < 0).any():
            missing = ids[self.blocks_of(ids) < 0]
            raise NESTErrors.UnknownNode(
                f"Node with id {int(missing[0])} does not exist; the network has {self.size} nodes."
            )


_registry = NodeRegistry()


def current_registry() -> NodeRegistry:
    """Return the registry of the current kernel."""
    return _registry


def reset_registry() -> None:
    """Forget all nodes; collections made before become invalid."""
    global _registry
    _registry = NodeRegistry()
    reset_draws()


def register_nodes(first: int, n: int, model: str) -> None:
    """Record a block of nodes just created by the kernel."""
    if first <= _registry.size:
        # Ids restarted: the kernel was reset other than through
        # ResetKernel, so the collections made before are stale.
        reset_registry()
    _registry.add(first, n, model)


def _as_array(ids: range | np.ndarray) -> np.ndarray:
    if isinstance(ids, range):
        return np.arange(ids.start, ids.stop, ids.step, dtype=np.int64)
    return ids


def _compact(ids: np.ndarray) -> range | np.ndarray:
    """Store an arithmetic progression as a range, anything else as an array."""
    n = ids.size
    if n == 0:
        return range(0)
    if n == 1:
        first = int(ids[0])
        return range(first, first + 1)
    step = int(ids[1] - ids[0])
    if step > 0 and int(ids[-1] - ids[0]) == step * (n - 1) and (np.diff(ids) == step).all():
        return range(int(ids[0]), int(ids[-1]) + 1, step)
    return np.ascontiguousarray(ids, dtype=np.int64)


class NodeCollection:
    """The ids of a set of network nodes, with access to their status.

    A NodeCollection is returned by :func:`nest.Create` or made from sorted,
    unique node ids with ``nest.NodeCollection([2, 4, 6])``. It supports
    ``len``, iteration (one-element collections), indexing (negative
    indices allowed), slicing with a positive step, indexing with a list or
    array of indices or a boolean mask, ``+`` (ids must not overlap),
    ``==``, ``in`` (a node id or a collection), :meth:`tolist`,
    :meth:`index`, :meth:`get` and :meth:`set`. Attributes that do not
    start with an underscore read and write node parameters:
    ``nodes.V_m`` is ``nodes.get("V_m")``, ``nodes.V_m = -70.0`` is
    ``nodes.set(V_m=-70.0)``.

    Parameters
    ----------
    data : sequence of int, numpy.ndarray, NodeCollection or None
        Sorted, unique ids of existing nodes; None gives an empty collection.

    Raises
    ------
    NESTErrors.BadProperty
        If the ids are not sorted or not unique.
    NESTErrors.UnknownNode
        If an id is not a node of the current kernel.
    """

    # Attributes of the Python object itself; all other names are node
    # parameters.
    _ids: range | np.ndarray
    _registry: NodeRegistry
    _sliced: bool
    _stride: int

    def __init__(self, data: Any = None) -> None:
        registry = current_registry()
        if data is None:
            ids: range | np.ndarray = range(0)
        elif isinstance(data, NodeCollection):
            ids, registry = data._ids, data._registry
        elif (
            isinstance(data, (list, tuple))
            and len(data) == 1
            and isinstance(data[0], Integral)
            and not isinstance(data[0], (bool, np.bool_))
        ):
            # One id (scripts that connect pair by pair): checked without NumPy.
            first = int(data[0])
            if registry.model_of(first) is None:
                raise NESTErrors.UnknownNode(f"Node with id {first} does not exist; the network has {registry.size} nodes.")
            ids = range(first, first + 1)
        else:
            if isinstance(data, Integral):
                data = [data]
            arr = np.asarray(list(data) if not isinstance(data, np.ndarray) else data)
            if arr.size == 0:
                arr = np.zeros(0, dtype=np.int64)
            if arr.ndim != 1 or not (np.issubdtype(arr.dtype, np.integer) or arr.dtype == object):
                raise TypeError("NodeCollection expects a one-dimensional sequence of integer node ids")
            arr = arr.astype(np.int64)
            if arr.size > 1:
                steps = np.diff(arr)
                if (steps == 0).any():
                    raise NESTErrors.BadProperty("All node IDs in a NodeCollection have to be unique")
                if (steps < 0).any():
                    raise NESTErrors.BadProperty("Indices must be sorted in ascending order")
            registry.check_exist(arr)
            ids = _compact(arr)
        self._init(ids, registry, sliced=False, stride=1)

    def _init(self, ids: range | np.ndarray, registry: NodeRegistry, sliced: bool, stride: int) -> None:
        # Past __setattr__ (which sets node parameters), in one call: a
        # collection is made for every nodes[i] of a script.
        self.__dict__.update(_ids=ids, _registry=registry, _sliced=sliced, _stride=stride)

    @classmethod
    def _make(
        cls,
        ids: range | np.ndarray,
        registry: NodeRegistry | None = None,
        sliced: bool = False,
        stride: int = 1,
    ) -> NodeCollection:
        """Build a collection from trusted ids (sorted, unique, existing)."""
        nc = cls.__new__(cls)
        nc._init(ids, registry if registry is not None else current_registry(), sliced, stride)
        return nc

    # ------------------------------------------------------------------
    # Validity

    def _valid(self) -> bool:
        # An empty collection holds no node of any kernel: valid in all.
        return self._registry is current_registry() or len(self._ids) == 0

    def _check_valid(self) -> None:
        if not self._valid():
            raise NESTErrors.KernelException(_INVALID_MESSAGE)

    # ------------------------------------------------------------------
    # Sequence protocol

    def __len__(self) -> int:
        return len(self._ids)

    def __bool__(self) -> bool:
        return len(self._ids) > 0

    def __iter__(self) -> Iterator[NodeCollection]:
        registry = self._registry
        for node_id in self._ids:
            node_id = int(node_id)
            yield NodeCollection._make(range(node_id, node_id + 1), registry)

    def __getitem__(self, key: Any) -> NodeCollection:
        ids = self._ids
        if type(ids) is range:
            # The common cases first, without the general checks: one node
            # (nodes[i]) or a contiguous part (nodes[a:b]) of a plain
            # collection; they give what the general path gives.
            if type(key) is int:
                if -len(ids) <= key < len(ids):
                    node_id = ids[key]
                    return NodeCollection._make(range(node_id, node_id + 1), self._registry)
            elif type(key) is slice and not self._sliced and ids.step == 1 and key.step is None:
                part = self._contiguous_part(ids, key.start, key.stop)
                if part is not None:
                    return part
        size = len(self)
        if isinstance(key, slice):
            return self._slice(key)
        if isinstance(key, (Integral, np.integer)) and not isinstance(key, (bool, np.bool_)):
            key = int(key)
            if abs(key + (key >= 0)) > size:
                raise IndexError("index value outside of the NodeCollection")
            node_id = int(self._ids[key])
            return NodeCollection._make(range(node_id, node_id + 1), self._registry)
        if isinstance(key, (list, tuple)):
            if len(key) == 0:
                return NodeCollection._make(range(0), self._registry)
            if all(isinstance(k, (bool, np.bool_)) for k in key):
                return self._take_mask(np.array(key, dtype=bool))
            if all(isinstance(k, (Integral, np.integer)) and not isinstance(k, (bool, np.bool_)) for k in key):
                return self._take_positions(np.array(key, dtype=np.int64))
            raise TypeError("Indices must be integers or bools")
        if isinstance(key, np.ndarray):
            if key.size == 0:
                return NodeCollection._make(range(0), self._registry)
            if key.ndim != 1:
                raise TypeError("NumPy indices must be one-dimensional")
            if key.dtype == bool:
                return self._take_mask(key)
            if np.issubdtype(key.dtype, np.integer):
                return self._take_positions(key.astype(np.int64))
            raise TypeError("NumPy indices must be an array of integers or bools")
        raise IndexError("only integers, slices, lists, tuples, and numpy arrays are valid indices")

    def _contiguous_part(self, ids: range, start: Any, stop: Any) -> NodeCollection | None:
        """ids[start:stop] of a plain contiguous collection when both
        bounds are non-negative ints within it, start < stop and the part
        lies in one creation block (what _slice returns then); else None."""
        if type(start) is not int or type(stop) is not int or not 0 <= start < stop <= len(ids):
            return None
        first, last = ids.start + start, ids.start + stop - 1
        registry = self._registry
        block = registry.block_index(first)
        if block < 0 or block != registry.block_index(last):
            return None
        return NodeCollection._make(range(first, last + 1), registry)

    def _slice(self, key: slice) -> NodeCollection:
        size = len(self)
        # Bounds as NEST checks them: an out-of-range start or stop is an
        # error rather than being clipped.
        if key.start is not None:
            start = key.start + 1 if key.start >= 0 else key.start
            if abs(start) > size:
                raise IndexError("slice start value outside of the NodeCollection")
        if key.stop is not None:
            stop = key.stop if key.stop > 0 else key.stop - 1
            if abs(stop) > size:
                raise IndexError("slice stop value outside of the NodeCollection")
        step = 1 if key.step is None else key.step
        if step < 1:
            raise IndexError("slicing step for NodeCollection must be strictly positive")
        positions = range(size)[key]
        if len(positions) == 0:
            raise NESTErrors.BadParameter(
                f"start < stop required: the slice [{key.start}:{key.stop}:{key.step}] of a NodeCollection "
                f"of size {size} selects no node."
            )
        ids = self._ids[key]
        if isinstance(ids, np.ndarray):
            ids = _compact(ids)
        result = NodeCollection._make(ids, self._registry)
        if step > 1:
            result._init(ids, self._registry, sliced=True, stride=self._stride * step)
        elif len(result._groups(stride=1)) == 1:
            pass  # within one contiguous block of one model: a plain collection
        elif not self._sliced and len(positions) == size:
            pass  # the whole collection
        else:
            result._init(ids, self._registry, sliced=True, stride=self._stride)
        return result

    def _take_mask(self, mask: np.ndarray) -> NodeCollection:
        if mask.size != len(self):
            raise IndexError("Bool index array must be the same length as NodeCollection")
        ids = _as_array(self._ids)[mask]
        return NodeCollection._make(_compact(ids), self._registry)

    def _take_positions(self, positions: np.ndarray) -> NodeCollection:
        size = len(self)
        if np.unique(positions).size != positions.size:
            raise ValueError("All node IDs in a NodeCollection have to be unique")
        if ((positions >= size) | (positions < -size)).any():
            raise IndexError("index value outside of the NodeCollection")
        ids = _as_array(self._ids)[positions]
        if ids.size > 1 and (np.diff(ids) < 0).any():
            raise NESTErrors.BadProperty("Indices must be sorted in ascending order")
        return NodeCollection._make(_compact(ids), self._registry)

    def __contains__(self, item: Any) -> bool:
        if isinstance(item, NodeCollection):
            if not item:
                return False
            if len(item) == 1:
                return self._contains_id(int(item._ids[0]))
            return bool(np.isin(_as_array(item._ids), _as_array(self._ids)).all())
        if isinstance(item, (Integral, np.integer)) and not isinstance(item, (bool, np.bool_)):
            return self._contains_id(int(item))
        return False

    def _contains_id(self, node_id: int) -> bool:
        ids = self._ids
        if isinstance(ids, range):
            return node_id in ids
        pos = int(np.searchsorted(ids, node_id))
        return pos < ids.size and int(ids[pos]) == node_id

    def index(self, node_id: int | NodeCollection) -> int:
        """Return the position of `node_id` in the collection.

        Parameters
        ----------
        node_id : int or NodeCollection
            A node id, or a collection holding exactly one node.

        Returns
        -------
        int
            Zero-based position.

        Raises
        ------
        ValueError
            If the node is not in the collection.
        """
        if isinstance(node_id, NodeCollection):
            if len(node_id) != 1:
                raise ValueError("index() expects a single node id or a NodeCollection of one node")
            node_id = int(node_id._ids[0])
        node_id = int(node_id)
        ids = self._ids
        if isinstance(ids, range):
            if node_id in ids:
                return ids.index(node_id)
        else:
            pos = int(np.searchsorted(ids, node_id))
            if pos < ids.size and int(ids[pos]) == node_id:
                return pos
        raise ValueError(f"{node_id} is not in NodeCollection")

    def tolist(self) -> list[int]:
        """Return the node ids as a list of int."""
        if isinstance(self._ids, range):
            return list(self._ids)
        return self._ids.tolist()

    def _to_array(self, selection: str = "all") -> Any:
        """Return the node ids, as NEST's debugging helper of the same name.

        Parameters
        ----------
        selection : str
            ``"all"``: ``{"All": [ids]}``; ``"rank"``: the ids of the nodes
            on this process, ``{"Rank <r>": [ids]}``; ``"thread"``: the ids
            on this process by the thread that updates them,
            ``{thread: [ids]}`` (only threads with nodes appear).

        Raises
        ------
        ValueError
            If `selection` is none of these.
        """
        self._check_valid()
        if selection == "all":
            return {"All": self.tolist()}
        if selection not in ("rank", "thread"):
            raise ValueError(f"selection must be 'all', 'rank' or 'thread', got {selection!r}")
        statuses = self._statuses(["local", "thread"]) if len(self) else []
        local = [
            (int(i), st.get("thread", 0))
            for i, st in zip(self.tolist(), statuses, strict=True)
            if st.get("local", True)
        ]
        if selection == "rank":
            from .hl_api_info import Rank

            return {f"Rank {Rank()}": [i for i, _ in local]}
        by_thread: dict[int, list[int]] = {}
        for node_id, thread in local:
            by_thread.setdefault(int(thread), []).append(node_id)
        return by_thread

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        arr = _as_array(self._ids)
        if dtype is not None:
            arr = arr.astype(dtype)
        return arr.copy() if (copy and arr is self._ids) else arr

    # ------------------------------------------------------------------
    # Set operations

    def __add__(self, other: Any) -> NodeCollection:
        if not isinstance(other, NodeCollection):
            if isinstance(other, (Integral, float)) and other == 0:
                return NodeCollection._make(self._ids, self._registry, self._sliced, self._stride)
            raise TypeError(f"Cannot add object of type '{type(other).__name__}' to 'NodeCollection'")
        if not self._valid() or not other._valid():
            raise NESTErrors.KernelException(_INVALID_MESSAGE)
        if not other:
            return NodeCollection._make(self._ids, self._registry, self._sliced, self._stride)
        if not self:
            return NodeCollection._make(other._ids, other._registry, other._sliced, other._stride)
        if (self._sliced and len(self) > 1) or (other._sliced and len(other) > 1):
            raise NESTErrors.BadProperty("Cannot add NodeCollection to a sliced composite.")
        left, right = _as_array(self._ids), _as_array(other._ids)
        if np.intersect1d(left, right, assume_unique=True).size:
            raise NESTErrors.BadProperty("Cannot join overlapping NodeCollections.")
        if self._registry.mixes_layers(np.concatenate([left, right])):
            raise NESTErrors.BadProperty("Can only join NodeCollections with the same metadata (nodes of one layer).")
        # Disjoint and each sorted: their union is the two sorted together
        # (np.union1d would also import numpy.ma, 10 ms, at its first use).
        return NodeCollection._make(_compact(np.sort(np.concatenate([left, right]))), self._registry)

    def __radd__(self, other: Any) -> NodeCollection:
        return self.__add__(other)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NodeCollection):
            return NotImplemented
        if len(self) != len(other):
            return False
        if isinstance(self._ids, range) and isinstance(other._ids, range):
            same_ids = self._ids == other._ids
        else:
            same_ids = bool(np.array_equal(_as_array(self._ids), _as_array(other._ids)))
        if not same_ids or self._registry is other._registry:
            return same_ids
        # From different kernels (a ResetKernel in between): as in NEST, the
        # same ids are equal only if their nodes have the same models.
        return [g[0] for g in self._groups(stride=1)] == [g[0] for g in other._groups(stride=1)]

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]  # mutable status, like NEST's

    # ------------------------------------------------------------------
    # Printing

    def _groups(self, stride: int | None = None) -> list[tuple[str, int, int, int]]:
        """Split into runs of one model whose ids advance by `stride`.

        Returns a list of ``(model, size, first, last)``.
        """
        if stride is None:
            stride = self._stride if self._sliced else 1
        ids = self._ids
        registry = self._registry
        if len(ids) == 0:
            return []
        if isinstance(ids, range) and (len(ids) == 1 or ids.step == stride):
            first, last = ids[0], ids[-1]
            block = registry.block_index(first)
            if block >= 0 and block == registry.block_index(last):
                return [(registry._models[block], len(ids), first, last)]
        arr = _as_array(ids)
        codes = registry.model_codes_of(arr)
        breaks = np.flatnonzero((np.diff(arr) != stride) | (np.diff(codes) != 0)) + 1
        starts = np.concatenate(([0], breaks))
        ends = np.concatenate((breaks, [arr.size]))
        return [
            (registry.model_name(int(arr[s])), int(e - s), int(arr[s]), int(arr[e - 1]))
            for s, e in zip(starts, ends, strict=True)
        ]

    def __repr__(self) -> str:
        if not self:
            return _REPR_HEAD + "<empty>)"
        if self._sliced:
            groups = self._groups()
            lines = []
            for i, (model, size, first, last) in enumerate(groups):
                end = "" if i == len(groups) - 1 else ";"
                text = f"\n{_REPR_INDENT}model={model}, size={size}, "
                if size == 1:
                    text += f"first={first}, last={first}{end}"
                else:
                    text += f"first={first}, last={last}"
                    if self._stride > 1:
                        # NEST separates parts with ';' only after a step.
                        text += f", step={self._stride}{end}"
                lines.append(text)
            return _REPR_HEAD + "metadata=None," + "".join(lines) + ")"
        groups = self._groups(stride=1)
        parts = [_primitive_text(*g) for g in groups]
        if len(parts) == 1:
            return f"{_REPR_HEAD}metadata=None, {parts[0]})"
        return _REPR_HEAD + "metadata=None," + ";".join(f"\n{_REPR_INDENT}{p}" for p in parts) + ")"

    __str__ = __repr__

    # ------------------------------------------------------------------
    # Status

    def _statuses(self, keys: Sequence[str] | None = None) -> list[dict]:
        """Status of every node (only `keys` if given), values in their PyNEST form."""
        return [{k: python_value(v) for k, v in d.items()} for d in _kernel.get_status(self._ids, keys)]

    def _events(self, node_id: int, columns: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        names = _kernel.event_columns(node_id)
        if columns is None:
            columns = names
        else:
            unknown = [c for c in columns if c not in names]
            if unknown:
                raise NESTErrors.KeyError(f"recorder {node_id} has no event column {unknown[0]!r}; it records {names}")
        return {name: _kernel.export_column(node_id, name) for name in columns}

    def get(self, *params: Any, output: str = "") -> Any:
        """Return parameters and state of the nodes.

        Parameters
        ----------
        *params : str or list of str
            Nothing for the full status; one key; a list of keys; or a
            key of a dictionary-valued entry followed by a key or list of
            keys inside it: ``get("events", key_or_keys)`` addresses
            inside the events dictionary of recorders. As in NEST, several
            plain keys (``get("V_m", "C_m")``) raise TypeError; ask for
            them as a list.
        output : {"", "json", "pandas", "arrow"}, optional
            Return a JSON string or a pandas DataFrame instead; "arrow"
            (only for ``get("events")`` and ``get("events", keys)``) returns
            a ``pyarrow.Table`` per recorder over the recorder's buffers,
            without a copy, which ``polars.from_arrow`` and duckdb read
            without a copy either.

        Returns
        -------
        scalar, tuple, dict, list or numpy.ndarray
            See the module documentation for the shapes.

        Raises
        ------
        KeyError
            If no node has the key (``NESTErrors.KeyError``, a KeyError).
        ValueError
            If the collection is empty.
        TypeError
            If the keys have the wrong form, or several keys are given and
            the first one's value is no dictionary.
        NESTErrors.KernelException
            If the collection was made before the last ResetKernel.
        """
        if not self:
            raise ValueError("Cannot get parameter of empty NodeCollection")
        if output not in ("", "json", "pandas", "arrow"):
            raise ValueError(f"output must be '', 'json', 'pandas' or 'arrow', got {output!r}")
        self._check_valid()
        if output == "arrow":
            return self._get_arrow(params)

        if len(params) == 0:
            result = self._get_all()
        elif len(params) == 1:
            key = params[0]
            if isinstance(key, str):
                result = self._get_keys([key])[key]
                if key in ("compartments", "receptors"):
                    result = wrap_cm_value(self, key, result)
            elif is_iterable(key):
                keys = list(key)
                if not all(isinstance(k, str) for k in keys):
                    raise TypeError("Parameter names must be strings")
                result = self._get_keys(keys)
            else:
                raise TypeError("Params should be either a string or an iterable")
        else:
            result = self._get_several(params)

        if output == "json":
            return to_json(result)
        if output == "pandas":
            return self._to_pandas(params, result)
        return result

    def _get_arrow(self, params: tuple) -> Any:
        """get("events"[, keys], output="arrow"): one pyarrow.Table per recorder."""
        if not params or params[0] != "events" or len(params) > 2:
            raise ValueError("output='arrow' is available for get('events') and get('events', keys) only")
        columns = None
        if len(params) == 2:
            columns = [params[1]] if isinstance(params[1], str) else list(params[1])
        import pyarrow as pa

        statuses = self._statuses(["events"])
        tables = []
        for node_id, status in zip(self._ids, statuses, strict=True):
            if status.get("element_type") != "recorder":
                if len(self) == 1:
                    raise NESTErrors.KeyError("'events' exists only for recorders")
                tables.append(None)
                continue
            names = _kernel.event_columns(int(node_id))
            wanted = names if columns is None else columns
            unknown = [c for c in wanted if c not in names]
            if unknown:
                raise NESTErrors.KeyError(f"recorder {node_id} has no event column {unknown[0]!r}; it records {names}")
            # Each column crosses as an Arrow C array through the PyCapsule
            # protocol: pyarrow takes the recorder's buffers, no copy.
            tables.append(
                pa.table({name: pa.array(_kernel.export_arrow_column(int(node_id), name)) for name in wanted})
            )
        return tables[0] if len(tables) == 1 else tuple(tables)

    def _collect(self, statuses: list[dict], key: str) -> Any:
        missing = object()
        values = [s.get(key, missing) for s in statuses]
        if all(v is missing for v in values):
            raise NESTErrors.KeyError(f"'{key}' is not a parameter or state of the node(s)")
        values = [None if v is missing else v for v in values]
        return values[0] if len(values) == 1 else tuple(values)

    def _get_keys(self, keys: list[str]) -> dict[str, Any]:
        if keys == ["global_id"]:
            ids = self.tolist()
            return {"global_id": ids[0] if len(ids) == 1 else tuple(ids)}
        if "events" not in keys and _kernel.has_columns():
            return self._get_columns(keys)
        statuses = self._statuses(keys)
        result = {}
        for key in keys:
            if key == "events":
                result[key] = self._collect_events(statuses, None)
            else:
                result[key] = self._collect(statuses, key)
        return result

    def _get_columns(self, keys: list[str] | None) -> dict[str, Any]:
        """get(keys) through the columnar path: one typed column per key.

        With `keys` None, every key of every node (get()). Values are in
        the form the JSON path gives: a scalar for one node, else a tuple
        with one value per node (None where a node lacks the key).
        """
        one = len(self) == 1
        result = {}
        if keys is not None:
            # Float state read straight into an array (V_m, g_ex, ...).
            rest = []
            for key in keys:
                if key in result:
                    continue  # asked twice
                floats = _kernel.read_node_floats(self._ids, key)
                if floats is None:
                    rest.append(key)
                else:
                    values = floats.tolist()
                    result[key] = values[0] if one else tuple(values)
            if not rest:
                return {key: result[key] for key in keys}
        columns = _kernel.get_node_columns(self._ids, None if keys is None else rest, shared=True)
        for key in keys or ():
            if key in result:
                continue
            if key not in columns:
                raise NESTErrors.KeyError(f"'{key}' is not a parameter or state of the node(s)")
        for key in columns if keys is None else keys:
            if key in result:
                continue
            values = columns[key]
            if isinstance(values, np.ndarray):
                values = values.tolist()
            elif isinstance(values, _kernel.StringColumn):
                pass
            elif isinstance(values, _kernel.SameValue):  # one value every node has
                values = values.values(python_value)
            else:
                values = [python_value(v) for v in values]
            result[key] = values[0] if one else tuple(values)
        return result if keys is None else {key: result[key] for key in keys}

    def _collect_events(self, statuses: list[dict], columns: Sequence[str] | None) -> Any:
        is_recorder = [s.get("element_type") == "recorder" for s in statuses]
        if not any(is_recorder):
            raise NESTErrors.KeyError("'events' exists only for recorders")
        values = [
            self._events(int(node_id), columns) if rec else None
            for node_id, rec in zip(self._ids, is_recorder, strict=True)
        ]
        return values[0] if len(values) == 1 else tuple(values)

    def _get_all(self) -> dict[str, Any]:
        if _kernel.has_columns():
            result = self._get_columns(None)
            types = result.get("element_type")
            types = (types,) if len(self) == 1 else types
            if "recorder" in types:
                events = tuple(
                    self._events(int(node_id)) if t == "recorder" else None
                    for node_id, t in zip(self._ids, types, strict=True)
                )
                result["events"] = events[0] if len(self) == 1 else events
            return dict(sorted(result.items()))
        statuses = self._statuses()
        for node_id, status in zip(self._ids, statuses, strict=True):
            if status.get("element_type") == "recorder":
                status["events"] = self._events(int(node_id))
        if len(statuses) == 1:
            return dict(sorted(statuses[0].items()))
        keys = sorted({k for s in statuses for k in s})
        return {k: tuple(s.get(k) for s in statuses) for k in keys}

    def _get_several(self, params: tuple) -> Any:
        """get(key, ..., subkey or subkeys): hierarchical addressing, as in
        NEST 3.10, into the dictionary-valued entry `key` (``events``,
        ``synaptic_elements``, ...); the last argument names the entries
        inside it, those in between are ignored. Several plain keys are
        asked as a list (``get(["V_m", "C_m"])``): for any other `key` this
        raises TypeError, as NEST does."""
        first, last = params[0], params[-1]
        if not isinstance(first, str):
            raise TypeError("First argument must be a string, specifying path into hierarchical dictionary")
        if not isinstance(last, str) and not is_iterable(last):
            raise TypeError(f"The last argument must be a key or a list of keys, got {type(last).__name__}")
        keys = [last] if isinstance(last, str) else list(last)
        if first == "events":
            nested = self._get_nested(first, keys)
        else:
            values = self._collect(self._statuses([first]), first)
            if not _is_dict_valued(values):
                kind = type(values[0] if isinstance(values, tuple) else values).__name__
                hint = ""
                if all(isinstance(p, str) for p in params):
                    hint = f"; ask for several parameters with a list, get({list(params)!r})"
                raise TypeError(
                    f"'{first}' is not a dictionary (its value is a {kind}): get({first!r}, ...) addresses "
                    f"entries inside a dictionary-valued parameter{hint}"
                )
            nested = self._get_nested(first, keys, values)
        return nested[last] if isinstance(last, str) else nested

    def _get_nested(self, first: str, keys: list[str], values: Any = None) -> dict[str, Any]:
        """Look up `keys` inside the dictionary-valued entry `first`."""
        if first == "events":
            # Only the requested columns leave the recorder.
            values = self._collect_events(self._statuses([first]), keys)
        elif values is None:
            values = self._collect(self._statuses([first]), first)
        if isinstance(values, dict):
            return {k: _sub(values, first, k) for k in keys}
        if _is_dict_valued(values):
            return {k: [None if v is None else _sub(v, first, k) for v in values] for k in keys}
        raise TypeError(f"'{first}' is not a dictionary; cannot address keys inside it")

    def _to_pandas(self, params: tuple, result: Any) -> Any:
        try:
            import pandas
        except ImportError as exc:
            raise ImportError("output='pandas' needs pandas, which could not be imported") from exc
        index = self.tolist()
        if len(params) == 1 and isinstance(params[0], str):
            result = {params[0]: result}
        elif len(params) > 1 and isinstance(params[1], str):
            result = {params[1]: result}
        if len(self) == 1:
            result = {k: [v] for k, v in result.items()}
        return pandas.DataFrame(result, index=index)

    def set(self, params: dict | Sequence[dict] | None = None, **kwargs: Any) -> None:
        """Set parameters of the nodes.

        Parameters
        ----------
        params : dict or list of dict, optional
            One dictionary for all nodes, or one per node. In a single
            dictionary, a list, tuple or array given for a parameter whose
            value is a scalar is spread over the nodes, one value per node;
            parameters whose value is itself a list (``record_from``,
            ``spike_times``, ...) take the list as it is. A ``nest.random``
            parameter gives each node its own value, drawn in Python (see
            :mod:`nest.lib.hl_api_parameters`).
        **kwargs
            Parameters as keyword arguments, instead of `params`.

        Raises
        ------
        NESTErrors.UnaccessedDictionaryEntry
            If a node has no such parameter.
        NESTErrors.BadProperty, NESTErrors.TypeMismatch
            If a value is invalid; then no node is changed.
        TypeError, ValueError
            If the arguments have the wrong form or length, or a
            ``nest.random`` parameter is given for a parameter that is not
            a number.
        """
        if kwargs and params is not None:
            raise TypeError("must either provide params or kwargs, but not both.")
        if kwargs:
            params = kwargs
        if not self:
            return
        if params is None:
            raise TypeError("set() expects a dict, a list of dicts, or keyword arguments")
        self._check_valid()
        if isinstance(params, dict):
            params = unwrap_cm_params(params)
            if not params:
                return
        if _kernel.has_columns() and not has_parameter(params) and self._set_columns(params):
            return
        if isinstance(params, dict):
            if has_parameter(params):
                first_status = _kernel.get_status([int(self._ids[0])])[0]
                params = draw_node_params(params, len(self), first_status)
            per_node = self._spread(params)
        elif isinstance(params, (list, tuple)):
            if len(params) != len(self) or not all(isinstance(p, dict) for p in params):
                raise TypeError(f"Status dict must be a dict, or a list of dicts of length {len(self)}")
            per_node = list(params)
            if has_parameter(per_node):
                per_node = draw_node_params(per_node, len(self), _kernel.get_status([int(self._ids[0])])[0])
        else:
            raise TypeError("params must be a dict or a list of dicts")
        _kernel.set_status(self._ids, per_node)

    def _set_columns(self, params: Any) -> bool:
        """set() through the columnar path: values common to all nodes as
        one small dictionary, per-node values as typed columns, ids as a
        range or an int64 buffer. Returns False, having changed nothing,
        when the values need the JSON path (strings or lists per node,
        irregular lists of dicts)."""
        n = len(self)
        if isinstance(params, dict):
            candidates = [k for k, v in params.items() if is_sequence_value(v)]
            if not candidates:
                _kernel.set_node_columns(self._ids, params, {})
                return True
            reference = _kernel.get_status([int(self._ids[0])])[0]
            spread = [k for k in candidates if k in reference and isinstance(reference[k], (Number, str))]
            params = first_values(params, spread, n)
            common = {k: v for k, v in params.items() if k not in spread}
            return _kernel.set_node_columns(self._ids, common, {k: params[k] for k in spread})
        if isinstance(params, (list, tuple)) and len(params) == n and n > 0:
            if not all(isinstance(p, dict) for p in params):
                return False
            keys = list(params[0])
            if any(list(p) != keys for p in params):
                return False
            columns = {}
            for key in keys:
                values = [p[key] for p in params]
                if not all(isinstance(v, (Number, np.bool_)) for v in values):
                    return False
                columns[key] = values
            return _kernel.set_node_columns(self._ids, {}, columns)
        return False

    def _spread(self, params: dict) -> list[dict]:
        """Turn one dict into one dict per node where values are per-node lists."""
        candidates = [k for k, v in params.items() if is_sequence_value(v)]
        if not candidates:
            return [params]
        first_status = _kernel.get_status([int(self._ids[0])])[0]
        return spread_params(params, first_status, len(self))

    # ------------------------------------------------------------------
    # Attribute access to node parameters

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not real attributes. Underscore
        # names are never parameters: rejecting them at once keeps IPython
        # and NumPy probes (_repr_html_, __array_interface__, ...) cheap.
        if name.startswith("_"):
            raise AttributeError(f"'NodeCollection' object has no attribute '{name}'")
        if name == "spatial":
            return self._spatial()
        if not self:
            raise AttributeError("Cannot get attribute of empty NodeCollection")
        try:
            return self.get(name)
        except NESTErrors.KeyError as exc:
            raise NodeParameterError(f"'{name}' is not a parameter or state of the node(s)") from exc

    def _spatial(self) -> dict | None:
        """The spatial dictionary of nodes of one layer (NEST's ``nodes.spatial``), else None.

        Positions never change, so the answer is kept with the collection
        (as NEST keeps it) and later reads cost nothing.
        """
        cached = self.__dict__.get("_spatial_cache")
        if cached is not None and self._valid():
            return cached[0]
        if not self or not self._valid():
            return None
        status = _kernel.spatial_query("status", ids=self.tolist())
        if not status:  # no layer holds these nodes
            object.__setattr__(self, "_spatial_cache", (None,))
            return None
        out: dict[str, Any] = {
            "center": np.asarray(status["center"], dtype=float),
            "edge_wrap": bool(status["edge_wrap"]),
            "extent": np.asarray(status["extent"], dtype=float),
            "network_size": int(status["network_size"]),
        }
        if "shape" in status:
            out["shape"] = np.asarray(status["shape"], dtype=np.int64)
        else:
            out["positions"] = np.asarray(status["positions"], dtype=float)
        object.__setattr__(self, "_spatial_cache", (out,))
        return out

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            raise AttributeError(f"cannot set attribute '{name}' of 'NodeCollection': not a node parameter")
        self.set({name: value})

    def __dir__(self) -> list[str]:
        names = set(super().__dir__())
        if self and self._valid():
            try:
                names.update(_kernel.get_status([int(self._ids[0])])[0].keys())
            except Exception:  # noqa: BLE001, S110 -- listing names must never fail
                pass
        return sorted(names)


class NodeParameterError(NESTErrors.KeyError, AttributeError):  # type: ignore[misc, name-defined]
    """Unknown parameter read as an attribute: a KeyError (as in NEST) and
    an AttributeError (so that ``hasattr`` and ``getattr(nc, name, default)``
    work)."""

    errorname = "KeyError"


def _is_dict_valued(values: Any) -> bool:
    if isinstance(values, dict):
        return True
    return (
        isinstance(values, tuple)
        and any(isinstance(v, dict) for v in values)
        and all(v is None or isinstance(v, dict) for v in values)
    )


def _sub(values: dict, first: str, key: str) -> Any:
    try:
        return values[key]
    except KeyError:
        raise NESTErrors.KeyError(f"'{first}' has no entry '{key}'") from None


def _primitive_text(model: str, size: int, first: int, last: int) -> str:
    text = f"model={model}, size={size}, first={first}"
    return text if size == 1 else text + f", last={last}"


class ParameterLengthError(IndexError, ValueError):
    """A list of per-node values whose length is not the number of nodes.

    NEST raises IndexError here; it is a ValueError too, for callers that
    check for that.
    """


def first_values(params: dict, spread: list[str], n: int) -> dict:
    """`params` with each list of per-node values in `spread` cut to its
    first `n` values.

    NEST gives node i the i-th value of such a list, so a longer list is
    accepted and its surplus ignored (pynest/examples/store_restore_network.py
    creates 2000 neurons from the V_m of 2500); a shorter one is an
    IndexError.

    Raises
    ------
    ParameterLengthError
        If a list has fewer than `n` values.
    """
    cut = {}
    for key in spread:
        values = params[key]
        if len(values) < n:
            raise ParameterLengthError(
                f"'{key}' has {len(values)} values for {n} node(s): give one value per node or a single value"
            )
        if len(values) > n:
            cut[key] = values[:n]
    return {**params, **cut} if cut else params


def spread_columns(params: dict, reference: dict, n: int) -> _kernel.NodeColumns | None:
    """Split `params` into common values and per-node columns, as
    :func:`spread_params` decides what is spread; None when a spread value
    is not made of numbers or booleans (then use :func:`spread_params`).

    Raises
    ------
    ValueError
        If a spread list has fewer than `n` values (a longer one gives its
        first `n`, as in NEST).
    """
    spread = [
        k
        for k, v in params.items()
        if is_sequence_value(v) and k in reference and isinstance(reference[k], (Number, str))
    ]
    params = first_values(params, spread, n)
    columns = {}
    for key in spread:
        values = np.asarray(params[key])
        if values.ndim != 1 or values.dtype.kind not in "fiub":
            return None
        columns[key] = values
    return _kernel.NodeColumns({k: v for k, v in params.items() if k not in spread}, columns)


def spread_params(params: dict, reference: dict, n: int) -> list[dict]:
    """Spread per-node lists in `params` over `n` nodes.

    Parameters
    ----------
    params : dict
        User parameters.
    reference : dict
        A status (or model defaults) whose values tell which parameters are
        scalars (numbers, booleans, strings): only those are spread;
        list-valued parameters and unknown keys are passed on unchanged.
    n : int
        Number of nodes.

    Returns
    -------
    list of dict
        ``[params]`` if nothing is spread, else one dictionary per node.

    Raises
    ------
    ValueError
        If a spread list has fewer than `n` values (a longer one gives its
        first `n`, as in NEST).
    """
    spread = [
        k
        for k, v in params.items()
        if is_sequence_value(v) and k in reference and isinstance(reference[k], (Number, str))
    ]
    if not spread:
        return [params]
    params = first_values(params, spread, n)
    return [{k: (v[i] if k in spread else v) for k, v in params.items()} for i in range(n)]
