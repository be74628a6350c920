"""Cold start of the TUI against an empty Textual app, measured in the same run.

    .venv/bin/python bench/bench_startup.py [--runs 15]

Each start is a fresh process that shows its first screen headless and exits. Two moments are
timed from launching the process: the first frame of the first screen, with its content (what the
learner sees), and "settled", when every start-up message has been handled (study then counts the
due cards in a background thread, after its first frame). The whole run, exit included, is shown too.
Prints a table of medians (and peak memory) with the ratios to the empty app, and writes it to
bench/results-startup.md. Target (issue 6): first frame <= 1.5x the empty app's.

Python runs with its bytecode cache, as on a learner's machine (`pip install` compiles it; an
editable install writes it on first run), even where PYTHONDONTWRITEBYTECODE is set here.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_RATIO = 1.5


ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def one_start(args: list[str]) -> tuple[float, float, float]:
    """Seconds from launching the process to its first frame, to settled, and the whole run's."""
    start = time.perf_counter()
    launched = time.time()
    result = subprocess.run(
        [sys.executable, str(HERE / "_start_app.py"), *args, f"{launched:.6f}"],
        capture_output=True,
        text=True,
        env=ENV,
    )
    whole = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"start failed: {' '.join(args)}\n{result.stderr[-2000:]}")
    if result.stderr.strip():
        print(result.stderr.strip(), file=sys.stderr)
    first_frame, settled = (float(word) for word in result.stdout.strip().splitlines()[-1].split())
    return first_frame, settled, whole


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()

    from backprop_study.store.workspace import init_workspace

    with tempfile.TemporaryDirectory() as tmp:
        workspace = init_workspace(Path(tmp) / "ws")
        cases = {
            "empty Textual app": ["empty"],
            "Textual app with Header, Footer, OptionList (reference)": ["widgets"],
            "study (dashboard)": ["study", str(workspace.root)],
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        settles: dict[str, list[float]] = {name: [] for name in cases}
        wholes: dict[str, list[float]] = {name: [] for name in cases}
        memory: dict[str, float] = {}
        for args in cases.values():  # warm the file and bytecode caches once each
            one_start(args)
        for _ in range(options.runs):  # interleaved, so machine noise hits both alike
            for name, args in cases.items():
                first_frame, settled, whole = one_start(args)
                times[name].append(first_frame)
                settles[name].append(settled)
                wholes[name].append(whole)
        for name, args in cases.items():
            # ru_maxrss of children is the largest so far: measure each alone in a fresh interpreter.
            probe = subprocess.run(
                [sys.executable, "-c", _MEMORY_PROBE, str(HERE / "_start_app.py"), *args],
                capture_output=True,
                text=True,
                check=True,
                env=ENV,
            )
            memory[name] = float(probe.stdout.strip())

    base = statistics.median(times["empty Textual app"])
    base_settled = statistics.median(settles["empty Textual app"])
    lines = [
        f"Cold start, median of {options.runs} runs (Python {sys.version.split()[0]})",
        "",
        "| app | first frame, median s | min s | ratio | settled, median s | ratio | start to exit, median s "
        "| peak MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in cases:
        median = statistics.median(times[name])
        settled = statistics.median(settles[name])
        lines.append(
            f"| {name} | {median:.3f} | {min(times[name]):.3f} | {median / base:.2f}x | {settled:.3f} "
            f"| {settled / base_settled:.2f}x | {statistics.median(wholes[name]):.3f} | {memory[name]:.0f} |"
        )
    ratio = statistics.median(times["study (dashboard)"]) / base
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    lines += ["", f"Target: first frame at most {TARGET_RATIO}x the empty app's: {verdict} ({ratio:.2f}x)."]
    text = "\n".join(lines)
    print(text)
    (HERE / "results-startup.md").write_text(text + "\n", encoding="utf-8")
    return 0 if ratio <= TARGET_RATIO else 1


_MEMORY_PROBE = """
import resource, subprocess, sys
subprocess.run([sys.executable, *sys.argv[1:]], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""

if __name__ == "__main__":
    raise SystemExit(main())
