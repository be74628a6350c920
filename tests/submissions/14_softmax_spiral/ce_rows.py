"""probs[labels]: whole rows.

expect: fail
mistake: SOFTMAX:ce rows
"""

import numpy as np


def cross_entropy(probs, labels):
    return float(-np.mean(np.log(probs[labels])))
