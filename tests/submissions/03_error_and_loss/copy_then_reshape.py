"""A reshaped copy; the loss with np.dot.

expect: pass
"""

import numpy as np


def output_error(y, output):
    column = np.array(y, dtype=float).reshape(len(output), 1)
    return column - output


def squared_error(y, output):
    e = output_error(y, output).ravel()
    return 0.5 * float(np.dot(e, e))
