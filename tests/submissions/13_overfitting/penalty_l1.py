"""Absolute values: L1.

expect: fail
mistake: OVERFITTING:penalty absolute
"""

import numpy as np


def weight_decay_penalty(params, weight_decay):
    return float(0.5 * weight_decay * sum(np.abs(W).sum() for W, _ in params))
