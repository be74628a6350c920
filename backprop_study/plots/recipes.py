"""How each experiment calls an exercise's functions.

A recipe takes a module (the learner's exercise file, or its solution for the
reference), the experiment's parameters, and `report(fraction)` for progress,
and returns plain arrays. The same recipe runs on both modules, so "your
curve" and "the reference's curve" are computed the same way and differ only
in whose functions did the maths. Learner modules run in the sandbox's child
process (`plots/sandbox.py`); solution modules run in-process.

Recipes only use the names an exercise's starting file defines; the
exercise's docstring is the contract. What the learner's functions return is
not trusted: numbers become float arrays, and the one text a recipe keeps (a
diagnosis, shown in the plot's legend) is cut short and made safe to show.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from backprop_study.store.safe_text import clip, visible

Report = Callable[[float], None]
Recipe = Callable[[ModuleType, dict[str, Any], Report], dict[str, Any]]
RECIPES: dict[str, Recipe] = {}

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)  # (4, 2)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)  # (4, 1)
CHUNKS = 50  # training loops run in about this many pieces, so progress shows and a cancel is noticed
MAX_CHUNK = 500  # epochs; a piece of the slowest loop here takes well under 0.2 s


def recipe(name: str) -> Callable[[Recipe], Recipe]:
    def register(function: Recipe) -> Recipe:
        RECIPES[name] = function
        return function

    return register


DIAGNOSIS_LIMIT = 40  # characters of a learner's diagnosis kept for the legend


def to_arrays(result: dict[str, Any]) -> dict[str, np.ndarray]:
    """Everything as an array (np.savez needs arrays; None becomes an empty one). Numbers and text
    only: an array of Python objects would need pickle to cross back to the parent, which refuses it."""
    arrays = {key: np.asarray([] if value is None else value) for key, value in result.items()}
    for key, array in arrays.items():
        if array.dtype.hasobject:
            raise TypeError(f"{key} came back as Python objects, not numbers")
    return arrays


def _diagnosis_text(value: Any) -> str:
    """The learner's diagnosis as the legend shows it: short, one line, nothing a terminal would obey."""
    return clip(visible(" ".join(str(value).split())), DIAGNOSIS_LIMIT)


def grid_points(resolution: int) -> np.ndarray:
    """(resolution², 2) points over [0, 1]², row by row from x2 = 0 upwards; the corners are exact."""
    axis = np.linspace(0.0, 1.0, resolution)
    x1, x2 = np.meshgrid(axis, axis)  # x2 varies along the rows
    return np.column_stack([x1.ravel(), x2.ravel()])


def _chunks(epochs: int) -> list[int]:
    size = min(max(1, -(-epochs // CHUNKS)), MAX_CHUNK)
    return [min(size, epochs - start) for start in range(0, epochs, size)]


# ------------------------------------------------------------------ exercise 08: XOR with biases


@recipe("xor_with_biases")
def xor_with_biases(module: ModuleType, params: dict[str, Any], report: Report) -> dict[str, Any]:
    """Train the 2-H-1 net with biases (exercise 08's `train`), then its output over [0, 1]²."""
    weights = module.init_params(int(params["seed"]), int(params["hidden"]))
    epochs = int(params["epochs"])
    losses = []
    done = 0
    for chunk in _chunks(epochs):
        weights, chunk_losses = module.train(XOR_X, XOR_Y, weights, float(params["learning_rate"]), chunk)
        losses.append(np.asarray(chunk_losses, dtype=float).reshape(-1))
        done += chunk
        report(done / max(epochs, 1))
    W1, b1, W2, b2 = weights
    resolution = int(params["resolution"])
    grid = module.forward_with_biases(grid_points(resolution), W1, b1, W2, b2)[1]
    outputs = module.forward_with_biases(XOR_X, W1, b1, W2, b2)[1]
    return {
        "losses": np.concatenate(losses) if losses else np.zeros(0),
        "grid": np.asarray(grid, dtype=float).reshape(resolution, resolution),
        "outputs": np.asarray(outputs, dtype=float).reshape(4),
    }


# ------------------------------------------------------------------ exercise 10: learning rates


@recipe("learning_rates")
def learning_rates(module: ModuleType, params: dict[str, Any], report: Report) -> dict[str, Any]:
    """Gradient descent on exercise 10's bowl at each rate: the losses, epochs to the target, and a diagnosis."""
    X, y = module.make_data()
    limit = float(module.largest_stable_rate(X))
    target = 1.01 * float(module.best_loss(X, y))
    rates = (
        [float(rate) for rate in params["rates"]]
        if params.get("rates")
        else [fraction * limit for fraction in params["fractions"]]
    )
    epochs = int(params["epochs"])
    all_losses, reached, diagnoses = [], [], []
    for index, rate in enumerate(rates):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            losses, weights = module.gradient_descent(X, y, rate, epochs)
            losses = np.asarray(losses, dtype=float).reshape(-1)
            epochs_needed = module.epochs_to_converge(losses, target)
            diagnosis = module.diagnose(losses, np.asarray(weights, dtype=float), target)
        all_losses.append(losses)
        reached.append(-1 if epochs_needed is None else int(epochs_needed))
        diagnoses.append(_diagnosis_text(diagnosis))
        report((index + 1) / len(rates))
    width = max(len(losses) for losses in all_losses)
    padded = np.full((len(rates), width), np.nan)
    for row, losses in enumerate(all_losses):
        padded[row, : len(losses)] = losses
    return {
        "rates": np.array(rates),
        "losses": padded,
        "reached": np.array(reached),
        "diagnoses": np.array(diagnoses),
        "limit": limit,
        "target": target,
    }


# ------------------------------------------------------------------ exercise 11: gradient norms per layer


@recipe("gradient_norms")
def gradient_norms(module: ModuleType, params: dict[str, Any], report: Report) -> dict[str, Any]:
    """‖dW‖ per layer at the start of training, for each (activation, scale) configuration."""
    rng = np.random.default_rng(int(params["seed"]))
    inputs, width, depth = int(params["inputs"]), int(params["width"]), int(params["depth"])
    X = rng.standard_normal((int(params["batch"]), inputs))
    y = (rng.random((int(params["batch"]), 1)) > 0.5).astype(float)
    sizes = [inputs] + [width] * (depth - 1) + [1]  # `depth` layers of weights
    norms = []
    configurations = params["configurations"]
    for index, (activation, scale) in enumerate(configurations):
        scale = "auto" if scale in (None, "auto") else float(scale)
        network = module.init_network(sizes, seed=int(params["seed"]), scale=scale, activation=activation)
        with np.errstate(over="ignore", invalid="ignore"):
            grads = module.backward(network, module.forward(network, X, activation), y, activation)
            norms.append(np.asarray(module.gradient_norms(grads), dtype=float).reshape(-1))
        report((index + 1) / len(configurations))
    padded = np.full((len(norms), max(len(n) for n in norms)), np.nan)  # a wrong length shows as NaN, and fails
    for row, layer_norms in enumerate(norms):
        padded[row, : len(layer_norms)] = layer_norms
    return {"norms": padded}


# ------------------------------------------------------------------ exercise 07: the lesson's training loop


def lesson_weights(seed: int = 42) -> tuple[np.ndarray, np.ndarray]:
    """The lesson's start: `np.random.seed(42); np.random.rand(2, 2); np.random.rand(2, 1)`."""
    rng = np.random.RandomState(seed)
    weights_input_hidden = rng.rand(2, 2)
    return weights_input_hidden, rng.rand(2, 1)


def _train_lesson(module: ModuleType, params: dict[str, Any], report: Report) -> tuple[tuple, np.ndarray]:
    """Exercise 07's `train` from the lesson's weights, in chunks (each continues from the last one's weights)."""
    weights_input_hidden, weights_hidden_output = lesson_weights(int(params.get("seed", 42)))
    epochs = int(params["epochs"])
    losses = []
    done = 0
    for chunk in _chunks(epochs):
        weights_input_hidden, weights_hidden_output, _, chunk_losses = module.train(
            XOR_X, XOR_Y, weights_input_hidden, weights_hidden_output, float(params["learning_rate"]), chunk
        )
        losses.append(np.asarray(chunk_losses, dtype=float).reshape(-1))
        done += chunk
        report(done / max(epochs, 1))
    return (weights_input_hidden, weights_hidden_output), np.concatenate(losses) if losses else np.zeros(0)


@recipe("lesson_losses")
def lesson_losses(module: ModuleType, params: dict[str, Any], report: Report) -> dict[str, Any]:
    """The loss per epoch of the lesson's run, and its final output."""
    (weights_input_hidden, weights_hidden_output), losses = _train_lesson(module, params, report)
    output = module.forward(XOR_X, weights_input_hidden, weights_hidden_output)[1]
    return {"losses": losses, "outputs": np.asarray(output, dtype=float).reshape(4)}


@recipe("xor_without_biases")
def xor_without_biases(module: ModuleType, params: dict[str, Any], report: Report) -> dict[str, Any]:
    """The lesson's net trained by exercise 07's loop, then its output over [0, 1]²."""
    (weights_input_hidden, weights_hidden_output), losses = _train_lesson(module, params, report)
    resolution = int(params["resolution"])
    grid = module.forward(grid_points(resolution), weights_input_hidden, weights_hidden_output)[1]
    outputs = module.forward(XOR_X, weights_input_hidden, weights_hidden_output)[1]
    return {
        "losses": losses,
        "grid": np.asarray(grid, dtype=float).reshape(resolution, resolution),
        "outputs": np.asarray(outputs, dtype=float).reshape(4),
    }


# ------------------------------------------------------------------ exercise 13: overfitting


@recipe("overfitting")
def overfitting(module: ModuleType, params: dict[str, Any], report: Report) -> dict[str, Any]:
    """Exercise 13's set-up: train on half of 20 noisy points, watch both losses, find the early-stopping point.

    The run goes through the learner's `train_with_early_stopping` twice: with patience as long as the run
    (so both curves cover every epoch, and its best epoch is the early-stopping point), then with the
    given patience (where it would really stop).
    """
    X, y = module.noisy_data(int(params["points"]), seed=int(params["data_seed"]))
    X_train, y_train, X_val, y_val = module.split(X, y, float(params["validation_fraction"]), seed=0)
    learning_rate, weight_decay = float(params["learning_rate"]), float(params["weight_decay"])
    epochs, hidden = int(params["epochs"]), int(params["hidden"])
    train_losses: list[float] = []
    calls = [0]

    def step(network: list) -> list:
        grads = module.add_weight_decay(module.gradients(network, X_train, y_train), network, weight_decay)
        pairs = zip(network, grads, strict=True)
        return [(W - learning_rate * dW, b - learning_rate * db) for (W, b), (dW, db) in pairs]

    def validation(network: list) -> float:
        train_losses.append(module.mse(network, X_train, y_train))
        calls[0] += 1
        if calls[0] % max(1, epochs // CHUNKS) == 0:
            report(0.9 * calls[0] / (epochs + 1))
        return module.mse(network, X_val, y_val)

    _, best_epoch, val_losses = module.train_with_early_stopping(
        module.init_params(hidden, seed=0), step, validation, epochs, epochs + 1
    )
    _, _, stopped = module.train_with_early_stopping(
        module.init_params(hidden, seed=0),
        step,
        lambda network: module.mse(network, X_val, y_val),
        epochs,
        int(params["patience"]),
    )
    report(1.0)
    return {
        "train_losses": np.asarray(train_losses, dtype=float),
        "validation_losses": np.asarray(val_losses, dtype=float),
        "best_epoch": int(best_epoch),
        "stopped_at": len(stopped) - 1,
    }
