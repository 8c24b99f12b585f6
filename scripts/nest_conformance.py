#!/usr/bin/env python3
"""Run NEST's own pytest suite, unmodified, against an installed `nest`.

Usage (see scripts/nest_conformance.sh, which calls this)::

    python3 scripts/nest_conformance.py PYTESTS_DIR [--python PY] [--nest-python PY]
        [--nest-results FILE] [--timeout S] [--file-timeout S] [--jobs N]
        [--out DIR] [--only PATTERN ...] [--causes N]

PYTESTS_DIR is a checkout of NEST's ``testsuite/pytests`` (e.g. from
``git archive v3.10 testsuite/pytests``). Every test file runs in its own
pytest subprocess with a wall-clock limit, so a test that hangs or crashes
the interpreter costs only the rest of its file. The files are run from a
scratch directory (tests that write data files do not litter the checkout)
and are never changed.

Results are read from pytest's junit XML; for a file that timed out or
crashed (no XML), from the verbose per-test lines printed before the end.
The table gives per folder the tests collected, gonest's passes, and, with
--nest-python or --nest-results, NEST's passes and how many of those gonest
also passes. ``OUT/<label>.json`` keeps every test's outcome and failure
message (reuse a NEST run with --nest-results OUT/nest.json), and the most
frequent failure messages among the tests that pass on NEST are listed.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

OUTCOMES = ("passed", "failed", "error", "skipped", "xfailed", "xpassed")
_VERBOSE_LINE = re.compile(r"^(?P<id>\S+\.py::.+?) (?P<outcome>PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b")
_COLLECTED = re.compile(r"collected (\d+) items?")


def find_test_files(root: Path, only: list[str], skip: list[str]) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] == "utilities":
            continue
        name = path.name
        if not (name.startswith("test_") or name.endswith("_test.py")):
            continue
        if only and not any(pat in str(rel) for pat in only):
            continue
        if any(pat in str(rel) for pat in skip):
            continue
        files.append(path)
    return files


def has_plugin(python: str, module: str) -> bool:
    probe = subprocess.run(
        [python, "-c", f"import importlib.util, sys; sys.exit(importlib.util.find_spec('{module}') is None)"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def _test_id(root: Path, classname: str, name: str, file_rel: str) -> str:
    # junit classname is the dotted module path (plus class); rebuild
    # "file.py::Class::name" as pytest prints it.
    module = file_rel[:-3].replace("/", ".")
    rest = classname[len(module) :].lstrip(".") if classname.startswith(module) else ""
    parts = [file_rel] + ([rest.replace(".", "::")] if rest else []) + [name]
    return "::".join(parts)


def parse_junit(xml_path: Path, root: Path, file_rel: str) -> dict[str, tuple[str, str]]:
    results: dict[str, tuple[str, str]] = {}
    tree = ET.parse(xml_path)
    for case in tree.iter("testcase"):
        tid = _test_id(root, case.get("classname", ""), case.get("name", ""), file_rel)
        outcome, message = "passed", ""
        for child in case:
            tag = child.tag
            if tag == "failure":
                outcome, message = "failed", child.get("message") or (child.text or "")
            elif tag == "error":
                outcome, message = "error", child.get("message") or (child.text or "")
            elif tag == "skipped":
                kind = child.get("type", "")
                if kind == "pytest.xfail":
                    outcome = "xfailed"
                else:
                    outcome = "skipped"
                message = child.get("message") or ""
        if outcome == "error" and tid in results and results[tid][0] == "passed":
            # an error in teardown after a pass: pytest reports both
            pass
        results[tid] = (outcome, message)
    return results


def parse_verbose(text: str) -> dict[str, tuple[str, str]]:
    mapping = {"PASSED": "passed", "FAILED": "failed", "ERROR": "error", "SKIPPED": "skipped", "XFAIL": "xfailed"}
    mapping["XPASS"] = "xpassed"
    results = {}
    for line in text.splitlines():
        m = _VERBOSE_LINE.match(line)
        if m:
            results[m.group("id")] = (mapping[m.group("outcome")], "")
    return results


def run_file(python: str, root: Path, path: Path, args: argparse.Namespace, xml_dir: Path, timeout_plugin: bool):
    rel = str(path.relative_to(root))
    xml_path = xml_dir / (rel.replace("/", "__") + ".xml")
    cmd = [
        python,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-v",
        "--tb=line",
        "-o",
        "junit_family=xunit2",
        "--rootdir",
        str(root),
        f"--junitxml={xml_path}",
        str(path),
    ]
    if timeout_plugin:
        cmd[3:3] = [f"--timeout={args.timeout}"]
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.setdefault("MPLBACKEND", "Agg")
    workdir = Path(tempfile.mkdtemp(prefix="nestconf-", dir=args.scratch))
    started = time.monotonic()
    status = "ok"
    try:
        proc = subprocess.run(
            cmd,
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=args.file_timeout,
            errors="replace",
            check=False,
        )
        out = proc.stdout + proc.stderr
        if proc.returncode < 0 or proc.returncode > 5:
            status = f"crashed (exit {proc.returncode})"
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        status = f"timed out after {args.file_timeout} s"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.monotonic() - started
    results: dict[str, tuple[str, str]] = {}
    if status == "ok" and xml_path.exists():
        try:
            results = parse_junit(xml_path, root, rel)
        except ET.ParseError:
            results = {}
    if not results:
        # pytest prints ids relative to the scratch folder it ran in
        # ("../../…/pytests/connect/test_x.py::t"); keep them relative to
        # the suite as the junit ids are.
        results = {}
        for tid, outcome in parse_verbose(out).items():
            at = tid.find(rel + "::")
            results[tid[at:] if at > 0 else tid] = outcome
    collected = None
    m = _COLLECTED.search(out)
    if m:
        collected = int(m.group(1))
    if status != "ok":
        # Tests that never reported count as failed with the file's fate.
        missing = (collected or 0) - len(results)
        for i in range(max(missing, 0)):
            results[f"{rel}::<not reported {i}>"] = ("failed", status)
    if not results:
        # Collection failed (import error, ...): one failed entry for the file.
        msg = status
        for line in out.splitlines():
            if line.startswith("E ") or "Error" in line:
                msg = line.strip()
                break
        results[f"{rel}::<collection>"] = ("error", msg)
    return rel, results, status, elapsed


def run_suite(python: str, root: Path, files: list[Path], args: argparse.Namespace, label: str):
    xml_dir = Path(args.out) / f"junit-{label}"
    json_path = Path(args.out) / f"{label}.json"
    all_results: dict[str, tuple[str, str]] = {}
    notes: dict[str, str] = {}
    if args.resume and json_path.exists():
        # Files already run (in an interrupted run) are not run again.
        earlier = json.loads(json_path.read_text())
        all_results = {k: tuple(v) for k, v in earlier["results"].items()}
        notes = dict(earlier.get("notes", {}))
        done_files = {k.split("::", 1)[0] for k in all_results}
        files = [f for f in files if str(f.relative_to(root)) not in done_files]
    else:
        shutil.rmtree(xml_dir, ignore_errors=True)
    xml_dir.mkdir(parents=True, exist_ok=True)
    timeout_plugin = has_plugin(python, "pytest_timeout")
    started = time.monotonic()

    def save() -> dict:
        data = {"results": {k: list(v) for k, v in sorted(all_results.items())}, "notes": notes}
        json_path.write_text(json.dumps(data, indent=0))
        return data

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_file, python, root, f, args, xml_dir, timeout_plugin) for f in files]
        for done, fut in enumerate(concurrent.futures.as_completed(futures), 1):
            rel, results, status, elapsed = fut.result()
            all_results.update(results)
            if status != "ok":
                notes[rel] = status
            save()
            npass = sum(1 for o, _ in results.values() if o == "passed")
            print(
                f"[{label} {done}/{len(files)}] {rel}: {npass}/{len(results)} passed ({elapsed:.0f} s)"
                + ("" if status == "ok" else f" -- {status}"),
                file=sys.stderr,
                flush=True,
            )
    print(f"[{label}] {len(files)} files in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return save()


def folder_of(test_id: str) -> str:
    path = test_id.split("::", 1)[0]
    parts = path.split("/")
    return parts[0] if len(parts) > 1 else "."


def normalise(message: str) -> str:
    line = message.strip().splitlines()[0] if message.strip() else "(no message)"
    line = re.sub(r"0x[0-9a-f]+", "0x…", line)
    line = re.sub(r"\d+(\.\d+)?", "N", line)
    return line[:160]


def report(gonest: dict, nest: dict | None, causes: int) -> None:
    g = {k: tuple(v) for k, v in gonest["results"].items()}
    n = {k: tuple(v) for k, v in nest["results"].items()} if nest else None
    folders = sorted({folder_of(t) for t in g} | ({folder_of(t) for t in n} if n else set()))
    header = f"{'folder':<22}{'tests':>7}{'gonest':>8}"
    if n is not None:
        header += f"{'NEST':>7}{'both':>7}{'gonest%':>9}"
    print(header)
    print("-" * len(header))
    totals = collections.Counter()
    for folder in folders:
        ids = [t for t in g if folder_of(t) == folder]
        tests = len(ids)
        if n is not None:
            tests = max(tests, sum(1 for t in n if folder_of(t) == folder))
        gp = sum(1 for t in ids if g[t][0] == "passed")
        row = f"{folder:<22}{tests:>7}{gp:>8}"
        totals["tests"] += tests
        totals["gonest"] += gp
        if n is not None:
            np_ = [t for t in n if folder_of(t) == folder and n[t][0] == "passed"]
            both = sum(1 for t in np_ if g.get(t, ("",))[0] == "passed")
            pct = 100.0 * both / len(np_) if np_ else 0.0
            row += f"{len(np_):>7}{both:>7}{pct:>8.1f}%"
            totals["nest"] += len(np_)
            totals["both"] += both
        print(row)
    print("-" * len(header))
    row = f"{'total':<22}{totals['tests']:>7}{totals['gonest']:>8}"
    if n is not None:
        pct = 100.0 * totals["both"] / totals["nest"] if totals["nest"] else 0.0
        row += f"{totals['nest']:>7}{totals['both']:>7}{pct:>8.1f}%"
    print(row)
    outcome_counts = collections.Counter(o for o, _ in g.values())
    print("gonest outcomes: " + ", ".join(f"{outcome_counts[o]} {o}" for o in OUTCOMES if outcome_counts[o]))
    if gonest.get("notes"):
        print("files that timed out or crashed on gonest:")
        for rel, note in sorted(gonest["notes"].items()):
            print(f"  {rel}: {note}")
    if causes:
        pool = [t for t in g if g[t][0] in ("failed", "error") and (n is None or n.get(t, ("",))[0] == "passed")]
        counter = collections.Counter(normalise(g[t][1]) for t in pool)
        what = "tests that pass on NEST" if n is not None else "tests"
        print(f"most frequent failure messages on gonest ({len(pool)} failing {what}):")
        for msg, count in counter.most_common(causes):
            print(f"  {count:>5}  {msg}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pytests", type=Path, help="checkout of NEST's testsuite/pytests")
    parser.add_argument("--python", default=sys.executable, help="interpreter with gonest installed")
    parser.add_argument("--nest-python", help="interpreter with NEST 3.10 installed (for the baseline)")
    parser.add_argument("--nest-results", type=Path, help="a nest.json of an earlier run, instead of --nest-python")
    parser.add_argument("--timeout", type=int, default=120, help="per-test limit in s (needs pytest-timeout)")
    parser.add_argument("--file-timeout", type=int, default=600, help="per-file limit in s")
    parser.add_argument("--jobs", type=int, default=1, help="test files run at once")
    parser.add_argument("--out", default="nest-conformance", help="folder for junit XML and JSON results")
    parser.add_argument("--only", nargs="*", default=[], help="run only files whose path contains one of these")
    parser.add_argument("--skip", nargs="*", default=[], help="leave out files whose path contains one of these")
    parser.add_argument("--resume", action="store_true", help="keep the results in OUT and run only the other files")
    parser.add_argument("--causes", type=int, default=25, help="how many failure messages to list")
    parser.add_argument("--nest-only", action="store_true", help="only record NEST's results (with --nest-python)")
    args = parser.parse_args(argv)

    root = args.pytests.resolve()
    if not (root / "conftest.py").exists():
        parser.error(f"{root} does not look like NEST's testsuite/pytests (no conftest.py)")
    Path(args.out).mkdir(parents=True, exist_ok=True)
    args.scratch = tempfile.mkdtemp(prefix="nest-conformance-")
    files = find_test_files(root, args.only, args.skip)
    if not files:
        parser.error("no test files found")
    try:
        nest = None
        if args.nest_results:
            nest = json.loads(args.nest_results.read_text())
        elif args.nest_python:
            nest = run_suite(args.nest_python, root, files, args, "nest")
        if args.nest_only:
            if nest is not None:
                report(nest, None, 0)
            return 0
        gonest = run_suite(args.python, root, files, args, "gonest")
        if nest is not None and (args.only or args.skip):
            keep = {str(f.relative_to(root)) for f in files}
            nest = {"results": {k: v for k, v in nest["results"].items() if k.split("::", 1)[0] in keep}}
        report(gonest, nest, args.causes)
    finally:
        shutil.rmtree(args.scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
