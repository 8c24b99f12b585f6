"""Execute the example notebooks headless and pull their figures out.

Shared by ``scripts/run_notebook.sh`` (through the command line below) and by
``tests/notebooks/test_notebooks.py`` (through the functions).

The notebook runs in a Jupyter kernel started from *this* Python interpreter,
so it imports whatever ``nest`` is installed for it. To make that certain, we
do not rely on whichever "python3" kernelspec Jupyter happens to find (it may
belong to another interpreter); we write a private "python3" kernelspec that
points at ``sys.executable`` into a temporary folder and hand nbclient a
kernel manager that only looks there. The kernel gets matplotlib's inline
backend, so figures come back as ``image/png`` outputs.

Command line::

    python tests/notebooks/nbrun.py NOTEBOOK.ipynb [...] --out-dir output

writes ``output/<name>.ipynb`` (the executed notebook) and
``output/<name>.png`` (its figure) for each notebook, and exits non-zero if
any cell failed or no figure was produced.
"""

from __future__ import annotations

import argparse
import base64
import copy
import json
import os
import pathlib
import re
import sys
import tempfile

import nbformat

KERNEL_NAME = "python3"
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
DEFAULT_TIMEOUT = 900  # seconds per cell; Simulate is the long one


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class NotebookFailure(RuntimeError):
    """A notebook raised, printed a traceback, or produced no figure."""


def _write_kernelspec(folder: pathlib.Path) -> None:
    spec_dir = folder / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"Python 3 ({sys.executable})",
        "language": "python",
        "env": {"MPLBACKEND": INLINE_BACKEND},
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")


def execute(nb, cwd, timeout: int = DEFAULT_TIMEOUT):
    """Execute notebook node `nb` in place, in working directory `cwd`.

    Raises nbclient's CellExecutionError (or another exception) on failure;
    the outputs produced so far are then already in `nb`.
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="gonest-kernels-") as tmp:
        kernels = pathlib.Path(tmp)
        _write_kernelspec(kernels)
        ksm = KernelSpecManager(kernel_dirs=[str(kernels)], ensure_native_kernel=False)
        km = KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ksm)
        client = NotebookClient(
            nb,
            km=km,
            kernel_name=KERNEL_NAME,
            timeout=timeout,
            startup_timeout=180,
            allow_errors=False,
            record_timing=False,
            resources={"metadata": {"path": str(cwd)}},
        )
        client.execute()
    return nb


def problems(nb) -> list[str]:
    """Error outputs and tracebacks printed to stderr, one line each."""
    found = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {index}: {out.get('ename')}: {out.get('evalue')}")
            elif (
                out.get("output_type") == "stream"
                and out.get("name") == "stderr"
                and "Traceback" in out.get("text", "")
            ):
                found.append(f"cell {index}: traceback on stderr:\n{out['text']}")
    return found


def png_outputs(nb) -> list[bytes]:
    """Every image/png output of the notebook, in cell order."""
    images = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data:
                payload = data["image/png"]
                if isinstance(payload, list):
                    payload = "".join(payload)
                images.append(base64.b64decode(payload))
    return images


def plotting_cell_index(nb) -> int:
    """Index of the example's last code cell that calls plt.show()."""
    for index in range(len(nb.cells) - 1, -1, -1):
        cell = nb.cells[index]
        if cell.cell_type == "code" and "plt.show()" in cell.source:
            return index
    raise NotebookFailure("no code cell calls plt.show()")


_PROBE = """\
import json as _probe_json
import matplotlib.pyplot as _probe_plt

_probe_original_show = _probe_plt.show


def _probe_show(*args, **kwargs):
    lines = []
    for num in _probe_plt.get_fignums():
        fig = _probe_plt.figure(num)
        for ax in fig.axes:
            for line in ax.get_lines():
                lines.append({
                    "figure": num,
                    "x": [float(v) for v in line.get_xdata()],
                    "y": [float(v) for v in line.get_ydata()],
                    "label": str(line.get_label()),
                })
    with open(PATH, "w") as fh:
        _probe_json.dump(lines, fh)
    _probe_plt.show = _probe_original_show
    return _probe_original_show(*args, **kwargs)


_probe_plt.show = _probe_show
"""

_EVENTS = """\
import json as _probe_json
import numpy as _probe_np

_probe_events = voltmeter.get("events")
with open(PATH, "w") as fh:
    _probe_json.dump({k: _probe_np.asarray(v).tolist() for k, v in _probe_events.items()}, fh)
"""


def with_probes(nb, lines_json, events_json=None):
    """Return a copy of `nb` instrumented to dump what the example plots.

    A cell inserted just before the plotting cell wraps ``plt.show`` so that,
    when the example calls it, the lines of every open figure are written to
    `lines_json` before the inline backend displays and closes the figure.
    If `events_json` is given, a cell appended at the end writes
    ``voltmeter.get("events")`` there. The original `nb` is not modified.
    """
    probed = copy.deepcopy(nb)
    at = plotting_cell_index(probed)
    probed.cells.insert(
        at, nbformat.v4.new_code_cell(_PROBE.replace("PATH", repr(str(lines_json))))
    )
    if events_json is not None:
        probed.cells.append(
            nbformat.v4.new_code_cell(_EVENTS.replace("PATH", repr(str(events_json))))
        )
    for index, cell in enumerate(probed.cells):
        cell["id"] = f"cell-{index:02d}"
    return probed


def run_to(nb_path, out_dir, timeout: int = DEFAULT_TIMEOUT):
    """Execute `nb_path`, write the executed notebook and its PNG to `out_dir`.

    Returns (executed_notebook_path, png_path). The executed notebook is
    written even when execution fails, so that the traceback can be read.
    """
    nb_path = pathlib.Path(nb_path).resolve()
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(str(nb_path), as_version=4)
    executed = out_dir / nb_path.name
    png = out_dir / (nb_path.stem + ".png")
    try:
        execute(nb, nb_path.parent, timeout=timeout)
    finally:
        nbformat.write(nb, str(executed))
    found = problems(nb)
    if found:
        raise NotebookFailure(f"{nb_path.name}: " + "\n".join(found))
    plot_cell = nb.cells[plotting_cell_index(nb)]
    images = png_outputs(nbformat.from_dict({"cells": [plot_cell]})) or png_outputs(nb)
    if not images:
        raise NotebookFailure(f"{nb_path.name}: the notebook produced no image/png output")
    png.write_bytes(images[0])
    return executed, png


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", help="notebooks to execute")
    parser.add_argument("--out-dir", default="output", help="where results go (default: output)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="seconds per cell")
    args = parser.parse_args(argv)

    # The inline backend is set in the kernel's own environment; a backend
    # chosen for this process must not leak into the kernel.
    os.environ.pop("MPLBACKEND", None)

    status = 0
    for path in args.notebooks:
        name = pathlib.Path(path).name
        print(f"executing {path} ...", flush=True)
        try:
            executed, png = run_to(path, args.out_dir, timeout=args.timeout)
        except Exception as exc:  # noqa: BLE001 -- report every notebook, then fail
            message = _ANSI.sub("", str(exc))  # the kernel's tracebacks are coloured
            print(f"FAILED {name}: {type(exc).__name__}: {message}", file=sys.stderr, flush=True)
            status = 1
            continue
        print(f"  executed notebook: {executed}")
        print(f"  figure:            {png}", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
