"""Rows drawn with replacement: some twice, some never.

expect: fail
mistake: OVERFITTING:split overlap
"""

import numpy as np


def split(X, y, validation_fraction, seed):
    n = len(X)
    n_val = min(max(1, round(n * validation_fraction)), n - 1)
    order = np.random.default_rng(seed).integers(0, n, size=n)
    return X[order[n_val:]], y[order[n_val:]], X[order[:n_val]], y[order[:n_val]]
