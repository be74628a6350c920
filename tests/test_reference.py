"""The reference (`solutions/backprop.py`): the lesson's run, and every gradient against finite differences."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest

from backprop_study.solutions import backprop as bp

GRADIENT_TOLERANCE = 1e-7  # norm-relative, float64 (a correct gradient scores ~1e-10, a wrong one > 1e-2)


# ------------------------------------------------------------- the lesson


def lesson_as_written(epochs: int = 10_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The lesson's code, line for line (global seed and all), to compare the reference with."""
    state = np.random.get_state()
    try:
        np.random.seed(42)
        weights_input_hidden = np.random.rand(2, 2)
        weights_hidden_output = np.random.rand(2, 1)
    finally:
        np.random.set_state(state)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    y = np.array([[0], [1], [1], [0]])
    output = None
    for _ in range(epochs):
        hidden_output = 1 / (1 + np.exp(-np.dot(X, weights_input_hidden)))
        output = 1 / (1 + np.exp(-np.dot(hidden_output, weights_hidden_output)))
        error = y - output
        d_output = error * (output * (1 - output))
        d_hidden = d_output.dot(weights_hidden_output.T) * (hidden_output * (1 - hidden_output))
        weights_hidden_output += hidden_output.T.dot(d_output) * 0.1
        weights_input_hidden += X.T.dot(d_hidden) * 0.1
    return output, weights_input_hidden, weights_hidden_output


@pytest.fixture(scope="module")
def lesson_run() -> bp.TrainingRun:
    return bp.train_lesson()


def test_lesson_run_prints_the_lessons_final_output(lesson_run: bp.TrainingRun) -> None:
    np.testing.assert_allclose(lesson_run.output.ravel(), [0.204, 0.736, 0.736, 0.344], atol=1e-3)
    assert lesson_run.losses.shape == (10_000,)
    assert lesson_run.losses[-1] < lesson_run.losses[0]


def test_lesson_run_matches_the_lessons_code_line_for_line(lesson_run: bp.TrainingRun) -> None:
    output, W1, W2 = lesson_as_written()
    np.testing.assert_allclose(lesson_run.output, output, rtol=0, atol=1e-12)
    np.testing.assert_allclose(lesson_run.weights[0], W1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(lesson_run.weights[1], W2, rtol=0, atol=1e-12)


def test_lesson_classifies_xor_but_never_nears_the_targets(lesson_run: bp.TrainingRun) -> None:
    predictions = (lesson_run.output > 0.5).astype(float)
    assert np.array_equal(predictions, bp.XOR_Y)
    assert np.abs(lesson_run.output - bp.XOR_Y).max() > 0.2


def test_without_biases_input_00_always_gives_hidden_one_half() -> None:
    rng = np.random.default_rng(0)
    for _ in range(5):
        W1 = rng.normal(size=(2, 2)) * 10
        W2 = rng.normal(size=(2, 1))
        hidden_output, _ = bp.forward(bp.XOR_X, W1, W2)
        np.testing.assert_array_equal(hidden_output[0], [0.5, 0.5])


def test_lesson_weights_leave_the_global_generator_alone() -> None:
    np.random.seed(7)
    expected = np.random.rand(3)
    np.random.seed(7)
    W1, W2 = bp.lesson_weights()
    assert np.array_equal(np.random.rand(3), expected)
    np.random.seed(42)
    assert np.array_equal(W1, np.random.rand(2, 2))
    assert np.array_equal(W2, np.random.rand(2, 1))


def test_with_biases_every_xor_output_gets_within_0_1() -> None:
    run = bp.train_with_biases(bp.XOR_X, bp.XOR_Y, bp.xor_weights_with_biases(), learning_rate=1.0, epochs=2000)
    assert np.abs(run.output - bp.XOR_Y).max() < 0.1
    lesson = bp.train_lesson(epochs=2000, learning_rate=1.0)
    assert np.abs(lesson.output - bp.XOR_Y).max() > 0.1


def test_bias_parameters_are_drawn_w1_b1_w2_b2() -> None:
    rng = np.random.default_rng(42)
    expected = [rng.random((2, 3)), rng.random((1, 3)), rng.random((3, 1)), rng.random((1, 1))]
    for got, want in zip(bp.xor_weights_with_biases(42, hidden=3), expected, strict=True):
        assert np.array_equal(got, want)


# ------------------------------------------------- the direction of the update


def test_lessons_update_is_minus_the_gradient_of_half_the_sum_of_squares() -> None:
    """`W += lr * X.T @ d_hidden` is `W -= lr * dL/dW` for L = ½Σ(y−o)² (a sum over the batch, not a mean)."""
    rng = np.random.default_rng(3)
    X, y = rng.random((7, 3)), rng.random((7, 1))
    W1, W2 = rng.normal(size=(3, 5)), rng.normal(size=(5, 1))

    hidden_output, output = bp.forward(X, W1, W2)
    d_output = bp.output_delta(bp.output_error(y, output), output)
    d_hidden = bp.hidden_delta(d_output, W2, hidden_output)
    lr = 0.1
    new_W1, new_W2 = bp.update_weights(X, hidden_output, d_output, d_hidden, W1, W2, lr)

    def loss() -> float:
        return bp.squared_error(y, bp.forward(X, W1, W2)[1])

    dL_dW1 = bp.numerical_gradient(loss, W1)
    dL_dW2 = bp.numerical_gradient(loss, W2)
    assert bp.relative_error((new_W1 - W1) / lr, -dL_dW1) < GRADIENT_TOLERANCE
    assert bp.relative_error((new_W2 - W2) / lr, -dL_dW2) < GRADIENT_TOLERANCE
    # and a small step goes downhill
    assert bp.squared_error(y, bp.forward(X, new_W1, new_W2)[1]) < loss()


def test_update_leaves_its_inputs_alone() -> None:
    rng = np.random.default_rng(4)
    arrays = [rng.random(shape) for shape in ((6, 3), (6, 4), (6, 1), (6, 4), (3, 4), (4, 1))]
    copies = [a.copy() for a in arrays]
    bp.update_weights(*arrays, 0.5)
    for a, c in zip(arrays, copies, strict=True):
        assert np.array_equal(a, c)


def test_bias_step_of_train_with_biases_is_minus_the_gradient() -> None:
    rng = np.random.default_rng(5)
    X, y = rng.random((6, 2)), rng.random((6, 1))
    params = tuple(p.copy() for p in bp.xor_weights_with_biases(1, hidden=3))
    lr = 1e-3
    after = bp.train_with_biases(X, y, params, lr, epochs=1).weights
    W1, b1, W2, b2 = params  # untouched by training (new arrays)

    def loss() -> float:
        return bp.squared_error(y, bp.forward_with_biases(X, W1, b1, W2, b2)[1])

    for before, moved in zip(params, after, strict=True):
        assert bp.relative_error((moved - before) / lr, -bp.numerical_gradient(loss, before)) < GRADIENT_TOLERANCE


# ------------------------------------------------------------ activations


def test_sigmoid_is_stable_and_right() -> None:
    z = np.array([-1000.0, -40.0, -1.0, 0.0, 1.0, 40.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = bp.sigmoid(z)
    np.testing.assert_allclose(a[1:-1], 1 / (1 + np.exp(-z[1:-1])), rtol=1e-15)
    assert a[0] == 0.0 and a[-1] == 1.0
    assert np.all(np.isfinite(a))


@pytest.mark.parametrize("name", sorted(bp.ACTIVATIONS))
def test_each_derivative_takes_the_activation(name: str) -> None:
    fn, derivative = bp.ACTIVATIONS[name]
    z = np.array([-2.0, -0.3, 0.4, 1.7])
    h = 1e-6
    slope = (fn(z + h) - fn(z - h)) / (2 * h)
    np.testing.assert_allclose(derivative(fn(z)), slope, rtol=1e-6, atol=1e-9)


def test_softmax_rows_sum_to_one_even_for_huge_inputs() -> None:
    z = np.array([[1000.0, 1001.0, 999.0], [-5.0, 0.0, 5.0]])
    p = bp.softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[0], bp.softmax(z[0] - 1000.0))


# ------------------------------------ every configuration vs finite differences

CONFIGURATIONS = [
    # (activation, output, loss, weight_decay, layer sizes)
    *[(act, "sigmoid", loss, 0.0, [3, 5, 2]) for act, loss in itertools.product(bp.ACTIVATIONS, ("sse", "mse"))],
    *[(act, "softmax", "cross_entropy", 0.0, [3, 5, 4]) for act in bp.ACTIVATIONS],
    ("tanh", "linear", "mse", 0.0, [3, 5, 1]),
    ("sigmoid", "softmax", "sse", 0.0, [3, 5, 4]),
    ("sigmoid", "sigmoid", "sse", 0.3, [3, 5, 2]),
    ("relu", "softmax", "cross_entropy", 0.1, [3, 6, 5, 4]),
    ("sigmoid", "sigmoid", "sse", 0.0, [3, 2]),  # one layer: no hidden delta at all
    ("tanh", "linear", "sse", 0.05, [3, 6, 5, 4, 2]),  # four layers
    ("relu", "sigmoid", "mse", 0.0, [3, 6, 5, 4, 2]),
]


@pytest.mark.parametrize(("activation", "output", "loss", "weight_decay", "sizes"), CONFIGURATIONS)
def test_gradients_agree_with_finite_differences(
    activation: str, output: str, loss: str, weight_decay: float, sizes: list[int]
) -> None:
    rng = np.random.default_rng(11)
    X = rng.normal(size=(7, sizes[0]))
    y = rng.integers(0, sizes[-1], size=7) if loss == "cross_entropy" else rng.random((7, sizes[-1]))
    params = bp.init_network(sizes, seed=2, activation=activation)
    # non-zero biases, so their gradients are exercised and ReLU units are not all on
    params = [(W, rng.normal(size=b.shape) * 0.3) for W, b in params]

    grads = bp.network_gradients(
        params, bp.network_forward(params, X, activation, output), y, activation, output, loss, weight_decay
    )

    def f() -> float:
        return bp.network_loss(params, X, y, activation, output, loss, weight_decay)

    for layer, ((W, b), (dW, db)) in enumerate(zip(params, grads, strict=True)):
        assert dW.shape == W.shape and db.shape == b.shape
        assert bp.relative_error(dW, bp.numerical_gradient(f, W)) < GRADIENT_TOLERANCE, f"dW of layer {layer}"
        assert bp.relative_error(db, bp.numerical_gradient(f, b)) < GRADIENT_TOLERANCE, f"db of layer {layer}"


def test_cross_entropy_takes_one_hot_or_integer_labels() -> None:
    rng = np.random.default_rng(1)
    X, labels = rng.normal(size=(6, 2)), rng.integers(0, 3, size=6)
    params = bp.init_network([2, 4, 3], seed=0)
    acts = bp.network_forward(params, X, output="softmax")
    by_label = bp.network_gradients(params, acts, labels, output="softmax", loss="cross_entropy")
    by_one_hot = bp.network_gradients(params, acts, bp.one_hot(labels, 3), output="softmax", loss="cross_entropy")
    for (a, b), (c, d) in zip(by_label, by_one_hot, strict=True):
        assert np.array_equal(a, c) and np.array_equal(b, d)


def test_cross_entropy_needs_softmax() -> None:
    params = bp.init_network([2, 3], seed=0)
    with pytest.raises(ValueError, match="softmax"):
        bp.network_loss(params, np.zeros((2, 2)), np.array([0, 1]), output="sigmoid", loss="cross_entropy")


def test_mse_gradient_is_the_sse_gradient_over_n() -> None:
    rng = np.random.default_rng(6)
    X, y = rng.normal(size=(9, 3)), rng.random((9, 1))
    params = bp.init_network([3, 4, 1], seed=0)
    acts = bp.network_forward(params, X)
    sse = bp.network_gradients(params, acts, y, loss="sse")
    mse = bp.network_gradients(params, acts, y, loss="mse")
    for (a, _), (b, _) in zip(sse, mse, strict=True):
        np.testing.assert_allclose(a / 9, b)


def test_network_matches_the_lessons_code_on_the_lessons_net() -> None:
    """With zero biases, the general backward pass is the lesson's, with the sign of a gradient."""
    W1, W2 = bp.lesson_weights()
    params = [(W1, np.zeros((1, 2))), (W2, np.zeros((1, 1)))]
    acts = bp.network_forward(params, bp.XOR_X)
    (dW1, _), (dW2, _) = bp.network_gradients(params, acts, bp.XOR_Y)
    hidden_output, output = bp.forward(bp.XOR_X, W1, W2)
    d_output = bp.output_delta(bp.output_error(bp.XOR_Y, output), output)
    d_hidden = bp.hidden_delta(d_output, W2, hidden_output)
    np.testing.assert_allclose(dW2, -(hidden_output.T @ d_output))
    np.testing.assert_allclose(dW1, -(bp.XOR_X.T @ d_hidden))


# ------------------------------------------------------ helpers and data


def test_numerical_gradient_restores_x_and_relative_error_edges() -> None:
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    before = x.copy()
    grad = bp.numerical_gradient(lambda: float(np.sum(x**3)), x)
    np.testing.assert_allclose(grad, 3 * before**2, rtol=1e-8)
    assert np.array_equal(x, before)
    assert bp.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert bp.relative_error(np.ones(3), -np.ones(3)) == 1.0


def test_init_network_default_scale_depends_on_activation() -> None:
    relu_net = bp.init_network([400, 300, 2], seed=0, activation="relu")
    sigmoid_net = bp.init_network([400, 300, 2], seed=0, activation="sigmoid")
    assert relu_net[0][0].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert sigmoid_net[0][0].std() == pytest.approx(np.sqrt(2 / 700), rel=0.02)
    assert bp.init_network([3, 4], seed=0, scale=5.0)[0][0].std() > 2
    assert all(np.all(b == 0) for _, b in relu_net)


def test_minibatches_cover_every_row_once() -> None:
    batches = list(bp.minibatches(10, 4, np.random.default_rng(0)))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches).tolist()) == list(range(10))


def test_spiral_data_shapes_and_labels() -> None:
    X, labels = bp.spiral_data(50, 3, seed=0)
    assert X.shape == (150, 2) and labels.shape == (150,)
    assert np.bincount(labels).tolist() == [50, 50, 50]
    X2, _ = bp.spiral_data(50, 3, seed=0)
    assert np.array_equal(X, X2)


def test_softmax_net_learns_the_spiral_with_minibatches() -> None:
    X, labels = bp.spiral_data(40, 3, seed=0)
    params = bp.init_network([2, 32, 3], seed=0, activation="relu")
    run = bp.train_network(
        params, X, labels, activation="relu", output="softmax", loss="cross_entropy",
        learning_rate=1.0, epochs=300, batch_size=30, seed=0,
    )  # fmt: skip
    accuracy = np.mean(run.output.argmax(axis=1) == labels)
    assert run.losses[-1] < run.losses[0] / 2
    assert accuracy > 0.8


def test_noisy_data_and_split() -> None:
    X, y = bp.noisy_data(30, seed=1)
    assert X.shape == (30, 1) and y.shape == (30, 1)
    X_train, y_train, X_val, y_val = bp.train_validation_split(X, y, 0.25, seed=0)
    assert len(X_val) == len(y_val) == 8 and len(X_train) == len(y_train) == 22
    assert sorted(np.concatenate([X_train, X_val]).ravel()) == sorted(X.ravel())


# ------------------------------------------- every number the cards and exercises state, measured again
# The decks (quizzes/*.yaml), the exercises' docstrings and solutions/backprop.py quote these runs; if the
# reference changes, these say which sentence is no longer true.


@pytest.mark.parametrize(
    ("learning_rate", "biases", "epochs"),
    [(0.1, False, 85_000), (0.5, False, 17_000), (1.0, False, 8_501), (0.1, True, 6_638), (0.5, True, 1_329),
     (1.0, True, 665)],
)  # fmt: skip
def test_epochs_until_every_xor_output_is_within_0_1(learning_rate: float, biases: bool, epochs: int) -> None:
    assert bp.epochs_to_reach_targets(learning_rate, biases=biases) == epochs


def test_biases_make_the_run_about_13_times_faster_and_a_larger_rate_also_gets_there() -> None:
    for rate, without, with_biases in ((0.1, 85_000, 6_638), (1.0, 8_501, 665)):
        assert 12.5 < without / with_biases < 13.5, rate
    assert bp.epochs_to_reach_targets(2.0, biases=False) < 4_400  # about 4,200: faster still, no biases


def test_the_lessons_run_is_right_at_the_threshold_from_epoch_4345() -> None:
    run = bp.train_lesson(epochs=4_346)
    W1, W2 = bp.lesson_weights()
    before = bp.train_lesson(weights=(W1, W2), epochs=4_345)
    right = lambda output: np.array_equal((output > 0.5).astype(float), bp.XOR_Y)  # noqa: E731
    assert right(run.output) and not right(before.output)
    lesson = bp.train_lesson()
    assert np.abs(lesson.output - bp.XOR_Y).min() > 0.2  # every output still more than 0.2 from its target


def test_too_large_a_rate_reaches_the_targets_then_sticks_near_half_the_loss() -> None:
    assert bp.epochs_to_reach_targets(3.0, biases=False) == 1_843
    run = bp.train_lesson(learning_rate=3.0)
    np.testing.assert_allclose(run.output.ravel(), [0.01, 1.0, 1.0, 1.0], atol=0.005)
    assert run.losses[-1] == pytest.approx(0.5, abs=0.001)
    for rate in (3.0, 5.0, 10.0):  # the loss ½Σ(y − o)² of sigmoid outputs is at most N/2 = 2: no blow-up
        assert bp.train_lesson(learning_rate=rate).losses.max() < 2.0


def test_a_single_unit_cannot_learn_xor_and_sits_at_one_half() -> None:
    for rate in (0.5, 1.0, 2.0):
        params = bp.init_network([2, 1], seed=0, scale=1.0)
        run = bp.train_network(params, bp.XOR_X, bp.XOR_Y, learning_rate=rate, epochs=20_000)
        np.testing.assert_allclose(run.output.ravel(), 0.5, atol=5e-4)
        assert run.losses[-1] == pytest.approx(0.5, abs=1e-6)


def test_without_the_hidden_sigmoid_the_network_is_one_unit() -> None:
    W1, W2 = bp.lesson_weights()
    np.testing.assert_allclose(bp.sigmoid(bp.XOR_X @ W1 @ W2), bp.sigmoid(bp.XOR_X @ (W1 @ W2)))
    assert (W1 @ W2).shape == (2, 1)


def test_a_symmetric_start_keeps_both_hidden_units_identical() -> None:
    start = (np.full((2, 2), 0.5), np.full((2, 1), 0.5))
    run = bp.train_lesson(weights=start)
    W1, W2 = run.weights
    assert np.array_equal(W1[:, 0], W1[:, 1]) and W2[0, 0] == W2[1, 0]
    assert W1[0, 0] == pytest.approx(0.531, abs=5e-4)
    np.testing.assert_allclose(run.output.ravel(), [0.503, 0.503, 0.503, 0.504], atol=5e-4)
    longer = bp.train_lesson(weights=start, epochs=100_000)
    np.testing.assert_allclose(longer.output.ravel(), [0.536, 0.571, 0.571, 0.572], atol=5e-4)


def test_exercise_11s_gradient_norms_per_layer() -> None:
    """The 9-layer run of exercise 11 (and the cards on it), with the reference's network."""
    rng = np.random.default_rng(11)
    X = rng.standard_normal((32, 10))
    y = (rng.random((32, 1)) > 0.5).astype(float)
    sizes = [10] + [30] * 8 + [1]

    def log_norms(activation: str, scale: float | None) -> np.ndarray:
        params = bp.init_network(sizes, seed=0, scale=scale, activation=activation)
        acts = bp.network_forward(params, X, activation, output="linear")
        return np.log10(bp.gradient_norms(bp.network_gradients(params, acts, y, activation, "linear", "mse")))

    sigmoid = log_norms("sigmoid", None)  # Xavier
    assert (round(sigmoid[0], 1), round(sigmoid[-1], 1)) == (-5.6, -0.4)  # about 10^5 apart: still vanishing
    exploding = log_norms("relu", 1.0)
    assert np.all((exploding > 8.5) & (exploding < 9.5))  # about 10^9 at every layer
    he = log_norms("relu", None)
    assert (round(he.min(), 1), round(he.max(), 1)) == (-0.5, 0.4)  # within a factor of 10 of each other


def test_minibatches_on_exercise_14s_spiral() -> None:
    X, labels = bp.spiral_data(100, 3, seed=0)
    assert len(list(bp.minibatches(300, 32, np.random.default_rng(0)))) == 10
    results = {}
    for batch_size in (32, 300):
        params = bp.init_network([2, 64, 3], seed=0, activation="relu")
        run = bp.train_network(
            params, X, labels, activation="relu", output="softmax", loss="cross_entropy",
            learning_rate=1.0, epochs=100, batch_size=batch_size, seed=0,
        )  # fmt: skip
        loss = bp.network_loss(list(run.weights), X, labels, "relu", "softmax", "cross_entropy")
        results[batch_size] = (round(loss, 3), round(float(np.mean(run.output.argmax(axis=1) == labels)), 2))
    assert results == {32: (0.061, 0.98), 300: (0.199, 0.96)}


def test_he_scale_for_fifty_inputs() -> None:
    params = bp.init_network([50, 4000], seed=0, activation="relu")
    assert np.sqrt(2 / 50) == pytest.approx(0.2)
    assert params[0][0].std() == pytest.approx(0.2, rel=0.01)
