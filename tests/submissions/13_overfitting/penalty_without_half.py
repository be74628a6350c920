"""λ · Σ W².

expect: fail
mistake: OVERFITTING:penalty no_half
"""

import numpy as np


def weight_decay_penalty(params, weight_decay):
    return float(weight_decay * sum(np.sum(W**2) for W, _ in params))
