"""Benchmark: how long `study check` takes, against `python -c "import numpy"` measured in the same run.

    python bench/bench_check.py [--runs 9] [--out bench/results-check.md]

Measures, each as the median of several runs in a fresh workspace (`study init`):
- the floor: `python -c "import numpy"`;
- `study check 1`: one exercise, as a learner runs it again and again: the shared warm
  worker (started by the first check) forks a child for it;
- `study check 1` with no warm worker (the first check of a session, or after ten idle
  minutes): a new worker imports NumPy and pytest first;
- `study check --all`: the whole course, one worker, two children at a time, with the
  exercises as shipped (they fail fast) and with every exercise solved (every check runs);
- a re-grade with a warm worker (what the TUI does after a save): `Grader.grade` again.

Targets (issue 4): one exercise <= 0.35 s median and <= 4x the floor; the whole course <= 2 s.
The machine is shared and noisy: compare the ratios, which are measured side by side.
Prints a table and writes it to the --out file.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


def study_command() -> list[str]:
    script = Path(sys.executable).with_name("study")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "backprop_study"]


CPU: dict[str, list[float]] = {}


def timed(command: list[str], *, env: dict[str, str], cwd: Path, ok_codes: tuple[int, ...], key: str = "") -> float:
    """Wall time of one run; its CPU time (user + system, every process it started) goes to CPU[key]."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.setdefault(key, []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode()}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--out", type=Path, default=HERE / "results-check.md")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-check-"))
    try:
        # A shared worker of this run's own, stopped at the end.
        worker_dir = Path(tempfile.mkdtemp(prefix="bw-"))
        env = dict(os.environ, HOME=str(tmp), NO_COLOR="1", STUDY_WORKER_DIR=str(worker_dir))
        # As installed for a learner: bytecode caches are written (pip compiles them; an editable
        # install writes them on first use), so they are not recompiled on every run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cold_env = dict(env, STUDY_SHARED_WORKER="0")
        env.pop("STUDY_WORKSPACE", None)
        workspace = tmp / "ws"
        subprocess.run([*study_command(), "init", str(workspace)], env=env, check=True, stdout=subprocess.DEVNULL)
        study = [*study_command(), "--workspace", str(workspace)]
        from backprop_study.course import load_course

        exercises = load_course(workspace / "exercises" / "course.yaml").exercises
        floor_cmd = [sys.executable, "-c", "import numpy"]
        solved = tmp / "solved"
        subprocess.run([*study_command(), "init", str(solved)], env=env, check=True, stdout=subprocess.DEVNULL)
        from backprop_study.store.paths import shipped_solutions_dir

        solutions = shipped_solutions_dir()
        for exercise in exercises:
            shutil.copy(solutions / exercise.file_name, solved / "exercises" / exercise.file_name)
        samples: dict[str, list[float]] = {"floor": [], "one": [], "cold": [], "all": [], "solved": []}
        # Warm-up (not measured): writes the caches and starts the shared worker.
        timed([*study, "check", "--all"], env=cold_env, cwd=tmp, ok_codes=(0, 1), key="start")
        timed([*study, "check", "1"], env=env, cwd=tmp, ok_codes=(0, 1), key="start")
        # Interleaved, so a burst of load from elsewhere hits every row alike.
        for _ in range(args.runs):
            samples["floor"].append(timed(floor_cmd, env=env, cwd=tmp, ok_codes=(0,), key="floor"))
            samples["one"].append(timed([*study, "check", "1"], env=env, cwd=tmp, ok_codes=(0, 1), key="one"))
            samples["cold"].append(timed([*study, "check", "1"], env=cold_env, cwd=tmp, ok_codes=(0, 1), key="cold"))
            samples["all"].append(timed([*study, "check", "--all"], env=env, cwd=tmp, ok_codes=(0, 1), key="all"))
            solved_all = [*study_command(), "--workspace", str(solved), "check", "--all"]
            samples["solved"].append(timed(solved_all, env=env, cwd=tmp, ok_codes=(0,), key="solved"))
        samples["warm"] = warm_regrades(workspace, args.runs)
    finally:
        stop_shared_workers(worker_dir)
        shutil.rmtree(worker_dir, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)

    floor = statistics.median(samples["floor"])
    rows = [
        ('`python -c "import numpy"` (the floor)', samples["floor"], None, None, "floor"),
        ("`study check 1` (one exercise, shared worker warm)", samples["one"], 0.35, 4.0, "one"),
        ("`study check 1` (no warm worker: first of a session)", samples["cold"], 0.35, 4.0, "cold"),
        (f"`study check --all` ({len(exercises)} exercises as shipped)", samples["all"], 2.0, None, "all"),
        (f"`study check --all` ({len(exercises)} exercises solved)", samples["solved"], 2.0, None, "solved"),
        ("re-grade one exercise, warm worker (TUI)", samples["warm"], None, None, ""),
    ]
    lines = [
        f"# `study check` benchmark ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}, median of {args.runs} runs, measured side by side.",
        "Command: `python bench/bench_check.py`",
        "",
        "CPU s is user + system time of the processes the command started (less sensitive to load than wall time);",
        "a shared worker started by an earlier command, and the children it forks, are not counted.",
        "",
        "| what | median s | min s | x floor | CPU s | target | met |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    all_met = True
    for name, values, target_s, target_ratio, key in rows:
        median = statistics.median(values)
        ratio = median / floor
        targets = []
        met = True
        if target_s is not None:
            targets.append(f"<= {target_s:g} s")
            met &= median <= target_s
        if target_ratio is not None:
            targets.append(f"<= {target_ratio:g}x")
            met &= ratio <= target_ratio
        all_met &= met
        verdict = ("yes" if met else "NO") if targets else ""
        cpu = f"{statistics.median(CPU[key]):.3f}" if key in CPU else ""
        lines.append(
            f"| {name} | {median:.3f} | {min(values):.3f} | {ratio:.2f} | {cpu} | {', '.join(targets)} | {verdict} |"
        )
    table = "\n".join(lines) + "\n"
    print(table)
    args.out.write_text(table, encoding="utf-8")
    print(f"written to {args.out}")
    return 0 if all_met else 1


def stop_shared_workers(folder: Path) -> None:
    import contextlib
    import signal
    import socket
    import struct

    for path in folder.glob("worker-*.sock"):
        with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(str(path))
            creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            os.killpg(struct.unpack("3i", creds)[0], signal.SIGKILL)


def warm_regrades(workspace: Path, runs: int) -> list[float]:
    from backprop_study.grading.grader import Grader
    from backprop_study.store.workspace import Workspace

    values = []
    with Grader(Workspace(workspace), jobs=1) as grader:
        grader.grade("1")  # the worker is warm from here on
        for _ in range(runs):
            start = time.perf_counter()
            grader.grade("1")
            values.append(time.perf_counter() - start)
    return values


if __name__ == "__main__":
    sys.exit(main())
