"""Biases penalised too.

expect: fail
mistake: OVERFITTING:penalty biases
"""

import numpy as np


def weight_decay_penalty(params, weight_decay):
    return float(0.5 * weight_decay * sum(np.sum(W**2) + np.sum(b**2) for W, b in params))
