"""The gradient as the mean of X * residual, column by column.

expect: pass
"""

import numpy as np


def loss_and_gradient(X, y, w):
    residual = X @ w - y
    loss = 0.5 * float(np.mean(residual**2))
    return loss, np.mean(X * residual, axis=0).reshape(-1, 1)
