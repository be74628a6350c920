"""Numeric card templates: fresh numbers every review, the answer computed by the reference code.

Each template draws small round numbers, writes the question with them, and
asks `backprop_study.solutions.backprop` (the same reference the exercises are
graded against) for the answer, computed from the numbers *as shown*, so the
rounding a learner sees is the rounding the answer uses. The question states
the tolerance, and `working` shows the calculation for after the answer.

numpy and the reference are imported only when a problem is made, so loading
decks stays light.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

TEMPLATE_NAMES = frozenset(
    {
        "sigmoid-value",
        "sigmoid-derivative",
        "output-delta",
        "hidden-delta",
        "weight-update",
        "squared-error",
        "chain-rule",
        "gradient-step",
    }
)


@dataclass(frozen=True)
class NumericProblem:
    template: str
    question: str  # the full text to show, tolerance included
    answer: float
    tolerance: float  # absolute
    inputs: dict[str, Any] = field(default_factory=dict)  # the numbers shown, for checking and tests
    working: str = ""  # the calculation, shown after the answer

    @property
    def decimals(self) -> int:
        return decimals_for(self.tolerance)

    def format_answer(self) -> str:
        return format_number(self.answer, self.decimals + 1)

    def accepts(self, value: float) -> bool:
        # A hair of slack so that an answer exactly on the stated edge counts despite float rounding.
        return math.isfinite(value) and abs(value - self.answer) <= self.tolerance * (1 + 1e-9)


@dataclass(frozen=True)
class _Draft:
    """What a template makes before the tolerance sentence is added."""

    question: str
    answer: float
    inputs: dict[str, Any]
    working: str
    tolerance: float  # the template's default


def decimals_for(tolerance: float) -> int:
    """How many decimal places to ask for so that a correctly rounded answer is within `tolerance`."""
    return max(1, math.ceil(-math.log10(2 * tolerance) - 1e-9))


def format_number(value: float, decimals: int = 4) -> str:
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _fmt_row(values: list[float]) -> str:
    return "[" + ", ".join(format_number(v, 3) for v in values) + "]"


def _fmt_matrix(rows: list[list[float]]) -> str:
    return "[" + ", ".join(_fmt_row(row) for row in rows) + "]"


def _draw(rng: random.Random, low: float, high: float, decimals: int = 2, avoid_zero: bool = True) -> float:
    while True:
        value = round(rng.uniform(low, high), decimals)
        if not (avoid_zero and abs(value) < 10**-decimals / 2):
            return value


def _signed(rng: random.Random, low: float, high: float, decimals: int = 3) -> float:
    """A value whose size is between low and high, either sign: deltas that are neither 0 nor huge."""
    return round(rng.uniform(low, high), decimals) * rng.choice((-1, 1))


def _sigmoid_value(rng: random.Random, bp: Any, np: Any) -> _Draft:
    z = _draw(rng, -4, 4)
    answer = float(bp.sigmoid(np.array([[z]]))[0, 0])
    return _Draft(
        question=f"What is σ(z) for z = {format_number(z)}?  (σ(z) = 1 / (1 + e^(−z)))",
        answer=answer,
        inputs={"z": z},
        working=f"σ({format_number(z)}) = 1 / (1 + e^({format_number(-z)})) = {format_number(answer, 4)}",
        tolerance=0.001,
    )


def _sigmoid_derivative(rng: random.Random, bp: Any, np: Any) -> _Draft:
    a = _draw(rng, 0.05, 0.95)
    answer = float(bp.sigmoid_derivative(np.array([[a]]))[0, 0])
    return _Draft(
        question=f"A sigmoid unit's output (its activation) is a = {format_number(a)}. "
        "What is the sigmoid's derivative σ′ there, computed from the activation as the lesson's "
        "sigmoid_derivative does?",
        answer=answer,
        inputs={"a": a},
        working=f"σ′ = a(1 − a) = {format_number(a)} × {format_number(1 - a)} = {format_number(answer, 4)}",
        tolerance=0.001,
    )


def _output_delta(rng: random.Random, bp: Any, np: Any) -> _Draft:
    y = float(rng.choice((0, 1)))
    output = _draw(rng, 0.05, 0.95)
    error = bp.output_error(np.array([[y]]), np.array([[output]]))
    answer = float(bp.output_delta(error, np.array([[output]]))[0, 0])
    return _Draft(
        question=f"The target is y = {format_number(y)} and the network's output is {format_number(output)}. "
        "What is d_output, as the lesson's code computes it?",
        answer=answer,
        inputs={"y": y, "output": output},
        working=f"error = y − output = {format_number(y - output)}; "
        f"d_output = error × output(1 − output) = {format_number(y - output)} × {format_number(output)} × "
        f"{format_number(1 - output)} = {format_number(answer, 5)}",
        tolerance=0.001,
    )


def _hidden_delta(rng: random.Random, bp: Any, np: Any) -> _Draft:
    hidden = rng.choice((2, 3))
    h = [_draw(rng, 0.1, 0.9) for _ in range(hidden)]
    w2 = [_draw(rng, -1, 1) for _ in range(hidden)]
    d_out = _signed(rng, 0.05, 0.3)
    j = rng.randrange(hidden)
    d_hidden = bp.hidden_delta(np.array([[d_out]]), np.array([[w] for w in w2]), np.array([h]))
    answer = float(d_hidden[0, j])
    return _Draft(
        question=(
            "One training example, as in the lesson's code:\n"
            f"  hidden_output = {_fmt_matrix([h])}\n"
            f"  weights_hidden_output = {_fmt_matrix([[w] for w in w2])}\n"
            f"  d_output = {_fmt_matrix([[d_out]])}\n"
            f"What is d_hidden[0, {j}]?"
        ),
        answer=answer,
        inputs={"hidden_output": h, "weights_hidden_output": w2, "d_output": d_out, "index": j},
        working=f"d_hidden[0, {j}] = d_output × weights_hidden_output[{j}, 0] × h(1 − h) with h = "
        f"hidden_output[0, {j}]: {format_number(d_out, 3)} × {format_number(w2[j])} × {format_number(h[j])} × "
        f"{format_number(1 - h[j])} = {format_number(answer, 6)}",
        tolerance=0.0005,
    )


def _weight_update(rng: random.Random, bp: Any, np: Any) -> _Draft:
    hidden = rng.choice((2, 3))
    samples = 2
    h = [[_draw(rng, 0.1, 0.9) for _ in range(hidden)] for _ in range(samples)]
    d_out = [_signed(rng, 0.05, 0.3) for _ in range(samples)]
    w2 = [_draw(rng, -1, 1) for _ in range(hidden)]
    lr = rng.choice((0.1, 0.5, 1.0))
    j = rng.randrange(hidden)
    zeros_x = np.zeros((samples, 2))
    _, new_w2 = bp.update_weights(
        zeros_x,
        np.array(h),
        np.array([[d] for d in d_out]),
        np.zeros((samples, hidden)),
        np.zeros((2, hidden)),
        np.array([[w] for w in w2]),
        lr,
    )
    answer = float(new_w2[j, 0])
    step = sum(h[n][j] * d_out[n] for n in range(samples))
    return _Draft(
        question=(
            "Two training examples (one per row):\n"
            f"  hidden_output = {_fmt_matrix(h)}\n"
            f"  d_output = {_fmt_matrix([[d] for d in d_out])}\n"
            f"  weights_hidden_output = {_fmt_matrix([[w] for w in w2])}\n"
            f"  learning_rate = {format_number(lr)}\n"
            "After the lesson's update\n"
            "  weights_hidden_output += hidden_output.T.dot(d_output) * learning_rate\n"
            f"what is weights_hidden_output[{j}, 0]?"
        ),
        answer=answer,
        inputs={"hidden_output": h, "d_output": d_out, "weights_hidden_output": w2, "learning_rate": lr, "index": j},
        working=f"hidden_output.T.dot(d_output)[{j}] = "
        + " + ".join(f"{format_number(h[n][j])} × {format_number(d_out[n], 3)}" for n in range(samples))
        + f" = {format_number(step, 6)}; {format_number(w2[j])} + {format_number(step, 6)} × {format_number(lr)}"
        f" = {format_number(answer, 6)}",
        tolerance=0.0005,
    )


def _squared_error(rng: random.Random, bp: Any, np: Any) -> _Draft:
    n = rng.choice((2, 3))
    y = [float(rng.choice((0, 1))) for _ in range(n)]
    o = [_draw(rng, 0.05, 0.95) for _ in range(n)]
    answer = bp.squared_error(np.array([[v] for v in y]), np.array([[v] for v in o]))
    terms = " + ".join(f"({format_number(t)} − {format_number(p)})²" for t, p in zip(y, o, strict=True))
    return _Draft(
        question=f"Targets y = {_fmt_row(y)}, outputs = {_fmt_row(o)}. What is the loss ½ Σ (y − output)²?",
        answer=float(answer),
        inputs={"y": y, "output": o},
        working=f"½ × ({terms}) = {format_number(float(answer), 5)}",
        tolerance=0.001,
    )


def _chain_rule(rng: random.Random, bp: Any, np: Any) -> _Draft:
    x = _draw(rng, -2, 2, decimals=1)
    w = _draw(rng, -1.5, 1.5)
    y = float(rng.choice((0, 1)))
    # One sigmoid neuron with no bias: a one-layer network whose bias is zero.
    params = [(np.array([[w]]), np.zeros((1, 1)))]
    activations = bp.network_forward(params, np.array([[x]]), output="sigmoid")
    (dW, _db), *_ = bp.network_gradients(params, activations, np.array([[y]]), output="sigmoid", loss="sse")
    answer = float(dW[0, 0])
    o = float(activations[-1][0, 0])
    return _Draft(
        question=(
            f"One sigmoid neuron with no bias: output o = σ(w·x), loss L = ½ (y − o)². "
            f"With x = {format_number(x)}, w = {format_number(w)} and y = {format_number(y)}, what is dL/dw?"
        ),
        answer=answer,
        inputs={"x": x, "w": w, "y": y},
        working=f"o = σ({format_number(w)} × {format_number(x)}) = {format_number(o, 4)}; "
        f"dL/dw = dL/do · do/dz · dz/dw = −(y − o) · o(1 − o) · x = "
        f"−({format_number(y)} − {format_number(o, 4)}) × {format_number(o * (1 - o), 4)} × {format_number(x)} = "
        f"{format_number(answer, 5)}",
        tolerance=0.001,
    )


def _gradient_step(rng: random.Random, bp: Any, np: Any) -> _Draft:
    w = _draw(rng, -1.5, 1.5)
    grad = _draw(rng, -0.5, 0.5, decimals=3)
    lr = rng.choice((0.01, 0.05, 0.1, 0.5, 1.0))
    params = [(np.array([[w]]), np.zeros((1, 1)))]
    grads = [(np.array([[grad]]), np.zeros((1, 1)))]
    answer = float(bp.sgd_step(params, grads, lr)[0][0][0, 0])
    return _Draft(
        question=f"A weight w = {format_number(w)} has gradient dL/dw = {format_number(grad, 3)}. "
        f"With learning rate {format_number(lr)}, what is w after one gradient-descent step?",
        answer=answer,
        inputs={"w": w, "grad": grad, "learning_rate": lr},
        working=f"w − learning_rate × dL/dw = {format_number(w)} − {format_number(lr)} × {format_number(grad, 3)} = "
        f"{format_number(answer, 6)}",
        tolerance=0.0005,
    )


_TEMPLATES: dict[str, Callable[[random.Random, Any, Any], _Draft]] = {
    "sigmoid-value": _sigmoid_value,
    "sigmoid-derivative": _sigmoid_derivative,
    "output-delta": _output_delta,
    "hidden-delta": _hidden_delta,
    "weight-update": _weight_update,
    "squared-error": _squared_error,
    "chain-rule": _chain_rule,
    "gradient-step": _gradient_step,
}
assert frozenset(_TEMPLATES) == TEMPLATE_NAMES


def generate(template: str, rng: random.Random | None = None, tolerance: float | None = None) -> NumericProblem:
    """A fresh problem from `template`; pass a seeded `random.Random` to get the same numbers again."""
    if template not in _TEMPLATES:
        raise KeyError(f"unknown numeric template {template!r}; expected one of {', '.join(sorted(TEMPLATE_NAMES))}")
    import numpy as np

    from backprop_study.solutions import backprop as bp

    draft = _TEMPLATES[template](rng or random.Random(), bp, np)
    tol = draft.tolerance if tolerance is None else tolerance
    decimals = decimals_for(tol)
    question = (
        f"{draft.question}\nGive {decimals} decimal place{'s' if decimals > 1 else ''}: "
        f"answers within ±{format_number(tol, 8)} count."
    )
    return NumericProblem(
        template=template,
        question=question,
        answer=draft.answer,
        tolerance=tol,
        inputs=draft.inputs,
        working=draft.working,
    )
