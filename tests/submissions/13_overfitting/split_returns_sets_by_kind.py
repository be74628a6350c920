"""(X_train, X_val, y_train, y_val), sklearn's order.

expect: fail
says: split() returned its values in another order: (X_train, X_val, y_train, y_val)
"""

import numpy as np


def split(X, y, validation_fraction, seed):
    n = len(X)
    n_val = min(max(1, round(n * validation_fraction)), n - 1)
    order = np.random.default_rng(seed).permutation(n)
    return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]
