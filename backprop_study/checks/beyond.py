"""Seeded cases and expected answers for exercises 08-14 (biases onwards).

- the 2-layer net with biases (08, 09) and deeper nets (12), sizes all different;
- the expected answers the reference (`solutions/backprop.py`) has no function for: the learning-rate
  diagnosis (10), gradient clipping and initial scales (11), early stopping (13);
- the wrong answers a catalogued mistake gives where they are whole runs (planted bug, training runs with
  a wrong step, deep variants, early-stopping variants), and the reference's own runs to compare with
  (exercise 08's training loop, exercise 14's mini-batch SGD through the very batches a learner took).
  The sentences naming each mistake are in `mistakes.py`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from backprop_study.checks import mistakes
from backprop_study.checks.core import Variant, numeric_gradient
from backprop_study.solutions import backprop as ref

Params = list[tuple[np.ndarray, np.ndarray]]


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

            result["d" + name] = numeric_gradient(loss_of, self.params[index])
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


def bias_variants(quantity: str, case: BiasCase) -> list[Variant]:
    return [m.on(case) for m in mistakes.BIASES[quantity]]  # type: ignore[arg-type]


def planted_bug_backward(
    X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Exercise 09's backward as handed out: the hidden slope is tanh's, 1 − hidden², on a sigmoid layer
    (it spoils dW1 and db1; dW2 and db2 never use delta_hidden)."""
    hidden = ref.sigmoid(X @ W1 + b1)
    output = ref.sigmoid(hidden @ W2 + b2)
    delta_output = (output - y) * _sig_deriv(output)
    delta_hidden = delta_output @ W2.T * (1.0 - hidden**2)
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


def doubled_backward(
    X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every gradient twice too large: a check must score each one ‖2g − g‖ / (‖2g‖ + ‖g‖) = 1/3."""
    dW1, db1, dW2, db2 = correct_backward(X, y, W1, b1, W2, b2)
    return 2 * dW1, 2 * db1, 2 * dW2, 2 * db2


# ------------------------------------------------------- exercise 08's training run


def bias_step(
    params: Sequence[np.ndarray], grads: Sequence[np.ndarray], learning_rate: float, how: str, n: int
) -> tuple[np.ndarray, ...]:
    """One step of gradient descent on (W1, b1, W2, b2), done right ("right") or as one of
    mistakes.BIAS_STEPS goes wrong."""
    factor = {
        "right": -learning_rate,
        "uphill": learning_rate,
        "no_learning_rate": -1.0,
        "learning_rate_twice": -(learning_rate**2),
        "divided_by_batch": -learning_rate / n,
    }.get(how, -learning_rate)
    if how == "never_updated":
        return tuple(params)
    if how == "biases_frozen":
        pairs = enumerate(zip(params, grads, strict=True))
        return tuple(p + factor * g if index % 2 == 0 else p for index, (p, g) in pairs)  # W1, W2 move; b1, b2 not
    return tuple(p + factor * g for p, g in zip(params, grads, strict=True))


@dataclass(frozen=True)
class BiasRun:
    losses: np.ndarray  # (epochs,): ½ Σ (y − output)² before each epoch's step
    params: tuple[np.ndarray, ...]  # after the last step
    losses_after: np.ndarray  # (epochs,): the loss after each epoch's step


def bias_run(
    X: np.ndarray, y: np.ndarray, params: Sequence[np.ndarray], learning_rate: float, epochs: int, how: str = "right"
) -> BiasRun:
    """Exercise 08's training loop with its step done `how` (see `bias_step`); runs that blow up do so quietly."""
    current = tuple(np.asarray(p, dtype=float) for p in params)
    losses = np.empty(epochs + 1)
    with np.errstate(all="ignore"):
        for epoch in range(epochs + 1):
            case = BiasCase(X, y, *current)
            losses[epoch] = ref.squared_error(y, case.output)
            if epoch == epochs:
                break
            g = case.grads
            current = bias_step(current, (g["dW1"], g["db1"], g["dW2"], g["db2"]), learning_rate, how, len(X))
    return BiasRun(losses[:-1], current, losses[1:])


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
    inverted = total / max_norm if total > max_norm else 1.0
    squares = total**2
    squared = max_norm / squares if squares > max_norm else 1.0
    return {
        "by_value": [(np.clip(dW, -max_norm, max_norm), np.clip(db, -max_norm, max_norm)) for dW, db in grads],
        "per_layer": per_layer,
        "biases_left_out": [(dW * factor, db * factor) for dW, db in grads],
        "always_rescaled": [(dW * max_norm / total, db * max_norm / total) for dW, db in grads],
        "inverted": [(dW * inverted, db * inverted) for dW, db in grads],
        "squared_total": [(dW * squared, db * squared) for dW, db in grads],
    }


# ------------------------------------------------------------------ 12: any depth

DEEP_SIZES = ((7, [3, 5, 4, 2]), (6, [4, 3, 5, 2, 1]), (5, [2, 6, 3]))  # (N, layer sizes): all differ


@dataclass(frozen=True)
class DeepCase:
    """Exercise 12's network on seeded inputs: hidden `activation`, `output` on top, L = ½ · mean Σ (y − a_L)²."""

    X: np.ndarray
    y: np.ndarray
    params: Params
    activation: str
    output: str = mistakes.DEEP_OUTPUT

    @property
    def N(self) -> int:
        return self.X.shape[0]

    @property
    def sizes(self) -> str:
        layers = [self.X.shape[1]] + [W.shape[1] for W, _ in self.params]
        return f"N={self.N} samples, layer sizes {layers}, {self.activation} hidden units"

    @functools.cached_property
    def activations(self) -> list[np.ndarray]:
        return ref.network_forward(self.params, self.X, self.activation, self.output)

    @functools.cached_property
    def grads(self) -> Params:
        return ref.network_gradients(self.params, self.activations, self.y, self.activation, self.output, "mse")

    def grads_with(
        self,
        output_delta: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
        slope: Callable[[int], np.ndarray] | None = None,
        divide_each_layer: bool = False,
        bias_axis: int = 0,
        weight_input_offset: int = 0,
    ) -> Params:
        """The backward loop with one piece swapped, to compute the known wrong answers."""
        acts = self.activations
        derivative = ref.ACTIVATIONS[self.activation][1]
        out = acts[-1]
        if output_delta is not None:
            delta = output_delta(out, self.y)
        else:
            delta = (out - self.y) / self.N * (out * (1 - out) if self.output == "sigmoid" else 1.0)
        grads = []
        for layer in range(len(self.params) - 1, -1, -1):
            W, _ = self.params[layer]
            grads.append((acts[layer + weight_input_offset].T @ delta, delta.sum(axis=bias_axis, keepdims=True)))
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
            return ref.network_loss(self.params, self.X, self.y, self.activation, self.output, "mse")

        return [(ref.numerical_gradient(loss, W), ref.numerical_gradient(loss, b)) for W, b in self.params]

    def forward_variants(self) -> list[tuple[str, list[np.ndarray]]]:
        """Known wrong forward passes, as lists of activations, keyed like mistakes.DEEP_FORWARD."""
        f = ref.ACTIVATIONS[self.activation][0]
        top = ref.sigmoid if self.output == "sigmoid" else (lambda z: z)
        ways: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray], bool]] = {
            "hidden_activation_on_output": (f, f, True),
            "activation_ignored": (ref.sigmoid, top, True),
            "pre_activations": (lambda z: z, top, True),
            "no_bias": (f, top, False),
        }
        if self.output == "linear":
            ways["sigmoid_on_output"] = (f, ref.sigmoid, True)
        else:
            ways["linear_output"] = (f, lambda z: z, True)
        variants = []
        for name, (hidden, last, with_bias) in ways.items():
            acts = [self.X]
            for index, (W, b) in enumerate(self.params):
                z = acts[-1] @ W + (b if with_bias else 0.0)
                acts.append(last(z) if index == len(self.params) - 1 else hidden(z))
            variants.append((name, acts))
        return variants


def deep_cases(seed: int = 120, output: str = mistakes.DEEP_OUTPUT) -> list[DeepCase]:
    cases = []
    for offset, ((n, sizes), activation) in enumerate(zip(DEEP_SIZES, ("tanh", "relu", "sigmoid"), strict=True)):
        rng = np.random.default_rng(seed + offset)
        params = [(rng.normal(size=(a, b)), rng.normal(size=(1, b)) * 0.5) for a, b in pairwise(sizes)]
        cases.append(DeepCase(rng.normal(size=(n, sizes[0])), rng.random((n, sizes[-1])), params, activation, output))
    return cases


_deep_wrong_grads: dict[int, tuple[DeepCase, list[tuple[str, str, Params | None]]]] = {}


def _guarded(compute: Callable[[DeepCase], Params], case: DeepCase) -> Params | None:
    """A wrong loop's gradients; one that cannot run on this case (its shapes clash) gives none."""
    try:
        with np.errstate(all="ignore"):
            return compute(case)
    except ValueError:
        return None


def deep_variants(case: DeepCase, layer: int, which: int) -> list[Variant]:
    """Variants of grads[layer][which] (which: 0 for dW, 1 for db); each wrong loop runs once per case."""
    cached = _deep_wrong_grads.get(id(case))
    if cached is None or cached[0] is not case:
        computed = [
            (name, message, _guarded(compute, case)) for name, message, compute in mistakes.deep_mistakes(case.output)
        ]
        cached = (case, computed)
        _deep_wrong_grads.clear()  # one case at a time: keep memory flat
        _deep_wrong_grads[id(case)] = cached
    return [Variant(name, message, grads[layer][which]) for name, message, grads in cached[1] if grads is not None]


# ------------------------------------------------------------- 14: mini-batch SGD on the spiral


@dataclass(frozen=True)
class SgdRun:
    losses_after: np.ndarray  # (epochs,): cross-entropy on all of X after each epoch
    losses_before: np.ndarray  # (epochs,): the same, before each epoch
    batch_losses: np.ndarray  # (epochs,): the cross-entropy of each epoch's last mini-batch, before its step
    params: Params


def sgd_replay(
    params: Params, X: np.ndarray, labels: np.ndarray, learning_rate: float, epochs: Sequence[Sequence[np.ndarray]]
) -> SgdRun:
    """Exercise 14's mini-batch SGD (ReLU hidden layers, softmax and cross-entropy) through exactly these
    batches, epoch by epoch: what a learner's run must give when it took them."""
    current = [(np.asarray(W, dtype=float), np.asarray(b, dtype=float)) for W, b in params]
    after, before, last = [], [], []
    with np.errstate(all="ignore"):
        for batches in epochs:
            before.append(ref.network_loss(current, X, labels, "relu", "softmax", "cross_entropy"))
            for batch in batches:
                acts = ref.network_forward(current, X[batch], "relu", "softmax")
                last_loss = ref.network_loss(current, X[batch], labels[batch], "relu", "softmax", "cross_entropy")
                grads = ref.network_gradients(current, acts, labels[batch], "relu", "softmax", "cross_entropy")
                current = ref.sgd_step(current, grads, learning_rate)
            last.append(last_loss)
            after.append(ref.network_loss(current, X, labels, "relu", "softmax", "cross_entropy"))
    return SgdRun(np.array(after), np.array(before), np.array(last), current)


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
    """What the known wrong versions of early stopping return, keyed like mistakes.OVERFITTING."""
    args = (params, train_step, validation_loss, max_epochs)
    return {
        "stop last_params": early_stopping(*args, patience, keep_last=True),
        "stop ties": early_stopping(*args, patience, ties_improve=True),
        "stop no_patience": early_stopping(*args, 1),
        "stop patience_off_by_one": early_stopping(*args, patience + 1),
        "stop never": early_stopping(*args, float("inf")),
    }
