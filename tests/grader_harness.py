"""The harness the mistake tests share: run a grader in-process on a (mutated) solution.

Each call writes the source as the learner's file into a scratch exercises/ folder beside a copy of
its grader, runs the grader's checks in order, and records each outcome with the message exactly
as the runner would show it.
"""

from __future__ import annotations

import importlib.util
import itertools
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from backprop_study.store.paths import shipped_exercises_dir, shipped_solutions_dir

EXERCISES = shipped_exercises_dir()
SOLUTIONS = shipped_solutions_dir()
# Each run loads the grader under a name of its own: the checks' "fix X first" outcomes are kept per module.
_runs = itertools.count()


@dataclass
class Outcome:
    test: str
    status: str  # "passed", "failed" or "skipped"
    message: str
    mistake: str | None = None  # the catalogued mistake the failure carries (what Review brings forward)


def grade(folder: Path, name: str, source: str) -> list[Outcome]:
    """Run grader `name` against `source` as the learner's file; the outcome of each check, in order."""
    exercises = folder / "exercises"
    (exercises / "graders").mkdir(parents=True, exist_ok=True)
    (exercises / f"{name}.py").write_text(source, encoding="utf-8")
    grader_path = exercises / "graders" / f"test_{name}.py"
    shutil.copy(EXERCISES / "graders" / f"test_{name}.py", grader_path)
    module_name = f"_grader_{name}_{next(_runs)}"
    spec = importlib.util.spec_from_file_location(module_name, grader_path)
    assert spec is not None and spec.loader is not None
    grader = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = grader
    try:
        spec.loader.exec_module(grader)
        outcomes = []
        for test_name, test in vars(grader).items():
            if not (test_name.startswith("test_") and callable(test)):
                continue
            try:
                test()
            except pytest.fail.Exception as exc:
                outcomes.append(Outcome(test_name, "failed", str(exc.msg), getattr(exc, "mistake", None)))
            except pytest.skip.Exception as exc:
                outcomes.append(Outcome(test_name, "skipped", str(exc.msg)))
            else:
                outcomes.append(Outcome(test_name, "passed", ""))
        return outcomes
    finally:
        sys.modules.pop(module_name, None)


def solution(name: str) -> str:
    return (SOLUTIONS / f"{name}.py").read_text(encoding="utf-8")


def mutate(name: str, *replacements: tuple[str, str]) -> str:
    source = solution(name)
    for old, new in replacements:
        assert source.count(old) == 1, f"{old!r} must appear exactly once in solutions/{name}.py"
        source = source.replace(old, new)
    return source


def first_failure(outcomes: list[Outcome]) -> Outcome:
    failures = [o for o in outcomes if o.status == "failed"]
    assert failures, f"expected the grader to fail, got {outcomes}"
    return failures[0]
