"""Grades exercises/07_training_loop.py: train(), the lesson's loop, and its run from the lesson's weights."""

from __future__ import annotations

from backprop_study import checks
from backprop_study.checks import mistakes
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
RETURNS = ("weights_input_hidden", "weights_hidden_output", "output", "losses")
SHORT_RUN = 25


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
    )
    new_w1, new_w2, output, losses = checks.expect_tuple(RETURNS, got, "train")
    run = ref.train_lesson(
        case.X, case.y, (case.weights_input_hidden, case.weights_hidden_output), case.learning_rate, epochs
    )
    where = f"after {epochs} epochs"

    wrong_runs = [(m, *checks.run_steps(case, epochs, m.compute)) for m in mistakes.TRAINING] if name_mistakes else []
    for quantity, got_w, expected_w, index in (
        ("weights_hidden_output", new_w2, run.weights[1], 1),
        ("weights_input_hidden", new_w1, run.weights[0], 0),
    ):
        wrong = [
            checks.Variant(m.name, m.message, (c.weights_input_hidden, c.weights_hidden_output)[index])
            for m, c, _ in wrong_runs
        ]
        checks.expect(f"{quantity} {where}", got_w, expected_w, wrong, sizes=case.sizes, batch=case.N)

    losses = checks.as_array("losses", losses, "train")
    if losses.ndim != 1 or len(losses) != epochs:
        checks.fail(
            f"losses should hold one number per epoch, {epochs} in all; got shape {losses.shape}. "
            "Append ½ Σ (y − output)² once in every epoch."
        )
    loss_variants = [
        checks.Variant("mean", "you recorded a mean; the loss is ½ Σ (y − output)², a sum.", run.losses / case.N),
        checks.Variant("no_half", "you left out the ½: the loss is ½ Σ (y − output)².", 2 * run.losses),
        *(checks.Variant(m.name, m.message, wrong_losses) for m, _, wrong_losses in wrong_runs),
    ]
    if name_mistakes:
        _, longer = checks.run_steps(case, epochs + 1, lambda c: c.updated)
        late = "each loss is one epoch late: record the loss of the forward pass before that epoch's update."
        loss_variants.append(checks.Variant("recorded_after_update", late, longer[1:]))
    checks.expect(f"losses over {epochs} epochs", losses, run.losses, loss_variants)

    # The lesson prints the output of the last forward pass; the output of the final weights is as good.
    final_output = ref.forward(case.X, *run.weights)[1]
    checks.expect(f"output {where}", output, run.output, accept=final_output, sizes=case.sizes, batch=case.N)


@checks.after()
def test_training_loop() -> None:
    """Short runs match the reference for N, D, H that all differ."""
    for case in checks.lesson_cases(seed=70):
        _check_run(case, SHORT_RUN)


@checks.after(test_training_loop)
def test_the_run_of_the_lesson() -> None:
    """The lesson's XOR run from its starting weights (1,000 epochs here; main() shows all 10,000)."""
    W1, W2 = ref.lesson_weights()
    # Mistakes were named on the short runs already; here only the numbers are compared (keeps grading quick).
    _check_run(checks.Case(ref.XOR_X, ref.XOR_Y, W1, W2, 0.1), 1000, name_mistakes=False)
