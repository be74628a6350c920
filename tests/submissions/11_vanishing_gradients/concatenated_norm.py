"""One flat vector of every gradient, its norm, np.minimum for the factor.

expect: pass
"""

import numpy as np


def clip_by_global_norm(grads, max_norm):
    flat = np.concatenate([g.ravel() for pair in grads for g in pair])
    total = float(np.linalg.norm(flat))
    factor = min(1.0, max_norm / total) if total > 0 else 1.0
    return [(dW * factor, db * factor) for dW, db in grads], total


def init_scale(n_in, n_out, activation):
    fan = n_in if activation == "relu" else (n_in + n_out)
    return float((2.0 / fan) ** 0.5)
