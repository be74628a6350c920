"""np.mean of the squares.

expect: fail
mistake: OVERFITTING:penalty mean
"""

import numpy as np


def weight_decay_penalty(params, weight_decay):
    return float(0.5 * weight_decay * sum(np.mean(W**2) for W, _ in params))
