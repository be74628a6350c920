"""What the graders' machinery says, checked at each rule's edge: a cause is named only on evidence.

- shape messages read the axes (a table made by a stray transpose is not called "flat"; a flat input is
  named only when one was given), and find the learner's line that made the shape;
- a constant ratio is stated only for arrays with two or more nonzero elements, and only as a fact;
- with no catalogued match, the message gives the first wrong element and how many differ;
- runs are located at the first epoch where they part from the reference's;
- inputs changed in place, returned values in another order, and answers from the course's own code;
- every catalogue: no wrong answer equals the right one, and no two with different sentences coincide on
  the inputs the graders use (so a name is never a coin toss between two causes).
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from backprop_study import checks
from backprop_study.checks import beyond, mistakes, own_work, runs, shapes
from backprop_study.solutions import backprop as ref


def failure_of(action: Callable[[], Any]) -> str:
    """The message a check fails with (it must fail)."""
    with pytest.raises(pytest.fail.Exception) as caught:
        action()
    return str(caught.value.msg)


def learner_file(tmp_path: Path, source: str, name: str = "99_scratch") -> checks.ExerciseFile:
    """A learner's file beside a (fake) grader, as a workspace lays them out."""
    (tmp_path / "graders").mkdir(exist_ok=True)
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return checks.ExerciseFile(tmp_path / "graders" / f"test_{name}.py")


# ------------------------------------------------------------------ shapes


def test_a_table_from_a_stray_transpose_is_not_called_flat(tmp_path: Path) -> None:
    exercise = learner_file(
        tmp_path,
        """
        import numpy as np

        def d_output(error, slope):
            product = error * slope.T
            return product
        """,
    )
    error, slope = np.arange(1.0, 8.0).reshape(7, 1), np.linspace(0.1, 0.7, 7).reshape(7, 1)
    got = exercise.call("d_output", error, slope)
    message = failure_of(lambda: checks.expect("d_output", got, error * slope, sizes="N=7 samples"))
    assert "expected (7, 1) = (N, 1), got (7, 7) = (N, N)" in message
    assert "Its diagonal is the right answer" in message
    assert "came in flat" not in message, "no input was flat: that cause must not be named"
    assert "line 5 made it: `product = error * slope.T` (error (7, 1), slope.T (1, 7))" in message


def test_a_flat_input_is_named_when_one_was_given(tmp_path: Path) -> None:
    exercise = learner_file(tmp_path, "def error(y, output):\n    return y - output\n")
    y, output = np.arange(5.0), np.linspace(0, 1, 5).reshape(5, 1)
    got = exercise.call("error", y, output)
    message = failure_of(lambda: checks.expect("error", got, y.reshape(-1, 1) - output, sizes="N=5 samples"))
    assert "`y` came in flat, shape (N,): make it a column first" in message


def test_a_transposed_answer_and_a_lost_axis_are_told_apart() -> None:
    right = np.arange(6.0).reshape(3, 2) + 1
    transposed = failure_of(lambda: checks.expect("dW", right.T, right))
    assert "It is the right answer transposed" in transposed
    other = failure_of(lambda: checks.expect("dW", right.T + 1, right))
    assert "It is the right answer transposed" not in other and "other way round" in other
    column = right[:, :1]
    flat = failure_of(lambda: checks.expect("error", column.ravel(), column))
    assert "The numbers are right but an axis was lost" in flat


def test_operands_that_do_not_fit_are_shown_with_what_would_fit(tmp_path: Path) -> None:
    exercise = learner_file(
        tmp_path,
        """
        import numpy as np

        def back(delta, W, W_other):
            return delta @ W

        def wrong_layer(delta, W, W_other):
            return delta @ W_other.T
        """,
    )
    delta, W, W_other = np.ones((7, 2)), np.ones((5, 2)), np.ones((3, 4))
    missing = failure_of(lambda: exercise.call("back", delta, W, W_other))
    assert "`delta` is (7, 2) and `W` is (5, 2)" in missing
    assert "These would fit: `delta @ W.T`" in missing
    assert "missing .T" not in missing  # a fact about shapes, not a guess at the cause
    wrong = failure_of(lambda: exercise.call("wrong_layer", delta, W, W_other))
    assert "No transpose and no change of order makes these two fit" in wrong
    assert "would fit" not in wrong


# ------------------------------------------------------------------ ratios and the fallback


def test_a_single_number_never_gets_a_ratio() -> None:
    message = failure_of(lambda: checks.expect("loss", 0.119 * 3.0, 3.0))
    assert message == "loss is wrong: expected 3, got 0.357."
    assert "times" not in message


@pytest.mark.parametrize(
    ("factor", "sentence"),
    [
        (-1.0, "Every element is the right one with its sign flipped."),
        (1 / 7, "Every element is exactly 1/N = 1/7 of the right one."),
        (2.0, "Every element is exactly 2 times the right one."),
    ],
)
def test_a_constant_ratio_is_stated_as_a_fact(factor: float, sentence: str) -> None:
    right = np.linspace(1.0, 2.0, 14).reshape(7, 2)
    message = failure_of(lambda: checks.expect("d_hidden", right * factor, right, batch=7))
    assert sentence in message
    assert "?" not in message, "no guessed causes"


def test_one_nonzero_element_is_no_ratio() -> None:
    right = np.array([[0.0, 2.0, 0.0]])
    message = failure_of(lambda: checks.expect("db", right * 3, right))
    assert "times the right one" not in message


def test_the_fallback_says_how_many_elements_differ_and_the_first() -> None:
    right = np.arange(12.0).reshape(3, 4)
    got = right.copy()
    got[1, 2] += 0.5
    got[2, 3] -= 4.0
    message = failure_of(lambda: checks.expect("dW1", got, right, sizes="D=3 inputs, H=4 hidden units"))
    assert message.splitlines() == [
        "dW1 is wrong (its shape (3, 4) = (D, H) is right).",
        "  2 of 12 elements differ; the first is [1, 2]: expected 6, got 6.5",
        "  the largest error is 4, at [2, 3] (expected 11, got 7)",
    ]


def test_a_catalogued_sentence_wins_only_when_it_matches() -> None:
    right = np.array([1.0, 2.0, 3.0])
    variants = [checks.Variant("doubled", "you doubled it.", 2 * right)]
    assert failure_of(lambda: checks.expect("g", 2 * right, right, variants)) == "g: you doubled it."
    near = failure_of(lambda: checks.expect("g", 2 * right + 0.01, right, variants))
    assert "doubled" not in near


# ------------------------------------------------------------------ runs


def test_a_run_is_located_at_the_first_epoch_it_parts() -> None:
    expected = np.array([5.0, 4.0, 3.0, 2.5, 2.0])
    got = np.array([5.0, 4.0, 3.1, 2.6, 2.1])
    message = failure_of(lambda: runs.check_history("losses", got, expected, function="train"))
    assert "agrees with the reference's for epochs 0 to 1 and parts at epoch 2" in message
    assert "the step taken in epoch 1 is the first that differs" in message
    first = failure_of(lambda: runs.check_history("losses", expected + 1, expected, function="train"))
    assert "differs from the first epoch on" in first


def test_a_history_of_the_wrong_length_says_which_part_matches() -> None:
    expected = np.array([5.0, 4.0, 3.0, 2.0])
    short = failure_of(lambda: runs.check_history("losses", expected[:3], expected, function="train"))
    assert "They are the first 3: the loop stops 1 epoch(s) early." in short
    late = failure_of(lambda: runs.check_history("losses", expected[1:], expected, function="train"))
    assert "They are the last 3: the first epoch(s) are missing." in late
    extra = failure_of(lambda: runs.check_history("losses", [*expected, 1.0], expected, function="train"))
    assert "The first 4 are right; the other 1 come after the last epoch." in extra


def test_a_single_precision_run_passes_a_long_comparison_but_not_a_wrong_one() -> None:
    expected = np.linspace(1.0, 0.1, 700)
    drift = expected * (1 + 1e-5)
    runs.check_history("losses", drift, expected, function="train", rtol=1e-4)
    failure_of(lambda: runs.check_history("losses", drift, expected, function="train"))
    failure_of(lambda: runs.check_history("losses", expected * 1.01, expected, function="train", rtol=1e-4))


# ------------------------------------------------------------------ inputs, order, own work


def test_changing_an_input_in_place_is_named_unless_allowed(tmp_path: Path) -> None:
    exercise = learner_file(tmp_path, "def step(W, rate):\n    W -= rate\n    return W\n")
    message = failure_of(lambda: exercise.call("step", np.ones((2, 3)), 0.5))
    assert message.startswith("step() changed its input `W` in place (`W[0, 0]` went from 1 to 0.5)")
    assert np.allclose(exercise.call("step", np.ones((2, 3)), 0.5, may_change=("W",)), 0.5)


def test_returned_values_in_another_order_are_recognised_by_value_and_by_shape() -> None:
    a, b = np.ones((3, 1)), np.zeros((3, 1))
    by_value = failure_of(lambda: checks.check_order(("a", "b"), (b, a), (a, b), "f"))
    assert by_value == "f() returned its values in another order: (b, a). Return (a, b)."
    wide = np.ones((2, 3))
    by_shape = failure_of(lambda: checks.check_order(("a", "w"), (wide + 5, a + 5), (a, wide), "f"))
    assert "(w, a)" in by_shape
    checks.check_order(("a", "b"), (a + 1, b + 1), (a, b), "f")  # wrong values in the right places: not an order


def test_the_solutions_imported_are_refused_and_the_toolkit_is_not(tmp_path: Path) -> None:
    refused = learner_file(tmp_path, "from backprop_study.solutions.backprop import sigmoid\n", "98_imports")
    assert "takes in the course's solutions (from backprop_study.solutions.backprop import sigmoid)" in failure_of(
        refused.module
    )
    allowed = learner_file(tmp_path, "from backprop_study import toolkit\n\ndef f(x):\n    return x\n", "97_tool")
    assert allowed.module() is not None


def test_a_reference_function_as_the_answer_is_refused(tmp_path: Path) -> None:
    exercise = learner_file(
        tmp_path,
        """
        from backprop_study import toolkit

        numerical_gradient = toolkit.numerical_gradient

        def through(f, x, h=1e-5):
            return toolkit.numerical_gradient(f, x, h)
        """,
    )
    assigned = failure_of(lambda: exercise.function("numerical_gradient"))
    assert assigned.startswith("numerical_gradient() gets its answer from the course's reference code")
    x = np.ones(3)
    called = failure_of(lambda: checks.call_in_place(exercise.function("through"), lambda: 1.0, x, exercise=exercise))
    assert "backprop_study.toolkit.numerical_gradient, called at 99_scratch.py line 7" in called


def test_given_code_may_use_the_toolkit() -> None:
    """Exercise 11's forward and backward are given wrappers around the toolkit: not learner answers."""
    given = own_work.given_functions("11_vanishing_gradients")
    assert {"forward", "backward"} <= given
    assert "gradient_norms" not in given


# ------------------------------------------------------------------ the catalogues themselves

LESSON_RIGHT: dict[str, Callable[[checks.Case], Any]] = {
    "hidden_output": lambda c: c.hidden_output,
    "output": lambda c: c.output,
    "error": lambda c: c.error,
    "squared_error": lambda c: ref.squared_error(c.y, c.output),
    "loss_gradient": lambda c: -c.error,
    "d_output": lambda c: c.d_output,
    "d_hidden": lambda c: c.d_hidden,
    "weights_hidden_output": lambda c: c.updated[1],
    "weights_input_hidden": lambda c: c.updated[0],
}
# Pairs that coincide on some input by mathematics, whose first sentence is true of both.
SAME_NUMBERS = {
    ("bias_not_summed", "bias_wrong_axis_keepdims"),  # a one-column delta: summing over axis 1 sums nothing
}


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal as the graders judge answers (checks.RTOL, checks.ATOL)."""
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=checks.RTOL, atol=checks.ATOL))


def _distinct(values: list[tuple[str, str, np.ndarray]], right: np.ndarray, where: str) -> None:
    for name, _, value in values:
        assert not _same(value, right), f"{where}: {name} is right"
    for (a, message_a, va), (b, message_b, vb) in itertools.combinations(values, 2):
        if message_a == message_b or (a, b) in SAME_NUMBERS:
            continue
        assert not _same(va, vb), f"{where}: {a} and {b} coincide"


@pytest.mark.parametrize("quantity", list(LESSON_RIGHT))
def test_each_lesson_mistake_differs_from_the_answer_and_the_others(quantity: str) -> None:
    for seed in (20, 30, 40, 50, 60, 70):  # the graders' cases
        for case in checks.lesson_cases(seed=seed):
            values = [(m.name, m.message, np.asarray(m.compute(case), dtype=float)) for m in mistakes.LESSON[quantity]]
            _distinct(values, np.asarray(LESSON_RIGHT[quantity](case), dtype=float), f"{quantity} seed {seed}")


def test_each_training_mistake_makes_its_own_run() -> None:
    for case in checks.lesson_cases(seed=70):
        runs_of = [(m.name, m.message, checks.run_steps(case, 25, m.compute)[1]) for m in mistakes.TRAINING]
        _distinct(runs_of, checks.run_steps(case, 25, lambda c: c.updated)[1], "07 losses")


@pytest.mark.parametrize("quantity", list(mistakes.BIASES))
def test_each_bias_mistake_differs_from_the_answer_and_the_others(quantity: str) -> None:
    for seed in (80, 95, 97):
        for case in beyond.bias_cases(seed=seed):
            right = {"08 hidden_output": case.hidden, "08 output": case.output}
            right.update({f"08 {k}": v for k, v in case.grads.items()})
            values = [(m.name, m.message, np.asarray(m.compute(case), dtype=float)) for m in mistakes.BIASES[quantity]]
            _distinct(values, right[quantity], f"{quantity} seed {seed}")


@pytest.mark.parametrize("output", ["sigmoid", "linear"])
def test_each_deep_mistake_changes_some_gradient_and_no_two_coincide(output: str) -> None:
    """Both output layers exercise 12 may have (a sigmoid, or the toolkit's linear one). For relu, f'(z) and
    f'(a) agree; a sigmoid net's slope is the sigmoid's; with one output, y.size is N: no mistakes there."""
    same_for = {
        "relu": {"derivative_of_pre_activation"},
        "sigmoid": {"sigmoid_slope_everywhere", "hidden_slope_at_output", "sigmoid_slope_at_linear_output"},
    }
    for case in beyond.deep_cases(output=output):
        for layer, which in itertools.product(range(len(case.params)), (0, 1)):
            variants = beyond.deep_variants(case, layer, which)
            right = case.grads[layer][which]
            changed = [v for v in variants if not (np.shape(v.value) == right.shape and np.allclose(v.value, right))]
            assert changed, (case.activation, layer, which)
        for name, _, compute in mistakes.deep_mistakes(case.output):
            if name in same_for.get(case.activation, set()):
                continue
            if name == "divided_by_every_entry" and case.y.shape[1] == 1:
                continue
            grads = compute(case)
            assert any(
                np.shape(g) != np.shape(r) or not np.allclose(g, r)
                for pair, right_pair in zip(grads, case.grads, strict=True)
                for g, r in zip(pair, right_pair, strict=True)
            ), (case.activation, name)


def test_every_catalogued_sentence_is_one_short_sentence() -> None:
    """Messages stay short: the learner reads one sentence per mistake."""
    sentences: list[str] = []
    for catalogue in (mistakes.LESSON, mistakes.BIASES):
        sentences += [m.message for listed in catalogue.values() for m in listed]
    sentences += [m.message for m in mistakes.TRAINING]
    for catalogue in (
        mistakes.LEARNING_RATE,
        mistakes.VANISHING,
        mistakes.OVERFITTING,
        mistakes.SOFTMAX,
        mistakes.DIAGNOSE,
        mistakes.NUMERICAL_GRADIENT,
        mistakes.CHECK_GRADIENTS,
        mistakes.BIAS_STEPS,
        mistakes.SUM_LOSS_RECORDED,
        mistakes.DEEP,
        mistakes.DEEP_FORWARD,
    ):
        sentences += list(catalogue.values())
    sentences += [message for message, _ in mistakes.RELATIVE_ERROR.values()]
    for sentence in sentences:
        assert "\n" not in sentence and len(sentence) < 300, sentence
        assert "?" not in sentence, f"a sentence that guesses: {sentence}"


def test_shape_names_come_from_sizes_that_differ() -> None:
    assert shapes.axis_names("N=7 samples, D=3 inputs, H=5 hidden units") == {7: "N", 3: "D", 5: "H"}
    assert shapes.axis_names("N=4 samples, D=4 inputs") == {}, "a size shared by two axes names neither"
    assert shapes.named((7, 1), {7: "N"}) == "(7, 1) = (N, 1)"
    assert shapes.named((7, 2), {7: "N"}) == "(7, 2)"
