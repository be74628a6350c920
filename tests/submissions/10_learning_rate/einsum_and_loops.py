"""The loss via a dot product, the history preallocated, the rules in a table.

expect: pass
"""

import numpy as np


def loss_and_gradient(X, y, w):
    residual = X @ w - y
    n = len(y)
    return (residual.T @ residual).item() / (2 * n), np.einsum("nd,nk->dk", X, residual) / n


def epochs_to_converge(losses, target):
    hits = [t for t, loss in enumerate(losses) if np.isfinite(loss) and loss <= target]
    return hits[0] if hits else None


def zigzags(weights):
    steps = np.diff(np.asarray(weights, dtype=float), axis=0)
    return sum(1 for before, after in zip(steps, steps[1:]) if float(before @ after) < 0)


def diagnose(losses, weights, target):
    steps = len(weights) - 1
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        return "diverges"
    if 4 * zigzags(weights) >= steps:
        return "oscillates"
    return "too small" if epochs_to_converge(losses, target) is None else "good"
