"""Compatibility module for scripts that write ``nest.kernel.NESTError``.

Older PyNEST versions exposed the base exception of the kernel here; it is
the same class as :class:`nest.NESTError`.
"""

from .lib.hl_api_exceptions import NESTError, NESTErrors

__all__ = ["NESTError", "NESTErrors"]
