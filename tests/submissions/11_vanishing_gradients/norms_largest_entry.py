"""np.abs(dW).max(): the largest entry.

expect: fail
mistake: VANISHING:norms max_abs
"""

import numpy as np


def gradient_norms(grads):
    return [float(np.abs(dW).max()) for dW, _ in grads]
