"""np.reshape to the output's shape, np.square, and the gradient by the chain rule.

expect: pass
"""

import numpy as np


def output_error(y, output):
    return np.reshape(np.asarray(y, dtype=float), output.shape) - output


def squared_error(y, output):
    return np.sum(np.square(output_error(y, output))) / 2


def loss_gradient(y, output):
    return -1.0 * output_error(y, output)
