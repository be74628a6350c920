"""int(N * f): rounds down.

expect: fail
mistake: OVERFITTING:split size
"""

import numpy as np


def split(X, y, validation_fraction, seed):
    n = len(X)
    n_val = min(max(1, int(n * validation_fraction)), n - 1)
    order = np.random.default_rng(seed).permutation(n)
    return X[order[n_val:]], y[order[n_val:]], X[order[:n_val]], y[order[:n_val]]
