"""At least one validation row, but nothing keeps one for training.

expect: fail
mistake: OVERFITTING:split size
"""

import numpy as np


def split(X, y, validation_fraction, seed):
    n = len(X)
    n_val = max(1, round(n * validation_fraction))
    order = np.random.default_rng(seed).permutation(n)
    return X[order[n_val:]], y[order[n_val:]], X[order[:n_val]], y[order[:n_val]]
