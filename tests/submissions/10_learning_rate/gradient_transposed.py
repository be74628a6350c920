"""residual.T @ X: the right numbers, as a row.

expect: fail
says: It is the right answer transposed
"""

import numpy as np


def loss_and_gradient(X, y, w):
    residual = X @ w - y
    return 0.5 * float(np.mean(residual**2)), residual.T @ X / len(X)
