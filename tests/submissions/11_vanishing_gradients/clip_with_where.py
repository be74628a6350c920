"""np.where for the factor, the total from np.linalg.norm of each array.

expect: pass
"""

import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.linalg.norm(g) ** 2 for pair in grads for g in pair)))
    factor = float(np.where(total > max_norm, max_norm / total, 1.0))
    return [(dW * factor, db * factor) for dW, db in grads], total
