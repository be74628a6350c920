"""A one-hot matrix built by fancy indexing, then (p - one_hot) / N.

expect: pass
"""

import numpy as np


def softmax_cross_entropy_delta(probs, labels):
    n, k = probs.shape
    one_hot = np.zeros((n, k))
    one_hot[np.arange(n), labels] = 1.0
    return (probs - one_hot) / n
