"""Every catalogued mistake, for every exercise: the one sentence that names it (and its fix), and where
a wrong answer can be computed from a case, how.

A grader compares a wrong answer with these variants and names the one that matches: a name is given only
when the learner's numbers are exactly that mistake's numbers. Where two mistakes give the same numbers on
some input (a one-column delta not summed, or summed over axis 1), the first listed is the one whose
sentence holds for both. Sentences state the mistake and the fix, never a guess.

tests/submissions/ holds learners' files with each mistake, and near misses that must not get its name
(tests/test_submissions.py); tests/test_checks_messages.py checks that no two sentences can be confused on
the inputs the graders use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from backprop_study.checks import core
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


_D_HIDDEN: list[Mistake] = [
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
        "output_slope",
        "you multiplied by the output's slope, sigmoid_derivative(output); the hidden layer's own slope is "
        "sigmoid_derivative(hidden_output).",
        lambda c: c.d_output @ c.weights_hidden_output.T * _sig_deriv(c.output),
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
]


def _step_with_d_hidden(d_hidden: Callable[[Case], np.ndarray]) -> Callable[[Case], np.ndarray]:
    return lambda c: c.weights_input_hidden + c.X.T @ d_hidden(c) * c.learning_rate


LESSON: dict[str, list[Mistake]] = {
    "sigmoid": [
        Mistake(
            "flipped_sign",
            "that is sigmoid(−z) = 1 − sigmoid(z), the mirror image: sigmoid(z) = 1 / (1 + e^(−z)), which is "
            "above 0.5 for z > 0 (check the sign of the exponent, and which branch has e on top).",
            lambda z: ref.sigmoid(-z),
        ),
        Mistake(
            "tanh",
            "that is tanh(z), which runs from −1 to 1; the sigmoid runs from 0 to 1: 1 / (1 + e^(−z)).",
            np.tanh,
        ),
        Mistake(
            "minus_in_denominator",
            "the denominator is 1 + e^(−z), with a plus: sigmoid(z) = 1 / (1 + e^(−z)).",
            lambda z: 1.0 / (1.0 - np.exp(-z)),
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
        Mistake(
            "negated",
            "the sign is flipped: the sigmoid only rises, so its slope a * (1 - a) is positive.",
            lambda a: -a * (1 - a),
        ),
        Mistake(
            "tanh_slope",
            "1 − a² is the slope of tanh; the sigmoid's, written with its activation a, is a * (1 - a).",
            lambda a: 1 - a**2,
        ),
    ],
    "hidden_output": [
        Mistake(
            "tanh",
            "you used np.tanh; the lesson's hidden units are sigmoids: hidden_output = sigmoid(hidden_input).",
            lambda c: np.tanh(c.hidden_input),
        ),
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
            "you took the mean (divided by the batch size N); the lesson's loss is a sum, ½ Σ (y − output)².",
            lambda c: ref.squared_error(c.y, c.output) / c.N,
        ),
        Mistake(
            "mean_no_half",
            "you took the mean of the squares (np.mean); the lesson's loss is ½ Σ (y − output)², a halved sum.",
            lambda c: 2 * ref.squared_error(c.y, c.output) / c.N,
        ),
        Mistake(
            "root",
            "you took a square root (a norm); the loss is ½ Σ (y − output)², the squares added up, with no root.",
            lambda c: float(np.sqrt(np.sum(c.error**2))),
        ),
        Mistake(
            "squared_the_sum",
            "you added up the errors and then squared the sum; square each error first, then add: "
            "0.5 * np.sum(error ** 2).",
            lambda c: 0.5 * float(np.sum(c.error)) ** 2,
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
        Mistake(
            "through_sigmoid",
            "that is the gradient at output_input (you went on through the sigmoid's slope); the gradient with "
            "respect to output itself is just output - y.",
            lambda c: -c.error * _sig_deriv(c.output),
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
        Mistake(
            "hidden_slope",
            "you took the hidden layer's slope, sigmoid_derivative(hidden_output); at the output unit it is "
            "sigmoid_derivative(output).",
            lambda c: c.error * _sig_deriv(c.hidden_output),
        ),
    ],
    "d_hidden": _D_HIDDEN,
    "weights_hidden_output": [
        Mistake(
            "flipped_sign",
            "it stepped uphill: with error = y - output the lesson's update is += learning_rate * "
            "hidden_output.T @ d_output (the sign is flipped in the update or in d_output).",
            lambda c: c.weights_hidden_output - c.hidden_output.T @ c.d_output * c.learning_rate,
        ),
        Mistake(
            "divided_by_batch",
            "the step is divided by the batch size N (in the update or in a delta); the lesson's loss is a sum, "
            "so there is no 1/N.",
            lambda c: c.weights_hidden_output + c.hidden_output.T @ c.d_output * c.learning_rate / c.N,
        ),
        Mistake(
            "no_learning_rate",
            "you left out the learning rate: += learning_rate * hidden_output.T @ d_output.",
            lambda c: c.weights_hidden_output + c.hidden_output.T @ c.d_output,
        ),
        Mistake(
            "learning_rate_twice",
            "the learning rate is applied twice (learning_rate² scales the step): multiply by it once.",
            lambda c: c.weights_hidden_output + c.hidden_output.T @ c.d_output * c.learning_rate**2,
        ),
        Mistake(
            "used_pre_activation",
            "you used hidden_input (before the sigmoid); the layer's input is hidden_output: "
            "+= learning_rate * hidden_output.T @ d_output.",
            lambda c: c.weights_hidden_output + c.hidden_input.T @ c.d_output * c.learning_rate,
        ),
        Mistake(
            "used_d_hidden",
            "weights_hidden_output moves with the delta at its own output, d_output: "
            "+= learning_rate * hidden_output.T @ d_output (d_hidden belongs to weights_input_hidden).",
            lambda c: c.weights_hidden_output + c.hidden_output.T @ c.d_hidden * c.learning_rate,
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
            "it stepped uphill: with error = y - output the lesson's update is += learning_rate * X.T @ d_hidden "
            "(the sign is flipped in the update or in d_hidden).",
            lambda c: c.weights_input_hidden - c.X.T @ c.d_hidden * c.learning_rate,
        ),
        Mistake(
            "divided_by_batch",
            "the step is divided by the batch size N (in the update or in a delta); the lesson's loss is a sum, "
            "so there is no 1/N.",
            lambda c: c.weights_input_hidden + c.X.T @ c.d_hidden * c.learning_rate / c.N,
        ),
        Mistake(
            "no_learning_rate",
            "you left out the learning rate: += learning_rate * X.T @ d_hidden.",
            lambda c: c.weights_input_hidden + c.X.T @ c.d_hidden,
        ),
        Mistake(
            "learning_rate_twice",
            "the learning rate is applied twice (learning_rate² scales the step): multiply by it once.",
            lambda c: c.weights_input_hidden + c.X.T @ c.d_hidden * c.learning_rate**2,
        ),
        Mistake(
            "used_d_output",
            "weights_input_hidden moves with the delta at the hidden layer, d_hidden: "
            "+= learning_rate * X.T @ d_hidden (d_output belongs to weights_hidden_output).",
            lambda c: c.weights_input_hidden + c.X.T @ c.d_output * c.learning_rate,
        ),
        # d_hidden is written in the same step: each of its mistakes shows in this update (its sign and 1/N
        # give the same numbers as the update's own, named above in words that hold for both).
        *(
            Mistake(m.name, "d_hidden: " + m.message, _step_with_d_hidden(m.compute))
            for m in _D_HIDDEN
            if m.name not in ("flipped_sign", "divided_by_batch")
        ),
    ],
}


def _both(w1: Callable[[Case], np.ndarray], w2: Callable[[Case], np.ndarray]) -> Callable[[Case], tuple]:
    return lambda c: (w1(c), w2(c))


def _lesson(quantity: str, name: str) -> Mistake:
    return next(m for m in LESSON[quantity] if m.name == name)


def _right_w1(c: Case) -> np.ndarray:
    return c.updated[0]


def _right_w2(c: Case) -> np.ndarray:
    return c.updated[1]


# Whole training runs (exercise 07): a wrong step repeated every epoch. Each computes (W1, W2) after one step.
TRAINING: list[Mistake] = [
    Mistake(
        "never_updated",
        "the weights never change: each epoch's new weights must replace the old ones (assign the result of "
        "the update back to weights_input_hidden and weights_hidden_output, inside the loop).",
        lambda c: (c.weights_input_hidden, c.weights_hidden_output),
    ),
    Mistake(
        "w2_updated_first",
        "you updated weights_hidden_output before computing d_hidden; in each epoch compute every delta with "
        "the old weights first, then update both.",
        _w2_first_step,
    ),
    Mistake(
        "flipped_sign",
        "the weights step uphill: with error = y - output the lesson's updates are `+=` (the sign is flipped in "
        "the updates or in the deltas).",
        _both(
            _lesson("weights_input_hidden", "flipped_sign").compute,
            _lesson("weights_hidden_output", "flipped_sign").compute,
        ),
    ),
    Mistake(
        "divided_by_batch",
        "the steps are divided by the batch size N (in the updates or in the deltas); the lesson's loss is a sum, "
        "so there is no 1/N.",
        _both(
            _lesson("weights_input_hidden", "divided_by_batch").compute,
            _lesson("weights_hidden_output", "divided_by_batch").compute,
        ),
    ),
    Mistake(
        "no_learning_rate",
        "you left out the learning rate: each update is += learning_rate * (its input).T @ (its delta).",
        _both(
            _lesson("weights_input_hidden", "no_learning_rate").compute,
            _lesson("weights_hidden_output", "no_learning_rate").compute,
        ),
    ),
    Mistake(
        "learning_rate_twice",
        "the learning rate is applied twice (learning_rate² scales each step): multiply by it once.",
        _both(
            _lesson("weights_input_hidden", "learning_rate_twice").compute,
            _lesson("weights_hidden_output", "learning_rate_twice").compute,
        ),
    ),
    Mistake(
        "w1_flipped_sign",
        "weights_input_hidden steps uphill: both updates are `+=` (the error y - output carries the sign).",
        _both(_lesson("weights_input_hidden", "flipped_sign").compute, _right_w2),
    ),
    Mistake(
        "w2_flipped_sign",
        "weights_hidden_output steps uphill: both updates are `+=` (the error y - output carries the sign).",
        _both(_right_w1, _lesson("weights_hidden_output", "flipped_sign").compute),
    ),
    Mistake(
        "used_pre_activation",
        "you used hidden_input (before the sigmoid) in the update; the layer's input is hidden_output: "
        "weights_hidden_output += hidden_output.T @ d_output * learning_rate.",
        _both(_right_w1, _lesson("weights_hidden_output", "used_pre_activation").compute),
    ),
]


def _step_with_deltas(
    d_output: Callable[[Case], np.ndarray] | None = None, d_hidden: Callable[[Case], np.ndarray] | None = None
) -> Callable[[Case], tuple[np.ndarray, np.ndarray]]:
    """The lesson's step with a wrong d_output (carried into d_hidden) or a wrong d_hidden."""

    def step(c: Case) -> tuple[np.ndarray, np.ndarray]:
        d_out = d_output(c) if d_output else c.d_output
        right = d_out @ c.weights_hidden_output.T * _sig_deriv(c.hidden_output)
        d_hid = d_hidden(c) if d_hidden else right
        return (
            c.weights_input_hidden + c.X.T @ d_hid * c.learning_rate,
            c.weights_hidden_output + c.hidden_output.T @ d_out * c.learning_rate,
        )

    return step


# A loop that writes its own deltas can make any of exercises 04-05's mistakes, every epoch. (Their sign
# and 1/N mistakes give the same runs as the update's own, named above; shape-changing ones fail on shape.)
_LIFTED = ("flipped_sign", "divided_by_batch", "hidden_slope")
TRAINING += [
    Mistake("d_output " + m.name, "d_output: " + m.message, _step_with_deltas(d_output=m.compute))
    for m in LESSON["d_output"]
    if m.name not in _LIFTED
]
TRAINING += [
    Mistake("d_hidden " + m.name, "d_hidden: " + m.message, _step_with_deltas(d_hidden=m.compute))
    for m in LESSON["d_hidden"]
    if m.name not in _LIFTED
]


# How a right run's losses get recorded wrong (07, 08): the lesson's loss is ½ Σ (y − output)², taken from
# each epoch's forward pass before that epoch's update.
SUM_LOSS_RECORDED = {
    "recorded_after_update": (
        "each loss is one epoch late: record the loss of the forward pass before that epoch's update."
    ),
    "mean": "you recorded a mean (divided by N); the loss is ½ Σ (y − output)², a sum.",
    "no_half": "you left out the ½: the loss is ½ Σ (y − output)².",
    "mean_no_half": (
        "you recorded np.mean((y - output) ** 2), the mean of the squares; the loss is ½ Σ (y − output)², a halved sum."
    ),
    "root": "you recorded a square root (a norm); the loss is ½ Σ (y − output)², with no root.",
    "mean_absolute": "you recorded the mean absolute error, mean |y − output|; the loss is ½ Σ (y − output)².",
}
TRAINING_ONE_STEP_MORE = (
    "these are the weights after one update more than `epochs`: the loop must run exactly `epochs` times "
    "(range(epochs))."
)
TRAINING_OUTPUT_AT_START = (
    "output is the output of the starting weights: return the output of the last epoch's forward pass."
)


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
_TANH_SLOPE_HIDDEN = (
    "1 − hidden_output² is the slope of tanh; the hidden units are sigmoids, whose slope is "
    "sigmoid_derivative(hidden_output) = hidden_output * (1 − hidden_output)."
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
                "tanh_slope",
                _TANH_SLOPE_HIDDEN,
                lambda c: c.grads_with(c.delta_output, c.delta_output @ c.W2.T * (1 - c.hidden**2))[quantity],
            ),
            Mistake(
                "no_hidden_derivative",
                "you left out the hidden layer's slope: delta_hidden = delta_output @ W2.T * "
                "sigmoid_derivative(hidden_output).",
                lambda c: c.grads_with(c.delta_output, c.delta_output @ c.W2.T)[quantity],
            ),
            Mistake(
                "output_slope",
                "you multiplied by the output's slope; the hidden layer's own slope is "
                "sigmoid_derivative(hidden_output).",
                lambda c: c.grads_with(c.delta_output, c.delta_output @ c.W2.T * _sig_deriv(c.output))[quantity],
            ),
            Mistake(
                "raw_error",
                "you sent the raw error (output − y) back instead of delta_output: "
                "delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output).",
                lambda c: c.grads_with(c.delta_output, (c.output - c.y) @ c.W2.T * _sig_deriv(c.hidden))[quantity],
            ),
        ]
    if quantity == "dW1":
        mistakes.append(
            Mistake(
                "dW1_from_delta_output",
                "dW1 pairs X with the delta at the hidden units, delta_hidden: dW1 = X.T @ delta_hidden.",
                lambda c: c.X.T @ c.delta_output,
            )
        )
    if quantity == "dW2":
        mistakes.append(
            Mistake(
                "dW2_from_delta_hidden",
                "dW2 pairs hidden_output with the delta at the output, delta_output: dW2 = hidden_output.T @ "
                "delta_output.",
                lambda c: c.hidden.T @ c.delta_hidden,
            )
        )
    if quantity.startswith("db"):
        delta = "delta_output" if upper else "delta_hidden"
        other = "delta_hidden" if upper else "delta_output"
        # "Not summed" comes first: for a one-column delta, summing over axis 1 sums nothing, and the
        # sentence about the samples is the one that holds for both.
        mistakes += [
            Mistake(
                "bias_not_summed",
                f"a bias gets one number per unit, whatever N is: sum {delta} over the samples (axis 0), "
                f"{delta}.sum(axis=0, keepdims=True).",
                lambda c: getattr(c, delta),
            ),
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
                "bias_summed_everything",
                f"you summed {delta} over both axes into one number; sum over the samples only, "
                f"{delta}.sum(axis=0, keepdims=True).",
                lambda c: getattr(c, delta).sum(),
            ),
            Mistake(
                "bias_from_other_delta",
                f"{quantity} comes from {delta}, the delta at the units this bias feeds, not from {other}: "
                f"{delta}.sum(axis=0, keepdims=True).",
                lambda c: getattr(c, other).sum(axis=0, keepdims=True),
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
        Mistake(
            "other_layers_bias",
            "you added b2 in the hidden layer; the hidden layer's bias is b1: sigmoid(X @ W1 + b1).",
            lambda c: ref.sigmoid(c.X @ c.W1 + c.b2),
        ),
        Mistake(
            "bias_subtracted",
            "the bias is added: sigmoid(X @ W1 + b1).",
            lambda c: ref.sigmoid(c.X @ c.W1 - c.b1),
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
        Mistake(
            "other_layers_bias",
            "you added b1 at the output; the output's bias is b2: sigmoid(hidden_output @ W2 + b2).",
            lambda c: ref.sigmoid(c.hidden @ c.W2 + c.b1),
        ),
        Mistake(
            "fed_pre_activation",
            "you fed the hidden layer's pre-activation (X @ W1 + b1) to the output; the output layer's "
            "input is hidden_output, after the sigmoid.",
            lambda c: ref.sigmoid(c.z1 @ c.W2 + c.b2),
        ),
    ],
    **{f"08 {name}": _gradient_mistakes(name) for name in ("dW2", "db2", "dW1", "db1")},
}

# How exercise 08's training step goes wrong (the loop around it is given): each is (message, step), the step
# taking (params, grads, learning_rate, N) to new params.
BIAS_STEPS = {
    "uphill": "the losses go up: step downhill, each parameter minus learning_rate times its gradient.",
    "no_learning_rate": "you left out the learning rate: each parameter moves by −learning_rate · its gradient.",
    "learning_rate_twice": "the learning rate is applied twice (learning_rate² scales each step): multiply once.",
    "divided_by_batch": "you divided each step by the batch size N; the loss is a sum, so nothing is divided by N.",
    "biases_frozen": "b1 and b2 never move: every parameter takes its step, the biases too (b1 − learning_rate · db1).",
    "never_updated": (
        "the parameters never change: assign each new value back (W1 = W1 - learning_rate * dW1), inside the loop."
    ),
    "one_step_more": "these are the parameters after one step more than `epochs`: take exactly `epochs` steps.",
}

PLANTED_BUG = (
    "backward still has the planted bug: its dW1 and db1 disagree with finite differences while dW2 and db2 "
    "agree, so the wrong line is one that only dW1 and db1 depend on. Run the file and compare what that line "
    "multiplies by with the slope of a sigmoid unit."
)


# ------------------------------------------------------------ 09: gradient checking itself

NUMERICAL_GRADIENT = {
    "forward_difference": (
        "that is a one-sided difference (f(x + h) − f(x)) / h, accurate only to about h; use centred "
        "differences: (f(x + h) − f(x − h)) / (2h)."
    ),
    "backward_difference": (
        "that is a one-sided difference (f(x) − f(x − h)) / h, accurate only to about h; use centred "
        "differences: (f(x + h) − f(x − h)) / (2h)."
    ),
    "half_forward": (
        "the second call of f saw x itself, not x − h (after x[i] += h, one x[i] -= h only goes back to x): "
        "set x[i] = original − h before calling f again."
    ),
    "divided_by_h": "the two points x − h and x + h are 2h apart: divide by 2 * h, not h.",
    "flipped_sign": "the sign is flipped: the slope is (f(x + h) − f(x − h)) / (2h), the higher point first.",
    "not_restored": (
        "x was not put back: after nudging an element, restore its original value before moving on "
        "(and the caller's x must end as it began)."
    ),
    "no_change_seen": (
        "every difference is 0: f() never saw the nudges. f reads x itself, so change the very array you were "
        "given, in place (x[index] = ...), not a copy of it."
    ),
    "whole_rows": (
        "each row holds one number: x[i] of a 2-D x is a whole row, so you nudged every element of the row at "
        "once. Visit every element: for index in np.ndindex(x.shape)."
    ),
    "own_step": "you used a step of {used}, not {given}: {fix}",
    "tiny_step": (
        "these are closer to the exact slopes than centred differences with {given} can be: you used a much "
        "smaller step of your own. {fix}"
    ),
    "noisy_step": (
        "these are off the slopes by irregular amounts of about {off}, the rounding error of a step near {step} "
        "(rounding grows as the step shrinks), not centred differences with {given}. {fix}"
    ),
    "use h": "use the argument h.",
    "keep the default": "keep the signature's default, h=1e-5, and use h.",
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
    "divided_by_n": (
        "divide by ‖a‖ + ‖n‖ (both), not by one of them: the error must not depend on which is which.",
        lambda a, n: float(np.linalg.norm(a - n) / np.linalg.norm(n)),
    ),
    "divided_by_max": (
        "divide by the sum ‖a‖ + ‖n‖, not the larger of the two.",
        lambda a, n: float(np.linalg.norm(a - n) / max(np.linalg.norm(a), np.linalg.norm(n))),
    ),
    "norm_of_sum": (
        "the denominator is ‖a‖ + ‖n‖, two norms added, not the norm of a + n.",
        lambda a, n: float(np.linalg.norm(a - n) / np.linalg.norm(a + n)),
    ),
    "squared_norms": (
        "use the norms themselves (square roots of the sums of squares), not their squares.",
        lambda a, n: float(np.sum((a - n) ** 2) / (np.sum(a**2) + np.sum(n**2))),
    ),
    "absolute_values": (
        "that sums absolute values; ‖·‖ is the square root of the sum of squares, np.linalg.norm.",
        lambda a, n: float(np.sum(np.abs(a - n)) / (np.sum(np.abs(a)) + np.sum(np.abs(n)))),
    ),
}
ZERO_GRADIENTS = "when a and n are both all zeros there is nothing to compare: return 0.0 before dividing."
ONE_SIDE_ZERO = (
    "when only one of them is all zeros, ‖a − n‖ equals the other's norm and the error is 1.0: return 0.0 only "
    "when both are all zeros (check the denominator, not one of the arrays)."
)

CHECK_GRADIENTS = {
    "compared_with_itself": (
        "it scores 0 for a backward whose gradients are wrong: you compared backward_fn's gradient with itself. "
        "Compare it with numerical_gradient(lambda: loss(X, y, *params), that parameter)."
    ),
    "numeric_all_zero": (
        "every error is 1.0, which is what ‖a − n‖ / (‖a‖ + ‖n‖) gives when n is all zeros: the numerical "
        "gradient saw the loss never move. The lambda must read the very arrays you nudge (copy the params "
        "first, then build the lambda on the copies)."
    ),
    "files_backward": (
        "these are the errors of this file's own backward, not of backward_fn: check the function you are "
        "given (call backward_fn(X, y, *params))."
    ),
    "changed_params": (
        "check_gradients changed the params it was given: nudge your own copies (np.array(p, dtype=float)) "
        "or put every element back."
    ),
}


# ------------------------------------------------------------------ 10: the learning rate

LEARNING_RATE = {
    "loss no_half": "you left out the ½: L = ½ · mean((X @ w − y)²).",
    "loss sum": "the loss is a mean over the N rows (np.mean), not a sum.",
    "loss sum_no_half": "the loss is ½ · mean((X @ w − y)²): a mean over the N rows, with the ½.",
    "loss root": "you took a square root; the loss is ½ · mean((X @ w − y)²), with no root.",
    "gradient not_divided": "you did not divide by N: the loss is a mean, so dL/dw = X.T @ (X @ w − y) / N.",
    "gradient flipped_sign": "the sign is flipped: the gradient is X.T @ (X @ w − y) / N (prediction minus target).",
    "gradient doubled": "you doubled it: the ½ in the loss cancels the 2 from the square.",
    "descent uphill": "your steps go uphill: w ← w − learning_rate · dL/dw (subtract the gradient).",
    "descent no_learning_rate": "you left out the learning rate: w ← w − learning_rate · dL/dw.",
    "descent learning_rate_twice": "the learning rate is applied twice (learning_rate² scales each step).",
    "descent no_start": (
        "row 0 must be the start, before any step (w = 0): return epochs + 1 rows, the loss and weights "
        "before every step and once after the last."
    ),
    "descent no_end": (
        "the last row must be the loss and weights after the last step: return epochs + 1 rows, "
        "the start and then one after every step."
    ),
    "descent aliased": (
        "every row holds the same, final weights: you stored w itself (or a view of it, like w.ravel()) and then "
        "changed w in place. Store a copy (w[:, 0].copy()), or make a new w each step (w = w − ...)."
    ),
    "converge off_by_one": (
        "t counts steps: losses[0] is the start (0 steps), so return the index itself, not index + 1."
    ),
    "converge not_none": "when the loss never reaches the target, return None (not a number).",
    "converge strict": "a loss equal to the target has reached it: the test is losses[t] <= target.",
    "zigzag non_strict": (
        "a step of zero length (or at right angles) is not a reversal: count only dot products strictly below 0."
    ),
    "zigzag weights_not_steps": (
        "compare consecutive steps (weights[t + 1] − weights[t]), not the weights themselves: np.diff(weights, axis=0)."
    ),
}

# Exercise 10's diagnosis: what each rule's boundary means, said when a run on that boundary gets the wrong name.
DIAGNOSE = {
    "equal_ends": (
        '"diverges" needs the last loss strictly larger than the first (>); in this run every loss is the same.'
    ),
    "rose_and_fell": (
        '"diverges" compares the last loss with the first, and nothing else: this run rose on the way but ended '
        "below its start."
    ),
    "late_rise": (
        '"diverges" compares the last loss with the first: this one ends above the loss before it, but below the first.'
    ),
    "just_above": '"diverges": the last loss is larger than the first, if only by a little.',
    "quarter": (
        '"oscillates" counts zigzags >= steps / 4, steps being len(weights) − 1: here exactly a quarter of the '
        "steps zigzag, which is enough."
    ),
    "below_quarter": (
        '"oscillates" needs zigzags >= steps / 4 (steps = len(weights) − 1): this run has fewer zigzags than that.'
    ),
    "target_met": '"reached" means losses[t] <= target: a loss equal to the target has reached it.',
    "target_missed": 'the loss never gets down to the target (its lowest is just above it): that is "too small".',
    "nan": 'A loss that became NaN or infinite is "diverges", whatever came before.',
    "order": "Check the rules in the order the docstring gives them.",
}


# ------------------------------------------------------------- 11: vanishing and exploding

VANISHING = {
    "norms squared": "that is the sum of squares; the norm is its square root: np.linalg.norm(dW).",
    "norms with_biases": "measure the weights' gradient dW alone (the biases' db are left out of these norms).",
    "norms reversed": "first layer first: the list starts with the layer next to the input.",
    "norms max_abs": "that is the largest element; the norm is sqrt(sum of dW²) over every element.",
    "norms absolute": "that sums absolute values; the norm is sqrt(sum of dW²): np.linalg.norm(dW).",
    "norms mean": "that divides by the number of elements; the norm is sqrt(sum of dW²), with no mean.",
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
    "clip inverted": "the factor is max_norm / total (below 1 when clipping), not total / max_norm.",
    "clip squared_total": "that total is the sum of squares; the norm is its square root.",
    "clip total_after": "return the total norm measured before clipping (it says how far the step was cut).",
    "clip modified_input": (
        "you changed the gradients you were given: return new arrays (dW * factor), not dW *= factor."
    ),
}

# The starting scales a learner may return, each said as what it is; the grader names the one that matches
# and says which rule the activation takes.
SCALES: dict[str, tuple[str, Callable[[int, int], float]]] = {
    "he": ("He's sqrt(2 / n_in), the rule for relu", lambda n_in, n_out: float(np.sqrt(2.0 / n_in))),
    "xavier": (
        "Xavier's sqrt(2 / (n_in + n_out)), the rule for sigmoid and tanh",
        lambda n_in, n_out: float(np.sqrt(2.0 / (n_in + n_out))),
    ),
    "he variance": (
        "2 / n_in, He's variance: the scale multiplies a standard normal, so it is the square root",
        lambda n_in, n_out: 2.0 / n_in,
    ),
    "xavier variance": (
        "2 / (n_in + n_out), Xavier's variance: the scale multiplies a standard normal, so it is the square root",
        lambda n_in, n_out: 2.0 / (n_in + n_out),
    ),
    "lecun": ("sqrt(1 / n_in) (LeCun's), which counts only the inputs", lambda n_in, n_out: float(np.sqrt(1.0 / n_in))),
    "glorot uniform": (
        "sqrt(6 / (n_in + n_out)), the limit of Glorot's *uniform* draw, not the scale of a normal one",
        lambda n_in, n_out: float(np.sqrt(6.0 / (n_in + n_out))),
    ),
    "fan out": (
        "sqrt(2 / n_out), which counts the outputs instead of the inputs",
        lambda n_in, n_out: float(np.sqrt(2.0 / n_out)),
    ),
}
_XAVIER = "Xavier's sqrt(2 / (n_in + n_out))"
SCALE_RULE = {"relu": "He's sqrt(2 / n_in)", "sigmoid": _XAVIER, "tanh": _XAVIER}


def scale_message(key: str, activation: str) -> str:
    """The sentence for a scale that matched `key`: what it is, and the rule `activation` takes."""
    return f"that is {SCALES[key][0]}; {activation} takes {SCALE_RULE[activation]}."


# ------------------------------------------------------------------ 12: any depth

# Exercise 12's network: hidden layers with the given activation, this output layer, L = ½ · mean Σ (y − a_L)².
DEEP_OUTPUT = "sigmoid"
_TOP = {"sigmoid": "(a_L − y) / N * a_L * (1 − a_L)", "linear": "(a_L − y) / N"}


def _sigmoid_slope(a: np.ndarray) -> np.ndarray:
    return a * (1 - a)


def deep_mistakes(output: str = DEEP_OUTPUT) -> list[tuple[str, str, Callable[[Case], Params]]]:
    """The wrong backward loops of exercise 12: (name, sentence, the gradients it gives on a DeepCase)."""
    top = _TOP[output]
    out_slope = _sigmoid_slope if output == "sigmoid" else np.ones_like

    def pre_activation_slope(c: Case) -> Callable[[int], np.ndarray]:
        derivative = ref.ACTIVATIONS[c.activation][1]
        return lambda layer: derivative(c.pre_activation(layer))

    mistakes: list[tuple[str, str, Callable[[Case], Params]]] = [
        (
            "not_divided",
            f"you did not divide by N: the loss is a mean over the batch, so delta at the top is {top}.",
            lambda c: c.grads_with(lambda o, y: (o - y) * out_slope(o)),
        ),
        (
            "divided_by_every_entry",
            "you divided by every entry of y (N · K, as np.mean over all of them does); the mean is over the "
            f"N examples only: delta at the top is {top}.",
            lambda c: c.grads_with(lambda o, y: (o - y) / y.size * out_slope(o)),
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
    ]
    if output == "sigmoid":
        mistakes += [
            (
                "no_output_derivative",
                f"you left out the output's slope: the output is a sigmoid, so delta_L = {top}.",
                lambda c: c.grads_with(lambda o, y: (o - y) / c.N),
            ),
            (
                "hidden_slope_at_output",
                "at the top you used the hidden layers' slope f'(a_L); the output layer is a sigmoid, whose slope "
                f"is a_L * (1 − a_L): delta_L = {top}.",
                lambda c: c.grads_with(lambda o, y: (o - y) / c.N * ref.ACTIVATIONS[c.activation][1](o)),
            ),
        ]
    else:
        mistakes += [
            (
                "slope_at_linear_output",
                f"the output layer is linear (nothing squashes it), so its slope is 1: delta_L = {top}.",
                lambda c: c.grads_with(lambda o, y: (o - y) / c.N * ref.ACTIVATIONS[c.activation][1](o)),
            ),
            (
                "sigmoid_slope_at_linear_output",
                f"the output layer is linear (nothing squashes it): no sigmoid slope at the top, delta_L = {top}.",
                lambda c: c.grads_with(lambda o, y: (o - y) / c.N * _sigmoid_slope(o)),
            ),
        ]
    mistakes += [
        (
            "derivative_of_pre_activation",
            "you applied the activation's derivative to the pre-activation z; as in the lesson it takes the "
            "activation: f'(a_{l−1}).",
            lambda c: c.grads_with(slope=pre_activation_slope(c)),
        ),
        (
            "sigmoid_slope_everywhere",
            "you used the sigmoid's slope a * (1 − a) in every hidden layer; they use `activation`, so take its "
            "derivative (tanh: 1 − a², relu: a > 0).",
            lambda c: c.grads_with(slope=lambda layer: _sigmoid_slope(c.activations[layer])),
        ),
        (
            "no_hidden_derivative",
            "you left out the hidden layers' slope: delta_{l−1} = delta_l @ W_l.T * f'(a_{l−1}).",
            lambda c: c.grads_with(slope=lambda layer: np.ones_like(c.activations[layer])),
        ),
        (
            "layer_output_in_dW",
            "dW_l pairs the delta with the layer's input, a_{l−1} (activations[layer] when layer counts from 0), "
            "not with its output: dW_l = a_{l−1}.T @ delta_l.",
            lambda c: c.grads_with(weight_input_offset=1),
        ),
        (
            "bias_wrong_axis",
            "you summed delta over the wrong axis for db: a bias needs the sum over the samples, "
            "delta.sum(axis=0, keepdims=True).",
            lambda c: c.grads_with(bias_axis=1),
        ),
    ]
    return mistakes


DEEP_COMPUTED = deep_mistakes()
DEEP = {name: message for name, message, _ in DEEP_COMPUTED}

_OUTPUT_LAYER = {
    "sigmoid": "the last layer is a sigmoid whatever the hidden activation is: use sigmoid(z) for the output "
    "layer and the hidden activation only below it.",
    "linear": "the output layer is linear: a_L = z_L, with no activation (the hidden activation only below it).",
}
DEEP_FORWARD = {
    "hidden_activation_on_output": _OUTPUT_LAYER[DEEP_OUTPUT],
    "sigmoid_on_output": _OUTPUT_LAYER[DEEP_OUTPUT],
    "linear_output": _OUTPUT_LAYER[DEEP_OUTPUT],
    "activation_ignored": (
        "every hidden layer used the sigmoid: use the activation you are given (sigmoid, tanh or relu)."
    ),
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
    "penalty absolute": "that is the L1 penalty (absolute values); weight decay is λ/2 · Σ W², the squares.",
    "penalty mean": "the penalty sums the squares of every weight (Σ W²), not their mean.",
    "penalty root": "that takes a square root (a norm); the penalty is λ/2 · Σ W², the squares themselves.",
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
    "stop best_epoch_type": "Keep the loop's epoch counter (an int) when a new low comes, not a loss or a float.",
}


# ------------------------------------------------------------------ 14: softmax

SOFTMAX = {
    "softmax axis0": "you normalised each column (axis=0); softmax works on each row: axis=1 (keepdims=True).",
    "softmax whole_array": (
        "you divided by the sum of the whole array; each row must sum to 1: e / e.sum(axis=1, keepdims=True)."
    ),
    "softmax overflow": "np.exp overflowed: subtract each row's largest score first, z - z.max(axis=1, keepdims=True).",
    "softmax global_max": (
        "a row came out as 0 / 0: with one maximum for the whole array, a row far below it has exp(...) = 0 "
        "everywhere. Subtract each row's own maximum, z.max(axis=1, keepdims=True)."
    ),
    "softmax keepdims": "the row sums are (N,) and the scores (N, K): use keepdims=True so they line up by row.",
    "ce sum": "the cross-entropy is the mean over the batch: divide the sum by N (or use np.mean).",
    "ce no_minus": "log of a probability is negative; the loss is −mean(log p[i, label_i]), with the minus.",
    "ce table": "probs[:, labels] picks a whole (N, N) table; take one entry per row: probs[np.arange(N), labels].",
    "ce rows": "probs[labels] picks whole rows (row label_i for each i); take one entry per row: "
    "probs[np.arange(N), labels].",
    "ce all_entries": "only the probability of each row's own label counts: probs[np.arange(N), labels].",
    "ce every_entry_mean": (
        "you divided by N · K (a mean over every entry of the one-hot product); the mean is over the N rows only."
    ),
    "ce other_log": "that is a base-10 (or base-2) logarithm; the cross-entropy uses the natural one, np.log.",
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
    "batches rng_unused": (
        "two generators made from the same seed gave different batches: draw the order from the rng you are "
        "given (rng.permutation(n)), not from np.random's global generator."
    ),
    "sgd steps": "take one step per mini-batch: epochs × ceil(N / batch_size) steps in all.",
    "sgd uphill": "the loss went up: step downhill, W − learning_rate · dW.",
    "sgd no_learning_rate": "you left out the learning rate: W − learning_rate · dW.",
    "sgd learning_rate_twice": "the learning rate is applied twice (learning_rate² scales each step): multiply once.",
    "sgd labels": (
        "backward got labels that are not those of the batch: pass labels[batch], the labels of the same rows "
        "as X[batch]."
    ),
    "sgd coverage": (
        "the batches of one epoch must cover every point exactly once: cut one shuffled order of 0 .. N − 1 "
        "into pieces (minibatches does that)."
    ),
    "sgd same_order": (
        "every epoch went through the points in the same order: make the generator once, before the epoch loop "
        "(rng = np.random.default_rng(seed)), so each epoch draws a new order from it."
    ),
    "sgd not_shuffled": "the points were never shuffled: draw each epoch's order from the generator (minibatches).",
    "sgd seed": (
        "two runs with the same seed went differently: make the generator from the seed, "
        "np.random.default_rng(seed), not from the clock or np.random's global generator."
    ),
    "sgd seed_unused": "runs with different seeds took the same batches: the order must come from "
    "np.random.default_rng(seed).",
    "sgd losses_before": (
        "each loss is one epoch early: losses[e] is the cross-entropy on all of X after epoch e's steps."
    ),
    "sgd batch_loss": (
        "that is the loss of the epoch's last mini-batch; losses[e] is the cross-entropy on all of X after the epoch."
    ),
}


# --------------------------------------------------------------- the catalogue as a whole

# Every catalogue above, by name. A mistake's id is "CATALOGUE:KEY[:NAME]" (e.g. "LESSON:d_output:flipped_sign",
# "SOFTMAX:ce sum", "PLANTED_BUG"), as the submission corpus names them; decks name these ids (a card's
# `mistakes:`) so that a mistake made in an exercise brings its card forward in Review.
_CATALOGUES = (
    "LESSON",
    "TRAINING",
    "SUM_LOSS_RECORDED",
    "TRAINING_ONE_STEP_MORE",
    "TRAINING_OUTPUT_AT_START",
    "BIASES",
    "BIAS_STEPS",
    "PLANTED_BUG",
    "NUMERICAL_GRADIENT",
    "RELATIVE_ERROR",
    "ZERO_GRADIENTS",
    "ONE_SIDE_ZERO",
    "CHECK_GRADIENTS",
    "LEARNING_RATE",
    "DIAGNOSE",
    "VANISHING",
    "SCALES",
    "DEEP",
    "DEEP_FORWARD",
    "DEEP_REVERSED",
    "OVERFITTING",
    "SOFTMAX",
)


def catalogue() -> dict[str, str]:
    """Every catalogued mistake: {id: the sentence that names it}."""
    found: dict[str, str] = {}
    for name in _CATALOGUES:
        value = globals()[name]
        if isinstance(value, str):
            found[name] = value
        elif isinstance(value, list):
            found.update({f"{name}:{m.name}": m.message for m in value})
        else:
            for key, entry in value.items():
                if isinstance(entry, list):
                    found.update({f"{name}:{key}:{m.name}": m.message for m in entry})
                else:
                    found[f"{name}:{key}"] = entry[0] if isinstance(entry, tuple) else entry
    return found


_SENTENCES: list[tuple[str, str]] | None = None


def identify(message: str) -> str | None:
    """The id of the catalogued mistake a failure message names, or None when it names none.

    A message quotes its mistake's sentence whole (graders write `f"{quantity}: {sentence}"`), so the
    longest sentence found in the message is the one it names.
    """
    global _SENTENCES
    if _SENTENCES is None:
        by_sentence: dict[str, str] = {}
        for mistake_id, sentence in catalogue().items():
            by_sentence.setdefault(sentence.strip(), mistake_id)  # the first catalogued id owns a shared sentence
        _SENTENCES = sorted(((s, i) for s, i in by_sentence.items()), key=lambda pair: -len(pair[0]))
    for sentence, mistake_id in _SENTENCES:
        # A sentence that starts a line of its own (a hint under an exception) starts with a capital.
        if sentence and (sentence in message or sentence[:1].upper() + sentence[1:] in message):
            return mistake_id
    return None


core.identify_mistake = identify  # every failure a grader raises carries the mistake it names
