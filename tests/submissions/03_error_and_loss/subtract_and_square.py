"""np.subtract, np.square, and the gradient as output minus the column of targets.

expect: pass
"""

import numpy as np


def output_error(y, output):
    return np.subtract(np.reshape(y, (-1, 1)), output)


def squared_error(y, output):
    return float(np.square(output_error(y, output)).sum() * 0.5)


def loss_gradient(y, output):
    return np.subtract(output, np.reshape(y, (-1, 1)))
