"""np.log10.

expect: fail
mistake: SOFTMAX:ce other_log
"""

import numpy as np


def cross_entropy(probs, labels):
    return float(-np.mean(np.log10(probs[np.arange(len(labels)), labels])))
