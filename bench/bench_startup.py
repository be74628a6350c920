"""Cold start of the TUI against an empty Textual app, measured in the same run.

    .venv/bin/python bench/bench_startup.py [--runs 15]

Each start is a fresh process that shows its first screen headless and exits; the time counted
is from launching the process to its first screen (the whole run, exit included, is shown too).
Prints a table of medians (and peak memory) with the ratio to the empty app,
and writes it to bench/results-startup.md. Target (issue 6): ratio <= 1.5.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_RATIO = 1.5


def one_start(args: list[str]) -> tuple[float, float]:
    """Seconds from launching the process to its first screen, and the whole run's wall seconds."""
    start = time.perf_counter()
    launched = time.time()
    result = subprocess.run(
        [sys.executable, str(HERE / "_start_app.py"), *args, f"{launched:.6f}"], capture_output=True, text=True
    )
    whole = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"start failed: {' '.join(args)}\n{result.stderr[-2000:]}")
    if result.stderr.strip():
        print(result.stderr.strip(), file=sys.stderr)
    return float(result.stdout.strip().splitlines()[-1]), whole


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()

    from backprop_study.workspace import init_workspace

    with tempfile.TemporaryDirectory() as tmp:
        workspace = init_workspace(Path(tmp) / "ws")
        cases = {
            "empty Textual app": ["empty"],
            "Textual app with Header, Footer, OptionList (reference)": ["widgets"],
            "study (dashboard)": ["study", str(workspace.root)],
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        wholes: dict[str, list[float]] = {name: [] for name in cases}
        memory: dict[str, float] = {}
        for args in cases.values():  # warm the file cache once each
            one_start(args)
        for _ in range(options.runs):  # interleaved, so machine noise hits both alike
            for name, args in cases.items():
                elapsed, whole = one_start(args)
                times[name].append(elapsed)
                wholes[name].append(whole)
        for name, args in cases.items():
            # ru_maxrss of children is the largest so far: measure each alone in a fresh interpreter.
            probe = subprocess.run(
                [sys.executable, "-c", _MEMORY_PROBE, str(HERE / "_start_app.py"), *args],
                capture_output=True,
                text=True,
                check=True,
            )
            memory[name] = float(probe.stdout.strip())

    base = statistics.median(times["empty Textual app"])
    lines = [
        f"Cold start to the first screen, median of {options.runs} runs (Python {sys.version.split()[0]})",
        "",
        "| app | to first screen, median s | min s | start to exit, median s | peak MiB | ratio to empty app |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in cases:
        median = statistics.median(times[name])
        whole = statistics.median(wholes[name])
        lines.append(
            f"| {name} | {median:.3f} | {min(times[name]):.3f} | {whole:.3f} | {memory[name]:.0f} "
            f"| {median / base:.2f}x |"
        )
    ratio = statistics.median(times["study (dashboard)"]) / base
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    lines += ["", f"Target: at most {TARGET_RATIO}x the empty app: {verdict} ({ratio:.2f}x)."]
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
