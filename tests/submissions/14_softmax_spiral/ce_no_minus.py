"""mean(log p): negative.

expect: fail
mistake: SOFTMAX:ce no_minus
"""

import numpy as np


def cross_entropy(probs, labels):
    return float(np.mean(np.log(probs[np.arange(len(labels)), labels])))
