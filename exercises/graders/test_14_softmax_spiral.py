"""Grades exercises/14_softmax_spiral.py: a stable row-wise softmax, the cross-entropy, its gradient at the
logits, shuffled mini-batches, and a mini-batch SGD loop that learns the spiral."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from backprop_study import checks
from backprop_study.checks import beyond, mistakes, runs
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
M = mistakes.SOFTMAX
SOFTMAX_HINTS = (
    (r"overflow", M["softmax overflow"]),
    (r"invalid value", M["softmax global_max"]),
    (r"operands could not be broadcast", M["softmax keepdims"]),
)


def _variant(key: str, value: object) -> checks.Variant:
    return checks.Variant(key, M[key], value)


def _logits(n: int, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, k)) * 2.0, rng.integers(0, k, size=n)


def _cross_entropy_of_logits(z: np.ndarray, labels: np.ndarray) -> float:
    return float(-np.mean(np.log(ref.softmax(z)[np.arange(len(labels)), labels])))


@checks.checked
def test_softmax() -> None:
    softmax = exercise.function("softmax")
    for n, k, seed in ((5, 4, 140), (3, 6, 141)):
        z, _ = _logits(n, k, seed)
        got = checks.call(softmax, z, exercise=exercise, hints=SOFTMAX_HINTS)
        columns = np.exp(z) / np.exp(z).sum(axis=0, keepdims=True)
        whole = np.exp(z) / np.exp(z).sum()
        checks.expect(
            "softmax(z)",
            got,
            ref.softmax(z),
            [_variant("softmax axis0", columns), _variant("softmax whole_array", whole)],
            sizes=f"N={n} rows, K={k} classes",
        )
    huge = np.array([[1000.0, 0.0, -1000.0, 999.0], [-1000.0, -999.0, -1001.0, -1000.5]])
    got = checks.call(softmax, huge, exercise=exercise, hints=SOFTMAX_HINTS)
    checks.expect("softmax of scores near ±1000", got, ref.softmax(huge))


@checks.after(test_softmax)
def test_cross_entropy() -> None:
    cross_entropy = exercise.function("cross_entropy")
    for n, k, seed in ((6, 4, 142), (9, 3, 143)):
        z, labels = _logits(n, k, seed)
        probs = ref.softmax(z)
        expected = _cross_entropy_of_logits(z, labels)
        picked = probs[np.arange(n), labels]
        got = checks.call(cross_entropy, probs, labels, exercise=exercise)
        checks.expect_number(
            f"cross_entropy (N={n}, K={k})",
            got,
            expected,
            [
                _variant("ce sum", -np.sum(np.log(picked))),
                _variant("ce no_minus", np.mean(np.log(picked))),
                _variant("ce table", -np.mean(np.log(probs[:, labels]))),
                _variant("ce rows", -np.mean(np.log(probs[labels]))),
                _variant("ce all_entries", -np.sum(np.log(probs)) / n),
                _variant("ce every_entry_mean", -np.sum(np.log(picked)) / (n * k)),
                _variant("ce other_log", -np.mean(np.log10(picked))),
                _variant("ce other_log", -np.mean(np.log2(picked))),
            ],
        )


@checks.after(test_cross_entropy)
def test_softmax_cross_entropy_delta() -> None:
    delta = exercise.function("softmax_cross_entropy_delta")
    for n, k, seed in ((7, 3, 144), (5, 6, 145)):
        z, labels = _logits(n, k, seed)
        probs = ref.softmax(z)
        one_hot = ref.one_hot(labels, k)
        expected = (probs - one_hot) / n
        got = checks.call(delta, probs, labels, exercise=exercise, hints=(checks.MATMUL_HINT,))
        checks.expect(
            "dL/dz",
            got,
            expected,
            [
                _variant("delta no_one_hot", probs / n),
                _variant("delta not_divided", probs - one_hot),
                _variant("delta flipped_sign", -expected),
                _variant("delta minus_one_everywhere", (probs - 1.0) / n),
            ],
            accept=checks.numeric_gradient(lambda z, labels=labels: _cross_entropy_of_logits(z, labels), z),
            sizes=f"N={n} rows, K={k} classes",
            function="softmax_cross_entropy_delta",
        )


def _one_epoch(minibatches: Callable, n: int, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    return [np.asarray(batch) for batch in minibatches(n, batch_size, rng)]


@checks.checked
def test_minibatches() -> None:
    minibatches = exercise.function("minibatches")
    for n, batch_size, seed in ((23, 5, 146), (12, 4, 147), (7, 10, 148)):
        rng = np.random.default_rng(seed)
        epochs = [
            checks.call_in_place(_one_epoch, minibatches, n, batch_size, rng, exercise=exercise, name="minibatches")
            for _ in range(2)
        ]
        shown = f"minibatches({n}, batch_size={batch_size})"
        for batches in epochs:
            sizes = [b.size for b in batches]
            seen = np.concatenate(batches).astype(int) if batches else np.zeros(0, dtype=int)
            expected_sizes = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
            if len(set(seen.tolist())) < seen.size or (seen.size == n and sorted(seen.tolist()) != list(range(n))):
                checks.fail(f"{shown}: {M['batches repeats']}")
            if seen.size < n and sizes == expected_sizes[: len(sizes)]:
                checks.fail(f"{shown} gave batches of sizes {sizes}: {M['batches drop_last']}")
            if sorted(seen.tolist()) != list(range(n)) or sizes != expected_sizes:
                checks.fail(f"{shown} gave batches of sizes {sizes}, expected {expected_sizes}: {M['batches size']}")
        first, second = (np.concatenate(batches) for batches in epochs)
        if n > 5 and (np.array_equal(first, np.arange(n)) or np.array_equal(first, second)):
            checks.fail(f"{shown}: {M['batches not_shuffled']}")
        twin = checks.call_in_place(
            _one_epoch, minibatches, n, batch_size, np.random.default_rng(seed), exercise=exercise, name="minibatches"
        )
        if not np.array_equal(np.concatenate(twin), first):
            checks.fail(f"{shown}: {M['batches rng_unused']}")


def _spiral() -> tuple[np.ndarray, np.ndarray]:
    """The spiral with every row distinct (each arm starts at the origin), so a batch's rows say which they are."""
    X, labels = ref.spiral_data(50, 3, seed=149)
    return X + np.random.default_rng(152).normal(size=X.shape) * 1e-3, labels


class _Recorder:
    """Stands in for the exercise's `backward` while train_sgd runs: notes which rows each step used (from the
    activations' first array, X[batch]) and which labels came with them, then does the real backward."""

    def __init__(self, module: object, X: np.ndarray, labels: np.ndarray) -> None:
        self.module = module
        self.original = module.backward  # type: ignore[attr-defined]
        self.rows = {row.tobytes(): index for index, row in enumerate(X)}
        self.labels = labels
        self.steps: list[tuple[list[int | None], np.ndarray]] = []

    def __call__(self, params: object, activations: list[np.ndarray], labels: np.ndarray) -> object:
        batch = np.asarray(activations[0], dtype=float)
        self.steps.append(([self.rows.get(row.tobytes()) for row in batch], np.array(labels, copy=True)))
        return self.original(params, activations, labels)

    def wrong_labels(self) -> bool:
        """Whether some step's labels are not those of its rows (seen before the given backward used them)."""
        for rows, given in self.steps:
            if None in rows:
                return False
            if not np.array_equal(np.asarray(given).ravel(), self.labels[np.array(rows)]):
                return True
        return False

    def run(self, *args: object) -> object:
        self.steps = []
        self.module.backward = self  # type: ignore[attr-defined]
        try:
            return checks.call(self.module.train_sgd, *args, exercise=exercise)  # type: ignore[attr-defined]
        except pytest.fail.Exception:
            if self.wrong_labels():  # the given backward tripped over labels that do not fit the batch
                checks.fail(f"train_sgd: {M['sgd labels']}")
            raise
        finally:
            self.module.backward = self.original  # type: ignore[attr-defined]

    def epochs(self, count: int) -> list[list[np.ndarray]] | None:
        """The steps grouped by epoch, or None when they cannot be read (rows not taken from X)."""
        if not self.steps or len(self.steps) % count or any(None in rows for rows, _ in self.steps):
            return None
        per = len(self.steps) // count
        return [[np.array(rows) for rows, _ in self.steps[e * per : (e + 1) * per]] for e in range(count)]


@checks.after(test_softmax_cross_entropy_delta, test_minibatches)
def test_train_sgd_steps() -> None:
    """Which batches each step used, with which labels, a new order every epoch and the same run for the same
    seed; then the losses and the parameters against the reference's run through exactly those batches."""
    exercise.function("train_sgd")
    module = exercise.module()
    X, labels = _spiral()
    params = ref.init_network([2, 16, 3], seed=151, activation="relu")
    epochs, batch_size, rate, seed = 5, 40, 0.1, 3  # 150 points: batches of 40, 40, 40 and 30
    per_epoch = math.ceil(len(X) / batch_size)
    recorder = _Recorder(module, X, labels)
    got = recorder.run(params, X, labels, rate, epochs, batch_size, seed)
    new_params, losses = checks.expect_tuple(("params", "losses"), got, "train_sgd")
    steps = len(recorder.steps)
    if steps and steps != epochs * per_epoch:
        checks.fail(
            f"train_sgd took {steps} steps in {epochs} epochs of {len(X)} points with batch_size {batch_size}, "
            f"not {epochs * per_epoch}: {M['sgd steps']}"
        )
    batches = recorder.epochs(epochs)
    if batches is None:
        return  # backward was not called with rows of X: the learning test below judges the run
    shown = f"train_sgd ({epochs} epochs, batch_size {batch_size}, seed {seed})"
    if recorder.wrong_labels():
        checks.fail(f"{shown}: {M['sgd labels']}")
    orders = [np.concatenate(epoch) for epoch in batches]
    for epoch, order in enumerate(orders):
        if sorted(order.tolist()) != list(range(len(X))):
            checks.fail(f"{shown}, epoch {epoch}: {M['sgd coverage']}")
    if all(np.array_equal(order, orders[0]) for order in orders[1:]):
        key = "sgd not_shuffled" if np.array_equal(orders[0], np.arange(len(X))) else "sgd same_order"
        checks.fail(f"{shown}: {M[key]}")
    run = beyond.sgd_replay(params, X, labels, rate, batches)
    wrong = {
        key: beyond.sgd_replay(params, X, labels, wrong_rate, batches)
        for key, wrong_rate in (
            ("sgd uphill", -rate),
            ("sgd no_learning_rate", 1.0),
            ("sgd learning_rate_twice", rate**2),
        )
    }
    runs.check_history(
        f"losses ({epochs} epochs, learning rate {rate})",
        losses,
        run.losses_after,
        [
            _variant("sgd losses_before", run.losses_before),
            _variant("sgd batch_loss", run.batch_losses),
            *(_variant(key, r.losses_after) for key, r in wrong.items()),
        ],
        function="train_sgd",
        recorded="each loss is the cross-entropy on all of X after that epoch",
    )
    layers = [checks.expect_tuple(("W", "b"), layer, "train_sgd", part="layer pairs") for layer in new_params]
    for index, ((W, b), (eW, eb)) in enumerate(zip(layers, run.params, strict=True)):
        checks.expect(f"W of layer {index + 1} after {epochs} epochs", W, eW, function="train_sgd")
        checks.expect(f"b of layer {index + 1} after {epochs} epochs", checks.row_like(b, eb), eb, function="train_sgd")
    recorder.run(params, X, labels, rate, epochs, batch_size, seed)
    if not _same_orders(orders, recorder.epochs(epochs)):
        checks.fail(f"{shown}: {M['sgd seed']}")
    recorder.run(params, X, labels, rate, epochs, batch_size, seed + 1)
    other = recorder.epochs(epochs)
    if other is not None and _same_orders(orders, other):
        checks.fail(f"{shown} and seed {seed + 1}: {M['sgd seed_unused']}")


def _same_orders(orders: list[np.ndarray], epochs: list[list[np.ndarray]] | None) -> bool:
    if epochs is None or len(epochs) != len(orders):
        return False
    return all(np.array_equal(order, np.concatenate(epoch)) for order, epoch in zip(orders, epochs, strict=True))


@checks.after(test_train_sgd_steps)
def test_train_sgd_learns_the_spiral() -> None:
    train_sgd = exercise.function("train_sgd")
    X, labels = ref.spiral_data(50, 3, seed=149)
    epochs, batch_size, learning_rate = 50, 25, 0.5
    params = ref.init_network([2, 32, 3], seed=150, activation="relu")
    start = ref.network_loss(params, X, labels, "relu", "softmax", "cross_entropy")
    got = checks.call(train_sgd, params, X, labels, learning_rate, epochs, batch_size, 0, exercise=exercise)
    trained, losses = checks.expect_tuple(("params", "losses"), got, "train_sgd")
    losses = checks.as_array("losses", losses, "train_sgd")
    if losses.shape != (epochs,):
        checks.fail(f"train_sgd should return one loss per epoch: {epochs} values, got shape {losses.shape}.")
    if losses[-1] >= start:
        checks.fail(f"the cross-entropy went from {start:.3f} to {losses[-1]:.3f}: {M['sgd uphill']}")
    probs = ref.network_forward([tuple(layer) for layer in trained], X, "relu", "softmax")[-1]
    accuracy = float(np.mean(probs.argmax(axis=1) == labels))
    if accuracy < 0.8:
        checks.fail(
            f"after {epochs} epochs of mini-batch SGD the net classifies {accuracy:.0%} of the spiral's points "
            f"(the reference reaches over 80%); the cross-entropy went from {start:.3f} to {losses[-1]:.3f}."
        )
