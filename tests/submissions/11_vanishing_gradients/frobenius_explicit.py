"""np.linalg.norm with ord="fro", and a dict of rules.

expect: pass
"""

import numpy as np


def gradient_norms(grads):
    return [float(np.linalg.norm(dW, ord="fro")) for dW, _ in grads]


def init_scale(n_in, n_out, activation):
    rules = {"relu": 2.0 / n_in, "sigmoid": 2.0 / (n_in + n_out), "tanh": 2.0 / (n_in + n_out)}
    return float(np.sqrt(rules[activation]))
