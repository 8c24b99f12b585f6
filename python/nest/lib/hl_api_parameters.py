"""Random parameters (``nest.random.*``, ``nest.CreateParameter``).

A :class:`Parameter` describes a distribution; where it is used decides who
draws from it:

- as ``weight`` or ``delay`` in the ``syn_spec`` of ``Connect`` it crosses
  to the core as a distribution object, e.g. ``{"distribution": "uniform",
  "min": 0.5, "max": 1.5}``, and the core draws one value per connection
  from its own streams (derived from ``rng_seed``);
- as a node parameter in ``Create(params=...)``, ``nodes.set(...)`` or
  ``SetStatus`` it is drawn here, in Python, one value per node in id
  order, with a NumPy ``Generator`` seeded from ``nest.rng_seed`` and a
  counter of such draws since the last ``ResetKernel``. The same script
  with the same seed therefore gets the same values, but they are not the
  values NEST 3.10 draws (NEST uses its own generators and streams);
- anywhere else (kernel status, model defaults, ``conn_spec``, other
  synapse keys) it is rejected with a TypeError.

Arithmetic on parameters (``2 * nest.random.uniform()``), spatial
parameters and ``nest.math``/``nest.logic`` are not supported yet.
"""

from __future__ import annotations

from numbers import Number, Real
from typing import Any
from collections.abc import Sequence

import numpy as np

from .. import _kernel
from .hl_api_exceptions import NESTErrors

__all__ = [
    "CreateParameter",
    "Parameter",
]

# Parameter types and their settings with defaults (None: required).
_SPECS: dict[str, dict[str, float | None]] = {
    "constant": {"value": None},
    "uniform": {"min": 0.0, "max": 1.0},
    "uniform_int": {"max": None},
    "normal": {"mean": 0.0, "std": 1.0},
    "lognormal": {"mean": 0.0, "std": 1.0},
    "exponential": {"beta": 1.0},
}

# Parameter types NEST 3.10 has that gonest does not support yet.
_NEST_ONLY_TYPES = frozenset(
    {
        "distance",
        "exp_distribution",
        "gabor",
        "gamma",
        "gaussian",
        "gaussian2d",
        "linear",
        "position",
        "redraw",
    }
)

_ARITHMETIC_MESSAGE = (
    "Arithmetic and comparisons on nest parameters are not supported yet; draw the values with NumPy "
    "and pass arrays instead, or use the distribution's own settings (e.g. nest.random.normal(mean, std))."
)


class Parameter:
    """A random (or constant) value to draw from.

    Made by the functions of ``nest.random`` or by :func:`CreateParameter`;
    see the module documentation for where it may be used and who draws.

    Parameters
    ----------
    kind : str
        ``"uniform"``, ``"uniform_int"``, ``"normal"``, ``"lognormal"``,
        ``"exponential"`` or ``"constant"``.
    specs : dict
        Settings of the distribution (``min``/``max``, ``mean``/``std``,
        ``beta``, ``value``); missing ones take their defaults.

    Raises
    ------
    NESTErrors.BadProperty
        If a setting is out of range (e.g. ``min >= max``, ``std <= 0``) or
        unknown, or a required one is missing.
    NotImplementedError
        If `kind` is a NEST parameter type gonest does not support yet.
    """

    __slots__ = ("_kind", "_specs")

    def __init__(self, kind: str, specs: dict | None = None) -> None:
        self._kind = kind
        self._specs = _validated(kind, dict(specs or {}))

    # ------------------------------------------------------------------
    # NEST's Parameter API

    def GetValue(self) -> float:
        """Draw one value (from the Python-side stream, see the module documentation)."""
        return float(self._draw(kernel_generator(), 1)[0])

    def is_spatial(self) -> bool:
        """Return False: no gonest parameter depends on positions."""
        return False

    def apply(self, spatial_nc: Any, positions: Any = None) -> Any:
        """Not supported: spatial networks are not available yet."""
        raise NotImplementedError("Parameter.apply() needs spatial node collections, which are not supported yet.")

    # ------------------------------------------------------------------
    # Where a parameter goes

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Return `n` values drawn from `rng` (int64 for uniform_int, else float64)."""
        s = self._specs
        if self._kind == "constant":
            return np.full(n, s["value"], dtype=np.float64)
        if self._kind == "uniform":
            return rng.uniform(s["min"], s["max"], n)
        if self._kind == "uniform_int":
            return rng.integers(0, int(s["max"]), n, dtype=np.int64)
        if self._kind == "normal":
            return rng.normal(s["mean"], s["std"], n)
        if self._kind == "lognormal":
            return rng.lognormal(s["mean"], s["std"], n)
        return rng.exponential(s["beta"], n)

    def _connect_value(self) -> float | dict:
        """The value sent to the core for a syn_spec weight or delay."""
        if self._kind == "constant":
            return float(self._specs["value"])
        return {"distribution": self._kind, **self._specs}

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v!r}" for k, v in self._specs.items())
        return f"<nest.Parameter {self._kind}({settings})>"

    # ------------------------------------------------------------------
    # Not supported yet

    def _unsupported(self, *args: Any) -> Any:
        raise NotImplementedError(_ARITHMETIC_MESSAGE)

    __add__ = __radd__ = __sub__ = __rsub__ = _unsupported
    __mul__ = __rmul__ = __truediv__ = __rtruediv__ = __pow__ = _unsupported
    __neg__ = __lt__ = __le__ = __ge__ = __gt__ = _unsupported

    def __pos__(self) -> Parameter:
        return self


def _validated(kind: str, specs: dict) -> dict:
    if not isinstance(kind, str):
        raise TypeError(f"parameter type must be a str, got {type(kind).__name__}")
    if kind not in _SPECS:
        if kind in _NEST_ONLY_TYPES:
            raise NotImplementedError(f"Parameter type '{kind}' is not supported yet; supported: {sorted(_SPECS)}.")
        raise NESTErrors.BadProperty(f"'{kind}' is not a parameter type; supported: {sorted(_SPECS)}.")
    allowed = _SPECS[kind]
    unknown = sorted(set(specs) - set(allowed))
    if unknown:
        raise NESTErrors.UnaccessedDictionaryEntry(
            f"Unused dictionary items in create_parameter ('{kind}'): {unknown}; settings are {sorted(allowed)}."
        )
    values: dict[str, Any] = {}
    for key, default in allowed.items():
        value = specs.get(key, default)
        if value is None:
            raise NESTErrors.BadProperty(f"Parameter type '{kind}' needs '{key}'.")
        if isinstance(value, bool) or not isinstance(value, Real):
            raise NESTErrors.TypeMismatch(f"'{key}' of a '{kind}' parameter must be a number, got {value!r}.")
        values[key] = float(value)
    if kind == "uniform" and not values["min"] < values["max"]:
        raise NESTErrors.BadProperty(
            f"nest::UniformParameter: min < max required (min = {values['min']}, max = {values['max']})."
        )
    if kind == "uniform_int":
        if values["max"] != int(values["max"]):
            raise NESTErrors.TypeMismatch(f"'max' of a uniform_int parameter must be an integer, got {specs['max']!r}.")
        values["max"] = int(values["max"])
        if values["max"] <= 0:
            raise NESTErrors.BadProperty(f"nest::UniformIntParameter: max > 0 required (max = {values['max']}).")
    if kind in ("normal", "lognormal") and not values["std"] > 0:
        name = "NormalParameter" if kind == "normal" else "LognormalParameter"
        raise NESTErrors.BadProperty(f"nest::{name}: std > 0 required (std = {values['std']}).")
    if kind == "exponential" and not values["beta"] > 0:
        # NEST takes any beta; the core's connection draws need beta > 0,
        # so both uses of the parameter agree on what is valid.
        raise NESTErrors.BadProperty(f"exponential parameter: beta > 0 required (beta = {values['beta']}).")
    return values


def CreateParameter(parametertype: str, specs: dict) -> Parameter:
    """Create a parameter of a given type.

    Parameters
    ----------
    parametertype : str
        ``"constant"`` (``value``), ``"uniform"`` (``min``, ``max``),
        ``"uniform_int"`` (``max``), ``"normal"`` (``mean``, ``std``),
        ``"lognormal"`` (``mean``, ``std`` of the underlying normal) or
        ``"exponential"`` (``beta``, the scale).
    specs : dict
        Settings of the parameter; missing ones take their defaults.

    Returns
    -------
    Parameter

    Raises
    ------
    NESTErrors.BadProperty, NESTErrors.UnaccessedDictionaryEntry, NESTErrors.TypeMismatch
        If the type is unknown or a setting is invalid.
    NotImplementedError
        For NEST's spatial and compound parameter types.
    """
    if not isinstance(specs, dict):
        raise TypeError(f"specs must be a dict, got {type(specs).__name__}")
    return Parameter(parametertype, specs)


# --------------------------------------------------------------------------
# Draws for node parameters

# Number of Python-side draws since the last ResetKernel: each call that
# draws gets its own stream.
_draw_calls = 0

# Fixed third seed word, so that these streams never coincide with other
# NumPy generators a script seeds with [rng_seed, n].
_STREAM_TAG = 0x6E657374  # "nest"


def reset_draws() -> None:
    """Restart the draw counter (called when the kernel is reset)."""
    global _draw_calls
    _draw_calls = 0


def kernel_generator() -> np.random.Generator:
    """Return the generator for the next Python-side draw.

    It is seeded from ``rng_seed`` and the number of draws since the last
    ResetKernel, so a script run twice with the same seed draws the same
    values.
    """
    global _draw_calls
    seed = int(_kernel.get_kernel_status().get("rng_seed", 0))
    rng = np.random.default_rng([seed, _draw_calls, _STREAM_TAG])
    _draw_calls += 1
    return rng


def has_parameter(params: Any) -> bool:
    """Return True if `params` (a dict or a list of dicts) holds a Parameter value."""
    if isinstance(params, dict):
        return any(isinstance(v, Parameter) for v in params.values())
    if isinstance(params, (list, tuple)):
        return any(isinstance(p, dict) and has_parameter(p) for p in params)
    return False


def draw_node_params(params: dict | Sequence[dict], n: int, reference: dict | None = None) -> Any:
    """Replace Parameter values by values drawn for `n` nodes.

    Parameters
    ----------
    params : dict or list of dict
        A dict for all nodes (each Parameter becomes an array of `n` draws,
        one per node in id order, parameters drawn in key order) or one
        dict per node (each Parameter becomes one draw).
    n : int
        Number of nodes.
    reference : dict, optional
        A status or the model defaults. A Parameter given for a key whose
        value there is not a number (e.g. ``spike_times``) is rejected.

    Returns
    -------
    dict or list of dict
        New dictionaries; `params` is not changed.

    Raises
    ------
    TypeError
        If a Parameter is given for a parameter that is not a number.
    """
    if not has_parameter(params):
        return params
    rng = kernel_generator()
    if isinstance(params, dict):
        _check_numeric(params, reference)
        return {k: (v._draw(rng, n) if isinstance(v, Parameter) else v) for k, v in params.items()}
    out = []
    for p in params:
        _check_numeric(p, reference)
        out.append({k: (v._draw(rng, 1)[0].item() if isinstance(v, Parameter) else v) for k, v in p.items()})
    return out


def _check_numeric(params: dict, reference: dict | None) -> None:
    if reference is None:
        return
    for key, value in params.items():
        if isinstance(value, Parameter) and key in reference:
            current = reference[key]
            if isinstance(current, bool) or not isinstance(current, Number):
                raise TypeError(
                    f"'{key}' is not a number (its value is {current!r}); a nest.random parameter draws one "
                    "number per node."
                )


def syn_spec_value(key: str, value: Any) -> Any:
    """Return the core's form of a syn_spec value that may be a Parameter.

    Raises
    ------
    TypeError
        If a Parameter is given for a key other than weight or delay.
    """
    if not isinstance(value, Parameter):
        return value
    if key not in ("weight", "delay"):
        raise TypeError(
            f"syn_spec '{key}': nest.random parameters are supported for 'weight' and 'delay' only, got {value!r}."
        )
    return value._connect_value()
