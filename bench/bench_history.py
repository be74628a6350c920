"""What a long history of study costs: ratings, check results, Stats, `study list`, `study check --all`
and the TUI's start, with 0, 10k, 50k and 200k reviews already logged.

    .venv/bin/python bench/bench_history.py [--sizes 0,10000,50000,200000] [--runs 7]

Each history is made with the engine's own scheduler: the shipped decks' review items rated again and
again over the past year (each rating continues that item's schedule), written as an old progress.json
and imported by the progress store, as an upgrading learner's would be. Every figure is measured in a
fresh process, as `study` pays it. The TUI's first frame is compared with an empty Textual app started
in the same run. Prints one table and writes it to bench/results-history.md.

Targets (issue 11), at 200k reviews: a rating <= 10 ms; Stats <= 50 ms; `check --all` within 1.2x of
its 0-review time; the TUI's first frame <= 1.5x the empty app's; the TUI's peak memory <= 1.3x its
0-review figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def build_history(workspace_root: Path, reviews: int) -> float:
    """Log `reviews` ratings with the engine's scheduler and import them; returns the import's seconds."""
    from backprop_study.cards.decks import load_decks
    from backprop_study.cards.scheduler import Scheduler
    from backprop_study.store.progress import ProgressStore, from_ms
    from backprop_study.store.workspace import Workspace

    workspace = Workspace(workspace_root)
    items = [item.id for item in load_decks(workspace.deck_sources()).review_items()]
    scheduler = Scheduler(fuzz=True)
    rng = random.Random(11)
    now = datetime.now(UTC)
    per_day = max(1, reviews // 365 + 1)  # one session a day, as learners study
    entries: dict[str, dict] = {}
    log = []
    for n in range(reviews):
        item_id = items[n % len(items)]
        day, within = divmod(n, per_day)
        hour = random.Random(day).randrange(6, 22)
        session_start = (now - timedelta(days=365 - day)).replace(hour=hour, minute=0, second=0, microsecond=0)
        when = session_start + timedelta(seconds=20 * within)
        rating = rng.choices((1, 2, 3, 4), weights=(1, 2, 12, 2))[0]
        outcome = scheduler.review(item_id, entries.get(item_id), rating, when, rng.uniform(2, 12))
        entries[item_id] = outcome.entry
        review = outcome.log
        log.append(
            {
                "item": review.item_id,
                "rating": review.rating,
                "at": from_ms(review.at_ms).isoformat(),
                "duration_ms": review.duration_ms,
                "state": review.state,
            }
        )
    study = workspace.study_dir
    study.mkdir(parents=True, exist_ok=True)
    legacy = {"format": "backprop-study-progress", "version": 1, "cards": entries, "reviews": log}
    (study / "progress.json").write_text(json.dumps(legacy), encoding="utf-8")
    began = time.perf_counter()
    store = ProgressStore(study)
    store.load()
    took = time.perf_counter() - began
    assert store.review_count() == reviews, (store.review_count(), reviews)
    store.close()
    return took


# -- measurements, each in a fresh Python ----------------------------------------------------------

CHILD_RATING = """
import sys, time, statistics
from datetime import datetime, timezone
from pathlib import Path
from backprop_study.cards.decks import load_decks
from backprop_study.cards.review import ReviewSession
from backprop_study.cards.scheduler import Rating
from backprop_study.store.workspace import Workspace
workspace = Workspace(Path(sys.argv[1]))
decks = load_decks(workspace.deck_sources())
session = ReviewSession(workspace.progress(), decks)
items = decks.review_items()
times = []
for n in range(15):
    item = items[(n * 13) % len(items)]
    began = time.perf_counter()
    session.rate(item.id, Rating.GOOD, seconds=3.0)
    times.append(time.perf_counter() - began)
print(statistics.median(times))
"""

CHILD_CHECK_SAVE = """
import sys, time, statistics
from pathlib import Path
from backprop_study.course_progress import record_result
from backprop_study.course import load_course
from backprop_study.grading.result import ExerciseResult
from backprop_study.store.workspace import Workspace
workspace = Workspace(Path(sys.argv[1]))
course = load_course(workspace.course_file)
times = []
for n in range(15):
    name = course.exercises[n % len(course.exercises)].name
    result = ExerciseResult(name, "failed", (), "d_output is wrong", None, "", 0.2)
    began = time.perf_counter()
    record_result(workspace, result, course)
    times.append(time.perf_counter() - began)
print(statistics.median(times))
"""

CHILD_STATS = """
import sys, time, statistics
from pathlib import Path
from backprop_study.cards.decks import load_decks
from backprop_study.cards.scheduler import Settings, leeches
from backprop_study.cards.stats import compute_stats
from backprop_study.store.workspace import Workspace
workspace = Workspace(Path(sys.argv[1]))
items = load_decks(workspace.deck_sources()).review_items()
ids = [item.id for item in items]
store = workspace.progress()
times = []
for _ in range(7):  # what the Stats screen does on a refresh
    began = time.perf_counter()
    settings = Settings.from_progress(store.load())
    states = store.card_states()
    stats = compute_stats(store, item_ids=ids, states=states, settings=settings)
    leeches(states, items)
    times.append(time.perf_counter() - began)
print(statistics.median(times))
"""

CHILD_TUI = """
import sys, time
sys.path.insert(0, sys.argv[1])
import _start_app
FIRST = _start_app.FIRST_PAINT
_start_app._record_first_paint()
from pathlib import Path
from backprop_study.store.workspace import Workspace
from backprop_study.tui.app import make_app
started = float(sys.argv[3])

async def visit(pilot):
    app = pilot.app
    deadline = time.monotonic() + 60
    while "counting" in str(app.screen.query_one("#cards-line").render()) and time.monotonic() < deadline:
        await pilot.pause(0.05)
    await pilot.press("t")  # the Stats screen, as a learner looking at a year of study would
    await pilot.pause(0.3)
    app.exit(0)

app = make_app(Workspace(Path(sys.argv[2])))
app.run(headless=True, size=(100, 30), auto_pilot=visit)
# VmHWM is this process's own peak: ru_maxrss would include the benchmark's, whose fork this is.
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
print(FIRST[0] - started, peak)
"""


def python(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=ENV)
    if done.returncode != 0:
        raise SystemExit(f"a measurement failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


def command(*args: str, env: dict[str, str]) -> float:
    began = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env)
    took = time.perf_counter() - began
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return took


def empty_app_first_frame() -> float:
    launched = time.time()
    out = subprocess.run(
        [sys.executable, str(HERE / "_start_app.py"), "empty", f"{launched:.6f}"],
        capture_output=True,
        text=True,
        env=ENV,
        check=True,
    ).stdout
    return float(out.strip().splitlines()[-1].split()[0])


def measure(root: Path, runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    study = str(Path(sys.executable).with_name("study"))
    rows: dict[str, list[float]] = {name: [] for name in ROWS}
    for _ in range(runs):
        rows["one rating, ms"].append(float(python(CHILD_RATING, str(root))) * 1000)
        rows["a check result's save, ms"].append(float(python(CHILD_CHECK_SAVE, str(root))) * 1000)
        rows["Stats refresh, ms"].append(float(python(CHILD_STATS, str(root))) * 1000)
        rows["`study list`, s"].append(command(study, "--workspace", str(root), "list", env=env))
        rows["`study check --all` (solved), s"].append(
            command(study, "--workspace", str(root), "check", "--all", env=env)
        )
        launched = time.time()
        first, peak = python(CHILD_TUI, str(HERE), str(root), f"{launched:.6f}").split()
        rows["TUI first frame, s"].append(float(first))
        rows["TUI peak memory (dashboard, then Stats), MiB"].append(float(peak))
        rows["empty Textual app first frame, s"].append(empty_app_first_frame())
    return rows


ROWS = [
    "one rating, ms",
    "a check result's save, ms",
    "Stats refresh, ms",
    "`study list`, s",
    "`study check --all` (solved), s",
    "TUI first frame, s",
    "empty Textual app first frame, s",
    "TUI peak memory (dashboard, then Stats), MiB",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,10000,50000,200000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "results-history.md")
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]

    from backprop_study.store.paths import shipped_solutions_dir
    from backprop_study.store.workspace import init_workspace

    tmp = Path(tempfile.mkdtemp(prefix="bench-history-"))
    env = dict(ENV, HOME=str(tmp / "home"), XDG_CACHE_HOME=str(tmp / "cache"), STUDY_WORKER_DIR=str(tmp / "workers"))
    os.environ.update(HOME=env["HOME"], XDG_CACHE_HOME=env["XDG_CACHE_HOME"])
    results: dict[int, dict[str, list[float]]] = {}
    imports: dict[int, float] = {}
    try:
        for size in sizes:
            root = init_workspace(tmp / f"ws-{size}").root
            for solved in shipped_solutions_dir().glob("[0-9][0-9]_*.py"):
                shutil.copy(solved, root / "exercises" / solved.name)
            imports[size] = build_history(root, size)
            command(str(Path(sys.executable).with_name("study")), "--workspace", str(root), "check", "--all", env=env)
            results[size] = measure(root, options.runs, env)
    finally:
        subprocess.run(
            [sys.executable, "-c", _STOP_WORKERS, str(tmp / "workers")], env=env, capture_output=True, check=False
        )
        shutil.rmtree(tmp, ignore_errors=True)

    median = {size: {row: statistics.median(values) for row, values in rows.items()} for size, rows in results.items()}
    first, last = sizes[0], sizes[-1]
    targets = {
        "one rating, ms": (lambda m: m[last]["one rating, ms"] <= 10, "<= 10 ms"),
        "Stats refresh, ms": (lambda m: m[last]["Stats refresh, ms"] <= 50, "<= 50 ms"),
        "`study check --all` (solved), s": (
            lambda m: m[last]["`study check --all` (solved), s"] <= 1.2 * m[first]["`study check --all` (solved), s"],
            f"<= 1.2x its {first:,}-review time",
        ),
        "TUI first frame, s": (
            lambda m: m[last]["TUI first frame, s"] <= 1.5 * m[last]["empty Textual app first frame, s"],
            "<= 1.5x the empty app's",
        ),
        "TUI peak memory (dashboard, then Stats), MiB": (
            lambda m: (
                m[last]["TUI peak memory (dashboard, then Stats), MiB"]
                <= 1.3 * m[first]["TUI peak memory (dashboard, then Stats), MiB"]
            ),
            f"<= 1.3x its {first:,}-review figure",
        ),
    }
    header = " | ".join(f"{size:,} reviews" for size in sizes)
    lines = [
        f"# History benchmark ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f}, median of {options.runs} runs, each in a fresh process.",
        "Command: `python bench/bench_history.py`",
        "",
        f"| what | {header} | x at {last:,} vs {first:,} | target at {last:,} | met |",
        "|---|" + "---:|" * len(sizes) + "---:|---|---|",
    ]
    all_met = True
    for row in ROWS:
        values = " | ".join(_fmt(median[size][row]) for size in sizes)
        ratio = median[last][row] / median[first][row] if median[first][row] else float("nan")
        target = targets.get(row)
        met = "" if target is None else ("yes" if target[0](median) else "NO")
        all_met &= met != "NO"
        lines.append(f"| {row} | {values} | {ratio:.2f} | {target[1] if target else ''} | {met} |")
    empty = "empty Textual app first frame, s"
    tui = {size: median[size]["TUI first frame, s"] / median[size][empty] for size in sizes}
    lines += [
        "",
        "TUI first frame vs the empty app's, same run: " + ", ".join(f"{s:,}: {r:.2f}x" for s, r in tui.items()) + ".",
        "Importing each history from progress.json (once, on the first start after an upgrade): "
        + ", ".join(f"{s:,}: {t:.2f} s" for s, t in imports.items())
        + ".",
        "A rating is one transaction (the card's row, a log row, a quarter-hour tally); Stats and the dashboard",
        "read the tallies and the cards' states, never the log itself.",
    ]
    table = "\n".join(lines) + "\n"
    print(table)
    options.out.write_text(table, encoding="utf-8")
    print(f"written to {options.out}")
    return 0 if all_met else 1


def _fmt(value: float) -> str:
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


_STOP_WORKERS = """
import os, sys
os.environ["STUDY_WORKER_DIR"] = sys.argv[1]
from backprop_study.grading import runner
stop = getattr(runner, "stop_shared_workers", None)
if stop is not None:
    stop()
"""

if __name__ == "__main__":
    sys.exit(main())
