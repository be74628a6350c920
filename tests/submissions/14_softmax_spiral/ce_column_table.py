"""probs[:, labels].

expect: fail
mistake: SOFTMAX:ce table
"""

import numpy as np


def cross_entropy(probs, labels):
    return float(-np.mean(np.log(probs[:, labels])))
