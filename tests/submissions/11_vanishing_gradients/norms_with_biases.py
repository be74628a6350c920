"""dW and db measured together.

expect: fail
mistake: VANISHING:norms with_biases
"""

import numpy as np


def gradient_norms(grads):
    return [float(np.sqrt(np.sum(dW**2) + np.sum(db**2))) for dW, db in grads]
