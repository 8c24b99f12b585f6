"""SynapseCollection: a set of connections and read access to their parameters.

A SynapseCollection is made by :func:`nest.GetConnections` (or by
``Connect(..., return_synapsecollection=True)``). It holds a snapshot of
the connections' data, taken when it was made, as columns:

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

Return shapes of :meth:`SynapseCollection.get` (as in NEST 3.10): ``get()``
a dict of lists with sorted keys, ``get("weight")`` a list, ``get([keys])``
a dict of lists; for a collection of exactly one connection the lists are
single values. An empty collection gives ``{}`` (``()`` with a key).

Differences from NEST 3.10: NEST's keys ``port``, ``target_thread``,
``synapse_id`` and ``sizeof`` (internal addresses of a connection), the
model-specific parameters of plastic synapses and ``distance`` are not
available; :meth:`~SynapseCollection.set` and
:meth:`~SynapseCollection.disconnect` are not supported yet; and values
are those of the moment the collection was made (NEST reads them from the
kernel on every ``get``).
"""

from __future__ import annotations

from numbers import Integral
from typing import Any
from collections.abc import Iterator

import numpy as np

from .hl_api_exceptions import NESTErrors
from .hl_api_helper import is_iterable, to_json
from .hl_api_types import NodeRegistry, current_registry

__all__ = [
    "SynapseCollection",
]

# Keys of every connection, sorted as get() lists them.
CONNECTION_KEYS = ("delay", "receptor", "source", "synapse_model", "target", "weight")

# Keys NEST 3.10 has that gonest's core does not report.
_NEST_ONLY_KEYS = frozenset({"port", "sizeof", "synapse_id", "target_thread"})

# Longest collection that str() prints in full unless print_full is set;
# longer ones show the first and last _PRINT_EDGE rows (as NEST does).
_MAX_FULL_PRINT = 35
_PRINT_EDGE = 15


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
    _weight: np.ndarray
    _delay: np.ndarray
    _receptor: np.ndarray
    _model_codes: np.ndarray
    _model_names: tuple[str, ...]
    _registry: NodeRegistry
    _state: list
    print_full: bool

    def __init__(self, data: Any = None) -> None:
        if data is None:
            empty_int = np.zeros(0, dtype=np.int64)
            empty_float = np.zeros(0, dtype=np.float64)
            self._init(
                empty_int, empty_int, empty_float, empty_float, empty_int, np.zeros(0, np.int16), (), current_registry(), []
            )
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
        weight: np.ndarray,
        delay: np.ndarray,
        receptor: np.ndarray,
        model_codes: np.ndarray,
        model_names: tuple[str, ...],
        registry: NodeRegistry,
        state: list | None = None,
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "_state", state if state is not None else [None] * int(source.size))
        setattr_(self, "_source", source)
        setattr_(self, "_target", target)
        setattr_(self, "_weight", weight)
        setattr_(self, "_delay", delay)
        setattr_(self, "_receptor", receptor)
        setattr_(self, "_model_codes", model_codes)
        setattr_(self, "_model_names", model_names)
        setattr_(self, "_registry", registry)
        setattr_(self, "print_full", False)

    def _parts(self) -> tuple:
        return (
            self._source,
            self._target,
            self._weight,
            self._delay,
            self._receptor,
            self._model_codes,
            self._model_names,
            self._registry,
            self._state,
        )

    @classmethod
    def _from_columns(cls, columns: dict[str, Any]) -> SynapseCollection:
        """Build a collection from the columns of ``_kernel.get_connections``."""
        models = columns["synapse_model"]
        names = tuple(dict.fromkeys(models))
        if len(names) <= 1:
            codes = np.zeros(len(models), dtype=np.int16)
        else:
            lookup = {name: i for i, name in enumerate(names)}
            codes = np.fromiter((lookup[m] for m in models), dtype=np.int16, count=len(models))
        sc = cls.__new__(cls)
        sc._init(
            columns["source"],
            columns["target"],
            columns["weight"],
            columns["delay"],
            columns["receptor"],
            codes,
            names,
            current_registry(),
            columns.get("state"),
        )
        return sc

    def _take(self, index: int | slice) -> SynapseCollection:
        sc = SynapseCollection.__new__(SynapseCollection)
        pick = index if isinstance(index, slice) else slice(index, index + 1)
        sc._init(
            self._source[pick],
            self._target[pick],
            self._weight[pick],
            self._delay[pick],
            self._receptor[pick],
            self._model_codes[pick],
            self._model_names,
            self._registry,
            self._state[pick],
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

    def _state_keys(self) -> list[str]:
        """Keys of the plastic synapses' parameters and state, sorted."""
        return sorted({k for st in self._state if st for k in st})

    def _column(self, key: str) -> list:
        if key in self._state_keys():
            return [None if st is None else st.get(key) for st in self._state]
        if key == "synapse_model":
            names = self._model_names
            return [names[c] for c in self._model_codes.tolist()]
        if key in CONNECTION_KEYS:
            return getattr(self, "_" + key).tolist()
        if key in _NEST_ONLY_KEYS:
            raise NotImplementedError(
                f"Connection key '{key}' is not available in gonest yet; available keys: {list(CONNECTION_KEYS)}."
            )
        raise ConnectionParameterError(
            f"'{key}' is not a parameter of the connections; available keys: {list(CONNECTION_KEYS)}."
        )

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
        NotImplementedError
            For NEST's keys ``port``, ``target_thread``, ``synapse_id`` and
            ``sizeof``.
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
        result: Any
        if keys is None:
            result = {key: self._column(key) for key in (*CONNECTION_KEYS, *self._state_keys())}
        elif isinstance(keys, str):
            result = self._column(keys)
        else:
            keys = list(keys)
            if not all(isinstance(k, str) for k in keys):
                raise TypeError("keys must be strings")
            result = {key: self._column(key) for key in keys}
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
    # Writing (not supported yet)

    def set(self, params: dict | list | None = None, **kwargs: Any) -> None:
        """Set connection parameters: not supported yet.

        As in NEST, nothing happens for an empty collection.

        Raises
        ------
        TypeError
            If the arguments have the wrong form (checked as NEST does).
        NotImplementedError
            Always otherwise: the core cannot change connections after they
            are made.
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
            names = sorted(params)
        elif isinstance(params, (list, tuple)):
            names = sorted({k for p in params if isinstance(p, dict) for k in p})
        else:
            raise TypeError("params must be a dict or a list of dicts")
        raise NotImplementedError(
            f"Setting connection parameters ({', '.join(names) or 'nothing'}) is not supported yet: gonest "
            "cannot change connections after they are made. Give weights and delays in Connect's syn_spec, "
            "or change a synapse model's defaults before connecting."
        )

    def disconnect(self) -> None:
        """Remove the connections: not supported yet.

        Raises
        ------
        NotImplementedError
            Always.
        """
        raise NotImplementedError("Removing connections (SynapseCollection.disconnect) is not supported yet.")

    # ------------------------------------------------------------------
    # Attribute access

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not real attributes.
        if name.startswith("_"):
            raise AttributeError(f"'SynapseCollection' object has no attribute '{name}'")
        if name == "distance":
            raise NotImplementedError("'distance' needs spatial node collections, which are not supported yet.")
        return self.get(name)

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
        models, weight, delay = self._column("synapse_model"), self._weight.tolist(), self._delay.tolist()
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
