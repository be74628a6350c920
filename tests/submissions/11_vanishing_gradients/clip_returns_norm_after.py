"""The norm measured again after clipping.

expect: fail
mistake: VANISHING:clip total_after
"""

import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))
    factor = max_norm / total if total > max_norm else 1.0
    clipped = [(dW * factor, db * factor) for dW, db in grads]
    return clipped, float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in clipped)))
