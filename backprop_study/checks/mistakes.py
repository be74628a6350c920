"""Every catalogued mistake, for every exercise: the one sentence that names it (and its fix), and where
a wrong answer can be computed from a case, how.

A grader compares a wrong answer with these variants and names the one that matches; the tests in
tests/test_mistakes_*.py check that each sentence is reached by a submission with that mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from backprop_study.checks.core import Mistake, Variant
from backprop_study.solutions import backprop as ref

# The cases (checks.lesson.Case, checks.beyond.BiasCase and DeepCase) are taken by what they provide, so
# this file imports none of them: the case modules read the catalogue, never the other way round.
Case = Any
Params = list[tuple[np.ndarray, np.ndarray]]


def _sig_deriv(a: np.ndarray) -> np.ndarray:
    return a * (1 - a)


# ------------------------------------------------------------------ 01-06: the lesson's quantities
# Each entry: the quantity, a short id, the one sentence shown, and how to compute the wrong answer from a
# Case (for sigmoid and its derivative, from the input array).


def _w2_first_step(c: Case) -> tuple[np.ndarray, np.ndarray]:
    """The step with weights_hidden_output updated before d_hidden was computed."""
    new_w2 = c.weights_hidden_output + c.hidden_output.T @ c.d_output * c.learning_rate
    d_hidden = c.d_output @ new_w2.T * _sig_deriv(c.hidden_output)
    return c.weights_input_hidden + c.X.T @ d_hidden * c.learning_rate, new_w2


LESSON: dict[str, list[Mistake]] = {
    "sigmoid": [
        Mistake(
            "flipped_sign",
            "you computed 1 / (1 + e^z); the exponent is −z: sigmoid(z) = 1 / (1 + e^(−z)).",
            lambda z: ref.sigmoid(-z),
        ),
    ],
    "sigmoid_derivative": [
        Mistake(
            "sigmoid_twice",
            "you applied the sigmoid again: sigmoid_derivative receives the activation a = sigmoid(z) already, "
            "so return a * (1 - a).",
            lambda a: ref.sigmoid(a) * (1 - ref.sigmoid(a)),
        ),
        Mistake(
            "missing_factor",
            "the slope is a * (1 - a): both factors, the activation and one minus it.",
            lambda a: 1 - a,
        ),
    ],
    "hidden_output": [
        Mistake(
            "no_hidden_sigmoid",
            "you returned hidden_input; the hidden layer's output is sigmoid(hidden_input).",
            lambda c: c.hidden_input,
        ),
        Mistake(
            "sigmoid_twice",
            "you applied the sigmoid twice: hidden_output = sigmoid(X @ weights_input_hidden), once.",
            lambda c: ref.sigmoid(c.hidden_output),
        ),
    ],
    "output": [
        Mistake(
            "sigmoid_twice",
            "you applied the sigmoid twice: output = sigmoid(output_input), once.",
            lambda c: ref.sigmoid(c.output),
        ),
        Mistake(
            "no_output_sigmoid",
            "you returned output_input; the output is sigmoid(output_input).",
            lambda c: c.output_input,
        ),
        Mistake(
            "fed_pre_activation",
            "you fed hidden_input (before its sigmoid) to the next layer; "
            "output_input = hidden_output @ weights_hidden_output.",
            lambda c: ref.sigmoid(c.hidden_input @ c.weights_hidden_output),
        ),
    ],
    "error": [
        Mistake(
            "flipped_sign",
            "the sign is flipped: error = y - output (what the net should add), not output - y.",
            lambda c: -c.error,
        ),
    ],
    "squared_error": [
        Mistake(
            "no_half",
            "you left out the ½: the loss is ½ Σ (y − output)², whose gradient is exactly −error.",
            lambda c: 2 * ref.squared_error(c.y, c.output),
        ),
        Mistake(
            "divided_by_batch",
            "you divided by the batch size N (a mean); the lesson's loss is a sum, ½ Σ (y − output)².",
            lambda c: ref.squared_error(c.y, c.output) / c.N,
        ),
        Mistake(
            "mean_no_half",
            "you took the mean of the squares (np.mean); the lesson's loss is ½ Σ (y − output)², a halved sum.",
            lambda c: 2 * ref.squared_error(c.y, c.output) / c.N,
        ),
        Mistake(
            "target_broadcast",
            "y is flat (N,) and output is (N, 1), so y - output broadcast to an (N, N) table; "
            "reshape y with y.reshape(-1, 1) first.",
            lambda c: 0.5 * float(np.sum((c.y.reshape(1, -1) - c.output) ** 2)),
        ),
    ],
    "loss_gradient": [
        Mistake(
            "flipped_sign",
            "that is the error y - output, which is minus the gradient: dL/d output of ½ Σ (y − o)² is o − y. "
            "That minus sign is why the lesson adds (+=) the error's step.",
            lambda c: c.error,
        ),
        Mistake(
            "divided_by_batch",
            "you divided by the batch size N; the loss is a sum, so dL/d output = output - y with no 1/N.",
            lambda c: -c.error / c.N,
        ),
        Mistake(
            "no_half",
            "you doubled it: the ½ in ½ Σ (y − o)² cancels the 2 from the square, so dL/d output = output - y.",
            lambda c: -2 * c.error,
        ),
    ],
    "d_output": [
        Mistake(
            "derivative_of_pre_activation",
            "you applied sigmoid_derivative to the pre-activation output_input; it takes the activation, "
            "so use sigmoid_derivative(output).",
            lambda c: c.error * _sig_deriv(c.output_input),
        ),
        Mistake(
            "sigmoid_twice",
            "you applied the sigmoid twice: output is already sigmoid(output_input), so its slope is "
            "sigmoid_derivative(output) = output * (1 - output).",
            lambda c: c.error * _sig_deriv(ref.sigmoid(c.output)),
        ),
        Mistake(
            "flipped_sign",
            "the sign is flipped: use error = y - output (not output - y), so d_output = error * "
            "sigmoid_derivative(output).",
            lambda c: -c.d_output,
        ),
        Mistake(
            "divided_by_batch",
            "you divided by the batch size N; the lesson's loss is a sum, so d_output = error * "
            "sigmoid_derivative(output) with no 1/N.",
            lambda c: c.d_output / c.N,
        ),
        Mistake(
            "no_derivative",
            "you left out the output's slope: d_output = error * sigmoid_derivative(output), not the error alone.",
            lambda c: c.error,
        ),
    ],
    "d_hidden": [
        Mistake(
            "derivative_of_pre_activation",
            "you applied sigmoid_derivative to the pre-activation hidden_input; it takes the activation, "
            "so use sigmoid_derivative(hidden_output).",
            lambda c: c.d_output @ c.weights_hidden_output.T * _sig_deriv(c.hidden_input),
        ),
        Mistake(
            "sigmoid_twice",
            "you applied the sigmoid twice: hidden_output is already sigmoid(hidden_input), so its slope is "
            "sigmoid_derivative(hidden_output).",
            lambda c: c.d_output @ c.weights_hidden_output.T * _sig_deriv(ref.sigmoid(c.hidden_output)),
        ),
        Mistake(
            "no_hidden_derivative",
            "you left out the hidden layer's derivative: multiply d_output @ weights_hidden_output.T by "
            "sigmoid_derivative(hidden_output).",
            lambda c: c.d_output @ c.weights_hidden_output.T,
        ),
        Mistake(
            "raw_error",
            "you sent the raw error back instead of d_output: d_hidden = d_output @ weights_hidden_output.T * "
            "sigmoid_derivative(hidden_output).",
            lambda c: c.error @ c.weights_hidden_output.T * _sig_deriv(c.hidden_output),
        ),
        Mistake(
            "flipped_sign",
            "the sign is flipped: d_output already carries the sign of error = y - output; do not negate it.",
            lambda c: -c.d_hidden,
        ),
        Mistake(
            "divided_by_batch",
            "you divided by the batch size N; the lesson's loss is a sum, so there is no 1/N in d_hidden.",
            lambda c: c.d_hidden / c.N,
        ),
    ],
    "weights_hidden_output": [
        Mistake(
            "flipped_sign",
            "you stepped uphill: with error = y - output the lesson's update is += learning_rate * "
            "hidden_output.T @ d_output.",
            lambda c: c.weights_hidden_output - c.hidden_output.T @ c.d_output * c.learning_rate,
        ),
        Mistake(
            "divided_by_batch",
            "you divided by the batch size N; the lesson's loss is a sum, so the step has no 1/N.",
            lambda c: c.weights_hidden_output + c.hidden_output.T @ c.d_output * c.learning_rate / c.N,
        ),
        Mistake(
            "no_learning_rate",
            "you left out the learning rate: += learning_rate * hidden_output.T @ d_output.",
            lambda c: c.weights_hidden_output + c.hidden_output.T @ c.d_output,
        ),
        Mistake(
            "used_pre_activation",
            "you used hidden_input (before the sigmoid); the layer's input is hidden_output: "
            "+= learning_rate * hidden_output.T @ d_output.",
            lambda c: c.weights_hidden_output + c.hidden_input.T @ c.d_output * c.learning_rate,
        ),
    ],
    "weights_input_hidden": [
        Mistake(
            "w2_updated_first",
            "you updated weights_hidden_output before computing d_hidden; compute every delta with the old "
            "weights first, then update both.",
            lambda c: _w2_first_step(c)[0],
        ),
        Mistake(
            "flipped_sign",
            "you stepped uphill: with error = y - output the lesson's update is += learning_rate * X.T @ d_hidden.",
            lambda c: c.weights_input_hidden - c.X.T @ c.d_hidden * c.learning_rate,
        ),
        Mistake(
            "divided_by_batch",
            "you divided by the batch size N; the lesson's loss is a sum, so the step has no 1/N.",
            lambda c: c.weights_input_hidden + c.X.T @ c.d_hidden * c.learning_rate / c.N,
        ),
        Mistake(
            "no_learning_rate",
            "you left out the learning rate: += learning_rate * X.T @ d_hidden.",
            lambda c: c.weights_input_hidden + c.X.T @ c.d_hidden,
        ),
        Mistake(
            "no_hidden_derivative",
            "d_hidden is missing the hidden layer's derivative: d_hidden = d_output @ weights_hidden_output.T * "
            "sigmoid_derivative(hidden_output).",
            lambda c: c.weights_input_hidden + c.X.T @ (c.d_output @ c.weights_hidden_output.T) * c.learning_rate,
        ),
    ],
}


# Whole training runs (exercise 07): a wrong step repeated every epoch. Each computes (W1, W2) after one step.
TRAINING: list[Mistake] = [
    Mistake(
        "w2_updated_first",
        "you updated weights_hidden_output before computing d_hidden; in each epoch compute every delta with "
        "the old weights first, then update both.",
        _w2_first_step,
    ),
    Mistake(
        "flipped_sign",
        "you stepped uphill: with error = y - output the lesson's updates are `+=`.",
        lambda c: (
            c.weights_input_hidden - c.X.T @ c.d_hidden * c.learning_rate,
            c.weights_hidden_output - c.hidden_output.T @ c.d_output * c.learning_rate,
        ),
    ),
    Mistake(
        "divided_by_batch",
        "you divided the step by the batch size N; the lesson's loss is a sum, so there is no 1/N.",
        lambda c: (
            c.weights_input_hidden + c.X.T @ c.d_hidden * c.learning_rate / c.N,
            c.weights_hidden_output + c.hidden_output.T @ c.d_output * c.learning_rate / c.N,
        ),
    ),
]


def variants(quantity: str, case: Any) -> list[Variant]:
    """The catalogued wrong answers for `quantity` on this case."""
    return [mistake.on(case) for mistake in LESSON[quantity]]


def mistake_message(quantity: str, name: str) -> str:
    """The sentence shown for a catalogued mistake (tests look for it)."""
    for mistake in LESSON[quantity]:
        if mistake.name == name:
            return mistake.message
    raise KeyError(f"{quantity} has no mistake {name!r}")


# ------------------------------------------------------------------ 08: biases

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


BIASES: dict[str, list[Mistake]] = {
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


PLANTED_BUG = (
    "backward still has the planted bug: sigmoid_derivative(hidden_input) takes the derivative on the "
    "pre-activation; the derivative takes the activation, sigmoid_derivative(hidden_output)."
)


# ------------------------------------------------------------ 09: gradient checking itself

NUMERICAL_GRADIENT = {
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

RELATIVE_ERROR: dict[str, tuple[str, Callable[[np.ndarray, np.ndarray], float]]] = {
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

LEARNING_RATE = {
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

VANISHING = {
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


def _deep_mistakes() -> list[tuple[str, str, Callable[[Case], Params]]]:
    def pre_activation_slope(c: Case) -> Callable[[int], np.ndarray]:
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


DEEP_COMPUTED = _deep_mistakes()
DEEP = {name: message for name, message, _ in DEEP_COMPUTED}


DEEP_FORWARD = {
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

OVERFITTING = {
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

SOFTMAX = {
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
