"""X and y shuffled with two different orders.

expect: fail
mistake: OVERFITTING:split unpaired
"""

import numpy as np


def split(X, y, validation_fraction, seed):
    n = len(X)
    n_val = min(max(1, round(n * validation_fraction)), n - 1)
    rng = np.random.default_rng(seed)
    X_order, y_order = rng.permutation(n), rng.permutation(n)
    return X[X_order[n_val:]], y[y_order[n_val:]], X[X_order[:n_val]], y[y_order[:n_val]]
