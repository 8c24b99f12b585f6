"""In-tree PEP 517 build backend of gonest (see pyproject.toml).

It is setuptools' backend unchanged; pyproject.toml's [tool.setuptools.cmdclass]
points three setuptools commands at the classes below, which this module
provides because tools/ is on sys.path in the backend process (backend-path):

* build_py runs tools/build_ext.py after copying python/nest/, so that the
  Go extension (nest._gonest) is built with the very interpreter that runs
  the build (pip's isolated build environment, which has pybindgen) and
  lands in build/lib*/nest/_gonest/. In an editable install it builds into
  python/nest/_gonest/ instead, like `python tools/build_ext.py --inplace`.
* bdist_wheel tags the wheel for this interpreter and platform (for example
  cp311-cp311-linux_x86_64): the wheel holds a compiled extension although
  setuptools sees no ext_modules.
* A release build: if GONEST_ZIG names a zig executable, the extension is
  built with zig cc for an old glibc (GONEST_GLIBC, default 2.17; see
  tools/build_ext.py) and the wheel is tagged for it, e.g.
  cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.
  scripts/build_wheels.sh does this for each CPython and checks the tag
  with auditwheel.
* sdist adds the Go sources and the build tools, so that a wheel can be
  built from the sdist.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from setuptools.build_meta import *  # the PEP 517 hooks
from setuptools.command.build_py import build_py as _build_py
from setuptools.command.sdist import sdist as _sdist

try:
    from setuptools.command.bdist_wheel import bdist_wheel as _bdist_wheel
except ImportError:  # setuptools < 70.1
    from wheel.bdist_wheel import bdist_wheel as _bdist_wheel

try:
    from setuptools.errors import ExecError as _ExecError
except ImportError:  # very old setuptools
    from distutils.errors import DistutilsExecError as _ExecError

_TOOLS = Path(__file__).resolve().parent
_ROOT = _TOOLS.parent


def _builder():
    """tools/build_ext.py, loaded by path (its module name is a common one)."""
    name = "_gonest_tools_build_ext"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, _TOOLS / "build_ext.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]


class BuildPy(_build_py):
    """build_py that also builds the Go extension package nest._gonest."""

    def run(self):
        super().run()
        be = _builder()
        if getattr(self, "editable_mode", False):
            dest = be.INPLACE_DEST
        else:
            dest = Path(self.build_lib) / "nest" / "_gonest"
        if self.dry_run:
            return
        try:
            zig = be.zig_from_env()
            glibc = be.glibc_from_env()
            self._gonest_ext = be.build(dest, sys.executable, zig=zig, glibc=glibc)
        except be.BuildError as exc:
            raise _ExecError(f"building the Go extension nest._gonest failed:\n{exc}") from None
        self._gonest_dest = dest

    def get_outputs(self, include_bytecode=True):
        outputs = list(super().get_outputs(include_bytecode))
        dest = getattr(self, "_gonest_dest", None)
        if dest is not None and not getattr(self, "editable_mode", False):
            outputs += [str(p) for p in sorted(Path(dest).iterdir()) if p.is_file()]
        return outputs


class BdistWheel(_bdist_wheel):
    """bdist_wheel for a wheel that holds a compiled extension module."""

    def initialize_options(self):
        super().initialize_options()
        # Let setuptools treat the distribution as one with an extension: the
        # build directory becomes build/lib.<platform>-<python>/ and the files
        # go to the platlib root of the wheel (Root-Is-Purelib: false).
        self.distribution.has_ext_modules = lambda: True

    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        impl, abi, plat = super().get_tag()
        be = _builder()
        if be.zig_from_env() and plat.startswith("linux_"):
            # The extension is built by build_py for this glibc (GONEST_ZIG).
            plat = be.manylinux_tag(be.glibc_from_env(), plat[len("linux_"):])
        return impl, abi, plat


class Sdist(_sdist):
    """sdist that also ships what the Go build needs."""

    GO_FILES = ("go.mod", "go.sum")
    GO_DIRS = ("gocore", "pybind")

    def make_distribution(self):
        extra = [f for f in self.GO_FILES if (_ROOT / f).is_file()]
        for top in self.GO_DIRS:
            extra += sorted(
                p.relative_to(_ROOT).as_posix()
                for p in (_ROOT / top).rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            )
        extra += sorted(p.relative_to(_ROOT).as_posix() for p in _TOOLS.glob("*.py"))
        have = set(self.filelist.files)
        self.filelist.files.extend(f for f in extra if f not in have)
        super().make_distribution()
