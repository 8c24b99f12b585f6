"""NEST exception classes.

Every error raised by the simulation core arrives as the text
``"<Name>: <message>"`` and becomes an instance of ``NESTErrors.<Name>``.
The classes are created on first use, so any name the core may report
(``BadProperty``, ``UnknownModelName``, ...) is available without a fixed
list. All of them derive from :class:`NESTError` through
``NESTErrors.KernelException``, mirroring the C++ hierarchy of NEST, where
every kernel exception derives from ``KernelException``.

A few names also derive from the matching Python built-in, so that code
written against plain Python conventions keeps working:
``NESTErrors.KeyError`` is a :class:`KeyError`, ``NESTErrors.IndexError``
an :class:`IndexError` and ``NESTErrors.MemoryError`` (a request that cannot
fit in memory, refused before anything is allocated) a :class:`MemoryError`.
"""

from __future__ import annotations

import builtins
import re
from typing import Any

__all__ = [
    "NESTError",
    "NESTErrors",
    "error_from_text",
]

_NAME_PATTERN = re.compile(r"^[A-Z][A-Za-z0-9_]*$")

# Names that must also be instances of a Python built-in exception.
_BUILTIN_BASES: dict[str, type[BaseException]] = {
    "KeyError": builtins.KeyError,
    "IndexError": builtins.IndexError,
    "MemoryError": builtins.MemoryError,
}

# Names created eagerly so that they show up in ``dir(nest.NESTErrors)``;
# anything else is created when first looked up.
_KNOWN_NAMES = (
    "BadDelay",
    "BadParameter",
    "BadParameterValue",
    "BadProperty",
    "DimensionMismatch",
    "IllegalConnection",
    "IncompatibleReceptorType",
    "IndexError",
    "InternalError",
    "KeyError",
    "MemoryError",
    "NewModelNameExists",
    "NotImplemented",
    "NumericalInstability",
    "RangeCheck",
    "StepMultipleRequired",
    "TimeMultipleRequired",
    "TypeMismatch",
    "UnaccessedDictionaryEntry",
    "UnknownModelName",
    "UnknownNode",
    "UnknownPort",
    "UnknownReceptorType",
    "UnknownSynapseType",
)


class NESTError(Exception):
    """Base class of every error reported by the NEST kernel.

    Parameters
    ----------
    message : str, optional
        What went wrong, stating the rule that was broken.

    Attributes
    ----------
    errorname : str
        The NEST exception name, e.g. ``"BadProperty"``.
    errormessage : str
        The message without the name.
    """

    errorname = "NESTError"

    def __init__(self, message: str = "", *args: Any) -> None:
        super().__init__(message, *args)
        self.errormessage = message

    def __str__(self) -> str:
        # As NEST 3.10: the message alone (a traceback already shows the
        # class name, "UnknownModelName: ..."), the name when there is none.
        return self.errormessage or self.errorname

    def __reduce__(self):
        # Classes made on demand are found again by name when unpickling.
        return (_rebuild_error, (self.errorname, self.errormessage))


def _rebuild_error(name: str, message: str) -> NESTError:
    return getattr(NESTErrors, name)(message)


class _ErrorNamespace:
    """Attribute namespace that makes NEST exception classes on demand."""

    def __init__(self) -> None:
        self._classes: dict[str, type[NESTError]] = {"NESTError": NESTError}
        self._classes["KernelException"] = self._make("KernelException", (NESTError,))
        for name in _KNOWN_NAMES:
            self._get(name)

    @staticmethod
    def _make(name: str, bases: tuple[type, ...]) -> type[NESTError]:
        doc = f"NEST kernel exception ``{name}``."
        return type(name, bases, {"errorname": name, "__doc__": doc, "__module__": "nest.NESTErrors"})

    def _get(self, name: str) -> type[NESTError]:
        cls = self._classes.get(name)
        if cls is None:
            if not _NAME_PATTERN.match(name):
                raise AttributeError(f"'{name}' is not a valid NEST exception name")
            bases: tuple[type, ...] = (self._classes["KernelException"],)
            if name in _BUILTIN_BASES:
                bases += (_BUILTIN_BASES[name],)
            cls = self._make(name, bases)
            self._classes[name] = cls
        return cls

    def __getattr__(self, name: str) -> type[NESTError]:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._get(name)

    def __dir__(self) -> list[str]:
        return sorted(self._classes)

    def __repr__(self) -> str:
        return "<NESTErrors: NEST exception classes, created on demand>"


NESTErrors = _ErrorNamespace()


def error_from_text(text: str) -> NESTError:
    """Turn a core error text ``"<Name>: <message>"`` into an exception.

    Parameters
    ----------
    text : str
        Error text as produced by the Go adapter.

    Returns
    -------
    NESTError
        An instance of ``NESTErrors.<Name>``; text that does not start with
        a valid exception name becomes ``NESTErrors.InternalError``.
    """
    name, sep, message = text.partition(": ")
    if not sep:
        name, message = text.strip(), ""
    if not _NAME_PATTERN.match(name):
        return NESTErrors.InternalError(text)
    return getattr(NESTErrors, name)(message)
