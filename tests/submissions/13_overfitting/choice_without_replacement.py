"""rng.choice without replacement; an explicit loop for the decay.

expect: pass
"""

import numpy as np


def split(X, y, validation_fraction, seed):
    n = len(X)
    n_val = min(max(1, round(n * validation_fraction)), n - 1)
    order = np.random.default_rng(seed).choice(n, size=n, replace=False)
    val, train = order[:n_val], order[n_val:]
    return X[train], y[train], X[val], y[val]


def add_weight_decay(grads, params, weight_decay):
    decayed = []
    for (dW, db), (W, _) in zip(grads, params):
        decayed.append((dW + weight_decay * W, db.copy()))
    return decayed
