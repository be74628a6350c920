"""Grades exercises/13_overfitting.py: a shuffled train/validation split, the L2 penalty and its
gradient (weights only), and early stopping with patience that keeps the best weights."""

from __future__ import annotations

import itertools

import numpy as np

from backprop_study import checks
from backprop_study.checks import beyond, mistakes
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
M = mistakes.OVERFITTING


def _variant(key: str, value: object) -> checks.Variant:
    return checks.Variant(key, M[key], value)


def _rows(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows that say who they are: X[i] = (i, −i), y[i] = 10·i, so any mix-up can be traced."""
    index = np.arange(n, dtype=float)
    return np.column_stack([index, -index]), (10.0 * index).reshape(-1, 1)


SPLITS = (  # (N, validation_fraction, seed): N·f rounds down, up, to 0 (at least 1) and to N (at most N − 1)
    (20, 0.25, 0),
    (17, 0.3, 1),
    (10, 0.37, 2),  # 3.7: round gives 4, int() 3
    (20, 0.25, 3),
    (5, 0.05, 4),  # 0.25: at least one row
    (5, 0.95, 5),  # 4.75: at most N − 1 rows
)


@checks.checked
def test_split() -> None:
    split = exercise.function("split")
    validation_sets = []
    for n, fraction, seed in SPLITS:
        X, y = _rows(n)
        got = checks.call(split, X, y, fraction, seed, exercise=exercise)
        parts = checks.expect_tuple(("X_train", "y_train", "X_val", "y_val"), got, "split")
        X_train, y_train, X_val, y_val = (
            checks.as_array(name, value, "split")
            for name, value in zip(("X_train", "y_train", "X_val", "y_val"), parts, strict=True)
        )
        n_val = min(max(1, round(n * fraction)), n - 1)
        sizes = f"N={n}, validation_fraction={fraction}"
        expected_shapes = (
            np.zeros((n - n_val, 2)),
            np.zeros((n - n_val, 1)),
            np.zeros((n_val, 2)),
            np.zeros((n_val, 1)),
        )
        checks.check_order(
            ("X_train", "y_train", "X_val", "y_val"), (X_train, y_train, X_val, y_val), expected_shapes, "split"
        )
        if X_val.shape != (n_val, 2) or y_val.shape != (n_val, 1):
            checks.fail(
                f"X_val and y_val should have {n_val} rows ({sizes}); got shapes {X_val.shape} and {y_val.shape}: "
                + M["split size"]
            )
        if X_train.shape != (n - n_val, 2) or y_train.shape != (n - n_val, 1):
            checks.fail(
                f"X_train and y_train should have the other {n - n_val} rows ({sizes}); "
                f"got shapes {X_train.shape} and {y_train.shape}."
            )
        rows = np.concatenate([X_train[:, 0], X_val[:, 0]])
        if sorted(rows.tolist()) != list(range(n)):
            checks.fail(f"split ({sizes}): {M['split overlap']}")
        if not (np.array_equal(y_train[:, 0], 10 * X_train[:, 0]) and np.array_equal(y_val[:, 0], 10 * X_val[:, 0])):
            checks.fail(f"split ({sizes}): {M['split unpaired']}")
        again = checks.expect_tuple(
            ("X_train", "y_train", "X_val", "y_val"),
            checks.call(split, X, y, fraction, seed, exercise=exercise),
            "split",
        )
        if not np.array_equal(np.asarray(again[2], dtype=float), X_val):
            checks.fail(f"split ({sizes}) gave two different splits for the same seed: {M['split seed']}")
        validation_sets.append((n, seed, sorted(X_val[:, 0].tolist())))
    if all(rows in (list(range(len(rows))), list(range(n - len(rows), n))) for n, _, rows in validation_sets):
        checks.fail(f"split: {M['split not_shuffled']}")
    same_size = [rows for n, _, rows in validation_sets if n == 20]
    if len(same_size) == 2 and same_size[0] == same_size[1]:
        checks.fail(f"split gave the same validation rows for seeds 0 and 3: {M['split seed']}")


def _params(seed: int) -> beyond.Params:
    rng = np.random.default_rng(seed)
    sizes = (3, 5, 2)
    return [(rng.normal(size=(a, b)), rng.normal(size=(1, b))) for a, b in itertools.pairwise(sizes)]


@checks.checked
def test_weight_decay_penalty() -> None:
    penalty = exercise.function("weight_decay_penalty")
    for seed, weight_decay in ((130, 0.01), (131, 0.3)):
        params = _params(seed)
        got = checks.call(penalty, params, weight_decay, exercise=exercise)
        squares = sum(np.sum(W**2) for W, _ in params)
        with_biases = squares + sum(np.sum(b**2) for _, b in params)
        expected = 0.5 * weight_decay * squares
        checks.expect_number(
            f"weight_decay_penalty with λ = {weight_decay}",
            got,
            expected,
            [
                _variant("penalty no_half", weight_decay * squares),
                _variant("penalty biases", 0.5 * weight_decay * with_biases),
                _variant("penalty absolute", 0.5 * weight_decay * sum(np.sum(np.abs(W)) for W, _ in params)),
                _variant("penalty mean", 0.5 * weight_decay * sum(np.mean(W**2) for W, _ in params)),
                _variant("penalty root", 0.5 * weight_decay * np.sqrt(squares)),
            ],
        )


@checks.checked
def test_add_weight_decay() -> None:
    add_weight_decay = exercise.function("add_weight_decay")
    for seed, weight_decay in ((132, 0.05), (133, 0.2)):
        params = _params(seed)
        grads = _params(seed + 10)
        got = checks.call(add_weight_decay, grads, params, weight_decay, exercise=exercise)
        # The reference's decayed gradients minus its plain ones is exactly λW on each W and nothing on b.
        expected = [(dW + weight_decay * W, db) for (dW, db), (W, _) in zip(grads, params, strict=True)]
        if not isinstance(got, list | tuple) or len(got) != len(params):
            checks.fail(f"add_weight_decay must return one (dW, db) pair per layer ({len(params)}).")
        for layer, (pair, (eW, eb), (dW, db), (W, b)) in enumerate(zip(got, expected, grads, params, strict=True)):
            got_dW, got_db = checks.expect_tuple(("dW", "db"), pair, "add_weight_decay (each layer's pair)")
            checks.expect(
                f"dW of layer {layer + 1}",
                got_dW,
                eW,
                [
                    _variant("decay sign", dW - weight_decay * W),
                    _variant("decay doubled", dW + 2 * weight_decay * W),
                    _variant("decay replaced", weight_decay * W),
                ],
                function="add_weight_decay",
            )
            checks.expect(
                f"db of layer {layer + 1}",
                got_db,
                eb,
                [
                    _variant("decay biases", db + weight_decay * b),
                    _variant("decay biases", db - weight_decay * b),
                    _variant("decay biases", db + 2 * weight_decay * b),
                ],
                function="add_weight_decay",
            )


@checks.after(test_add_weight_decay)
def test_weight_decay_matches_the_reference() -> None:
    """The whole point: with the penalty added to the loss, add_weight_decay gives the reference's gradient."""
    add_weight_decay = exercise.function("add_weight_decay")
    rng = np.random.default_rng(134)
    params = ref.init_network([2, 4, 3], seed=134, activation="tanh")
    X, y, weight_decay = rng.normal(size=(6, 2)), rng.normal(size=(6, 3)), 0.1
    activations = ref.network_forward(params, X, "tanh", "linear")
    plain = ref.network_gradients(params, activations, y, "tanh", "linear", "mse")
    expected = ref.network_gradients(params, activations, y, "tanh", "linear", "mse", weight_decay)
    got = checks.call(add_weight_decay, plain, params, weight_decay, exercise=exercise)
    for layer, ((got_dW, got_db), (eW, eb)) in enumerate(zip(got, expected, strict=True)):
        checks.expect(f"dW of layer {layer + 1} (a tanh net)", got_dW, eW, function="add_weight_decay")
        checks.expect(f"db of layer {layer + 1} (a tanh net)", got_db, eb, function="add_weight_decay")


def _same_answer(answer: tuple, got_params: np.ndarray, got_epoch: object, got_losses: np.ndarray) -> bool:
    params, epoch, losses = answer
    return (
        np.array_equal(got_params, params)
        and got_epoch == epoch
        and got_losses.shape == (len(losses),)
        and bool(np.allclose(got_losses, losses))
    )


@checks.checked
def test_early_stopping() -> None:
    train_with_early_stopping = exercise.function("train_with_early_stopping")
    scenarios = (
        ([5.0, 4.0, 3.0, 3.5, 2.9, 3.0, 3.1, 3.2, 3.3, 3.4, 3.5], 3, 10),  # best at 4, stops after 7
        ([5.0, 4.0, 4.0, 4.0, 4.0, 4.0, 3.0], 2, 6),  # ties are not improvements: stops at 3
        ([3.0, 2.0, 1.0, 0.5], 5, 3),  # still improving at max_epochs
        ([2.0, 2.5, 2.4, 2.3, 2.2, 2.1, 1.0], 4, 6),  # the start stays best: stops after epoch 4
    )
    for values, patience, max_epochs in scenarios:
        # params are arrays holding the epoch number, so the answer shows which epoch they came from
        def train_step(params: np.ndarray) -> np.ndarray:
            return params + 1.0

        def validation_loss(params: np.ndarray, values: list[float] = values) -> float:
            return values[int(params[0])]

        start = np.zeros(1)
        got = checks.call(
            train_with_early_stopping, start, train_step, validation_loss, max_epochs, patience, exercise=exercise
        )
        best_params, best_epoch, val_losses = checks.expect_tuple(
            ("best_params", "best_epoch", "val_losses"), got, "train_with_early_stopping"
        )
        expected = beyond.early_stopping(start, train_step, validation_loss, max_epochs, patience)
        got_params = checks.as_array("best_params", best_params, "train_with_early_stopping")
        got_losses = checks.as_array("val_losses", val_losses, "train_with_early_stopping")
        if isinstance(best_epoch, bool) or not isinstance(best_epoch, int | np.integer):
            checks.fail(
                f"best_epoch should be an int, the index in val_losses of the lowest value; got {best_epoch!r} "
                f"({type(best_epoch).__name__}). {M['stop best_epoch_type']}"
            )

        def same(answer: tuple) -> bool:
            return _same_answer(answer, got_params, best_epoch, got_losses)  # noqa: B023 (used at once)

        if same(expected):
            continue
        shown = f"with validation losses {values}, patience {patience}, max_epochs {max_epochs}"
        wrong = beyond.early_stopping_variants(start, train_step, validation_loss, max_epochs, patience)
        for key, answer in wrong.items():
            if same(answer):
                checks.fail(f"train_with_early_stopping {shown}: {M[key]}")
        e_params, e_epoch, e_losses = expected
        if got_losses.shape != (len(e_losses),):
            checks.fail(
                f"train_with_early_stopping {shown}: it should train {len(e_losses) - 1} epochs "
                f"(val_losses has {len(e_losses)} values, the start included); yours has {got_losses.size}."
            )
        checks.expect(f"val_losses ({shown})", got_losses, e_losses, function="train_with_early_stopping")
        if best_epoch != e_epoch:
            checks.fail(f"best_epoch {shown}: expected {e_epoch}, got {best_epoch!r}. {M['stop best_epoch']}")
        checks.fail(
            f"best_params {shown} came from epoch {got_params.ravel()[0]:g}, not the best epoch {e_epoch}. "
            + M["stop last_params"]
        )
