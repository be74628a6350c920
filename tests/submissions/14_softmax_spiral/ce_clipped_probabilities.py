"""Probabilities clipped away from 0 before the log: the same loss for any real probability.

expect: pass
"""

import numpy as np


def cross_entropy(probs, labels):
    picked = np.clip(probs[np.arange(len(labels)), labels], 1e-12, 1.0)
    return float(-np.log(picked).mean())
