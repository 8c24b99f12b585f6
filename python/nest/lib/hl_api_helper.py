"""Small helpers shared by the high-level API modules."""

from __future__ import annotations

import json
import warnings
from numbers import Number
from typing import Any

import numpy as np

__all__ = [
    "deprecation_warning",
    "is_iterable",
    "is_sequence_value",
    "python_value",
    "to_json",
]

_warned: set[str] = set()


def deprecation_warning(name: str, text: str) -> None:
    """Warn once per session that `name` is deprecated (DeprecationWarning)."""
    if name not in _warned:
        _warned.add(name)
        warnings.warn(text, DeprecationWarning, stacklevel=3)


def is_iterable(obj: Any) -> bool:
    """Return True if `obj` supports iteration."""
    try:
        iter(obj)
    except TypeError:
        return False
    return True


def is_sequence_value(value: Any) -> bool:
    """Return True if `value` is a list-like parameter value.

    Lists, tuples, ranges and NumPy arrays with at least one dimension
    count; strings, dictionaries and 0-d arrays do not.
    """
    if isinstance(value, np.ndarray):
        return value.ndim > 0
    return isinstance(value, (list, tuple, range))


def python_value(value: Any) -> Any:
    """Convert a status value decoded from JSON into its PyNEST form.

    A list of numbers becomes a NumPy array (as NEST returns spike times
    and similar vectors), a list of strings (``recordables``,
    ``record_from``) stays a list, as in NEST; any other
    list becomes a tuple of converted elements; dictionaries are converted
    recursively.
    """
    if isinstance(value, list):
        if value and all(isinstance(v, Number) and not isinstance(v, bool) for v in value):
            return np.array(value)
        if value and all(isinstance(v, str) for v in value):
            return list(value)
        return tuple(python_value(v) for v in value)
    if isinstance(value, dict):
        return {k: python_value(v) for k, v in value.items()}
    return value


def _plain(obj: Any) -> Any:
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    tolist = getattr(obj, "tolist", None)
    if callable(tolist):
        return tolist()
    raise TypeError(f"cannot serialise a value of type '{type(obj).__name__}'")


def to_json(data: Any, **kwargs: Any) -> str:
    """Serialise `data` (status values, arrays, collections) to JSON text."""
    return json.dumps(data, default=_plain, **kwargs)
