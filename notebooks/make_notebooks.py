"""Regenerate the two example notebooks in this folder.

This script is a maintenance tool only; nothing runs it at install or test
time, and the notebooks it writes are committed.

The code cells are taken verbatim from the NEST Simulator 3.10 example
scripts, split the way sphinx-gallery splits them (at the ``####...`` comment
rulers). The markdown cells are our lightly reformatted rendering of the
examples' own prose. Both the code and the prose of the examples are part of
NEST (GPL-2.0-or-later, (C) The NEST Initiative).

Usage::

    python notebooks/make_notebooks.py [NEST_SOURCE]

NEST_SOURCE is either a NEST source tree (containing ``pynest/examples``) or a
git repository of NEST in which the tag ``v3.10`` exists. Without it, the
script looks for a checkout in the usual places listed in ``CANDIDATES``.
"""

import hashlib
import pathlib
import re
import subprocess
import sys

import nbformat

HERE = pathlib.Path(__file__).resolve().parent
TAG = "v3.10"
CANDIDATES = ["/tmp/nest310", "/work/.mirror/nest+nest-simulator/repo"]

RULER = re.compile(r"^#{20,}\s*$")

REFERENCES = """\
## References

1. Tsodyks M, Uziel A, Markram H (2000). Synchrony generation in recurrent
   networks with frequency-dependent synapses. The Journal of Neuroscience,
   20,RC50:1-5. URL: https://infoscience.epfl.ch/record/183402
2. Tsodyks M, Pawelzik K, Markram H (1998). Neural networks with dynamic synapses. Neural
   computation, {doi}
"""

NOTE = """\
> **Note**
>
> The `iaf_tum_2000` neuron model combined with `static_synapse` provides a more
> efficient implementation of the model studied in [1] and [2] than the
> combination of `iaf_psc_exp` with `tsodyks_synapse`.
"""

ORIGIN = """\
---

*This notebook is the example `pynest/examples/{name}.py` of NEST Simulator 3.10
(GPL-2.0-or-later, The NEST Initiative): its code cells are the example's code,
unchanged, and its text cells carry the example's documentation.*
"""

# Text shared by both examples, block by block (after the introduction).
COMMON_BLOCKS = {
    "reset": (
        "First we make sure that the NEST kernel is reset and the resolution of the\n"
        "simulation is 0.1 ms. We also define the simulation time."
    ),
    "membrane": "We set the neuronal membrane parameters according to [2].",
    "stimulus": (
        "We create one current generator and configure a stimulus that will drive\n"
        "the presynaptic neuron. Configuration of the current generator includes the\n"
        "definition of the start and stop times and the amplitude of the injected\n"
        "current."
    ),
    "neurons": (
        "We create two `iaf_tum_2000` neurons. Since this model integrates the\n"
        "synaptic dynamics in the presynaptic neuron, the synaptic parameters, except\n"
        "for `weight` and `delay`, are provided together with the neuron parameters\n"
        "to the model."
    ),
    "dc_connect": "We connect the DC generator to the presynaptic neuron.",
    "syn_connect": (
        "We then connect the pre- and postsynaptic neurons. We use a `static_synapse`\n"
        "to transfer the synaptic current computed in the presynaptic neuron. The\n"
        "synaptic weight and delay are passed with the static synapse's `syn_spec`.\n"
        "Note that `iaf_tum_2000` neurons must be connected via `receptor_type` 1."
    ),
    "voltmeter": (
        "We add a `voltmeter` to sample the membrane potentials from the postsynaptic\n"
        "neuron in intervals of 1.0 ms. Note that the connection direction for the\n"
        "`voltmeter` reflects the signal flow in the simulation kernel; a `voltmeter`\n"
        "observes the neuron instead of receiving events from it."
    ),
    "simulate": (
        "Finally, we simulate the system with simulation time `T_sim` and plot a\n"
        "voltage trace to produce the figure."
    ),
}

EXAMPLES = {
    "iaf_tum_2000_short_term_depression": {
        "intro": """\
# Short-term depression example

The `iaf_tum_2000` neuron [1] is a model with *short-term synaptic plasticity*.
Short-term plasticity can either strengthen or weaken a synapse and acts on a
timescale of milliseconds to seconds. This example illustrates *short-term
depression*, which is caused by depletion of the pool of readily releasable
neurotransmitters at the axon terminal of a presynaptic neuron when many
presynaptic spikes occur in rapid succession. During synaptic depression, the
strength of the synapse declines until this pool can be replenished.

In the `iaf_tum_2000` model, a fraction $u$ of the available synaptic resources
$x$ is used by each presynaptic spike (see Eq. 3 and 4 or Eq. 2.1 and 2.2 in [1]
or [2], respectively). A parameter $U \\in [0, 1]$ determines the increase in $u$
with each spike.

In this example, we reproduce Figure 1A in [2]. We connect two `iaf_tum_2000`
neurons. The presynaptic neuron is driven by DC input and we record the voltage
trace of the postsynaptic neuron. Short-term depression is enabled by setting
$U$ to a large value, which causes a fast saturation of the synaptic efficacy.

For an example on *short-term facilitation*, see the notebook
[iaf_tum_2000_short_term_facilitation.ipynb](iaf_tum_2000_short_term_facilitation.ipynb).

{note}
{references}
## See also

The `iaf_tum_2000` model documentation, and
[iaf_tum_2000_short_term_facilitation.ipynb](iaf_tum_2000_short_term_facilitation.ipynb).
""",
        "doi": "https://doi.org/10.1162/089976698300017502",
        "synapse": (
            "Next, we set the synaptic parameters according to [2]. Note that if\n"
            "$\\tau_\\mathrm{fac} \\to 0$, facilitation is not exhibited and $u$\n"
            "is identical to $U$ for each spike (Eq. 4 or Eq. 2.2 in [1] or [2],\n"
            "respectively). With NEST's implementation, we can safely set\n"
            "$\\tau_\\mathrm{fac} = 0$ to turn facilitation off."
        ),
    },
    "iaf_tum_2000_short_term_facilitation": {
        "intro": """\
# Short-term facilitation example

The `iaf_tum_2000` neuron [1] is a model with *short-term synaptic plasticity*.
Short-term plasticity can either strengthen or weaken a synapse and acts on a
timescale of milliseconds to seconds. This example illustrates *short-term
facilitation*, which is a transient increase in synaptic strength caused by
influx of calcium into the axon terminal after spike generation. Facilitation
results in an increase of neurotransmitters being released by each succeeding
presynaptic spike.

In the `iaf_tum_2000` model, a fraction $u$ of the available synaptic resources
$x$ is used by each presynaptic spike (see Eq. 3 and 4 or Eq. 2.1 and 2.2 in [1]
or [2], respectively). A parameter $U \\in [0, 1]$ determines the increase in $u$
with each spike. In a facilitating synapse, $u$ is increased with each
presynaptic spike, which reflects the accumulation of calcium ions caused by
spikes arriving in the presynaptic terminal, and returns to the baseline value
with a time constant $\\tau_\\mathrm{fac}$.

In this example, we reproduce Figure 1B in [2]. We connect two `iaf_tum_2000`
neurons. The presynaptic neuron is driven by DC input and we record the voltage
trace of the postsynaptic neuron. Short-term facilitation is enabled by setting
$U$ to a small value, which causes a slow saturation of the synaptic efficacy,
enabling a facilitating behavior.

For an example on *short-term depression*, see the notebook
[iaf_tum_2000_short_term_depression.ipynb](iaf_tum_2000_short_term_depression.ipynb).

{note}
{references}
## See also

The `iaf_tum_2000` model documentation, and
[iaf_tum_2000_short_term_depression.ipynb](iaf_tum_2000_short_term_depression.ipynb).
""",
        "doi": "http://dx.doi.org/10.1162/089976698300017502",
        "synapse": "Next, we set the synaptic parameters according to [2].",
    },
}

# The order of the comment blocks in both example scripts.
BLOCK_ORDER = [
    "reset",
    "membrane",
    "stimulus",
    "synapse",
    "neurons",
    "dc_connect",
    "syn_connect",
    "voltmeter",
    "simulate",
]


def read_example(source, name):
    """Return the text of example `name` from a NEST tree or git repository."""
    rel = f"pynest/examples/{name}.py"
    root = pathlib.Path(source)
    if (root / rel).is_file():
        return (root / rel).read_text(encoding="utf-8")
    out = subprocess.run(
        ["git", "-C", str(root), "show", f"{TAG}:{rel}"],
        check=True,
        capture_output=True,
    )
    return out.stdout.decode("utf-8")


def strip_blank(lines):
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def split_example(text):
    """Split an example script into (code_before_first_ruler, [(comment, code)]).

    Mirrors sphinx-gallery: after the module docstring, each ruler starts a
    text block made of the following ``#`` comment lines; everything up to the
    next ruler is code.
    """
    doc_end = text.index('"""', text.index('r"""') + 4) + 3
    body = text[doc_end:].split("\n")
    chunks, current = [], []
    for line in body:
        if RULER.match(line):
            chunks.append(current)
            current = []
        else:
            current.append(line)
    chunks.append(current)
    first = "\n".join(strip_blank(chunks[0]))
    blocks = []
    for chunk in chunks[1:]:
        i = 0
        comment = []
        while i < len(chunk) and chunk[i].startswith("#"):
            comment.append(chunk[i][1:].strip())
            i += 1
        blocks.append((" ".join(comment), "\n".join(strip_blank(chunk[i:]))))
    return first, blocks


def code_digest(code_cells):
    """SHA-256 of the code cells joined by blank lines (recorded by the tests)."""
    return hashlib.sha256("\n\n".join(code_cells).encode("utf-8")).hexdigest()


def build(name, text):
    spec = EXAMPLES[name]
    first, blocks = split_example(text)
    if len(blocks) != len(BLOCK_ORDER):
        raise SystemExit(f"{name}: expected {len(BLOCK_ORDER)} blocks, found {len(blocks)}")

    intro = (
        spec["intro"]
        .replace("{note}", NOTE)
        .replace("{references}", REFERENCES.replace("{doi}", spec["doi"]))
    )
    cells = [nbformat.v4.new_markdown_cell(intro.rstrip("\n"))]
    cells.append(nbformat.v4.new_code_cell(first))
    code_cells = [first]
    for key, (comment, code) in zip(BLOCK_ORDER, blocks):
        prose = spec[key] if key in spec else COMMON_BLOCKS[key]
        # Guard against drift between our prose and the script's comments.
        plain = re.sub(r"[`$\\{}]|\[|\]|_", "", prose).replace("\n", " ")
        orig = re.sub(r"[`$\\{}]|\[|\]|_|:math:", "", comment)
        if plain.split()[:6] != orig.split()[:6]:
            raise SystemExit(f"{name}: block {key!r} does not match: {comment[:60]!r}")
        cells.append(nbformat.v4.new_markdown_cell(prose))
        cells.append(nbformat.v4.new_code_cell(code))
        code_cells.append(code)
    cells.append(nbformat.v4.new_markdown_cell(ORIGIN.replace("{name}", name).rstrip("\n")))

    # Every non-comment, non-blank line of the script after the docstring must
    # appear, in order, in the code cells, and nothing else.
    doc_end = text.index('"""', text.index('r"""') + 4) + 3
    script_lines = [
        ln for ln in text[doc_end:].split("\n") if ln.strip() and not ln.startswith("#")
    ]
    cell_lines = [ln for c in code_cells for ln in c.split("\n") if ln.strip()]
    if script_lines != cell_lines:
        raise SystemExit(f"{name}: code cells differ from the example script")

    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    # Stable ids keep regenerated notebooks diff-free.
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{'code' if cell.cell_type == 'code' else 'text'}-{i:02d}"
    nbformat.validate(nb)
    return nb, code_digest(code_cells)


def main(argv):
    sources = argv[1:2] or [c for c in CANDIDATES if pathlib.Path(c).exists()]
    for name in EXAMPLES:
        text = None
        for source in sources:
            try:
                text = read_example(source, name)
                break
            except (OSError, subprocess.CalledProcessError):
                continue
        if text is None:
            raise SystemExit("give the path of a NEST 3.10 source tree or git repository")
        nb, digest = build(name, text)
        out = HERE / f"{name}.ipynb"
        nbformat.write(nb, str(out))
        print(f"wrote {out.relative_to(HERE.parent)}  code sha256 {digest}")


if __name__ == "__main__":
    main(sys.argv)
