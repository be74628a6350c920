"""The sum of squares, no root.

expect: fail
mistake: VANISHING:norms squared
"""

import numpy as np


def gradient_norms(grads):
    return [float(np.sum(dW**2)) for dW, _ in grads]
