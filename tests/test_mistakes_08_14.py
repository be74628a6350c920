"""The graders of exercises 08-14: one failure at a time, the starting files, and what the course promises.

The mistakes themselves (each named, each near-miss not) are the submission corpus, tests/submissions/,
run by tests/test_submissions.py; the catalogues' own consistency is tests/test_checks_messages.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from grader_harness import EXERCISES, SOLUTIONS, first_failure, grade, mutate, solution

from backprop_study import checks
from backprop_study.checks import beyond
from backprop_study.solutions import backprop as ref

B, G, LR, D = "08_biases", "09_gradient_checking", "10_learning_rate", "11_vanishing_gradients"
DEEP, OF, SM = "12_deep_network", "13_overfitting", "14_softmax_spiral"
DOWN_12 = "delta = delta @ W.T * derivative(a_below)"  # the chain rule, one layer down


def test_a_wrong_gradient_shows_once_and_training_waits(tmp_path: Path) -> None:
    source = mutate(B, ("dW2 = hidden_output.T @ delta_output", "dW2 = hidden_output.T @ delta_output / len(X)"))
    outcomes = grade(tmp_path, B, source)
    assert [o.status for o in outcomes] == ["passed", "failed", "skipped", "skipped"]
    assert outcomes[2].message == "runs once “gradients” passes"


def test_an_unknown_mistake_is_described_with_its_first_wrong_element(tmp_path: Path) -> None:
    source = mutate(DEEP, (DOWN_12, "delta = delta @ W.T * derivative(a_below) * 1.5 + 0.001"))
    message = first_failure(grade(tmp_path, DEEP, source)).message
    assert message.startswith("dW_2 (layer 2 of 3) is wrong (its shape (5, 4) is right).")
    assert "elements differ; the first is [0, 0]: expected " in message and "the largest error is " in message


@pytest.mark.parametrize("name", [B, G, LR, D, DEEP, OF, SM])
def test_untouched_todos_say_not_written_yet(name: str, tmp_path: Path) -> None:
    source = (EXERCISES / f"{name}.py").read_text(encoding="utf-8")
    outcomes = grade(tmp_path, name, source)
    first = first_failure(outcomes)
    assert "is not written yet: replace `raise NotImplementedError` with your code" in first.message
    assert f"({name}.py line " in first.message


def test_the_planted_bug_as_shipped_is_the_one_recognised(tmp_path: Path) -> None:
    """Exercise 09's starting backward, with the rest solved: named as the planted bug, on dW1 first."""
    shipped = (EXERCISES / f"{G}.py").read_text(encoding="utf-8")
    start = shipped.index("def backward(")
    end = shipped.index("\ndef ", start + 1)
    source = solution(G) + "\n\n" + shipped[start:end]
    outcomes = grade(tmp_path, G, source)
    failed = [o for o in outcomes if o.status == "failed"]
    assert [o.test for o in failed] == ["test_backward_fixed"], outcomes
    assert failed[0].message.startswith("dW1: backward still has the planted bug")


@pytest.mark.parametrize("name", [B, G, LR, D, DEEP, OF, SM])
def test_the_solution_passes_every_check(name: str, tmp_path: Path) -> None:
    outcomes = grade(tmp_path, name, solution(name))
    assert outcomes and all(o.status == "passed" for o in outcomes), outcomes


# ---------------------------------------------------------------- what the course promises


def _load_solution(name: str):
    return checks.load_exercise(SOLUTIONS / f"{name}.py")


def test_the_biased_net_reaches_every_xor_target_within_0_1() -> None:
    module = _load_solution(B)
    for learning_rate, epochs in ((1.0, 700), (0.1, 7_000)):
        (W1, b1, W2, b2), losses = module.train(ref.XOR_X, ref.XOR_Y, module.init_params(), learning_rate, epochs)
        output = module.forward_with_biases(ref.XOR_X, W1, b1, W2, b2)[1]
        assert np.all(np.abs(output - ref.XOR_Y) < 0.1), (learning_rate, output.ravel())
        assert losses[-1] < losses[0]


def test_the_lesson_net_without_biases_cannot_get_there() -> None:
    """The reason exercise 08 exists: the same starting point without biases stays far from the targets."""
    run = ref.train_lesson(epochs=10_000)
    assert np.any(np.abs(run.output - ref.XOR_Y) > 0.2)
    hidden = ref.forward(np.zeros((1, 2)), *ref.lesson_weights())[0]
    assert np.allclose(hidden, 0.5)


def test_the_exercise_starts_from_the_references_weights() -> None:
    for got, expected in zip(_load_solution(B).init_params(), ref.xor_weights_with_biases(), strict=True):
        assert np.array_equal(got, expected)


def test_the_learning_rate_regimes_are_what_the_exercise_says() -> None:
    module = _load_solution(LR)
    X, y = module.make_data()
    limit, target = module.largest_stable_rate(X), 1.01 * module.best_loss(X, y)
    names = []
    for fraction in (0.01, 0.4, 0.97, 1.05):
        losses, weights = module.gradient_descent(X, y, fraction * limit, 200)
        names.append(module.diagnose(losses, weights, target))
    assert names == ["too small", "good", "oscillates", "diverges"]


def test_the_deep_sigmoid_net_vanishes_and_relu_with_he_does_not() -> None:
    module = _load_solution(D)
    rng = np.random.default_rng(11)
    X, y = rng.standard_normal((32, 10)), (rng.random((32, 1)) > 0.5).astype(float)
    sizes = [10] + [30] * 8 + [1]

    def norms(activation: str, scale: float | str) -> list[float]:
        params = module.init_network(sizes, seed=0, scale=scale, activation=activation)
        return module.gradient_norms(module.backward(params, module.forward(params, X, activation), y, activation))

    sigmoid, relu_he, relu_big = norms("sigmoid", "auto"), norms("relu", "auto"), norms("relu", 1.0)
    assert sigmoid[0] < 1e-3 * sigmoid[-1]  # vanishing: the first layer barely learns
    assert 0.1 < relu_he[0] / relu_he[-1] < 10  # steady
    assert min(relu_big) > 1e6  # exploding
    # and clipping caps the exploding step's length at max_norm, keeping its direction
    grads = module.backward(
        module.init_network(sizes, 0, 1.0, "relu"),
        module.forward(module.init_network(sizes, 0, 1.0, "relu"), X, "relu"),
        y,
        "relu",
    )
    clipped, total = module.clip_by_global_norm(grads, 1.0)
    assert total > 1e6
    assert np.isclose(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in clipped)), 1.0)
    assert np.allclose(clipped[0][0] * total, grads[0][0])


def test_the_deep_exercise_agrees_with_the_reference_for_every_activation() -> None:
    module = _load_solution(DEEP)
    for case in beyond.deep_cases(seed=21):
        activations = module.network_forward(case.params, case.X, case.activation)
        for got, expected in zip(activations, case.activations, strict=True):
            assert np.allclose(got, expected)
        for (dW, db), (eW, eb) in zip(
            module.network_gradients(case.params, activations, case.y, case.activation), case.grads, strict=True
        ):
            assert np.allclose(dW, eW) and np.allclose(db, eb)


def test_weight_decay_and_early_stopping_help_on_the_noisy_curve() -> None:
    """The overfitting exercise shows what it claims: validation loss rises without help, and both remedies help."""
    module = _load_solution(OF)
    X, y = module.noisy_data(20, seed=1)
    X_train, y_train, X_val, y_val = module.split(X, y, 0.5, seed=0)

    def run(weight_decay: float) -> tuple[float, float]:
        params = module.init_params(50, seed=0)
        val = []
        for _ in range(4000):
            grads = module.add_weight_decay(module.gradients(params, X_train, y_train), params, weight_decay)
            params = [(W - 0.05 * dW, b - 0.05 * db) for (W, b), (dW, db) in zip(params, grads, strict=True)]
            val.append(module.mse(params, X_val, y_val))
        return min(val), val[-1]

    best_plain, last_plain = run(0.0)
    _, last_decayed = run(0.003)
    assert last_plain > 1.1 * best_plain  # overfitting: the validation loss climbs back up
    assert last_decayed < last_plain  # weight decay keeps it lower


def test_minibatch_sgd_learns_the_spiral_and_a_linear_model_cannot() -> None:
    module = _load_solution(SM)
    X, labels = module.spiral_data(100, 3, seed=0)
    accuracy = {}
    for hidden in (0, 64):
        sizes = [2, hidden, 3] if hidden else [2, 3]
        params, _ = module.train_sgd(module.init_network(sizes, seed=0), X, labels, 1.0, 60, 32)
        accuracy[hidden] = module.accuracy(params, X, labels)
    assert accuracy[64] > 0.9 and accuracy[0] < 0.7
