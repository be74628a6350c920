"""Benchmark: a deck of 10,000 generated cards, loaded and asked for its first due card.

    python bench/bench_decks.py [--cards 10000] [--runs 7] [--out bench/results-decks.md]

Measured side by side in one run (each row the median of --runs, interleaved so a burst of load
from elsewhere hits every row alike), with the cache folder in a fresh temporary HOME:

- the baseline: parsing the same YAML alone with PyYAML's fastest safe loader (libyaml's
  CSafeLoader when PyYAML has it), no line numbers, no checks;
- cold: `load_decks(cache=False)` (parse with line numbers, check every card) and the first due card;
- warm: what `study` does on every start once the deck has been seen: `load_decks` (from the parse
  cache), then `ReviewSession(...).next()`: the first question, ready to show;
- warm with history: the same with a progress database holding every item's schedule and 30,000
  reviews (a queue reads the cards' states, one small row each, never the log).

Each row runs in a fresh Python process and times the work from the load call to the first question
ready to show; the engine's imports are timed apart (last row), since they are paid once per start
whatever the deck, and the TUI has most of them loaded already.

Targets: a 10,000-card deck loads and gives its first due card in <= 0.3 s (issue 5, the new learner's
warm row); with --cards 100000, every item scheduled and 30,000 reviews logged, <= 1 s and <= 300 MiB
(issue 11). Each row's peak memory is that process's own (VmHWM). Prints a table and writes it to --out.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ("basic", "reversed", "cloze", "choice", "typed", "order", "numeric")
TEMPLATES = ("sigmoid-value", "sigmoid-derivative", "output-delta", "hidden-delta", "chain-rule", "gradient-step")


def generate_deck(count: int) -> str:
    """A deck of `count` cards cycling through every kind, with text like the shipped decks'."""
    lines = [
        "deck: generated",
        'title: "Generated: 10,000 cards"',
        "description: every card kind, for the benchmark",
        "pools:",
        "  explanations:",
        *(f"    - Explanation number {n} of something in [0,1]" for n in range(12)),
        "cards:",
    ]
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        lines += [f"  - id: card-{n:05d}", f"    kind: {kind}", f"    tags: [topic-{n % 17}, generated]"]
        if kind in ("basic", "reversed"):
            lines += [
                f'    front: "Concept {n}: what does it do?"',
                f"    back: It does thing {n}, one step at a time.",
            ]
        elif kind == "cloze":
            lines += [
                "    context: |",
                "      error = y - output",
                "    text: |",
                f"      d_output_{n} = {{{{error * sigmoid_derivative(output)}}}}",
                f"      d_hidden_{n} = {{{{d_output.dot(weights_hidden_output.T)}}}} * sigmoid_derivative(h)",
            ]
        elif kind == "choice":
            lines += [f"    question: Which explanation fits concept {n}?", f"    answer: The right one for {n}"]
            lines += ["    wrong_from: explanations"] if n % 2 else ["    wrong: [First wrong, Second wrong, Third]"]
        elif kind == "typed":
            lines += [f"    question: Name thing {n}.", f"    answer: thing {n}", f'    accept: ["the thing {n}"]']
        elif kind == "order":
            lines += [f"    question: Order the steps ({n})", "    items: [forward, loss, backward, update]"]
        else:
            lines += [f"    template: {TEMPLATES[n % len(TEMPLATES)]}"]
        lines.append(f"    explain: Card {n} explained in a sentence or two.")
    return "\n".join(lines) + "\n"


def history(item_ids: list[str], reviews: int, now: datetime) -> dict:
    """A progress file where every item has been scheduled and `reviews` ratings were logged."""
    from backprop_study.cards.scheduler import Scheduler

    scheduler = Scheduler(fuzz=False)
    rng = random.Random(0)
    cards = {}
    log = []
    from backprop_study.store.progress import from_ms

    for n, item_id in enumerate(item_ids):
        when = now - timedelta(days=rng.randrange(1, 60))
        outcome = scheduler.review(item_id, None, rng.choice((3, 4)), when, 5.0)
        cards[item_id] = outcome.entry
        if n < reviews:
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
    while len(log) < reviews:
        log.append(dict(log[len(log) % len(item_ids)]))
    log.sort(key=lambda entry: entry["at"])
    return {"format": "backprop-study-progress", "version": 1, "cards": cards, "reviews": log}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "results-decks.md")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-decks-"))
    os.environ["HOME"] = str(tmp)
    os.environ["XDG_CACHE_HOME"] = str(tmp / ".cache")  # the parse cache starts empty, in here
    try:
        rows = run(tmp, args.cards, args.runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    baseline = statistics.median(rows[0][1])
    lines = [
        f"# Deck benchmark ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}, {args.cards:,} cards, median of {args.runs} runs, "
        "measured side by side.",
        f"Command: `python bench/bench_decks.py --cards {args.cards}`",
        "",
        "| what | median s | min s | x baseline | peak MiB | target | met |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    all_met = True
    for name, values, target in rows:
        median = statistics.median(values)
        peak = PEAKS.get(name)
        met = target is None or median <= target
        goal = f"<= {target:g} s" if target is not None else ""
        if target is not None and target >= 1.0 and peak is not None:  # the large run also has a memory target
            met = met and peak <= MEMORY_TARGET_MIB
            goal += f", <= {MEMORY_TARGET_MIB:g} MiB"
        all_met &= met
        verdict = ("yes" if met else "NO") if target is not None else ""
        shown_peak = f"{peak:.0f}" if peak is not None else ""
        figures = f"{median:.3f} | {min(values):.3f} | {median / baseline:.2f} | {shown_peak}"
        lines.append(f"| {name} | {figures} | {goal} | {verdict} |")
    lines += [
        "",
        "Building half a million small objects, Python's cycle collector runs again and again; the engine",
        "pauses it while it loads (none of those objects form cycles), hence the second baseline row.",
        "The cold path parses the YAML recording every node's line (for `file:line` messages) and checks",
        "every card; its result is cached per deck file, keyed by the file's bytes and the loader's code,",
        "so `study` pays it once per edit of a deck. The warm rows are what every start costs.",
    ]
    table = "\n".join(lines) + "\n"
    print(table)
    args.out.write_text(table, encoding="utf-8")
    print(f"written to {args.out}")
    return 0 if all_met else 1


# Each measurement runs in a fresh Python, as `study` does when it starts. A child prints two times:
# its imports (paid once per start, and mostly shared with the TUI, which imports re, dataclasses, pathlib
# and yaml anyway), then the work measured: from the load call to the first question ready to show.
CHILD_YAML = """
import sys, time
start = time.perf_counter()
import yaml
loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
import gc
imported = time.perf_counter()
if sys.argv[2] == "gc-paused":
    gc.disable()  # as the engine does while it builds objects
with open(sys.argv[1], encoding="utf-8") as handle:
    yaml.load(handle.read(), Loader=loader)
print(imported - start, time.perf_counter() - imported)
"""

CHILD_STUDY = """
import sys, time
start = time.perf_counter()
from datetime import datetime, timezone
from backprop_study.cards.decks import load_decks
from backprop_study.store.progress import ProgressStore
from backprop_study.cards.review import ReviewSession
imported = time.perf_counter()
decks = load_decks(sys.argv[1], cache=sys.argv[3] == "cache")
question = ReviewSession(ProgressStore(sys.argv[2]), decks).next(datetime.now(timezone.utc))
done = time.perf_counter()
assert question is not None and not decks.errors
with open("/proc/self/status", encoding="ascii") as status:  # this process's own peak memory
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
print(imported - start, done - imported, peak)
"""


def child(code: str, *args: str) -> tuple[float, float, float | None]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=os.environ)
    if done.returncode != 0:
        raise SystemExit(f"the measurement failed:\n{done.stderr}")
    values = done.stdout.strip().splitlines()[-1].split()
    return float(values[0]), float(values[1]), float(values[2]) if len(values) > 2 else None


def run(tmp: Path, count: int, runs: int) -> list[tuple[str, list[float], float | None]]:
    import yaml

    from backprop_study.cards.decks import load_decks
    from backprop_study.store.progress import ProgressStore

    folder = tmp / "quizzes"
    folder.mkdir()
    deck_file = folder / "generated.yaml"
    deck_file.write_text(generate_deck(count), encoding="utf-8")
    now = datetime.now(UTC)

    fresh = tmp / "fresh" / ".study"
    busy = tmp / "busy" / ".study"
    first = load_decks(folder)  # also fills the parse cache
    if first.errors:
        raise SystemExit(f"the generated deck has problems: {first.errors[:3]}")
    item_ids = [item.id for item in first.review_items()]
    busy.mkdir(parents=True)
    (busy / "progress.json").write_text(json.dumps(history(item_ids, 30_000, now)), encoding="utf-8")
    ProgressStore(busy).load()  # imported once into the progress database, as on an upgrade

    loader_name = "CSafeLoader (libyaml)" if yaml.__with_libyaml__ else "SafeLoader"
    measured: list[tuple[str, tuple[str, ...], float | None]] = [
        (f"baseline: the YAML alone, `yaml.load` with {loader_name}", (CHILD_YAML, str(deck_file), "plain"), None),
        (
            "the YAML alone, garbage collector paused as the engine does",
            (CHILD_YAML, str(deck_file), "gc-paused"),
            None,
        ),
        (
            "cold: parse with lines + check every card + first due card",
            (CHILD_STUDY, str(folder), str(fresh), "no-cache"),
            None,
        ),
        (
            "warm: load decks + first due card (new learner)",
            (CHILD_STUDY, str(folder), str(fresh), "cache"),
            0.3 if count <= 10_000 else None,
        ),
        (
            f"warm: load decks + first due card ({len(item_ids):,} items scheduled, 30,000 reviews logged)",
            (CHILD_STUDY, str(folder), str(busy), "cache"),
            1.0 if count >= 100_000 else None,  # issue 11: 100,000 cards, <= 1 s and <= 300 MiB
        ),
    ]
    samples: dict[str, list[float]] = {name: [] for name, _, _ in measured}
    imports: list[float] = []
    for _ in range(runs):
        for name, command, _ in measured:
            imported, work, peak = child(*command)
            samples[name].append(work)
            if peak is not None:
                PEAKS[name] = max(PEAKS.get(name, 0.0), peak)
            if command[0] is CHILD_STUDY:
                imports.append(imported)
    rows = [(name, samples[name], target) for name, _, target in measured]
    rows.append(("(once per start) importing the engine: decks, progress, review", imports, None))
    return rows


PEAKS: dict[str, float] = {}  # MiB, each measured process's own peak (VmHWM)
MEMORY_TARGET_MIB = 300.0  # issue 11, for the 100,000-card run with history


if __name__ == "__main__":
    sys.exit(main())
