"""The sum over the batch.

expect: fail
mistake: SOFTMAX:ce sum
"""

import numpy as np


def cross_entropy(probs, labels):
    return float(-np.sum(np.log(probs[np.arange(len(labels)), labels])))
