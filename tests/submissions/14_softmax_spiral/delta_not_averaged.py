"""probs - one_hot, not divided.

expect: fail
mistake: SOFTMAX:delta not_divided
"""

import numpy as np


def softmax_cross_entropy_delta(probs, labels):
    delta = probs.copy()
    delta[np.arange(len(labels)), labels] -= 1
    return delta
