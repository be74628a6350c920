"""Each layer scaled by its own norm.

expect: fail
mistake: VANISHING:clip per_layer
"""

import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))
    clipped = []
    for dW, db in grads:
        norm = np.sqrt(np.sum(dW**2) + np.sum(db**2))
        factor = max_norm / norm if norm > max_norm else 1.0
        clipped.append((dW * factor, db * factor))
    return clipped, total
