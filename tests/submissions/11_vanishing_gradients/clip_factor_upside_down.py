"""total / max_norm.

expect: fail
mistake: VANISHING:clip inverted
"""

import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))
    factor = total / max_norm if total > max_norm else 1.0
    return [(dW * factor, db * factor) for dW, db in grads], total
