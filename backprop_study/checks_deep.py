"""Grading support for exercises 08-14 (biases onwards), on top of `backprop_study.checks`.

`checks` holds the general machinery (loading the learner's file, calling it safely, comparing with
variants, one failure at a time). This module adds what the later exercises need:

- seeded cases for the 2-layer net with biases and for deeper nets, sizes all different;
- the expected answers the reference (`solutions/backprop.py`) has no function for: the learning-rate
  diagnosis (10), gradient clipping and initial scales (11), early stopping (13);
- the catalogue of known mistakes for each quantity, with the one sentence that names it, so that
  tests/test_mistakes_08_14.py can check every sentence is reached.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from backprop_study import checks
from backprop_study.checks import Mistake, Variant
from backprop_study.solutions import backprop as ref

Params = list[tuple[np.ndarray, np.ndarray]]


def call_in_place(
    fn: Callable[..., Any],
    *args: Any,
    exercise: checks.ExerciseFile | None = None,
    hints: Sequence[tuple[str, str]] = (),
    name: str | None = None,
) -> Any:
    """Like `checks.call`, but the learner's function gets these very objects, not copies.

    Needed when identity matters: numerical_gradient must nudge the array that f() reads, and two epochs of
    minibatches must share one generator. `name` is the function the messages speak of.
    """

    def invoke() -> Any:
        return fn(*args)

    invoke.__name__ = name or getattr(fn, "__name__", "function")
    return checks.call(invoke, exercise=exercise, hints=hints)


def row_like(got: Any, expected: np.ndarray) -> Any:
    """A bias gradient may come back flat, (n,), where the parameter is (1, n): that is the same answer."""
    if (
        isinstance(got, np.ndarray)
        and expected.ndim == 2
        and expected.shape[0] == 1
        and got.shape == expected.shape[1:]
    ):
        return got.reshape(expected.shape)
    return got


def _sig_deriv(a: np.ndarray) -> np.ndarray:
    return a * (1.0 - a)


# ------------------------------------------------------- the 2-layer net with biases (08, 09)


@dataclass(frozen=True)
class BiasCase:
    """A 2-layer sigmoid net with biases on seeded inputs; loss L = ½ Σ (y − output)²."""

    X: np.ndarray  # (N, D)
    y: np.ndarray  # (N, 1)
    W1: np.ndarray  # (D, H)
    b1: np.ndarray  # (1, H)
    W2: np.ndarray  # (H, 1)
    b2: np.ndarray  # (1, 1)

    @property
    def N(self) -> int:
        return self.X.shape[0]

    @property
    def params(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return self.W1, self.b1, self.W2, self.b2

    @property
    def sizes(self) -> str:
        return f"N={self.N} samples, D={self.X.shape[1]} inputs, H={self.W1.shape[1]} hidden units"

    @functools.cached_property
    def z1(self) -> np.ndarray:
        return self.X @ self.W1 + self.b1

    @functools.cached_property
    def hidden(self) -> np.ndarray:
        return ref.sigmoid(self.z1)

    @functools.cached_property
    def z2(self) -> np.ndarray:
        return self.hidden @ self.W2 + self.b2

    @functools.cached_property
    def output(self) -> np.ndarray:
        return ref.sigmoid(self.z2)

    @functools.cached_property
    def delta_output(self) -> np.ndarray:
        return (self.output - self.y) * _sig_deriv(self.output)

    @functools.cached_property
    def delta_hidden(self) -> np.ndarray:
        return self.delta_output @ self.W2.T * _sig_deriv(self.hidden)

    @functools.cached_property
    def grads(self) -> dict[str, np.ndarray]:
        """dW1, db1, dW2, db2 of ½ Σ (y − output)², from the reference's general backward pass."""
        params = [(self.W1, self.b1), (self.W2, self.b2)]
        activations = ref.network_forward(params, self.X, "sigmoid", "sigmoid")
        (dW1, db1), (dW2, db2) = ref.network_gradients(params, activations, self.y, "sigmoid", "sigmoid", "sse")
        return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}

    def loss(self, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray) -> float:
        return ref.squared_error(self.y, ref.forward_with_biases(self.X, W1, b1, W2, b2)[1])

    @functools.cached_property
    def numeric(self) -> dict[str, np.ndarray]:
        """The same four gradients by centred finite differences, to accept any correct formula."""
        names = ("W1", "b1", "W2", "b2")
        result = {}
        for index, name in enumerate(names):

            def loss_of(value: np.ndarray, index: int = index) -> float:
                params = list(self.params)
                params[index] = value
                return self.loss(*params)

            result["d" + name] = checks.numeric_gradient(loss_of, self.params[index])
        return result

    def grads_with(self, delta_output: np.ndarray, delta_hidden: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """The four gradients built from other deltas (how most mistakes arise)."""
        if delta_hidden is None:
            delta_hidden = delta_output @ self.W2.T * _sig_deriv(self.hidden)
        return {
            "dW1": self.X.T @ delta_hidden,
            "db1": delta_hidden.sum(axis=0, keepdims=True),
            "dW2": self.hidden.T @ delta_output,
            "db2": delta_output.sum(axis=0, keepdims=True),
        }


BIAS_CASE_SIZES = ((7, 3, 5), (6, 4, 3), (9, 2, 4))  # (N, D, H): all different, none 1


def bias_cases(seed: int = 80, sizes: Sequence[tuple[int, int, int]] = BIAS_CASE_SIZES) -> list[BiasCase]:
    cases = []
    for offset, (n, d, h) in enumerate(sizes):
        rng = np.random.default_rng(seed + offset)
        cases.append(
            BiasCase(
                X=rng.random((n, d)),
                y=rng.random((n, 1)),
                W1=rng.normal(size=(d, h)),
                b1=rng.normal(size=(1, h)),
                W2=rng.normal(size=(h, 1)),
                b2=rng.normal(size=(1, 1)),
            )
        )
    return cases


_PRE_ACTIVATION_HIDDEN = (
    "you applied sigmoid_derivative to the pre-activation X @ W1 + b1; it takes the activation, "
    "so use sigmoid_derivative(hidden_output)."
)


def _gradient_mistakes(quantity: str) -> list[Mistake]:
    """Mistakes in the four gradients of the net with biases, as they show in `quantity` (dW1, db1, dW2, db2)."""
    upper = quantity in ("dW2", "db2")
    mistakes = [
        Mistake(
            "flipped_sign",
            "the sign is flipped: this is the gradient of the loss, to subtract, so start from "
            "output − y (the lesson's y − output is its negative).",
            lambda c: -c.grads[quantity],
        ),
        Mistake(
            "divided_by_batch",
            "you divided by the batch size N; this loss is a sum, ½ Σ (y − output)², so nothing is divided by N.",
            lambda c: c.grads[quantity] / c.N,
        ),
    ]
    if upper:  # the lower gradients are checked after these, so a wrong delta_output is named here
        mistakes += [
            Mistake(
                "no_output_derivative",
                "you left out the output's slope: delta_output = (output − y) * sigmoid_derivative(output).",
                lambda c: c.grads_with(c.output - c.y)[quantity],
            ),
            Mistake(
                "output_derivative_of_pre_activation",
                "you applied sigmoid_derivative to the output's pre-activation; it takes the activation, "
                "so use sigmoid_derivative(output).",
                lambda c: c.grads_with((c.output - c.y) * _sig_deriv(c.z2))[quantity],
            ),
        ]
    else:
        mistakes += [
            Mistake(
                "derivative_of_pre_activation",
                _PRE_ACTIVATION_HIDDEN,
                lambda c: c.grads_with(c.delta_output, c.delta_output @ c.W2.T * _sig_deriv(c.z1))[quantity],
            ),
            Mistake(
                "no_hidden_derivative",
                "you left out the hidden layer's slope: delta_hidden = delta_output @ W2.T * "
                "sigmoid_derivative(hidden_output).",
                lambda c: c.grads_with(c.delta_output, c.delta_output @ c.W2.T)[quantity],
            ),
            Mistake(
                "raw_error",
                "you sent the raw error (output − y) back instead of delta_output: "
                "delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output).",
                lambda c: c.grads_with(c.delta_output, (c.output - c.y) @ c.W2.T * _sig_deriv(c.hidden))[quantity],
            ),
        ]
    if quantity.startswith("db"):
        delta = "delta_output" if upper else "delta_hidden"
        mistakes += [
            Mistake(
                "bias_wrong_axis",
                f"you summed {delta} over the wrong axis: axis=1 adds up the units of each sample; a bias "
                f"needs the sum over the samples, {delta}.sum(axis=0, keepdims=True).",
                lambda c: getattr(c, delta).sum(axis=1),
            ),
            Mistake(
                "bias_wrong_axis_keepdims",
                f"you summed {delta} over the wrong axis: axis=1 adds up the units of each sample; a bias "
                f"needs the sum over the samples, {delta}.sum(axis=0, keepdims=True).",
                lambda c: getattr(c, delta).sum(axis=1, keepdims=True),
            ),
            Mistake(
                "bias_not_summed",
                f"a bias gets one number per unit, whatever N is: sum {delta} over the samples, "
                f"{delta}.sum(axis=0, keepdims=True).",
                lambda c: getattr(c, delta),
            ),
            Mistake(
                "bias_summed_everything",
                f"you summed {delta} over both axes into one number; sum over the samples only, "
                f"{delta}.sum(axis=0, keepdims=True).",
                lambda c: getattr(c, delta).sum(),
            ),
        ]
    return mistakes


MISTAKES: dict[str, list[Mistake]] = {
    "08 hidden_output": [
        Mistake(
            "no_bias",
            "you left out b1: hidden_output = sigmoid(X @ W1 + b1).",
            lambda c: ref.sigmoid(c.X @ c.W1),
        ),
        Mistake(
            "bias_after_sigmoid",
            "you added b1 after the sigmoid; it goes inside: sigmoid(X @ W1 + b1).",
            lambda c: ref.sigmoid(c.X @ c.W1) + c.b1,
        ),
    ],
    "08 output": [
        Mistake(
            "no_bias",
            "you left out b2: output = sigmoid(hidden_output @ W2 + b2).",
            lambda c: ref.sigmoid(c.hidden @ c.W2),
        ),
        Mistake(
            "bias_after_sigmoid",
            "you added b2 after the sigmoid; it goes inside: sigmoid(hidden_output @ W2 + b2).",
            lambda c: ref.sigmoid(c.hidden @ c.W2) + c.b2,
        ),
    ],
    **{f"08 {name}": _gradient_mistakes(name) for name in ("dW2", "db2", "dW1", "db1")},
}


def bias_variants(quantity: str, case: BiasCase) -> list[Variant]:
    return [m.on(case) for m in MISTAKES[quantity]]  # type: ignore[arg-type]


PLANTED_BUG = (
    "backward still has the planted bug: sigmoid_derivative(hidden_input) takes the derivative on the "
    "pre-activation; the derivative takes the activation, sigmoid_derivative(hidden_output)."
)


def planted_bug_backward(
    X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Exercise 09's backward as handed out: the hidden slope is taken on the pre-activation."""
    hidden_input = X @ W1 + b1
    hidden = ref.sigmoid(hidden_input)
    output = ref.sigmoid(hidden @ W2 + b2)
    delta_output = (output - y) * _sig_deriv(output)
    delta_hidden = delta_output @ W2.T * _sig_deriv(hidden_input)
    return (
        X.T @ delta_hidden,
        delta_hidden.sum(0, keepdims=True),
        hidden.T @ delta_output,
        delta_output.sum(0, keepdims=True),
    )


def correct_backward(
    X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    g = BiasCase(X, y, W1, b1, W2, b2).grads
    return g["dW1"], g["db1"], g["dW2"], g["db2"]


# ------------------------------------------------------------ 09: gradient checking itself

NUMERICAL_GRADIENT_MISTAKES = {
    "forward_difference": (
        "that is a one-sided difference (f(x + h) − f(x)) / h, accurate only to about h; use centred "
        "differences: (f(x + h) − f(x − h)) / (2h)."
    ),
    "divided_by_h": "the two points x − h and x + h are 2h apart: divide by 2 * h, not h.",
    "not_restored": (
        "x was not put back: after nudging an element, restore its original value before moving on "
        "(and the caller's x must end as it began)."
    ),
}

RELATIVE_ERROR_MISTAKES: dict[str, tuple[str, Callable[[np.ndarray, np.ndarray], float]]] = {
    "elementwise_max": (
        "that is the largest element-by-element relative error; grade the whole gradient with norms: "
        "‖a − n‖ / (‖a‖ + ‖n‖).",
        lambda a, n: float(np.max(np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n)))),
    ),
    "not_relative": (
        "that is ‖a − n‖ alone; divide by (‖a‖ + ‖n‖) so the size of the gradient does not matter.",
        lambda a, n: float(np.linalg.norm(a - n)),
    ),
    "divided_by_a": (
        "divide by ‖a‖ + ‖n‖ (both), not by one of them: the error must not depend on which is which.",
        lambda a, n: float(np.linalg.norm(a - n) / np.linalg.norm(a)),
    ),
    "squared_norms": (
        "use the norms themselves (square roots of the sums of squares), not their squares.",
        lambda a, n: float(np.sum((a - n) ** 2) / (np.sum(a**2) + np.sum(n**2))),
    ),
}
ZERO_GRADIENTS = "when a and n are both all zeros there is nothing to compare: return 0.0 before dividing."


# ------------------------------------------------------------------ 10: the learning rate


def mse_loss_and_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, np.ndarray]:
    residual = X @ w - y
    return 0.5 * float(np.mean(residual**2)), X.T @ residual / X.shape[0]


def descent_history(X: np.ndarray, y: np.ndarray, learning_rate: float, epochs: int) -> tuple[np.ndarray, np.ndarray]:
    """(losses (epochs + 1,), weights (epochs + 1, D)) of gradient descent from w = 0."""
    w = np.zeros((X.shape[1], 1))
    losses, weights = [], []
    for _ in range(epochs + 1):
        loss, gradient = mse_loss_and_gradient(X, y, w)
        losses.append(loss)
        weights.append(w[:, 0].copy())
        w = w - learning_rate * gradient
    return np.array(losses), np.array(weights)


def epochs_to_converge(losses: np.ndarray, target: float) -> int | None:
    reached = np.flatnonzero(np.isfinite(losses) & (np.asarray(losses) <= target))
    return int(reached[0]) if reached.size else None


def zigzags(weights: np.ndarray) -> int:
    steps = np.diff(np.asarray(weights, dtype=float), axis=0)
    return int(np.sum(np.sum(steps[1:] * steps[:-1], axis=1) < 0))


def diagnose(losses: np.ndarray, weights: np.ndarray, target: float) -> str:
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        return "diverges"
    if zigzags(weights) >= (len(weights) - 1) / 4:
        return "oscillates"
    if epochs_to_converge(losses, target) is None:
        return "too small"
    return "good"


LEARNING_RATE_MISTAKES = {
    "loss no_half": "you left out the ½: L = ½ · mean((X @ w − y)²).",
    "loss sum": "the loss is a mean over the N rows (np.mean), not a sum.",
    "gradient not_divided": "you did not divide by N: the loss is a mean, so dL/dw = X.T @ (X @ w − y) / N.",
    "gradient flipped_sign": "the sign is flipped: the gradient is X.T @ (X @ w − y) / N (prediction minus target).",
    "gradient doubled": "you doubled it: the ½ in the loss cancels the 2 from the square.",
    "descent uphill": "your steps go uphill: w ← w − learning_rate · dL/dw (subtract the gradient).",
    "descent no_start": (
        "row 0 must be the start, before any step (w = 0): return epochs + 1 rows, the loss and weights "
        "before every step and once after the last."
    ),
    "descent no_end": (
        "the last row must be the loss and weights after the last step: return epochs + 1 rows, "
        "the start and then one after every step."
    ),
    "converge off_by_one": (
        "t counts steps: losses[0] is the start (0 steps), so return the index itself, not index + 1."
    ),
    "converge not_none": "when the loss never reaches the target, return None (not a number).",
    "zigzag non_strict": (
        "a step of zero length (or at right angles) is not a reversal: count only dot products strictly below 0."
    ),
    "zigzag weights_not_steps": (
        "compare consecutive steps (weights[t + 1] − weights[t]), not the weights themselves: np.diff(weights, axis=0)."
    ),
}


# ------------------------------------------------------------- 11: vanishing and exploding


def init_scale(n_in: int, n_out: int, activation: str) -> float:
    return float(np.sqrt(2.0 / n_in)) if activation == "relu" else float(np.sqrt(2.0 / (n_in + n_out)))


def clip_by_global_norm(grads: Params, max_norm: float) -> tuple[Params, float]:
    total = float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))
    factor = max_norm / total if total > max_norm else 1.0
    return [(dW * factor, db * factor) for dW, db in grads], total


def clip_variants(grads: Params, max_norm: float) -> dict[str, Params]:
    """The known wrong clippings, each as the list of (dW, db) it returns."""
    per_layer = []
    for dW, db in grads:
        norm = float(np.sqrt(np.sum(dW**2) + np.sum(db**2)))
        factor = max_norm / norm if norm > max_norm else 1.0
        per_layer.append((dW * factor, db * factor))
    weights_only = float(np.sqrt(sum(np.sum(dW**2) for dW, _ in grads)))
    factor = max_norm / weights_only if weights_only > max_norm else 1.0
    total = float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))
    return {
        "by_value": [(np.clip(dW, -max_norm, max_norm), np.clip(db, -max_norm, max_norm)) for dW, db in grads],
        "per_layer": per_layer,
        "biases_left_out": [(dW * factor, db * factor) for dW, db in grads],
        "always_rescaled": [(dW * max_norm / total, db * max_norm / total) for dW, db in grads],
    }


VANISHING_MISTAKES = {
    "norms squared": "that is the sum of squares; the norm is its square root: np.linalg.norm(dW).",
    "norms with_biases": "measure the weights' gradient dW alone (the biases' db are left out of these norms).",
    "norms reversed": "first layer first: the list starts with the layer next to the input.",
    "norms max_abs": "that is the largest element; the norm is sqrt(sum of dW²) over every element.",
    "scale variance": "that is the variance; the scale multiplies a standard normal, so take its square root.",
    "scale swapped": "the two rules are swapped: He's sqrt(2 / n_in) is for relu, Xavier's sqrt(2 / (n_in + n_out)) "
    "for sigmoid and tanh.",
    "scale lecun": "for sigmoid and tanh use Xavier's sqrt(2 / (n_in + n_out)), which counts both sides of the layer.",
    "clip by_value": (
        "you clipped each element to [−max_norm, max_norm]: that bends the step's direction. Clip by the norm: "
        "multiply every array by max_norm / total."
    ),
    "clip per_layer": (
        "you clipped each layer by its own norm; measure one total over every dW and db together and scale all "
        "of them by the same factor."
    ),
    "clip biases_left_out": "the total norm counts every array, the biases' db as well as every dW.",
    "clip always_rescaled": (
        "gradients whose total norm is already at most max_norm must come back unchanged: only scale down."
    ),
    "clip total_after": "return the total norm measured before clipping (it says how far the step was cut).",
    "clip modified_input": (
        "you changed the gradients you were given: return new arrays (dW * factor), not dW *= factor."
    ),
}


# ------------------------------------------------------------------ 12: any depth

DEEP_SIZES = ((7, [3, 5, 4, 2]), (6, [4, 3, 5, 2, 1]), (5, [2, 6, 3]))  # (N, layer sizes): all differ


@dataclass(frozen=True)
class DeepCase:
    X: np.ndarray
    y: np.ndarray
    params: Params
    activation: str

    @property
    def N(self) -> int:
        return self.X.shape[0]

    @property
    def sizes(self) -> str:
        layers = [self.X.shape[1]] + [W.shape[1] for W, _ in self.params]
        return f"N={self.N} samples, layer sizes {layers}, {self.activation} hidden units"

    @functools.cached_property
    def activations(self) -> list[np.ndarray]:
        return ref.network_forward(self.params, self.X, self.activation, "sigmoid")

    @functools.cached_property
    def grads(self) -> Params:
        return ref.network_gradients(self.params, self.activations, self.y, self.activation, "sigmoid", "mse")

    def grads_with(
        self,
        output_delta: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
        slope: Callable[[int], np.ndarray] | None = None,
        divide_each_layer: bool = False,
        bias_axis: int = 0,
    ) -> Params:
        """The backward loop with one piece swapped, to compute the known wrong answers."""
        acts = self.activations
        derivative = ref.ACTIVATIONS[self.activation][1]
        out = acts[-1]
        delta = output_delta(out, self.y) if output_delta else (out - self.y) / self.N * out * (1 - out)
        grads = []
        for layer in range(len(self.params) - 1, -1, -1):
            W, _ = self.params[layer]
            grads.append((acts[layer].T @ delta, delta.sum(axis=bias_axis, keepdims=True)))
            if layer > 0:
                delta = delta @ W.T * (slope(layer) if slope else derivative(acts[layer]))
                if divide_each_layer:
                    delta = delta / self.N
        return grads[::-1]

    def pre_activation(self, layer: int) -> np.ndarray:
        """z of the layer whose output is activations[layer]."""
        W, b = self.params[layer - 1]
        return self.activations[layer - 1] @ W + b

    def numeric(self) -> Params:
        def loss() -> float:
            return ref.network_loss(self.params, self.X, self.y, self.activation, "sigmoid", "mse")

        return [(ref.numerical_gradient(loss, W), ref.numerical_gradient(loss, b)) for W, b in self.params]


def deep_cases(seed: int = 120) -> list[DeepCase]:
    cases = []
    for offset, ((n, sizes), activation) in enumerate(zip(DEEP_SIZES, ("tanh", "relu", "sigmoid"), strict=True)):
        rng = np.random.default_rng(seed + offset)
        params = [(rng.normal(size=(a, b)), rng.normal(size=(1, b)) * 0.5) for a, b in pairwise(sizes)]
        cases.append(DeepCase(rng.normal(size=(n, sizes[0])), rng.random((n, sizes[-1])), params, activation))
    return cases


def _deep_mistakes() -> list[tuple[str, str, Callable[[DeepCase], Params]]]:
    def pre_activation_slope(c: DeepCase) -> Callable[[int], np.ndarray]:
        derivative = ref.ACTIVATIONS[c.activation][1]
        return lambda layer: derivative(c.pre_activation(layer))

    return [
        (
            "not_divided",
            "you did not divide by N: the loss is a mean over the batch, so delta at the top is "
            "(a_L − y) / N * a_L * (1 − a_L).",
            lambda c: c.grads_with(lambda o, y: (o - y) * o * (1 - o)),
        ),
        (
            "divided_each_layer",
            "you divided by N at every layer; the 1/N of the mean comes in once, at the top.",
            lambda c: c.grads_with(divide_each_layer=True),
        ),
        (
            "flipped_sign",
            "the sign is flipped: these are gradients of the loss (to subtract), so the top delta starts from a_L − y.",
            lambda c: [(-dW, -db) for dW, db in c.grads],
        ),
        (
            "no_output_derivative",
            "you left out the output's slope: delta_L = (a_L − y) / N * a_L * (1 − a_L).",
            lambda c: c.grads_with(lambda o, y: (o - y) / c.N),
        ),
        (
            "derivative_of_pre_activation",
            "you applied the activation's derivative to the pre-activation z; as in the lesson it takes the "
            "activation: f'(a_{l−1}).",
            lambda c: c.grads_with(slope=pre_activation_slope(c)),
        ),
        (
            "no_hidden_derivative",
            "you left out the hidden layers' slope: delta_{l−1} = delta_l @ W_l.T * f'(a_{l−1}).",
            lambda c: c.grads_with(slope=lambda layer: np.ones_like(c.activations[layer])),
        ),
        (
            "bias_wrong_axis",
            "you summed delta over the wrong axis for db: a bias needs the sum over the samples, "
            "delta.sum(axis=0, keepdims=True).",
            lambda c: c.grads_with(bias_axis=1),
        ),
    ]


DEEP_MISTAKES = {name: message for name, message, _ in _deep_mistakes()}


_deep_wrong_grads: dict[int, tuple[DeepCase, list[tuple[str, str, Params]]]] = {}


def deep_variants(case: DeepCase, layer: int, which: int) -> list[Variant]:
    """Variants of grads[layer][which] (which: 0 for dW, 1 for db); each wrong loop runs once per case."""
    cached = _deep_wrong_grads.get(id(case))
    if cached is None or cached[0] is not case:
        cached = (case, [(name, message, compute(case)) for name, message, compute in _deep_mistakes()])
        _deep_wrong_grads.clear()  # one case at a time: keep memory flat
        _deep_wrong_grads[id(case)] = cached
    return [Variant(name, message, grads[layer][which]) for name, message, grads in cached[1]]


DEEP_FORWARD_MISTAKES = {
    "hidden_activation_on_output": "the last layer is a sigmoid whatever the hidden activation is: "
    "use sigmoid(z) for the output layer and the hidden activation only below it.",
    "pre_activations": "you stored z = a @ W + b; keep the activations f(z) (the backward pass needs them).",
    "no_bias": "you left out the biases: z = a @ W + b.",
    "missing_input": "the list starts with X itself: [X, a_1, ..., a_L] has L + 1 arrays.",
}
DEEP_REVERSED = (
    "return the gradients first layer first: [(dW_1, db_1), ..., (dW_L, db_L)] (reverse the list you built)."
)


# --------------------------------------------------------------- 13: overfitting


def early_stopping(
    params: Any,
    train_step: Callable[[Any], Any],
    validation_loss: Callable[[Any], float],
    max_epochs: int,
    patience: float,
    *,
    ties_improve: bool = False,
    keep_last: bool = False,
) -> tuple[Any, int, list[float]]:
    """Exercise 13's early stopping; the keyword switches give the known wrong versions."""
    val_losses = [validation_loss(params)]
    best_params, best_epoch = params, 0
    for epoch in range(1, max_epochs + 1):
        params = train_step(params)
        val_losses.append(validation_loss(params))
        best = val_losses[best_epoch]
        if val_losses[-1] < best or (ties_improve and val_losses[-1] == best):
            best_params, best_epoch = params, epoch
        elif epoch - best_epoch >= patience:
            break
    return (params if keep_last else best_params), best_epoch, val_losses


def early_stopping_variants(
    params: Any,
    train_step: Callable[[Any], Any],
    validation_loss: Callable[[Any], float],
    max_epochs: int,
    patience: int,
) -> dict[str, tuple[Any, int, list[float]]]:
    """What the known wrong versions of early stopping return, keyed like OVERFITTING_MISTAKES."""
    args = (params, train_step, validation_loss, max_epochs)
    return {
        "stop last_params": early_stopping(*args, patience, keep_last=True),
        "stop ties": early_stopping(*args, patience, ties_improve=True),
        "stop no_patience": early_stopping(*args, 1),
        "stop patience_off_by_one": early_stopping(*args, patience + 1),
        "stop never": early_stopping(*args, float("inf")),
    }


OVERFITTING_MISTAKES = {
    "split size": "the validation set should have round(N * validation_fraction) rows (at least 1, at most N − 1).",
    "split overlap": (
        "some rows are in both sets (or in neither): shuffle the row indices once (rng.permutation(N)) and "
        "cut that order in two, so each row lands in exactly one set."
    ),
    "split unpaired": (
        "X and y were shuffled differently: use one order of row indices for both, X[order] and y[order]."
    ),
    "split not_shuffled": (
        "the validation rows are always the same end of the data: shuffle first with np.random.default_rng(seed)."
    ),
    "split seed": "the split must depend on the seed: build the generator with np.random.default_rng(seed).",
    "penalty no_half": "the penalty is λ/2 · Σ W²: with the ½, its gradient is exactly λ·W.",
    "penalty biases": "leave the biases out of the penalty: only the weights W are decayed.",
    "decay biases": (
        "weight decay applies to the weights only: return db unchanged (a bias does not make the curve wiggle)."
    ),
    "decay sign": "the sign is flipped: the penalty's gradient λ·W is added to dW, so the step shrinks W towards 0.",
    "decay doubled": "the gradient of λ/2 · Σ W² is λ·W, not 2λ·W.",
    "decay replaced": "add λ·W to the loss's gradient dW; do not replace dW with it.",
    "stop last_params": (
        "you returned the last params; return the ones from the best epoch (keep them aside when the validation "
        "loss hits a new low)."
    ),
    "stop no_patience": (
        "you stopped at the first epoch that did not improve; wait `patience` epochs in a row without a new low."
    ),
    "stop ties": "a new low must be strictly lower: a validation loss equal to the best so far is not an improvement.",
    "stop patience_off_by_one": (
        "stop after exactly `patience` epochs in a row without a new low (count them from the best epoch)."
    ),
    "stop never": "you never stopped early: stop once `patience` epochs in a row have not beaten the best.",
    "stop best_epoch": "best_epoch is the index in val_losses of the lowest value (0 is the start, before training).",
}


# ------------------------------------------------------------------ 14: softmax

SOFTMAX_MISTAKES = {
    "softmax axis0": "you normalised each column (axis=0); softmax works on each row: axis=1 (keepdims=True).",
    "softmax overflow": "np.exp overflowed: subtract each row's largest score first, z - z.max(axis=1, keepdims=True).",
    "softmax keepdims": "the row sums are (N,) and the scores (N, K): use keepdims=True so they line up by row.",
    "ce sum": "the cross-entropy is the mean over the batch: divide the sum by N (or use np.mean).",
    "ce no_minus": "log of a probability is negative; the loss is −mean(log p[i, label_i]), with the minus.",
    "ce table": "probs[:, labels] picks a whole (N, N) table; take one entry per row: probs[np.arange(N), labels].",
    "ce all_entries": "only the probability of each row's own label counts: probs[np.arange(N), labels].",
    "delta no_one_hot": "you forgot to subtract the one-hot: dL/dz = (probs − one_hot(labels)) / N.",
    "delta not_divided": "the loss is a mean over the batch: divide by N, dL/dz = (probs − one_hot) / N.",
    "delta flipped_sign": "the sign is flipped: dL/dz = (probs − one_hot) / N (probabilities minus targets).",
    "delta minus_one_everywhere": "subtract 1 only at each row's label (the one-hot), not from every entry.",
    "batches drop_last": (
        "every index must appear once per epoch: keep the last, smaller batch when batch_size does not divide n."
    ),
    "batches not_shuffled": "shuffle the order each epoch (rng.permutation(n)); these batches come in the same order.",
    "batches repeats": "some indices came twice and others never: shuffle a permutation, do not draw with replacement.",
    "batches size": "cut the order into consecutive pieces of batch_size (only the last may be smaller).",
    "sgd steps": "take one step per mini-batch: epochs × ceil(N / batch_size) steps in all.",
    "sgd uphill": "the loss went up: step downhill, W − learning_rate · dW.",
}
