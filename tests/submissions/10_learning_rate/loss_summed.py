"""½ Σ instead of ½ mean.

expect: fail
mistake: LEARNING_RATE:loss sum
"""

import numpy as np


def loss_and_gradient(X, y, w):
    residual = X @ w - y
    return 0.5 * float(np.sum(residual**2)), X.T @ residual / len(X)
