"""np.split of a shuffled order.

expect: pass
"""

import numpy as np


def split(X, y, validation_fraction, seed):
    n = len(X)
    n_val = min(max(1, round(n * validation_fraction)), n - 1)
    val, train = np.split(np.random.default_rng(seed).permutation(n), [n_val])
    return X[train], y[train], X[val], y[val]
