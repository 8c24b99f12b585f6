"""Logical functions of parameters: ``nest.logic.conditional``.

Comparisons of parameters (``p < 0.5``, ``p == q``) are parameters whose
values are 1.0 (true) or 0.0 (false); :func:`conditional` chooses between
two values with them::

    w = nest.logic.conditional(nest.random.uniform() < 0.2, -5.0, 1.0)
"""

from __future__ import annotations

from typing import Any

from ..lib.hl_api_parameters import Parameter, operation

__all__ = [
    "conditional",
]


def conditional(condition: Any, param_if_true: Any, param_if_false: Any) -> Parameter:
    """One value or another, depending on a condition.

    For every value needed, `condition` is evaluated first; if it is
    non-zero the value of `param_if_true` is used, otherwise that of
    `param_if_false`. Only the chosen one is evaluated (and draws).

    Parameters
    ----------
    condition : Parameter or float
        Usually a comparison, e.g. ``nest.random.uniform() < 0.5``.
    param_if_true, param_if_false : Parameter or float

    Returns
    -------
    Parameter
    """
    return operation("cond", condition, param_if_true, param_if_false)
