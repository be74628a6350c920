"""dW *= factor: the caller's gradients change.

expect: fail
mistake: VANISHING:clip modified_input
"""

import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))
    factor = max_norm / total if total > max_norm else 1.0
    for dW, db in grads:
        dW *= factor
        db *= factor
    return grads, total
