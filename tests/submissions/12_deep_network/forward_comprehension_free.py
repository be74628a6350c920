"""The forward pass with an explicit last-layer test on the counter.

expect: pass
"""

import numpy as np


def network_forward(params, X, activation="sigmoid"):
    f, _ = ACTIVATIONS[activation]
    out = [np.asarray(X, dtype=float)]
    for i in range(len(params)):
        W, b = params[i]
        z = np.dot(out[i], W) + b
        out.append(sigmoid(z) if i + 1 == len(params) else f(z))
    return out
