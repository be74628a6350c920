"""Sum of absolute values.

expect: fail
mistake: VANISHING:norms absolute
"""

import numpy as np


def gradient_norms(grads):
    return [float(np.sum(np.abs(dW))) for dW, _ in grads]
