"""What the loop's tests share: a small deck whose cards name catalogued mistakes (and one of exercise
04's concept cards), and grading results as the graders record them."""

from __future__ import annotations

from datetime import UTC, datetime

from backprop_study.grading.result import ExerciseResult, TestResult

SIGN = "LESSON:d_output:flipped_sign"
SLOPE = "LESSON:d_hidden:derivative_of_pre_activation"
DECK = """\
deck: loop-test
title: Loop test
cards:
  - id: about-the-sign
    kind: basic
    front: Which sign does the lesson's error have?
    back: error = y - output
    mistakes: ["LESSON:*:flipped_sign"]
  - id: about-the-slope
    kind: basic
    front: Which value does sigmoid_derivative take?
    back: the activation
    mistakes: ["LESSON:*:derivative_of_pre_activation"]
  - id: code-d-output
    kind: basic
    front: What is d_output in the lesson's code?
    back: error * sigmoid_derivative(output)
  - id: unrelated
    kind: basic
    front: Something else
    back: Not about a mistake
"""


def failed(exercise: str, mistake: str | None, when: datetime | None = None) -> ExerciseResult:
    """A failed check whose first failure names `mistake` (or none)."""
    test = TestResult("test_x", "graders/x.py::test_x", "failed", "wrong", "", mistake)
    stamp = (when or datetime.now(UTC)).isoformat(timespec="seconds")
    return ExerciseResult(exercise, "failed", (test,), "wrong", test.name, "", 0.1, stamp)


def passed(exercise: str, when: datetime | None = None) -> ExerciseResult:
    stamp = (when or datetime.now(UTC)).isoformat(timespec="seconds")
    return ExerciseResult(exercise, "passed", (), None, None, "", 0.1, stamp)
