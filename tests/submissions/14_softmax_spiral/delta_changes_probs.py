"""Subtracts the one-hot from the caller's probs, no copy.

expect: fail
says: softmax_cross_entropy_delta() changed its input `probs` in place
"""

import numpy as np


def softmax_cross_entropy_delta(probs, labels):
    n = len(labels)
    probs[np.arange(n), labels] -= 1
    return probs / n
