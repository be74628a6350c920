"""Σ W² as a dot product of the flattened weights; the split by a shuffled copy.

expect: pass
"""

import numpy as np


def weight_decay_penalty(params, weight_decay):
    total = 0.0
    for W, _ in params:
        flat = W.ravel()
        total += float(flat @ flat)
    return weight_decay / 2 * total


def split(X, y, validation_fraction, seed):
    n = len(X)
    n_val = min(max(1, round(n * validation_fraction)), n - 1)
    order = np.arange(n)
    np.random.default_rng(seed).shuffle(order)
    return X[order[n_val:]], y[order[n_val:]], X[order[:n_val]], y[order[:n_val]]
