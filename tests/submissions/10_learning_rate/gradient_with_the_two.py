"""The 2 from the square kept.

expect: fail
mistake: LEARNING_RATE:gradient doubled
"""

import numpy as np


def loss_and_gradient(X, y, w):
    residual = X @ w - y
    return 0.5 * float(np.mean(residual**2)), 2 * X.T @ residual / len(X)
