"""What the course hands learners: check a gradient you derived, and the deep network of exercise 12 as a tool.

From exercise 04 on, a learner who has written a gradient can ask finite differences whether it is right:

    from backprop_study.toolkit import check_gradient

    def loss() -> float:                       # reads output_input itself, so nudging it changes the loss
        return 0.5 * np.sum((y - sigmoid(output_input)) ** 2)

    check_gradient("dL/d output_input", -d_output, loss, output_input)
    # dL/d output_input: relative error 2.1e-11, agrees with finite differences

Mind the sign. Finite differences measure the slope of the loss, dL/dx. The lesson writes
`error = y - output` and then *adds* its steps, so its d_output and d_hidden are minus those slopes
(d_output = −dL/d output_input): compare −d_output, not d_output. A gradient written as every library
writes it (exercise 08 on, the one you subtract) is compared as it is.

`deep_forward` and `deep_gradients` are exercise 12's answer (any number of layers, a linear output,
L = ½ · mean Σ (y − output)²), given to exercise 11 so that it can measure gradients without writing the loop.
Everything here is backed by the reference, `solutions/backprop.py`; graders refuse a graded answer that
only hands back what these functions compute.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from backprop_study.solutions import backprop as _reference

Params = list[tuple[np.ndarray, np.ndarray]]
Grads = list[tuple[np.ndarray, np.ndarray]]

# A relative error ‖a − n‖ / (‖a‖ + ‖n‖) below this, in float64 with h = 1e-5, is a right gradient: a correct
# one scores about 1e-10, and every typical backprop mistake scores above 1e-2.
TOLERANCE = 1e-7


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Centred differences (f() with x[i] + h, minus f() with x[i] − h) / 2h, for every element of x.

    `f` takes no arguments and reads `x` itself (the very array you pass, not a copy), so the function
    nudges `x` in place, one element at a time, and puts every element back: `x` is left as it was.
    """
    _require_float_array(x, "x")
    return _reference.numerical_gradient(lambda: _as_number(f()), x, h)


def check_gradient(
    name: str,
    analytic: np.ndarray,
    f: Callable[[], float],
    x: np.ndarray,
    *,
    h: float = 1e-5,
    tolerance: float = TOLERANCE,
) -> float:
    """Compare a gradient you computed with finite differences of `f` with respect to `x`; print one line.

    `analytic` is your dL/dx, shaped like `x`; `f` computes the loss L and reads `x` itself. Prints
    "<name>: relative error 3.2e-11, agrees with finite differences" or "... disagrees: ..." with what
    differs, and returns the relative error ‖a − n‖ / (‖a‖ + ‖n‖) (0.0 when both are all zeros).
    """
    _require_float_array(x, "x")
    analytic = np.asarray(analytic, dtype=float)
    if analytic.shape != x.shape:
        raise ValueError(
            f"{name}: your gradient has shape {analytic.shape} but x has shape {x.shape}; a "
            "gradient has the shape of what it is taken with respect to."
        )
    numeric = numerical_gradient(f, x, h)
    error = _reference.relative_error(analytic, numeric)
    if error < tolerance:
        print(f"{name}: relative error {error:.2g}, agrees with finite differences")
    else:
        print(f"{name}: relative error {error:.2g}, disagrees: {_what_differs(analytic, numeric)}")
    return error


def deep_forward(params: Params, X: np.ndarray, activation: str) -> list[np.ndarray]:
    """[X, a_1, ..., a_L]: every layer's activation; hidden layers use `activation` ("sigmoid", "tanh" or
    "relu"), the output layer is linear (nothing squashes it)."""
    _require_activation(activation)
    return _reference.network_forward(params, X, activation, output="linear")


def deep_gradients(params: Params, activations: list[np.ndarray], y: np.ndarray, activation: str) -> Grads:
    """[(dW_l, db_l)] of L = ½ · mean Σ (y − output)², first layer first, from `deep_forward`'s activations."""
    _require_activation(activation)
    return _reference.network_gradients(params, activations, y, activation, output="linear", loss="mse")


# ------------------------------------------------------------------ messages


def _what_differs(analytic: np.ndarray, numeric: np.ndarray) -> str:
    """One clause that helps find the mistake: a constant ratio, or where the two differ most."""
    if not np.any(numeric) and np.any(analytic):
        return (
            "the finite differences are all 0, so the loss does not move when x does: does f read x itself "
            "(the very array you passed), not a copy made before the call?"
        )
    ratio = _constant_ratio(analytic, numeric)
    if ratio is not None and abs(ratio + 1.0) < 1e-6:
        return (
            "yours is exactly minus the finite differences everywhere. If it is the lesson's d_output, d_hidden "
            "or a `+=` step, that is expected (they are −dL/dx): check its negative. Otherwise the sign is flipped."
        )
    if ratio is not None:
        return (
            f"yours is {ratio:.4g} times the finite differences everywhere: a factor is off (a 1/N, a ½, "
            "or a learning rate), not the shape of the formula."
        )
    index = np.unravel_index(int(np.argmax(np.abs(analytic - numeric))), analytic.shape)
    where = "[" + ", ".join(str(int(i)) for i in index) + "]"
    return (
        f"they differ most at {where}: yours {float(analytic[index]):.6g}, "
        f"finite differences {float(numeric[index]):.6g}"
    )


def _constant_ratio(analytic: np.ndarray, numeric: np.ndarray) -> float | None:
    """c when analytic = c · numeric to within finite-difference accuracy (and c is not 1), else None."""
    denominator = float(np.sum(numeric * numeric))
    if denominator == 0.0:
        return None
    c = float(np.sum(analytic * numeric)) / denominator
    if c == 0.0 or abs(c - 1.0) < 1e-6:
        return None
    if _reference.relative_error(analytic, c * numeric) < TOLERANCE:
        return c
    return None


def _require_float_array(x: object, what: str) -> None:
    if not isinstance(x, np.ndarray):
        raise TypeError(
            f"{what} must be the NumPy array that f reads (got {type(x).__name__}): finite differences nudge "
            "it in place."
        )
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            f"{what} holds {x.dtype} numbers, so a nudge of 1e-5 would be rounded away: make it a float array "
            "first (x = np.asarray(x, dtype=float)) and let f read that one."
        )


def _require_activation(activation: str) -> None:
    if activation not in _reference.ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(sorted(_reference.ACTIVATIONS))}; got {activation!r}")


def _as_number(value: object) -> float:
    array = np.asarray(value, dtype=float)
    if array.size != 1:
        raise ValueError(f"f() must return the loss, one number; it returned an array of shape {array.shape}")
    return float(array.reshape(()))
