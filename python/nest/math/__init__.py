"""Mathematical functions of parameters: ``nest.math.exp(p)``, ``nest.math.min(p, 5.0)``, ...

Each function returns a :class:`nest.Parameter` that computes its value
from the value of its argument whenever a value is needed (once per
connection or node); arguments may be parameters or numbers::

    w = nest.math.redraw(nest.random.normal(1.0, 0.5), min=0.0, max=2.0)
    nest.Connect(pre, post, syn_spec={"weight": w})
"""

from __future__ import annotations

from numbers import Real
from typing import Any

from ..lib.hl_api_exceptions import NESTErrors
from ..lib.hl_api_parameters import Parameter, operand, operation

__all__ = [
    "cos",
    "exp",
    "max",
    "min",
    "redraw",
    "sin",
]


def exp(parameter: Any) -> Parameter:
    """Exponential function of a parameter.

    Parameters
    ----------
    parameter : Parameter or float

    Returns
    -------
    Parameter
        ``e**x`` for every value ``x`` of `parameter`.
    """
    return operation("exp", parameter)


def sin(parameter: Any) -> Parameter:
    """Sine of a parameter (in radians).

    Parameters
    ----------
    parameter : Parameter or float

    Returns
    -------
    Parameter
    """
    return operation("sin", parameter)


def cos(parameter: Any) -> Parameter:
    """Cosine of a parameter (in radians).

    Parameters
    ----------
    parameter : Parameter or float

    Returns
    -------
    Parameter
    """
    return operation("cos", parameter)


def min(parameter: Any, value: Any) -> Parameter:
    """The smaller of a parameter's value and `value`: clips from above.

    Parameters
    ----------
    parameter : Parameter or float
    value : float or Parameter
        The upper limit.

    Returns
    -------
    Parameter
    """
    return operation("min", parameter, value)


def max(parameter: Any, value: Any) -> Parameter:
    """The larger of a parameter's value and `value`: clips from below.

    Parameters
    ----------
    parameter : Parameter or float
    value : float or Parameter
        The lower limit.

    Returns
    -------
    Parameter
    """
    return operation("max", parameter, value)


def redraw(parameter: Any, min: float, max: float) -> Parameter:
    """A parameter's values restricted to [min, max] by drawing again.

    Whenever a value of `parameter` falls outside ``[min, max]`` (both
    included), the whole of `parameter` is evaluated again, drawing all of
    its distributions anew. After 1000 evaluations without a value in range
    the draw fails with ``NESTErrors.KernelException``.

    Parameters
    ----------
    parameter : Parameter or float
    min, max : float
        The bounds, ``min <= max``.

    Returns
    -------
    Parameter

    Raises
    ------
    NESTErrors.BadParameterValue
        If ``min > max`` or a bound is nan.
    TypeError
        If a bound is not a number.
    """
    p = operand(parameter, "the parameter of redraw")
    bounds = []
    for name, bound in (("min", min), ("max", max)):
        if isinstance(bound, bool) or not isinstance(bound, Real):
            raise TypeError(f"redraw: '{name}' must be a number, got {type(bound).__name__}")
        bounds.append(float(bound))
    lo, hi = bounds
    if not lo <= hi:
        raise NESTErrors.BadParameterValue(f"redraw: min <= max required (min = {lo}, max = {hi}).")
    return Parameter._operation("redraw", (p,), min=lo, max=hi)
