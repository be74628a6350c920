"""Always rescaled to max_norm, even when already below.

expect: fail
mistake: VANISHING:clip always_rescaled
"""

import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))
    factor = max_norm / total
    return [(dW * factor, db * factor) for dW, db in grads], total
