"""Dot products of the weights, not of the steps.

expect: fail
mistake: LEARNING_RATE:zigzag weights_not_steps
"""

import numpy as np


def zigzags(weights):
    return int(np.sum(np.sum(weights[1:] * weights[:-1], axis=1) < 0))
