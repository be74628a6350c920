"""Grades exercises/07_training_loop.py: train(), the lesson's loop, and its run from the lesson's weights.

Runs are compared epoch by epoch: the losses first (a wrong step shows there, at the epoch where the run
parts from the reference's), then the final weights and the output. Short runs use three learning rates and
sizes that all differ; every catalogued wrong step is replayed for as many epochs, so a wrong run is named.
"""

from __future__ import annotations

import functools

import numpy as np

from backprop_study import checks
from backprop_study.checks import mistakes, runs
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
RETURNS = ("weights_input_hidden", "weights_hidden_output", "output", "losses")
# The lesson updates its weights in place (`+=`): a loop written that way is the lesson's loop.
LESSON_UPDATES_IN_PLACE = ("weights_input_hidden", "weights_hidden_output")
SHORT_RUN = 25
RATES = (0.5, 0.3, 0.1)  # one per case: a step with no rate, or the rate twice, cannot hide


def _right_step(case: checks.Case) -> tuple[np.ndarray, np.ndarray]:
    return case.updated


class _WrongRuns:
    """Every catalogued wrong loop replayed for as many epochs, computed only when a run is wrong."""

    def __init__(self, case: checks.Case, epochs: int) -> None:
        self.case, self.epochs = case, epochs

    @functools.cached_property
    def runs(self) -> list[tuple[checks.Mistake, checks.Case, np.ndarray]]:
        return [(m, *checks.run_steps(self.case, self.epochs, m.compute)) for m in mistakes.TRAINING]

    def loss_variants(self) -> list[checks.Variant]:
        case, epochs = self.case, self.epochs
        right = checks.run_steps(case, epochs + 1, _right_step)[1]
        mean_absolute = checks.run_measure(case, epochs, lambda c: float(np.mean(np.abs(c.error))))
        return [
            *runs.loss_variants(right[:-1], right[1:], case.N, mistakes.SUM_LOSS_RECORDED),
            checks.Variant("mean_absolute", mistakes.SUM_LOSS_RECORDED["mean_absolute"], mean_absolute),
            *(checks.Variant(m.name, m.message, losses) for m, _, losses in self.runs),
        ]

    def weight_variants(self, index: int) -> list[checks.Variant]:
        wrong = [
            checks.Variant(m.name, m.message, (c.weights_input_hidden, c.weights_hidden_output)[index])
            for m, c, _ in self.runs
        ]
        final = checks.run_steps(self.case, self.epochs + 1, _right_step)[0]
        one_more = (final.weights_input_hidden, final.weights_hidden_output)[index]
        return [*wrong, checks.Variant("one_step_more", mistakes.TRAINING_ONE_STEP_MORE, one_more)]


def _check_run(case: checks.Case, epochs: int, name_mistakes: bool = True) -> None:
    """Compare a run with the reference; `name_mistakes` also replays each catalogued wrong loop (slower)."""
    got = exercise.call(
        "train",
        case.X,
        case.y,
        case.weights_input_hidden,
        case.weights_hidden_output,
        case.learning_rate,
        epochs,
        hints=[checks.MATMUL_HINT],
        may_change=LESSON_UPDATES_IN_PLACE,
    )
    values = checks.expect_tuple(RETURNS, got, "train")
    run = ref.train_lesson(
        case.X, case.y, (case.weights_input_hidden, case.weights_hidden_output), case.learning_rate, epochs
    )
    checks.check_order(RETURNS, values, (*run.weights, run.output, run.losses), "train")
    new_w1, new_w2, output, losses = values
    where = f"after {epochs} epochs at learning rate {case.learning_rate}"
    # A long run in single precision drifts from the reference; a wrong step parts from it at once.
    rtol = checks.RTOL if name_mistakes else 1e-4

    wrong = _WrongRuns(case, epochs) if name_mistakes else None
    runs.check_history(
        f"losses ({epochs} epochs, learning rate {case.learning_rate})",
        losses,
        run.losses,
        wrong.loss_variants if wrong else (),
        function="train",
        recorded="each loss is taken before that epoch's update",
        rtol=rtol,
    )
    for quantity, got_w, expected_w, index in (
        ("weights_hidden_output", new_w2, run.weights[1], 1),
        ("weights_input_hidden", new_w1, run.weights[0], 0),
    ):
        variants = functools.partial(wrong.weight_variants, index) if wrong else ()
        checks.expect(f"{quantity} {where}", got_w, expected_w, variants, sizes=case.sizes, batch=case.N, rtol=rtol)

    # The lesson prints the output of the last forward pass; the output of the final weights is as good.
    final_output = ref.forward(case.X, *run.weights)[1]
    start = checks.Variant("output_at_start", mistakes.TRAINING_OUTPUT_AT_START, case.output)
    checks.expect(
        f"output {where}", output, run.output, [start], accept=final_output, sizes=case.sizes, batch=case.N, rtol=rtol
    )


def _cases() -> list[checks.Case]:
    return [
        checks.Case(c.X, c.y, c.weights_input_hidden, c.weights_hidden_output, rate)
        for c, rate in zip(checks.lesson_cases(seed=70), RATES, strict=True)
    ]


@checks.after()
def test_training_loop() -> None:
    """Short runs match the reference for N, D, H that all differ, at three learning rates."""
    for case in _cases():
        _check_run(case, SHORT_RUN)


@checks.after(test_training_loop)
def test_the_run_of_the_lesson() -> None:
    """The lesson's XOR run from its starting weights (1,000 epochs here; main() shows all 10,000)."""
    W1, W2 = ref.lesson_weights()
    # Mistakes were named on the short runs already; here only the numbers are compared (keeps grading quick).
    _check_run(checks.Case(ref.XOR_X, ref.XOR_Y, W1, W2, 0.1), 1000, name_mistakes=False)
