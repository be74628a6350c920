"""<= 0: a zero step counted as a reversal.

expect: fail
mistake: LEARNING_RATE:zigzag non_strict
"""

import numpy as np


def zigzags(weights):
    steps = np.diff(weights, axis=0)
    return int(np.sum(np.sum(steps[1:] * steps[:-1], axis=1) <= 0))
