"""Collected while walking backwards, never reversed.

expect: fail
mistake: VANISHING:norms reversed
"""

import numpy as np


def gradient_norms(grads):
    norms = []
    for dW, _ in reversed(grads):
        norms.append(float(np.linalg.norm(dW)))
    return norms
