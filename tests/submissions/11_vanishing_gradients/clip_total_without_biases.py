"""The total over the dW only.

expect: fail
mistake: VANISHING:clip biases_left_out
"""

import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(dW**2) for dW, _ in grads)))
    factor = max_norm / total if total > max_norm else 1.0
    return [(dW * factor, db * factor) for dW, db in grads], total
