"""Model listing and model defaults."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _kernel
from .hl_api_exceptions import NESTErrors
from .hl_api_helper import (
    deprecation_warning,
    is_iterable,
    is_sequence_value,
    python_value,
    to_json,
)
from .hl_api_parameters import Parameter

__all__ = [
    "CopyModel",
    "GetDefaults",
    "Models",
    "SetDefaults",
]


def Models(mtype: str = "all", sel: str | None = None) -> tuple[str, ...]:
    """Return the names of the available models.

    Deprecated in NEST 3.10 in favour of ``nest.node_models`` and
    ``nest.synapse_models``, but still available.

    Parameters
    ----------
    mtype : {"all", "nodes", "synapses"}, optional
        Which models to list.
    sel : str, optional
        Keep only names that contain this string.

    Returns
    -------
    tuple of str
        Model names, sorted.

    Raises
    ------
    ValueError
        If `mtype` is not one of the three choices.
    """
    deprecation_warning(
        "Models",
        "Models() is deprecated and will be removed; use nest.node_models or nest.synapse_models instead.",
    )
    if mtype not in ("all", "nodes", "synapses"):
        raise ValueError("mtype has to be one of 'all', 'nodes', or 'synapses'")
    available = _kernel.models()
    names: list[str] = []
    if mtype in ("all", "nodes"):
        names += available["nodes"]
    if mtype in ("all", "synapses"):
        names += available["synapses"]
    if sel is not None:
        names = [name for name in names if sel in name]
    return tuple(sorted(names))


def GetDefaults(
    model: str, keys: str | list[str] | None = None, output: str = ""
) -> Any:
    """Return the default parameters of a model.

    Parameters
    ----------
    model : str
        Node or synapse model name.
    keys : str or list of str, optional
        Return only this value, or a list of these values.
    output : {"", "json"}, optional
        Return JSON text instead.

    Returns
    -------
    dict, object or list
        All defaults, one value, or a list of values.

    Raises
    ------
    NESTErrors.UnknownModelName
        If there is no such model.
    KeyError
        If a key is not a parameter of the model.
    """
    result: Any = {k: python_value(v) for k, v in _kernel.get_defaults(model).items()}
    _as_nest_reports(result)
    if keys is not None:
        if isinstance(keys, str):
            result = result[keys]
        elif is_iterable(keys):
            result = [result[key] for key in keys]
        else:
            # As in NEST, a key that is not a string is not a parameter.
            raise KeyError(keys)
    if output == "json":
        result = to_json(result)
    return result


def _as_nest_reports(defaults: dict) -> None:
    """Give a model's defaults the shapes NEST 3.10 reports: a recorder's
    (empty) events (recorders with a recording backend, record_to; the
    correlation detectors have none), a synapse model's weight_recorder and
    volume_transmitter as NodeCollections."""
    from .hl_api_types import NodeCollection

    if defaults.get("element_type") == "recorder" and "record_to" in defaults and "events" not in defaults:
        defaults["events"] = {
            "senders": np.array([], dtype=np.int64),
            "times": np.array([], dtype=np.float64),
        }
    for key in ("weight_recorder", "volume_transmitter"):
        if key in defaults and not isinstance(defaults[key], NodeCollection):
            defaults[key] = NodeCollection(list(defaults[key]))


def SetDefaults(model: str, params: dict | str, val: Any = None) -> None:
    """Change the defaults of a model for nodes created afterwards.

    Parameters
    ----------
    model : str
        Node or synapse model name.
    params : dict or str
        New default values, or the name of one parameter if `val` is given.
    val : object, optional
        Value of the parameter named by `params`.

    Raises
    ------
    NESTErrors.UnknownModelName
        If there is no such model.
    NESTErrors.UnaccessedDictionaryEntry, NESTErrors.BadProperty
        If a parameter is unknown or invalid; then nothing changes.
    TypeError, ValueError
        If the arguments have the wrong form.
    """
    if val is None:
        if not isinstance(params, dict):
            raise TypeError("params must be dictionary unless val is given.")
        if not params:
            return
    elif isinstance(params, str):
        params = {params: val}
    else:
        raise TypeError(
            "If val is given, params must be string giving the parameter name."
        )
    for key, value in params.items():
        if isinstance(value, Parameter):
            # As NEST: a default is one definite value, not a distribution.
            raise ValueError(  # noqa: TRY004 - NEST raises ValueError here
                f"SetDefaults() accepts only explicit, single parameter values; '{key}' is {value!r}."
            )
    if any(is_sequence_value(v) for v in params.values()):
        defaults = _kernel.get_defaults(model)
        for key, value in params.items():
            if (
                is_sequence_value(value)
                and key in defaults
                and not isinstance(defaults[key], (list, tuple))
            ):
                raise ValueError(
                    "SetDefaults() accepts only explicit, single parameter values."
                )
    _kernel.set_defaults(model, params)


def CopyModel(existing: str, new: str, params: dict | None = None) -> None:
    """Create a new model as a copy of an existing one.

    The copy is a model of its own: it has the defaults of `existing` with
    `params` applied, and later changes to the defaults of either model do
    not affect the other. Copies of synapse models can be used as
    ``synapse_model`` in ``Connect``, and :func:`GetDefaults` of a copied
    synapse model counts the connections made with it
    (``"num_connections"``).

    Parameters
    ----------
    existing : str
        Name of a node or synapse model.
    new : str
        Name of the copy; must not be the name of a model.
    params : dict, optional
        Defaults of the copy that differ from those of `existing`.

    Raises
    ------
    NESTErrors.NewModelNameExists
        If `new` is already the name of a model.
    NESTErrors.UnknownModelName
        If `existing` is not a model.
    NESTErrors.UnaccessedDictionaryEntry, NESTErrors.BadProperty
        If a parameter is unknown or invalid; then no model is made.
    TypeError
        If the names are not strings or `params` is not a dict.
    """
    if not isinstance(existing, str) or not isinstance(new, str):
        raise TypeError(
            f"model names must be str, got {type(existing).__name__} and {type(new).__name__}"
        )
    if params is not None and not isinstance(params, dict):
        raise TypeError(f"params must be a dict, got {type(params).__name__}")
    available = _kernel.models()
    if new in available["nodes"] or new in available["synapses"]:
        raise NESTErrors.NewModelNameExists(
            f"Model {new} is the name of an existing model and cannot be re-used."
        )
    _kernel.copy_model(existing, new, params)
