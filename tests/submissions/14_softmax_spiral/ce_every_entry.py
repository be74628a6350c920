"""The log of every probability.

expect: fail
mistake: SOFTMAX:ce all_entries
"""

import numpy as np


def cross_entropy(probs, labels):
    return float(-np.sum(np.log(probs)) / len(labels))
