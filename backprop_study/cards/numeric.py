"""Numeric card templates: fresh numbers every review, the answer computed by the reference code.

Each template draws small round numbers, writes the question with them, and
asks `backprop_study.solutions.backprop` (the same reference the exercises are
graded against) for the answer, computed from the numbers *as shown*, so the
rounding a learner sees is the rounding the answer uses. The question states
the tolerance, and `working` shows the calculation for after the answer.

Every template also computes its *traps*: the values that the course's
catalogued mistakes give on the same numbers (the derivative taken at the
pre-activation, the sign flipped, a 1/N too many, ...), each as the reference
called with the wrong argument. A draw is thrown away and drawn again when the
answer lies near 0 or near a trap, so a card never accepts a mistake, and a
wrong answer that matches a trap is named. "Near" is twice the tolerance: a
learner who makes the mistake and rounds to the decimals asked for still lands
outside the tolerance.

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

# A draw is redrawn when the answer is within SEPARATION × tolerance of 0 or of a trap (see the docstring).
SEPARATION = 2.0
MAX_DRAWS = 1000


@dataclass(frozen=True)
class Trap:
    """A catalogued mistake on these numbers: its name (as in checks/mistakes.py), the value, what went wrong."""

    name: str
    value: float
    message: str


@dataclass(frozen=True)
class NumericProblem:
    template: str
    question: str  # the full text to show, tolerance included
    answer: float
    tolerance: float  # absolute
    inputs: dict[str, Any] = field(default_factory=dict)  # the numbers shown, for checking and tests
    working: str = ""  # the calculation, shown after the answer
    traps: tuple[Trap, ...] = ()

    @property
    def decimals(self) -> int:
        return decimals_for(self.tolerance)

    def format_answer(self) -> str:
        """The answer to the decimals the question asks for (a rounded answer is always within tolerance)."""
        return shown_number(self.answer, self.decimals)

    def accepts(self, value: float) -> bool:
        # A hair of slack so that an answer exactly on the stated edge counts despite float rounding.
        return math.isfinite(value) and abs(value - self.answer) <= self.tolerance * (1 + 1e-9)

    def trap_for(self, value: float) -> Trap | None:
        """The catalogued mistake that gives `value` (to within the tolerance), if one does."""
        if not math.isfinite(value):
            return None
        matches = [trap for trap in self.traps if abs(value - trap.value) <= self.tolerance * (1 + 1e-9)]
        return min(matches, key=lambda trap: abs(value - trap.value), default=None)


@dataclass(frozen=True)
class _Draft:
    """What a template makes before the tolerance sentence is added."""

    question: str
    answer: float
    inputs: dict[str, Any]
    working: str  # ends with "= {answer}" written by `generate` to the decimals asked
    tolerance: float  # the template's default
    traps: tuple[Trap, ...] = ()


def decimals_for(tolerance: float) -> int:
    """How many decimal places to ask for so that a correctly rounded answer is within `tolerance`."""
    return max(1, math.ceil(-math.log10(2 * tolerance) - 1e-9))


def format_number(value: float, decimals: int = 4) -> str:
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def shown_number(value: float, decimals: int = 3) -> str:
    """A number as a card shows it: `format_number` with a true minus sign (−), as in the rest of the text."""
    return format_number(value, decimals).replace("-", "−")


def _factor(value: float, decimals: int = 3) -> str:
    """A number inside a product: negative ones in parentheses, so "× (−0.5)" never reads as a subtraction."""
    text = shown_number(value, decimals)
    return f"({text})" if text.startswith("−") else text


def _fmt_row(values: list[float], decimals: int = 3) -> str:
    return "[" + ", ".join(shown_number(v, decimals) for v in values) + "]"


def _fmt_matrix(rows: list[list[float]], decimals: int = 3) -> str:
    return "[" + ", ".join(_fmt_row(row, decimals) for row in rows) + "]"


def _fmt_column(values: list[float], decimals: int = 3) -> str:
    return _fmt_matrix([[v] for v in values], decimals)


def _draw(rng: random.Random, low: float, high: float, decimals: int = 2, avoid_zero: bool = True) -> float:
    while True:
        value = round(rng.uniform(low, high), decimals)
        if not (avoid_zero and abs(value) < 10**-decimals / 2):
            return value


def _shown(value: float, decimals: int = 3) -> float:
    """A computed number as the question shows it, so that the answer uses exactly what the learner reads."""
    return round(float(value), decimals)


def _sigmoid_value(rng: random.Random, bp: Any, np: Any) -> _Draft:
    z = _draw(rng, -4, 4)
    answer = float(bp.sigmoid(np.array([[z]]))[0, 0])
    flipped = float(bp.sigmoid(np.array([[-z]]))[0, 0])
    return _Draft(
        question=f"What is σ(z) for z = {shown_number(z)}?  (σ(z) = 1 / (1 + e^(−z)))",
        answer=answer,
        inputs={"z": z},
        working=f"σ({shown_number(z)}) = 1 / (1 + e^({shown_number(-z)}))",
        tolerance=0.001,
        traps=(
            Trap("flipped_sign", flipped, "that is σ(−z): the exponent is −z, so σ(z) = 1 / (1 + e^(−z))."),
            Trap("tanh", math.tanh(z), "that is tanh(z), which runs from −1 to 1; σ runs from 0 to 1."),
            Trap(
                "minus_in_denominator",
                1 / (1 - math.exp(-z)),
                "that is 1 / (1 − e^(−z)): the denominator is 1 + e^(−z), with a plus.",
            ),
        ),
    )


def _sigmoid_derivative(rng: random.Random, bp: Any, np: Any) -> _Draft:
    a = _draw(rng, 0.05, 0.95)
    answer = float(bp.sigmoid_derivative(np.array([[a]]))[0, 0])
    twice = float(bp.sigmoid_derivative(bp.sigmoid(np.array([[a]])))[0, 0])
    return _Draft(
        question=f"A sigmoid unit's output (its activation) is a = {shown_number(a)}. "
        "What is the sigmoid's derivative σ′ there, computed from the activation as the lesson's "
        "sigmoid_derivative does?",
        answer=answer,
        inputs={"a": a},
        working=f"σ′ = a(1 − a) = {shown_number(a)} × {shown_number(1 - a)}",
        tolerance=0.001,
        traps=(
            Trap(
                "sigmoid_twice",
                twice,
                "that is σ(a)(1 − σ(a)): the sigmoid applied again to a value that is already σ(z). "
                "From the activation, σ′ = a(1 − a).",
            ),
            Trap("missing_factor", 1 - a, "that is 1 − a alone: σ′ = a(1 − a) has both factors."),
            Trap("negated", -answer, "the sign is flipped: the sigmoid only rises, so its slope is positive."),
            Trap("tanh_slope", 1 - a * a, "1 − a² is the slope of tanh; the sigmoid's is a(1 − a)."),
        ),
    )


def _two_outputs(rng: random.Random) -> tuple[list[float], list[float], list[float]]:
    """Two examples at the output unit: (output_input as shown, output as shown, targets)."""
    output_input = [_draw(rng, -2.5, 2.5) for _ in range(2)]
    output = [_shown(1 / (1 + math.exp(-z))) for z in output_input]
    y = [float(rng.choice((0, 1))) for _ in range(2)]
    return output_input, output, y


def _output_delta(rng: random.Random, bp: Any, np: Any) -> _Draft:
    output_input, output, y = _two_outputs(rng)
    i = rng.randrange(2)
    col = lambda values: np.array([[v] for v in values])  # noqa: E731
    error = bp.output_error(col(y), col(output))
    d_output = bp.output_delta(error, col(output))
    answer = float(d_output[i, 0])
    e, o, z = float(error[i, 0]), output[i], output_input[i]
    return _Draft(
        question=(
            "Two examples at the lesson's output unit (one per row):\n"
            f"  output_input = {_fmt_column(output_input, 2)}\n"
            f"  output = sigmoid(output_input) = {_fmt_column(output)}\n"
            f"  y = {_fmt_column(y, 0)}\n"
            f"What is d_output[{i}, 0], as the lesson's code computes it?"
        ),
        answer=answer,
        inputs={"output_input": output_input, "output": output, "y": y, "index": i},
        working=f"error = y − output = {shown_number(y[i])} − {shown_number(o)} = {shown_number(e)}; "
        f"d_output = error × output(1 − output) = {_factor(e)} × {_factor(o)} × {_factor(1 - o)}",
        tolerance=0.001,
        traps=(
            Trap(
                "derivative_of_pre_activation",
                e * float(bp.sigmoid_derivative(np.array(z))),
                "that uses output_input(1 − output_input): the slope is taken from the activation, "
                "output(1 − output), not from the pre-activation.",
            ),
            Trap(
                "sigmoid_twice",
                e * float(bp.sigmoid_derivative(bp.sigmoid(np.array(o)))),
                "that applies the sigmoid again to output, which already is sigmoid(output_input): "
                "the slope is output(1 − output).",
            ),
            Trap("flipped_sign", -answer, "the sign is flipped: the lesson's error is y − output."),
            Trap(
                "divided_by_batch",
                answer / 2,
                "that divides by the batch size N = 2: the lesson's loss is a sum, so no 1/N.",
            ),
            Trap("no_derivative", e, "that is the error alone: d_output multiplies it by output(1 − output)."),
        ),
    )


def _hidden_delta(rng: random.Random, bp: Any, np: Any) -> _Draft:
    hidden = rng.choice((2, 3))
    hidden_input = [[_draw(rng, -2, 2) for _ in range(hidden)] for _ in range(2)]
    hidden_output = [[_shown(1 / (1 + math.exp(-z))) for z in row] for row in hidden_input]
    w2 = [_draw(rng, -1.5, 1.5) for _ in range(hidden)]
    output = [_draw(rng, 0.1, 0.9) for _ in range(2)]
    y = [float(rng.choice((0, 1))) for _ in range(2)]
    error = [_shown(t - o) for t, o in zip(y, output, strict=True)]
    d_output = [_shown(e * o * (1 - o)) for e, o in zip(error, output, strict=True)]
    i, j = rng.randrange(2), rng.randrange(hidden)
    col = lambda values: np.array([[v] for v in values])  # noqa: E731
    W2, H, Z = col(w2), np.array(hidden_output), np.array(hidden_input)
    d_hidden = bp.hidden_delta(col(d_output), W2, H)
    answer = float(d_hidden[i, j])
    slope = float(bp.sigmoid_derivative(np.array(hidden_output[i][j])))
    h = hidden_output[i][j]
    return _Draft(
        question=(
            "Two examples of the lesson's network (one per row):\n"
            f"  hidden_input = {_fmt_matrix(hidden_input, 2)}\n"
            f"  hidden_output = sigmoid(hidden_input) = {_fmt_matrix(hidden_output)}\n"
            f"  weights_hidden_output = {_fmt_column(w2, 2)}\n"
            f"  output = {_fmt_column(output, 2)}\n"
            f"  error = y − output = {_fmt_column(error)}\n"
            f"  d_output = error * sigmoid_derivative(output) = {_fmt_column(d_output)}\n"
            f"What is d_hidden[{i}, {j}], as the lesson's code computes it?"
        ),
        answer=answer,
        inputs={
            "hidden_input": hidden_input,
            "hidden_output": hidden_output,
            "weights_hidden_output": w2,
            "output": output,
            "error": error,
            "d_output": d_output,
            "index": (i, j),
        },
        working=f"d_hidden[{i}, {j}] = d_output[{i}, 0] × weights_hidden_output[{j}, 0] × h(1 − h) with "
        f"h = hidden_output[{i}, {j}]: {_factor(d_output[i])} × {_factor(w2[j])} × {_factor(h)} × {_factor(1 - h)}",
        tolerance=0.0005,
        traps=(
            Trap(
                "derivative_of_pre_activation",
                float((col(d_output) @ W2.T * bp.sigmoid_derivative(Z))[i, j]),
                "that takes the slope from hidden_input: sigmoid_derivative takes the activation, hidden_output.",
            ),
            Trap(
                "sigmoid_twice",
                float((col(d_output) @ W2.T * bp.sigmoid_derivative(bp.sigmoid(H)))[i, j]),
                "that applies the sigmoid again to hidden_output, which already is sigmoid(hidden_input).",
            ),
            Trap(
                "no_hidden_derivative",
                d_output[i] * w2[j],
                "that leaves out the hidden layer's own slope, hidden_output(1 − hidden_output).",
            ),
            Trap(
                "output_slope",
                d_output[i] * w2[j] * output[i] * (1 - output[i]),
                "that takes the output's slope again: the hidden layer's own slope is "
                "hidden_output(1 − hidden_output).",
            ),
            Trap(
                "raw_error",
                error[i] * w2[j] * slope,
                "that sends the raw error back: it is d_output, which already holds the output's slope, "
                "that goes back through the weights.",
            ),
            Trap("flipped_sign", -answer, "the sign is flipped: d_output already carries the error's sign."),
            Trap(
                "divided_by_batch",
                answer / 2,
                "that divides by the batch size N = 2: the lesson's loss is a sum, so no 1/N.",
            ),
        ),
    )


def _weight_update(rng: random.Random, bp: Any, np: Any) -> _Draft:
    hidden = rng.choice((2, 3))
    samples = 2
    hidden_input = [[_draw(rng, -2, 2) for _ in range(hidden)] for _ in range(samples)]
    h = [[_shown(1 / (1 + math.exp(-z))) for z in row] for row in hidden_input]
    d_out = [round(rng.uniform(0.02, 0.2), 3) * rng.choice((-1, 1)) for _ in range(samples)]
    w2 = [_draw(rng, -1, 1) for _ in range(hidden)]
    # No rate of 1: there, leaving the learning rate out would give the right answer.
    lr = rng.choice((0.1, 0.2, 0.5))
    j = rng.randrange(hidden)
    col = lambda values: np.array([[v] for v in values])  # noqa: E731
    H, D, W2 = np.array(h), col(d_out), col(w2)

    def updated(layer_input: Any, rate: float) -> float:
        _, new_w2 = bp.update_weights(
            np.zeros((samples, 2)), layer_input, D, np.zeros((samples, hidden)), np.zeros((2, hidden)), W2, rate
        )
        return float(new_w2[j, 0])

    answer = updated(H, lr)
    step = float((H.T @ D)[j, 0])
    return _Draft(
        question=(
            "Two training examples of the lesson's network (one per row):\n"
            f"  hidden_input = {_fmt_matrix(hidden_input, 2)}\n"
            f"  hidden_output = sigmoid(hidden_input) = {_fmt_matrix(h)}\n"
            f"  d_output = {_fmt_column(d_out)}\n"
            f"  weights_hidden_output = {_fmt_column(w2, 2)}\n"
            f"  learning_rate = {shown_number(lr)}\n"
            f"After the lesson's update of weights_hidden_output, what is weights_hidden_output[{j}, 0]?"
        ),
        answer=answer,
        inputs={
            "hidden_input": hidden_input,
            "hidden_output": h,
            "d_output": d_out,
            "weights_hidden_output": w2,
            "learning_rate": lr,
            "index": j,
        },
        working=f"hidden_output.T @ d_output, row {j}: "
        + " + ".join(f"{_factor(h[n][j])} × {_factor(d_out[n])}" for n in range(samples))
        + f" = {shown_number(step, 6)}; then {shown_number(w2[j])} + {_factor(step, 6)} × {_factor(lr)}",
        tolerance=0.0005,
        traps=(
            Trap(
                "flipped_sign",
                w2[j] - step * lr,
                "that subtracts the step: with error = y − output, hidden_output.T @ d_output is minus the "
                "gradient, so the lesson adds it (+=).",
            ),
            Trap(
                "divided_by_batch",
                w2[j] + step * lr / samples,
                "that divides by the batch size N = 2: the lesson's loss is a sum, so no 1/N.",
            ),
            Trap("no_learning_rate", w2[j] + step, "that leaves out the learning rate."),
            Trap(
                "learning_rate_twice",
                w2[j] + step * lr * lr,
                "that multiplies by the learning rate twice: once is enough.",
            ),
            Trap(
                "used_pre_activation",
                updated(np.array(hidden_input), lr),
                "that uses hidden_input: the weight's input is the activation hidden_output.",
            ),
        ),
    )


def _squared_error(rng: random.Random, bp: Any, np: Any) -> _Draft:
    # Three or four outputs: with two, the mean of the squares (a common slip) equals half their sum.
    n = rng.choice((3, 4))
    y = [float(rng.choice((0, 1))) for _ in range(n)]
    o = [_draw(rng, 0.05, 0.95) for _ in range(n)]
    col = lambda values: np.array([[v] for v in values])  # noqa: E731
    answer = float(bp.squared_error(col(y), col(o)))
    # A flat y of shape (n,) against a column of outputs (n, 1) broadcasts to every target minus every output.
    broadcast = float(0.5 * np.sum((np.array(y).reshape(1, -1) - col(o)) ** 2))
    terms = " + ".join(f"({shown_number(t)} − {shown_number(p)})²" for t, p in zip(y, o, strict=True))
    return _Draft(
        question=f"Targets y = {_fmt_row(y, 0)}, outputs = {_fmt_row(o)}. What is the loss ½ Σ (y − output)²?",
        answer=answer,
        inputs={"y": y, "output": o},
        working=f"½ × ({terms})",
        tolerance=0.001,
        traps=(
            Trap("no_half", 2 * answer, "that leaves out the ½."),
            Trap("divided_by_batch", answer / n, f"that divides by N = {n}: the lesson's loss is a sum, not a mean."),
            Trap("mean_no_half", 2 * answer / n, "that is the mean of the squares: the loss is half their sum."),
            Trap("root", math.sqrt(2 * answer), "that takes a square root: the loss adds the squares, with no root."),
            Trap(
                "squared_the_sum",
                0.5 * sum(t - p for t, p in zip(y, o, strict=True)) ** 2,
                "that squares the sum of the errors: square each error first, then add.",
            ),
            Trap(
                "target_broadcast",
                broadcast,
                "that sums every target against every output, what a flat y of shape (N,) minus an (N, 1) "
                "output gives.",
            ),
        ),
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
    z = w * x
    slope = o * (1 - o)
    return _Draft(
        question=(
            f"One sigmoid neuron with no bias: output o = σ(w·x), loss L = ½ (y − o)². "
            f"With x = {shown_number(x)}, w = {shown_number(w)} and y = {shown_number(y)}, what is dL/dw?"
        ),
        answer=answer,
        inputs={"x": x, "w": w, "y": y},
        working=f"z = w·x = {shown_number(z, 4)}, o = σ(z) = {shown_number(o, 4)}; "
        f"dL/dw = dL/do · do/dz · dz/dw = −(y − o) · o(1 − o) · x = "
        f"−({shown_number(y)} − {shown_number(o, 4)}) × {_factor(slope, 4)} × {_factor(x)}",
        tolerance=0.001,
        traps=(
            Trap(
                "derivative_of_pre_activation",
                -(y - o) * z * (1 - z) * x,
                "that uses z(1 − z): the sigmoid's slope is o(1 − o), from the activation.",
            ),
            Trap(
                "sigmoid_twice",
                -(y - o) * float(bp.sigmoid_derivative(bp.sigmoid(np.array(o)))) * x,
                "that applies σ again to o, which already is σ(z): the slope is o(1 − o).",
            ),
            Trap(
                "flipped_sign",
                -answer,
                "the sign is flipped: dL/do = −(y − o) = o − y. (y − o)·o(1 − o)·x is minus the gradient, the "
                "step the lesson adds.",
            ),
            Trap("no_derivative", -(y - o) * x, "that leaves out the sigmoid's slope do/dz = o(1 − o)."),
            Trap("missing_input", -(y - o) * slope, "that stops at dL/dz: the last link, dz/dw = x, is missing."),
        ),
    )


def _gradient_step(rng: random.Random, bp: Any, np: Any) -> _Draft:
    w = _draw(rng, -1.5, 1.5)
    grad = _draw(rng, -0.5, 0.5, decimals=3)
    # No rate of 1: there, leaving the learning rate out would give the right answer.
    lr = rng.choice((0.01, 0.05, 0.1, 0.5))
    params = [(np.array([[w]]), np.zeros((1, 1)))]
    grads = [(np.array([[grad]]), np.zeros((1, 1)))]
    answer = float(bp.sgd_step(params, grads, lr)[0][0][0, 0])
    return _Draft(
        question=f"A weight w = {shown_number(w)} has gradient dL/dw = {shown_number(grad)}. "
        f"With learning rate {shown_number(lr)}, what is w after one gradient-descent step?",
        answer=answer,
        inputs={"w": w, "grad": grad, "learning_rate": lr},
        working=f"w − learning_rate × dL/dw = {shown_number(w)} − {_factor(lr)} × {_factor(grad)}",
        tolerance=0.0005,
        traps=(
            Trap(
                "flipped_sign",
                float(bp.sgd_step(params, grads, -lr)[0][0][0, 0]),
                "that steps uphill: gradient descent subtracts the gradient.",
            ),
            Trap("no_learning_rate", w - grad, "that leaves out the learning rate."),
            Trap(
                "learning_rate_twice",
                float(bp.sgd_step(params, grads, lr * lr)[0][0][0, 0]),
                "that multiplies by the learning rate twice: once is enough.",
            ),
        ),
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


def too_close(draft_answer: float, traps: tuple[Trap, ...], tolerance: float) -> bool:
    """Whether a learner could pass with 0 or with a catalogued mistake (rounded to the decimals asked)."""
    margin = SEPARATION * tolerance
    return abs(draft_answer) <= margin or any(abs(trap.value - draft_answer) <= margin for trap in traps)


def generate(template: str, rng: random.Random | None = None, tolerance: float | None = None) -> NumericProblem:
    """A fresh problem from `template`; pass a seeded `random.Random` to get the same numbers again.

    Draws again while the answer is near 0 or near a trap (see the module docstring).
    """
    if template not in _TEMPLATES:
        raise KeyError(f"unknown numeric template {template!r}; expected one of {', '.join(sorted(TEMPLATE_NAMES))}")
    import numpy as np

    from backprop_study.solutions import backprop as bp

    rng = rng or random.Random()
    for _ in range(MAX_DRAWS):
        draft = _TEMPLATES[template](rng, bp, np)
        tol = draft.tolerance if tolerance is None else tolerance
        if not too_close(draft.answer, draft.traps, tol):
            break
    else:  # a template whose every draw is ambiguous at this tolerance is a bug, not a learner's problem
        raise ValueError(f"numeric template {template!r} found no unambiguous numbers at tolerance {tol}")
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
        working=_finish_working(draft.working, draft.answer, decimals),
        traps=draft.traps,
    )


def _finish_working(working: str, answer: float, decimals: int) -> str:
    """The calculation, ending with its exact value and that value to the decimals asked (the answer shown)."""
    exact, shown = shown_number(answer, 6), shown_number(answer, decimals)
    return f"{working} = {exact}" if exact == shown else f"{working} = {exact} ≈ {shown}"
