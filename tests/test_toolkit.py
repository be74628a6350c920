"""The learner's toolkit (`backprop_study.toolkit`): checking a derived gradient, and exercise 12's network as a
tool for exercise 11."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_study import toolkit
from backprop_study.solutions import backprop as bp


def lesson_case(seed: int = 0) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    X, y = rng.random((7, 3)), rng.integers(0, 2, size=(7, 1)).astype(float)
    W1, W2 = rng.normal(size=(3, 5)), rng.normal(size=(5, 1))
    return X, y, W1, W2


def test_numerical_gradient_matches_the_exact_slope_and_restores_x() -> None:
    x = np.array([[0.3, -1.2], [2.0, 0.7]])
    before = x.copy()
    grad = toolkit.numerical_gradient(lambda: float(np.sum(np.sin(x) * x)), x)
    np.testing.assert_allclose(grad, np.cos(before) * before + np.sin(before), rtol=1e-8)
    assert np.array_equal(x, before)


def test_numerical_gradient_refuses_an_integer_array_in_words() -> None:
    with pytest.raises(TypeError, match=r"float array first \(x = np.asarray\(x, dtype=float\)\)"):
        toolkit.numerical_gradient(lambda: 0.0, np.array([1, 2, 3]))
    with pytest.raises(TypeError, match="must be the NumPy array that f reads"):
        toolkit.numerical_gradient(lambda: 0.0, [1.0, 2.0])  # type: ignore[arg-type]


def test_the_lessons_d_output_checks_out_once_its_sign_is_minded(capsys: pytest.CaptureFixture[str]) -> None:
    """d_output is −dL/d output_input: its negative agrees, d_output itself is reported as exactly minus."""
    X, y, W1, W2 = lesson_case()
    hidden_output, output = bp.forward(X, W1, W2)
    d_output = bp.output_delta(bp.output_error(y, output), output)
    output_input = hidden_output @ W2

    def loss() -> float:
        return bp.squared_error(y, bp.sigmoid(output_input))

    error = toolkit.check_gradient("dL/d output_input", -d_output, loss, output_input)
    assert error < 1e-9
    line = capsys.readouterr().out
    assert line.startswith("dL/d output_input: relative error ") and "agrees with finite differences" in line

    error = toolkit.check_gradient("d_output", d_output, loss, output_input)
    line = capsys.readouterr().out
    assert error == pytest.approx(1.0)
    assert line.startswith("d_output: relative error 1, disagrees: yours is exactly minus the finite differences")
    assert "check its negative" in line


def test_agreeing_line_is_one_readable_line(capsys: pytest.CaptureFixture[str]) -> None:
    X, y, W1, W2 = lesson_case(1)
    hidden_output, output = bp.forward(X, W1, W2)
    d_output = bp.output_delta(bp.output_error(y, output), output)
    d_hidden = bp.hidden_delta(d_output, W2, hidden_output)

    def loss() -> float:
        return bp.squared_error(y, bp.forward(X, W1, W2)[1])

    toolkit.check_gradient("dW1", -(X.T @ d_hidden), loss, W1)
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert out.startswith("dW1: relative error ") and out.endswith(", agrees with finite differences\n")


def test_a_derivative_on_the_pre_activation_is_shown_where_it_differs_most(capsys: pytest.CaptureFixture[str]) -> None:
    X, y, W1, W2 = lesson_case(2)
    _, output = bp.forward(X, W1, W2)
    d_output = bp.output_delta(bp.output_error(y, output), output)
    hidden_input = X @ W1
    wrong = d_output @ W2.T * bp.sigmoid_derivative(hidden_input)  # the classic slip

    def loss() -> float:
        return bp.squared_error(y, bp.forward(X, W1, W2)[1])

    error = toolkit.check_gradient("dW1", -(X.T @ wrong), loss, W1)
    line = capsys.readouterr().out
    assert error > 1e-2
    assert line.startswith("dW1: relative error ") and "disagrees: they differ most at [" in line
    assert "yours " in line and "finite differences " in line


def test_a_constant_factor_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    X, y, W1, W2 = lesson_case(3)
    hidden_output, output = bp.forward(X, W1, W2)
    d_output = bp.output_delta(bp.output_error(y, output), output)

    def loss() -> float:
        return bp.squared_error(y, bp.forward(X, W1, W2)[1])

    toolkit.check_gradient("dW2", -(hidden_output.T @ d_output) / 7, loss, W2)
    line = capsys.readouterr().out
    assert "yours is 0.1429 times the finite differences everywhere" in line


def test_a_loss_that_does_not_read_x_is_pointed_out(capsys: pytest.CaptureFixture[str]) -> None:
    x = np.array([1.0, 2.0])
    frozen = x.copy()  # a copy taken before the call: nudging x cannot reach it
    toolkit.check_gradient("dx", 2 * x, lambda: float(np.sum(frozen**2)), x)
    assert "does f read x itself" in capsys.readouterr().out


def test_a_gradient_of_the_wrong_shape_is_refused_in_words() -> None:
    x = np.zeros((3, 1))
    with pytest.raises(ValueError, match=r"dW2: your gradient has shape \(1, 3\) but x has shape \(3, 1\)"):
        toolkit.check_gradient("dW2", np.zeros((1, 3)), lambda: 0.0, x)


def test_f_must_return_one_number() -> None:
    x = np.zeros(2)
    with pytest.raises(ValueError, match=r"one number; it returned an array of shape \(2,\)"):
        toolkit.numerical_gradient(lambda: x * 2, x)  # type: ignore[arg-type, return-value]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_deep_network_is_the_linear_output_mean_squared_error_net(activation: str) -> None:
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(6, 3)), rng.random((6, 1))
    params = [(W, rng.normal(size=b.shape) * 0.3) for W, b in bp.init_network([3, 5, 4, 1], seed=1)]
    activations = toolkit.deep_forward(params, X, activation)
    assert len(activations) == 4
    z_out = activations[-2] @ params[-1][0] + params[-1][1]
    np.testing.assert_array_equal(activations[-1], z_out)  # nothing squashes the output

    def loss() -> float:
        return float(0.5 * np.mean((toolkit.deep_forward(params, X, activation)[-1] - y) ** 2))

    for (W, b), (dW, db) in zip(params, toolkit.deep_gradients(params, activations, y, activation), strict=True):
        assert bp.relative_error(dW, toolkit.numerical_gradient(loss, W)) < 1e-7
        assert bp.relative_error(db, toolkit.numerical_gradient(loss, b)) < 1e-7


def test_deep_network_names_an_unknown_activation() -> None:
    with pytest.raises(ValueError, match="activation must be one of relu, sigmoid, tanh; got 'softplus'"):
        toolkit.deep_forward([(np.eye(2), np.zeros((1, 2)))], np.zeros((1, 2)), "softplus")
