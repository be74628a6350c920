"""The gradient of the sum, not the mean.

expect: fail
mistake: LEARNING_RATE:gradient not_divided
"""

import numpy as np


def loss_and_gradient(X, y, w):
    residual = X @ w - y
    return 0.5 * float(np.mean(residual**2)), X.T @ residual
