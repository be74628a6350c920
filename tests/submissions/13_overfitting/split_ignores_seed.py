"""np.random.default_rng() without the seed: a new split every call.

expect: fail
mistake: OVERFITTING:split seed
"""

import numpy as np


def split(X, y, validation_fraction, seed):
    n = len(X)
    n_val = min(max(1, round(n * validation_fraction)), n - 1)
    order = np.random.default_rng().permutation(n)
    return X[order[n_val:]], y[order[n_val:]], X[order[:n_val]], y[order[:n_val]]
