"""How the graders in exercises/graders/ behave (read this before writing one).

`pytest exercises/` in a workspace grades the learner's exercise files and
nothing else: each grader `graders/test_NN_slug.py` loads `NN_slug.py` by path
(backprop_study.checks.ExerciseFile), calls its functions on seeded inputs
whose sizes all differ, and compares them with the reference,
`solutions/backprop.py`.

One failure at a time. A check that builds on an earlier one is decorated with
`@checks.after(test_earlier)`: while `test_earlier` fails (or was itself
skipped), the later check is skipped with "fix <earlier> first", so a wrong
d_output does not also produce a wall of failures further down. A file that
does not load fails once; its other checks are skipped the same way. The rule
lives in backprop_study.checks, not in this file, so it holds however pytest is
started (even from inside graders/, where pytest does not read this conftest).

Messages: every failure is `pytest.fail(message, pytrace=False)` with a short,
self-contained message; the runner shows it as is. A cause is named only on
evidence: the answer equals a catalogued wrong answer
(backprop_study/checks/mistakes.py), or a check built to isolate one rule (a
run on that rule's boundary) got it wrong. Otherwise the message says what
differs and where: which axes of a shape (and the line that made it), how many
elements differ and the first of them, the first epoch at which a run parts
from the reference's. Inputs must come back unchanged, and answers taken from
the course's own code are refused.

Adding a mistake: its sentence and how to compute it go in mistakes.py; a
learner's file with exactly that mistake, and near misses that must not get its
name, go in tests/submissions/NN_slug/ (see tests/test_submissions.py).

Adding an exercise: add `NN_slug.py` here, its solved twin in solutions/, a
grader `graders/test_NN_slug.py`, and its entry in course.yaml (see the comment
at the top of that file).
"""

from __future__ import annotations

import sys

import pytest

# Grading must not add files next to the learner's exercises (graders load
# them by path).
sys.dont_write_bytecode = True

# The exercise files are not tests; only graders/test_*.py are collected.
collect_ignore_glob = ["[0-9][0-9]_*.py"]


def pytest_report_header(config: pytest.Config) -> str:
    return (
        "grading the exercise files beside exercises/graders/ "
        "against solutions/backprop.py"
    )
