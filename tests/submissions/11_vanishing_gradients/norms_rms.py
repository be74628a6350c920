"""The root of the mean square.

expect: fail
mistake: VANISHING:norms mean
"""

import numpy as np


def gradient_norms(grads):
    return [float(np.sqrt(np.mean(dW**2))) for dW, _ in grads]
