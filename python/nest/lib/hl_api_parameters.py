"""Random parameters (``nest.random.*``, ``nest.CreateParameter``) and
expressions built from them (``-g * nest.random.normal(20.0, 0.5)``,
``nest.math.exp(p)``, ``nest.logic.conditional(p < 0.5, 1.0, p)``).

A :class:`Parameter` describes how to compute a value, drawing from
distributions as needed; where it is used decides who computes it:

- as ``weight`` or ``delay`` in the ``syn_spec`` of ``Connect`` it crosses
  to the core, a plain distribution as e.g. ``{"distribution": "uniform",
  "min": 0.5, "max": 1.5}`` and an expression as a tree of operations,
  e.g. ``{"op": "mul", "args": [{"const": -5.0}, {"distribution":
  "normal", "mean": 20.0, "std": 0.5}]}``; the core evaluates it once per
  connection, drawing from its own streams (derived from ``rng_seed``);
- as a node parameter in ``Create(params=...)``, ``nodes.set(...)`` or
  ``SetStatus`` it is evaluated here, in Python, one value per node in id
  order, with a NumPy ``Generator`` seeded from ``nest.rng_seed`` and a
  counter of such draws since the last ``ResetKernel``. The same script
  with the same seed therefore gets the same values, but they are not the
  values NEST 3.10 draws (NEST uses its own generators and streams);
- anywhere else (kernel status, model defaults, ``conn_spec``, other
  synapse keys) it is rejected with a TypeError.

Expressions combine parameters and numbers with ``+ - * / **``, unary
``-``, the comparisons ``< <= == != >= >`` (1.0 for true, 0.0 for false),
``nest.math.exp/sin/cos/min/max/redraw`` and ``nest.logic.conditional``.
Every use of a parameter in an expression draws anew: in ``p * p`` the two
factors are independent draws.

Spatial parameters (``nest.spatial.distance``, ``source_pos``,
``target_pos`` and the functions of ``nest.spatial_distributions``) read
the positions of the two nodes being connected; they are evaluated by the
core when connecting layers (``p``, ``indegree``, ``outdegree``, ``weight``,
``delay``) and here by :meth:`Parameter.apply`.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Sequence
from numbers import Number, Real
from typing import Any

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
_NEST_ONLY_TYPES = frozenset({"linear"})

# Spatial parameter types: their settings with defaults, and the names of
# their parameter arguments (see gocore/kernel/spatial_params.go).
_SPATIAL: dict[str, tuple[dict[str, float], tuple[str, ...]]] = {
    "distance": ({"dimension": 0}, ()),
    "position": ({"dimension": 0, "synaptic_endpoint": 0}, ()),
    "gaussian": ({"mean": 0.0, "std": 1.0}, ("x",)),
    "gaussian2d": ({"mean_x": 0.0, "mean_y": 0.0, "std_x": 1.0, "std_y": 1.0, "rho": 0.0}, ("x", "y")),
    "gamma": ({"kappa": 1.0, "theta": 1.0}, ("x",)),
    "exp_distribution": ({"beta": 1.0}, ("x",)),
    "gabor": ({"theta": 0.0, "gamma": 1.0, "std": 1.0, "lam": 1.0, "psi": 0.0}, ("x", "y")),
}

# Operations of expressions: name -> (NumPy function, infix symbol or None).
_BINARY: dict[str, tuple[Callable[[Any, Any], Any], str | None]] = {
    "add": (np.add, "+"),
    "sub": (np.subtract, "-"),
    "mul": (np.multiply, "*"),
    "div": (np.true_divide, "/"),
    "pow": (np.power, "**"),
    "min": (np.minimum, None),
    "max": (np.maximum, None),
    "lt": (np.less, "<"),
    "le": (np.less_equal, "<="),
    "eq": (np.equal, "=="),
    "ne": (np.not_equal, "!="),
    "ge": (np.greater_equal, ">="),
    "gt": (np.greater, ">"),
}
_UNARY: dict[str, Callable[[Any], Any]] = {"neg": np.negative, "exp": np.exp, "sin": np.sin, "cos": np.cos}
_OPERATIONS = frozenset(_BINARY) | frozenset(_UNARY) | {"redraw", "cond"}

# How often redraw evaluates its parameter before giving up (as in NEST).
MAX_REDRAWS = 1000


class Parameter:
    """A value to compute, drawing from distributions as needed.

    Made by the functions of ``nest.random``, by :func:`CreateParameter`, by
    arithmetic and comparisons on parameters and numbers, and by
    ``nest.math`` and ``nest.logic``; see the module documentation for
    where it may be used and who draws.

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

    __slots__ = ("_args", "_kind", "_specs")

    # NumPy defers to the reflected operators of this class, so that
    # ``np.float64(2.0) * p`` is a Parameter and not an array of objects.
    __array_ufunc__ = None
    __array_priority__ = 1000.0

    def __init__(self, kind: str, specs: dict | None = None) -> None:
        if kind in _SPATIAL:
            self._kind, self._specs, self._args = kind, *_spatial_validated(kind, dict(specs or {}))
            return
        self._kind = kind
        self._specs = _validated(kind, dict(specs or {}))
        self._args: tuple[Parameter, ...] = ()

    @classmethod
    def _operation(cls, op: str, args: Sequence[Parameter], **specs: float) -> Parameter:
        """Return the parameter computing `op` of `args` (see _OPERATIONS)."""
        p = cls.__new__(cls)
        p._kind = op
        p._specs = specs
        p._args = tuple(args)
        return p

    # ------------------------------------------------------------------
    # NEST's Parameter API

    def GetValue(self) -> float:
        """Compute one value (drawn from the Python-side stream, see the module documentation)."""
        if self.is_spatial():
            # As NEST: a spatial parameter has no value without a pair of nodes.
            raise NESTErrors.BadParameterValue(
                f"{self._expression()} reads node positions and has no value outside a spatial Connect or apply()."
            )
        return float(self._draw(kernel_generator(), 1)[0])

    def is_spatial(self) -> bool:
        """Return True if the parameter reads node positions (nest.spatial)."""
        return self._kind in ("distance", "position") or any(a.is_spatial() for a in self._args)

    def apply(self, spatial_nc: Any, positions: Any = None) -> Any:
        """Compute the parameter for spatially distributed nodes.

        Parameters
        ----------
        spatial_nc : NodeCollection
            Nodes with positions. Without `positions` the parameter is
            computed once per node, the node being the target of a
            connection from itself (``nest.spatial.pos``-like uses); with
            `positions` it must hold one node, the source, and the
            parameter is computed for a connection to every position.
        positions : list of positions, optional
            Target positions.

        Returns
        -------
        tuple of float
            One value per node or per position.
        """
        from .hl_api_spatial import _layer_geometry

        if positions is None:
            pos = np.asarray(_kernel.spatial_query("positions", ids=spatial_nc.tolist(), strict=True), dtype=float)
            values = self._values_for_pairs(pos, pos, *_layer_geometry(spatial_nc))
            return tuple(values.tolist())
        if len(spatial_nc) != 1:
            raise ValueError("The NodeCollection must contain a single node ID only")
        if not isinstance(positions, (list, tuple)):
            raise TypeError("Positions must be a list or tuple of positions")
        for p in positions:
            if not isinstance(p, (list, tuple, np.ndarray)):
                raise TypeError("Each position must be a list or tuple")
            if len(p) != len(positions[0]):
                raise ValueError("All positions must have the same number of dimensions")
        src = np.asarray(_kernel.spatial_query("positions", ids=spatial_nc.tolist(), strict=True), dtype=float)
        tgt = np.asarray(positions, dtype=float)
        if tgt.shape[1] != src.shape[1]:
            raise NESTErrors.BadProperty(
                f"The target positions have {tgt.shape[1]} dimensions, the source node {src.shape[1]}."
            )
        pairs = (np.repeat(src, len(tgt), axis=0), tgt, *_layer_geometry(spatial_nc))
        return tuple(self._values_for_pairs(*pairs).tolist())

    def _values_for_pairs(self, src: np.ndarray, tgt: np.ndarray, extent: np.ndarray, periodic: bool) -> np.ndarray:
        """Values for connections from positions src[i] to tgt[i]."""
        global _pairs
        previous, _pairs = _pairs, (src, tgt, extent, periodic)
        try:
            return self._draw(kernel_generator(), len(src)).astype(np.float64)
        finally:
            _pairs = previous

    # ------------------------------------------------------------------
    # Arithmetic and comparisons

    def _binary(self, op: str, left: Any, right: Any) -> Any:
        a, b = _as_parameter(left), _as_parameter(right)
        if a is None or b is None:
            return NotImplemented
        return Parameter._operation(op, (a, b))

    def __add__(self, other: Any) -> Parameter:
        return self._binary("add", self, other)

    def __radd__(self, other: Any) -> Parameter:
        return self._binary("add", other, self)

    def __sub__(self, other: Any) -> Parameter:
        return self._binary("sub", self, other)

    def __rsub__(self, other: Any) -> Parameter:
        return self._binary("sub", other, self)

    def __mul__(self, other: Any) -> Parameter:
        return self._binary("mul", self, other)

    def __rmul__(self, other: Any) -> Parameter:
        return self._binary("mul", other, self)

    def __truediv__(self, other: Any) -> Parameter:
        return self._binary("div", self, other)

    def __rtruediv__(self, other: Any) -> Parameter:
        return self._binary("div", other, self)

    def __pow__(self, other: Any, modulo: Any = None) -> Parameter:
        # As in NEST, only the base may be a Parameter: the exponent is a
        # plain number, and ``2 ** p`` or ``p ** q`` raise TypeError (there
        # is no __rpow__).
        if modulo is not None or isinstance(other, Parameter):
            return NotImplemented
        exponent = _as_parameter(other)
        if exponent is None:
            return NotImplemented
        return Parameter._operation("pow", (self, exponent))

    def __neg__(self) -> Parameter:
        return Parameter._operation("neg", (self,))

    def __pos__(self) -> Parameter:
        return self

    def __lt__(self, other: Any) -> Parameter:
        return self._binary("lt", self, other)

    def __le__(self, other: Any) -> Parameter:
        return self._binary("le", self, other)

    def __eq__(self, other: object) -> Parameter:  # type: ignore[override]
        return self._binary("eq", self, other)

    def __ne__(self, other: object) -> Parameter:  # type: ignore[override]
        return self._binary("ne", self, other)

    def __ge__(self, other: Any) -> Parameter:
        return self._binary("ge", self, other)

    def __gt__(self, other: Any) -> Parameter:
        return self._binary("gt", self, other)

    # Comparisons build parameters, but parameters stay usable as dict keys
    # and set members (by identity).
    __hash__ = object.__hash__

    # ------------------------------------------------------------------
    # Where a parameter goes

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Return the values for `n` nodes, drawn from `rng`.

        A plain ``uniform_int`` gives int64 values, everything else float64.
        """
        if self._kind in _SPECS:
            return self._draw_leaf(rng, n)
        with np.errstate(all="ignore"):  # inf and nan as in C++
            return self._evaluate(rng, n)

    def _draw_leaf(self, rng: np.random.Generator, n: int) -> np.ndarray:
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

    def _evaluate(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Return `n` float64 values; arguments are evaluated left to right."""
        kind = self._kind
        if kind in _SPATIAL:
            return self._evaluate_spatial(rng, n)
        if kind in _SPECS:
            return self._draw_leaf(rng, n).astype(np.float64, copy=False)
        if kind in _UNARY:
            return _UNARY[kind](self._args[0]._evaluate(rng, n))
        if kind in _BINARY:
            left = self._args[0]._evaluate(rng, n)
            right = self._args[1]._evaluate(rng, n)
            return np.asarray(_BINARY[kind][0](left, right), dtype=np.float64)
        if kind == "cond":
            chosen = self._args[0]._evaluate(rng, n) != 0
            out = np.empty(n, dtype=np.float64)
            out[chosen] = self._args[1]._evaluate(rng, int(chosen.sum()))
            out[~chosen] = self._args[2]._evaluate(rng, n - int(chosen.sum()))
            return out
        # redraw: evaluate again where the value is out of bounds (nan is
        # kept, as in NEST)
        lo, hi = self._specs["min"], self._specs["max"]
        values = self._args[0]._evaluate(rng, n)
        for _ in range(MAX_REDRAWS - 1):
            bad = (values < lo) | (values > hi)
            count = int(bad.sum())
            if count == 0:
                return values
            values[bad] = self._args[0]._evaluate(rng, count)
        if ((values < lo) | (values > hi)).any():
            raise NESTErrors.KernelException(
                f"redraw found no value in [{lo}, {hi}] in {MAX_REDRAWS} draws of {self._args[0]._expression()}."
            )
        return values

    def _evaluate_spatial(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """The NumPy form of the core's spatial operations, for :meth:`apply`."""
        s = self._specs
        if _pairs is None:
            raise NESTErrors.KernelException(
                f"{self._expression()} reads node positions: use it when connecting spatially distributed nodes "
                "(Create(..., positions=...)) or with Parameter.apply()."
            )
        src, tgt, extent, periodic = _pairs
        if self._kind in ("distance", "position"):
            if self._kind == "position":
                # endpoint 0 (nest.spatial.pos) is the node itself, which
                # apply() passes as both ends
                end = tgt if s["synaptic_endpoint"] == 2 else src
                if s["dimension"] >= end.shape[1]:
                    raise NESTErrors.KernelException(
                        "Node position dimension must be within the defined number of dimensions for the node."
                    )
                return end[:, s["dimension"]].astype(np.float64)
            if s["dimension"] > src.shape[1]:
                raise NESTErrors.KernelException(
                    "Spatial distance dimension must be within the defined number of dimensions for the nodes."
                )
            d = tgt - src
            if periodic:
                d = d - extent * np.round(d * (1 / extent))
            if s["dimension"] == 0:
                return np.sqrt((d * d).sum(axis=1))
            return np.abs(d[:, s["dimension"] - 1])
        x = self._args[0]._evaluate(rng, n)
        if self._kind == "gaussian":
            dx = x - s["mean"]
            return np.exp(-dx * dx * (1 / (2 * s["std"] * s["std"])))
        if self._kind == "exp_distribution":
            return np.exp(-x * (1 / s["beta"]))
        if self._kind == "gamma":
            inv = 1 / s["theta"]
            return x ** (s["kappa"] - 1.0) * np.exp(-inv * x) * (inv ** s["kappa"] / math.gamma(s["kappa"]))
        y = self._args[1]._evaluate(rng, n)
        if self._kind == "gabor":
            c, sn = math.cos(s["theta"] * math.pi / 180.0), math.sin(s["theta"] * math.pi / 180.0)
            xp, yp = x * c + y * sn, -x * sn + y * c
            inv = 1.0 / (2 * s["std"] * s["std"])
            g = np.exp(-s["gamma"] * s["gamma"] * xp * xp * inv - yp * yp * inv)
            return g * np.maximum(np.cos(2 * math.pi * yp / s["lam"] + s["psi"] * math.pi / 180.0), 0.0)
        r = s["rho"]
        dx, dy = x - s["mean_x"], y - s["mean_y"]
        cx = 1.0 / (2.0 * (1.0 - r * r) * s["std_x"] * s["std_x"])
        cy = 1.0 / (2.0 * (1.0 - r * r) * s["std_y"] * s["std_y"])
        cxy = r / ((1.0 - r * r) * s["std_x"] * s["std_y"])
        return np.exp(-dx * dx * cx - dy * dy * cy + dx * dy * cxy)

    def _tree(self) -> dict:
        """The core's form of this parameter as a node of an expression."""
        if self._kind == "constant":
            return {"const": float(self._specs["value"])}
        if self._kind in _SPECS:
            return {"distribution": self._kind, **self._specs}
        return {"op": self._kind, "args": [a._tree() for a in self._args], **self._specs}

    def _connect_value(self) -> float | dict:
        """The value sent to the core for a syn_spec weight or delay."""
        if self._kind == "constant":
            return float(self._specs["value"])
        return self._tree()

    def _expression(self) -> str:
        """A readable form, e.g. ``(-5.0 * normal(mean=20.0, std=0.5))``."""
        kind = self._kind
        if kind == "constant":
            return repr(self._specs["value"])
        if kind in _SPECS:
            settings = ", ".join(f"{k}={v!r}" for k, v in self._specs.items())
            return f"{kind}({settings})"
        args = [a._expression() for a in self._args]
        if kind in _BINARY and _BINARY[kind][1] is not None:
            return f"({args[0]} {_BINARY[kind][1]} {args[1]})"
        if kind == "neg":
            return f"-{args[0]}"
        if kind == "cond":
            return f"conditional({', '.join(args)})"
        if kind == "redraw":
            return f"redraw({args[0]}, min={self._specs['min']!r}, max={self._specs['max']!r})"
        return f"{kind}({', '.join(args)})"

    def __repr__(self) -> str:
        return f"<nest.Parameter {self._expression()}>"


# The positions a spatial parameter is evaluated for in Parameter.apply:
# (source positions, target positions, layer extent, periodic) or None.
_pairs: tuple[np.ndarray, np.ndarray, np.ndarray, bool] | None = None


def _spatial_validated(kind: str, specs: dict) -> tuple[dict, tuple[Parameter, ...]]:
    """Settings and parameter arguments of a spatial parameter type."""
    defaults, arg_names = _SPATIAL[kind]
    unknown = sorted(set(specs) - set(defaults) - set(arg_names))
    if unknown:
        raise NESTErrors.UnaccessedDictionaryEntry(
            f"Unused dictionary items in create_parameter ('{kind}'): {unknown}; settings are "
            f"{sorted(defaults) + list(arg_names)}."
        )
    args = []
    for name in arg_names:
        if name not in specs:
            raise NESTErrors.BadProperty(f"Parameter type '{kind}' needs the parameter '{name}'.")
        args.append(operand(specs[name], f"'{name}' of {kind}"))
    values: dict[str, Any] = {}
    for key, default in defaults.items():
        value = specs.get(key, default)
        if isinstance(value, bool) or not isinstance(value, Real):
            raise NESTErrors.TypeMismatch(f"'{key}' of a '{kind}' parameter must be a number, got {value!r}.")
        values[key] = int(value) if key in ("dimension", "synaptic_endpoint") else float(value)
    checks = {
        "gaussian": [("std", values.get("std", 1.0) > 0)],
        "gamma": [("kappa", values.get("kappa", 1.0) > 0), ("theta", values.get("theta", 1.0) > 0)],
        "exp_distribution": [("beta", values.get("beta", 1.0) > 0)],
        "gabor": [("std", values.get("std", 1.0) > 0), ("gamma", values.get("gamma", 1.0) > 0)],
        "gaussian2d": [
            ("std_x", values.get("std_x", 1.0) > 0),
            ("std_y", values.get("std_y", 1.0) > 0),
            ("rho", -1 < values.get("rho", 0.0) < 1),
        ],
    }
    for key, ok in checks.get(kind, []):
        if not ok:
            raise NESTErrors.BadProperty(f"{kind} parameter: invalid {key} = {values[key]}.")
    return values, tuple(args)


def _as_parameter(value: Any) -> Parameter | None:
    """Return `value` as a Parameter (numbers become constants), or None if it cannot be one."""
    if isinstance(value, Parameter):
        return value
    if isinstance(value, Real):
        return Parameter("constant", {"value": float(value)})
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "biuf":
        return Parameter("constant", {"value": float(value)})
    return None


def operand(value: Any, what: str) -> Parameter:
    """Return `value` as a Parameter for the functions of nest.math and nest.logic.

    Raises
    ------
    TypeError
        If `value` is neither a Parameter nor a number.
    """
    p = _as_parameter(value)
    if p is None:
        raise TypeError(f"{what} must be a nest Parameter or a number, got {type(value).__name__}")
    return p


def operation(op: str, *args: Any, **specs: float) -> Parameter:
    """Return the Parameter computing `op` (an operation name) of `args` (Parameters or numbers)."""
    return Parameter._operation(op, [operand(a, f"argument {i + 1} of {op}") for i, a in enumerate(args)], **specs)


def _validated(kind: str, specs: dict) -> dict:
    if not isinstance(kind, str):
        raise TypeError(f"parameter type must be a str, got {type(kind).__name__}")
    if kind not in _SPECS:
        if kind in _NEST_ONLY_TYPES:
            raise NotImplementedError(
                f"Parameter type '{kind}' is spatial and not supported yet (gonest has no spatial networks); "
                f"supported: {sorted(_SPECS)}."
            )
        if kind == "redraw":
            raise NotImplementedError("Make a redrawing parameter with nest.math.redraw(parameter, min, max).")
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

_DEFAULT_RNG_TYPE = "mt19937_64"


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
    status = _kernel.get_kernel_status()
    seed = int(status.get("rng_seed", 0))
    words = [seed, _draw_calls, _STREAM_TAG]
    rng_type = str(status.get("rng_type", _DEFAULT_RNG_TYPE))
    if rng_type != _DEFAULT_RNG_TYPE:
        # Each rng_type names its own stream (as in NEST, where the types are
        # different generators); the default type keeps the streams it had.
        words.append(zlib.crc32(rng_type.encode()))
    rng = np.random.default_rng(words)
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

    A Parameter is drawn by the core once per connection; for weight and
    delay and for the synapse model's own parameters (e.g. ``alpha`` of
    ``stdp_synapse``) alike.

    Raises
    ------
    TypeError
        If a Parameter is given for ``synapse_model``.
    """
    if not isinstance(value, Parameter):
        return value
    if key == "synapse_model":
        raise TypeError(f"syn_spec 'synapse_model' must be a str, got {value!r}.")
    return value._connect_value()
