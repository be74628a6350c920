"""y[:, None] for a flat y.

expect: pass
"""

import numpy as np


def output_error(y, output):
    y = np.asarray(y, dtype=float)
    if y.ndim == 1:
        y = y[:, None]
    return y - output


def squared_error(y, output):
    e = output_error(y, output)
    return (e.T @ e).item() / 2


def loss_gradient(y, output):
    return output - np.reshape(y, output.shape)
