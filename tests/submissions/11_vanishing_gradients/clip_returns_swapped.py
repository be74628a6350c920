"""(total, grads).

expect: fail
says: clip_by_global_norm() returned its values in another order: (total norm, clipped grads)
"""

import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))
    factor = max_norm / total if total > max_norm else 1.0
    return total, [(dW * factor, db * factor) for dW, db in grads]
