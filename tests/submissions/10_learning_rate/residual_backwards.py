"""y - Xw: the gradient's sign flipped.

expect: fail
mistake: LEARNING_RATE:gradient flipped_sign
"""

import numpy as np


def loss_and_gradient(X, y, w):
    residual = y - X @ w
    return 0.5 * float(np.mean(residual**2)), X.T @ residual / len(X)
