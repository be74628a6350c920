"""np.clip on every element.

expect: fail
mistake: VANISHING:clip by_value
"""

import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))
    return [(np.clip(dW, -max_norm, max_norm), np.clip(db, -max_norm, max_norm)) for dW, db in grads], total
