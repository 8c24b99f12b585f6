"""print_time in Jupyter: a progress bar that updates while Simulate runs (issue #14).

A notebook cell with ``nest.print_time = True`` is executed headless with
nbclient. The cell counts, through a spy on the display the progress code
picks, how often the bar was updated during the run; the notebook's output
must hold the bar's final state (100 %, the model time reached).
"""

import importlib.util
import pathlib

import nbformat

HERE = pathlib.Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("gonest_nbrun_progress", HERE / "nbrun.py")
nbrun = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(nbrun)

_CELL = """
import nest
from nest.lib import hl_api_progress as progress

updates = []
_make = progress._make_display

def _spying_make(stream):
    display = _make(stream)
    show = display.show
    def spy(*args):
        updates.append(args)
        show(*args)
    display.show = spy
    updates.append(type(display).__name__)
    return display

progress._make_display = _spying_make
nest.print_time = True
n = nest.Create("iaf_psc_alpha", 2000, {"I_e": 376.0})
nest.Connect(n, n, {"rule": "fixed_indegree", "indegree": 100}, {"weight": 0.5})
import time
t0 = time.monotonic()
nest.Simulate(2000.0)
print("DISPLAY", updates[0], "UPDATES", len(updates) - 1, "ELAPSED", time.monotonic() - t0)
"""


def test_print_time_in_a_notebook_shows_an_updating_bar(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(_CELL))
    nbrun.execute(nb, tmp_path, timeout=300)
    assert not nbrun.problems(nb)
    outputs = nb.cells[0].outputs
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    words = text.split()
    display = words[words.index("DISPLAY") + 1]
    updates = int(words[words.index("UPDATES") + 1])
    assert display != "_TextDisplay", "a notebook gets a bar, not the terminal line"
    elapsed = float(words[words.index("ELAPSED") + 1])
    # The bar is redrawn at most four times a second: a run of a second or
    # more must show at least three updates.
    assert updates >= 3 or elapsed < 1.0, f"the bar was updated only {updates} times in {elapsed:.2f} s"
    shown = "".join(
        str(o.get("data", {}).get("text/html", "")) + str(o.get("data", {}).get("text/plain", ""))
        for o in outputs
        if o.get("output_type") == "display_data"
    )
    assert "[ 100% ] Model time: 2000.0 ms" in shown, shown[:500]
