"""mean((Xw - y)²) without the ½.

expect: fail
mistake: LEARNING_RATE:loss no_half
"""

import numpy as np


def loss_and_gradient(X, y, w):
    residual = X @ w - y
    return float(np.mean(residual**2)), X.T @ residual / len(X)
