"""one_hot - probs.

expect: fail
mistake: SOFTMAX:delta flipped_sign
"""

import numpy as np


def softmax_cross_entropy_delta(probs, labels):
    one_hot = np.zeros_like(probs)
    one_hot[np.arange(len(labels)), labels] = 1
    return (one_hot - probs) / len(labels)
